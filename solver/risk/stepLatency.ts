// The duration of one step — from sending its transaction until its output can be spent — as a
// distribution: inclusion on the sending network, further confirmations, and for a bridge the fill.
import { BaseError } from '../errors.ts'
import type { MarketIndex } from '../market/indexMarket.ts'
import type { StepLatency } from '../model/latency.ts'
import type { Step } from '../model/plan.ts'
import { stepConfirmations } from './stepConfirmations.ts'
import { venueLatency } from './venueLatency.ts'

/**
 * The duration distribution of `step` on `index`'s market: its venue's latency at the step's input
 * size (the bridge tier covering `amountInRaw`) with the confirmations `stepConfirmations` chooses.
 * Throws UNKNOWN_VENUE for a venue the market does not list, UNKNOWN_NETWORK for its network.
 */
export function stepLatency(index: MarketIndex, step: Step): StepLatency {
  const venue = index.venues.get(step.venueId)
  if (!venue) throw new BaseError('UNKNOWN_VENUE', `Unknown venue "${step.venueId}" in step ${step.index}.`)
  return venueLatency(index, venue, { amountInRaw: step.amountInRaw, confirmations: stepConfirmations(index, step), approvals: stepApprovals(step) })
}

/** Approvals the executor sends before the step: none when the step says an allowance or permit covers it, else one. */
export function stepApprovals(step: Step): number {
  return step.approvalRequired === false ? 0 : 1
}
