// Success probability of one trade through a venue, for ranking edges and scoring steps.
import { getNetwork, type MarketIndex } from '../market/indexMarket.ts'
import type { Pool, Venue } from '../market/types.ts'
import { SWAP_ATTEMPTS, SWAP_FAILURE_AT_EMPTY, SWAP_FAILURE_PER_CONGESTION } from './parameters.ts'

/**
 * - Pool: the swap fails only when all SWAP_ATTEMPTS attempts revert, 1 − f^SWAP_ATTEMPTS with f its
 *   per-attempt revert probability (swapRevertProbability); a revert that is retried costs time, which
 *   the step's latency carries (venueLatency). Price drift past the slippage guard is not counted
 *   here; the outcome probability prices it separately.
 * - Bridge: 1 − failureProbability from the market (refund or not delivered; it covers the whole
 *   transfer, deposit included).
 * O(1). Throws UNKNOWN_NETWORK when the pool's network is missing.
 */
export function estimateVenueSuccessProbability(index: MarketIndex, venue: Venue): number {
  if (venue.kind === 'bridge') return Math.min(1, Math.max(0, 1 - venue.failureProbability))
  return 1 - swapRevertProbability(index, venue) ** SWAP_ATTEMPTS
}

/**
 * Probability that one attempt of a swap in `pool` reverts for a reason other than price drift: the
 * network's measured `swapRevertProbability` when the market has one, otherwise
 * SWAP_FAILURE_AT_EMPTY + SWAP_FAILURE_PER_CONGESTION · congestion (an assumption, see
 * parameters.ts). Throws UNKNOWN_NETWORK when the pool's network is missing.
 */
export function swapRevertProbability(index: MarketIndex, pool: Pool): number {
  const network = getNetwork(index, pool.chainId)
  if (network.swapRevertProbability !== undefined) return Math.min(1, Math.max(0, network.swapRevertProbability))
  const congestion = Math.min(1, Math.max(0, network.congestion))
  return SWAP_FAILURE_AT_EMPTY + SWAP_FAILURE_PER_CONGESTION * congestion
}
