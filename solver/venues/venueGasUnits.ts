// Gas of one trade through a venue: its fixed gas, plus, for a Uniswap V3 pool, the cost of each initialized tick
// the swap crosses (Tick.cross writes storage; measured on the devnet, see src/devnet/deployUniswapV3.ts).
import type { Venue } from '../market/types.ts'
import type { QuoteVenueReturnType } from './quoteVenue.ts'

/** Gas units of the trade `quote` describes through `venue`. */
export function venueGasUnits(venue: Venue, quote: Pick<QuoteVenueReturnType, 'ticksCrossed'>): number {
  return venue.kind === 'concentratedLiquidity' ? venue.gasUnits + (quote.ticksCrossed ?? 0) * venue.gasPerTickCrossed : venue.gasUnits
}
