// Probability that one step does what it was sent to do.
import { BaseError } from '../errors.ts'
import type { MarketIndex } from '../market/indexMarket.ts'
import type { Step } from '../model/plan.ts'
import { estimateVenueSuccessProbability } from './estimateVenueSuccessProbability.ts'

/**
 * P(step succeeds), failures of different steps independent: a swap lands without reverting for a
 * reason other than price drift, a bridge delivers (see estimateVenueSuccessProbability).
 * Throws UNKNOWN_VENUE for a venue the market does not list.
 */
export function stepSuccessProbability(index: MarketIndex, step: Step): number {
  const venue = index.venues.get(step.venueId)
  if (!venue) throw new BaseError('UNKNOWN_VENUE', `Unknown venue "${step.venueId}" in step ${step.index}.`)
  return estimateVenueSuccessProbability(index, venue)
}
