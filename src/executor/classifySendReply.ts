// What a node's reply to eth_sendRawTransaction means for the sender, across the wordings of geth
// (core/txpool/errors.go, legacypool), reth and anvil: the transaction is already in the pool, its
// nonce is used, another transaction holds its nonce in the pool, its fee cap is below the base fee,
// a transport failure (the node may or may not have it), or a rejection to report.
import { isTransportError } from './withRetry.ts'

export type SendReply = 'accepted' | 'already-known' | 'nonce-too-low' | 'replacement-underpriced' | 'fee-too-low' | 'transport' | 'rejected'

const PATTERNS: ReadonlyArray<readonly [Exclude<SendReply, 'accepted' | 'transport' | 'rejected'>, RegExp]> = [
  ['already-known', /already known|already imported|known transaction|transaction already exists/i],
  ['nonce-too-low', /nonce too low|nonce.{0,20}(lower|less) than|invalid nonce|NonceTooLow/i],
  ['replacement-underpriced', /replacement transaction underpriced|replacement.{0,20}underpriced|ReplacementUnderpriced/i],
  ['fee-too-low', /max fee per gas less than block base fee|fee cap less than block base fee|transaction underpriced|FeeCapTooLow|gas price too low/i],
]

/** Classifies a thrown send error (undefined: the send succeeded). */
export function classifySendReply(error: unknown): SendReply {
  if (error === undefined) return 'accepted'
  if (isTransportError(error)) return 'transport'
  const text = describeChain(error)
  for (const [reply, pattern] of PATTERNS) if (pattern.test(text)) return reply
  return 'rejected'
}

/** Every message and `details` along the cause chain: viem keeps the node's own words in `details`. */
function describeChain(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    const { message, details, cause } = current as { message?: unknown; details?: unknown; cause?: unknown }
    if (typeof message === 'string') parts.push(message)
    if (typeof details === 'string') parts.push(details)
    current = cause
  }
  return parts.join('\n')
}
