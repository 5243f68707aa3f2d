// Removes what must never leave the service in a status answer: RPC URLs (they often embed provider
// keys) and signed transactions (a raw signed transaction is far longer than a 32-byte hash or a
// 20-byte address, so any 0x-hex run longer than 66 characters is treated as one).
const URL_PATTERN = /\b(?:https?|wss?):\/\/[^\s"'<>)]+/gi
const LONG_HEX_PATTERN = /0x[0-9a-fA-F]{67,}/g
/** Fields dropped whole: the journal's signed transaction (`raw`, src/executor/journal.ts) and RPC endpoints. */
const SECRET_FIELDS = new Set(['raw', 'rpcUrl', 'rpcUrls', 'url'])

export function redactText(text: string): string {
  return text.replace(URL_PATTERN, '[url redacted]').replace(LONG_HEX_PATTERN, '[data redacted]')
}

/** A deep copy of JSON-like data with every string redacted (bigints become decimal strings). */
export function redactSecrets(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value)
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(redactSecrets)
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) if (item !== undefined && !SECRET_FIELDS.has(key)) copy[key] = redactSecrets(item)
    return copy
  }
  return value
}
