// How many confirmations a step waits before the next step spends its output.
import { BaseError } from '../errors.ts'
import type { MarketIndex } from '../market/indexMarket.ts'
import type { Step } from '../model/plan.ts'

/**
 * Confirmations (counting the inclusion block) before a step's output is spent:
 * - swap: 1. A swap's output is spent by the next transaction on the same network from the same
 *   account with a higher nonce, which cannot be included without the swap, so a reorg that drops
 *   the swap drops its dependant too; nothing can be spent that was never received. When that next
 *   transaction is a bridge deposit, the bridge's own confirmations protect the cross-chain hop.
 * - bridge: the bridge's `confirmations` as the market states them, the origin confirmations its relayers wait for before
 *   filling (e.g. Across relayer `MIN_DEPOSIT_CONFIRMATIONS`, the sources cited in fixtures/markets/README.md).
 *   The wait is already inside the bridge's measured deposit-to-fill latency, so it adds no time here.
 * Throws UNKNOWN_VENUE for a venue the market does not list.
 */
export function stepConfirmations(index: MarketIndex, step: Step): number {
  const venue = index.venues.get(step.venueId)
  if (!venue) throw new BaseError('UNKNOWN_VENUE', `Unknown venue "${step.venueId}" in step ${step.index}.`)
  return venue.kind === 'bridge' ? venue.confirmations : 1
}
