// The executor's signer, from a key the operator provides: a raw private key in the environment
// (ACCORD_EXECUTOR_KEY) or an encrypted keystore file (Web3 Secret Storage v3, the format geth,
// Foundry's `cast wallet` and MetaMask export; scrypt or PBKDF2-HMAC-SHA256, AES-128-CTR, the MAC
// keccak256(derivedKey[16..32] ‖ ciphertext) — https://ethereum.org/developers/docs/data-structures-and-encoding/web3-secret-storage/).
// And the rule that the well-known test mnemonic the devnet uses signs only on devnet chains.
import { createDecipheriv, pbkdf2Sync, timingSafeEqual } from 'node:crypto'
import { scrypt } from '@noble/hashes/scrypt'
import { readFile } from 'node:fs/promises'
import { keccak256, type Hex, type LocalAccount } from 'viem'
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts'
import { BaseError } from '../../solver/errors.ts'
import type { ExecutionTargets } from './chainEnvironment.ts'

/** The environment variable holding the operator's private key (0x + 64 hex digits). */
export const EXECUTOR_KEY_ENV = 'ACCORD_EXECUTOR_KEY'
/** The environment variable holding the keystore file's password. */
export const KEYSTORE_PASSWORD_ENV = 'ACCORD_KEYSTORE_PASSWORD'

interface KeystoreV3 {
  readonly version: number
  readonly crypto?: KeystoreCrypto
  readonly Crypto?: KeystoreCrypto
}
interface KeystoreCrypto {
  readonly cipher: string
  readonly cipherparams: { readonly iv: string }
  readonly ciphertext: string
  readonly kdf: 'scrypt' | 'pbkdf2'
  readonly kdfparams: { readonly dklen: number; readonly salt: string; readonly n?: number; readonly r?: number; readonly p?: number; readonly c?: number; readonly prf?: string }
  readonly mac: string
}

/** Decrypts a Web3 Secret Storage v3 keystore; throws INVALID_ARGUMENT on a wrong password or an unsupported file. */
export function decryptKeystore(json: string, password: string): Hex {
  let keystore: KeystoreV3
  try {
    keystore = JSON.parse(json) as KeystoreV3
  } catch (error) {
    throw new BaseError('INVALID_ARGUMENT', 'The keystore file is not JSON.', { field: '--keystore', cause: error })
  }
  const crypto = keystore.crypto ?? keystore.Crypto
  if (keystore.version !== 3 || !crypto || crypto.cipher !== 'aes-128-ctr')
    throw new BaseError('INVALID_ARGUMENT', 'Only version-3 keystores with aes-128-ctr are supported.', { field: '--keystore' })
  const { kdfparams } = crypto
  const salt = Buffer.from(kdfparams.salt, 'hex')
  let derived: Buffer
  if (crypto.kdf === 'scrypt') {
    const N = kdfparams.n ?? 0
    const r = kdfparams.r ?? 8
    const p = kdfparams.p ?? 1
    // @noble/hashes, not node:crypto: OpenSSL refuses N ≥ 2^(16·r), and keystores use r = 1 with N = 2^18.
    derived = Buffer.from(scrypt(Buffer.from(password, 'utf8'), salt, { N, r, p, dkLen: kdfparams.dklen, maxmem: 2 ** 30 }))
  } else if (crypto.kdf === 'pbkdf2' && kdfparams.prf === 'hmac-sha256') derived = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, kdfparams.c ?? 0, kdfparams.dklen, 'sha256')
  else throw new BaseError('INVALID_ARGUMENT', `Unsupported keystore key derivation ${crypto.kdf}.`, { field: '--keystore' })
  const ciphertext = Buffer.from(crypto.ciphertext, 'hex')
  const mac = Buffer.from(keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])).slice(2), 'hex')
  const expected = Buffer.from(crypto.mac, 'hex')
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw new BaseError('INVALID_ARGUMENT', 'Wrong keystore password (MAC mismatch).', { field: KEYSTORE_PASSWORD_ENV })
  const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), Buffer.from(crypto.cipherparams.iv, 'hex'))
  return `0x${Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('hex')}` as Hex
}

export interface LoadOperatorAccountParameters {
  /** Defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** An encrypted keystore file; its password comes from ACCORD_KEYSTORE_PASSWORD. */
  readonly keystorePath?: string
}

/**
 * The operator's account: from `keystorePath` (password in ACCORD_KEYSTORE_PASSWORD) or
 * ACCORD_EXECUTOR_KEY; undefined when neither is given. Throws INVALID_ARGUMENT for a malformed key
 * or a wrong password.
 */
export async function loadOperatorAccount(parameters: LoadOperatorAccountParameters = {}): Promise<LocalAccount | undefined> {
  const env = parameters.env ?? process.env
  if (parameters.keystorePath !== undefined) {
    const password = env[KEYSTORE_PASSWORD_ENV]
    if (password === undefined) throw new BaseError('INVALID_ARGUMENT', `Set ${KEYSTORE_PASSWORD_ENV} to the keystore's password.`, { field: KEYSTORE_PASSWORD_ENV })
    const json = await readFile(parameters.keystorePath, 'utf8').catch((error: unknown) => {
      throw new BaseError('INVALID_ARGUMENT', `Cannot read the keystore file ${parameters.keystorePath}.`, { field: '--keystore', cause: error })
    })
    return privateKeyToAccount(decryptKeystore(json, password))
  }
  const key = env[EXECUTOR_KEY_ENV]
  if (key === undefined || key === '') return undefined
  if (!/^0x[0-9a-fA-F]{64}$/.test(key.trim())) throw new BaseError('INVALID_ARGUMENT', `${EXECUTOR_KEY_ENV} must be 0x followed by 64 hex digits.`, { field: EXECUTOR_KEY_ENV })
  return privateKeyToAccount(key.trim() as Hex)
}

/** The public test mnemonic of anvil and Hardhat: its keys are known to everyone. */
const TEST_MNEMONIC = 'test test test test test test test test test test test junk'
let testAddresses: Set<string> | undefined

/** True for the first 20 accounts of the public test mnemonic (the devnet's). */
export function isWellKnownTestAccount(address: string): boolean {
  testAddresses ??= new Set(Array.from({ length: 20 }, (_, i) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i }).address.toLowerCase()))
  return testAddresses.has(address.toLowerCase())
}

/** Throws INVALID_ARGUMENT when a well-known test key would sign on a chain not marked `devnet`. */
export function assertSignerAllowed(account: Pick<LocalAccount, 'address'>, targets: ExecutionTargets): void {
  const live = [...targets.chains.values()].filter((chain) => !chain.devnet)
  if (live.length > 0 && isWellKnownTestAccount(account.address))
    throw new BaseError(
      'INVALID_ARGUMENT',
      `${account.address} is a well-known test key (the devnet mnemonic) and may not sign on ${live.map((chain) => chain.name).join(', ')}; give the operator's key in ${EXECUTOR_KEY_ENV} or a keystore.`,
      { field: 'account' },
    )
}
