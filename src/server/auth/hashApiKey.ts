// Hashing of API keys: the service stores and compares SHA-256 digests only. Keys are 32 random bytes
// (256 bits), so a fast unsalted hash is enough — the same choice as GitHub's token storage — and a
// leaked key file does not reveal usable keys.
import { createHash, randomBytes } from 'node:crypto'

export const API_KEY_PREFIX = 'acc_'

/** `sha256:` + the hex digest of the key's UTF-8 text. */
export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`
}

/** A new key: `acc_` + 32 random bytes in base64url (43 characters). */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`
}
