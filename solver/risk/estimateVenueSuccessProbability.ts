// Success probability of one trade through a venue, for ranking edges and scoring steps.
import { getNetwork, type MarketIndex } from '../market/indexMarket.ts'
import type { Venue } from '../market/types.ts'
import { SWAP_FAILURE_AT_EMPTY, SWAP_FAILURE_PER_CONGESTION } from './parameters.ts'

/**
 * - Pool: 1 − (SWAP_FAILURE_AT_EMPTY + SWAP_FAILURE_PER_CONGESTION · congestion) of its network
 *   (an assumption, see parameters.ts). Price drift past the slippage guard is not counted here;
 *   the outcome probability prices it separately.
 * - Bridge: 1 − failureProbability from the market (refund or not delivered; it covers the whole
 *   transfer, deposit included).
 * O(1). Throws UNKNOWN_NETWORK when the pool's network is missing.
 */
export function estimateVenueSuccessProbability(index: MarketIndex, venue: Venue): number {
  if (venue.kind === 'bridge') return Math.min(1, Math.max(0, 1 - venue.failureProbability))
  const congestion = Math.min(1, Math.max(0, getNetwork(index, venue.chainId).congestion))
  return 1 - (SWAP_FAILURE_AT_EMPTY + SWAP_FAILURE_PER_CONGESTION * congestion)
}
