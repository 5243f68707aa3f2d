// Expected duration of one trade through a venue, for ranking edges.
import type { MarketIndex } from '../market/indexMarket.ts'
import type { Venue } from '../market/types.ts'
import { latencyMeanSeconds } from './latencyDistribution.ts'
import { venueLatency } from './venueLatency.ts'

/**
 * E[duration] in seconds of a trade through `venue`: inclusion on its network
 * (b·(1/2 + (1 − p)/p)) plus, for a bridge, the mean e^(μ+σ²/2) of the log-normal fill time of the
 * tier covering `amountInRaw` (the first tier without an amount). Swaps count one confirmation.
 * O(number of tiers). Throws UNKNOWN_NETWORK when the venue's network is missing.
 */
export function estimateVenueLatencySeconds(index: MarketIndex, venue: Venue, amountInRaw?: bigint): number {
  return latencyMeanSeconds(venueLatency(index, venue, amountInRaw === undefined ? {} : { amountInRaw }))
}
