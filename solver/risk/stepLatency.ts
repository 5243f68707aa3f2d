// The duration of one step — from sending its transaction until its output can be spent — as a
// distribution: inclusion on the sending network, further confirmations, and for a bridge the fill.
import { BaseError } from '../errors.ts'
import type { MarketIndex } from '../market/indexMarket.ts'
import type { Step } from '../plan/types.ts'
import { stepConfirmations } from './stepConfirmations.ts'
import { venueLatency } from './venueLatency.ts'

/**
 * A step's duration D = Y + c + L, three independent parts (seconds):
 * - Y, inclusion: the wait for the next block, uniform on [0, blockSeconds), plus G·blockSeconds
 *   where G is the number of blocks that pass the transaction over, geometric with
 *   P(G = g) = (1 − p)^g·p, p = `inclusionProbability`. A swap with `attempts` is sent again when it
 *   reverts, so its Y is the sum of N independent inclusions, N the attempt that lands (given that
 *   one does: P(N = n) ∝ f^(n−1)·(1 − f), n ≤ `attempts.max`, f = `attempts.revertProbability`);
 * - c = `confirmationSeconds`, the (confirmations − 1) further blocks waited after inclusion;
 * - L, the bridge fill after the deposit is included, log-normal: ln L ~ N(`fill.mu`, `fill.sigma`²);
 *   absent for swaps.
 * Functions over it live in `latencyDistribution.ts`.
 */
export interface StepLatency {
  readonly blockSeconds: number
  readonly inclusionProbability: number
  readonly confirmationSeconds: number
  readonly fill: { readonly mu: number; readonly sigma: number } | undefined
  /** Swaps: each attempt reverts with `revertProbability` and is sent again, up to `max` attempts. */
  readonly attempts: StepAttempts | undefined
}

export interface StepAttempts {
  readonly revertProbability: number
  readonly max: number
}

/**
 * The duration distribution of `step` on `index`'s market: its venue's latency at the step's input
 * size (the bridge tier covering `amountInRaw`) with the confirmations `stepConfirmations` chooses.
 * Throws UNKNOWN_VENUE for a venue the market does not list, UNKNOWN_NETWORK for its network.
 */
export function stepLatency(index: MarketIndex, step: Step): StepLatency {
  const venue = index.venues.get(step.venueId)
  if (!venue) throw new BaseError('UNKNOWN_VENUE', `Unknown venue "${step.venueId}" in step ${step.index}.`)
  return venueLatency(index, venue, { amountInRaw: step.amountInRaw, confirmations: stepConfirmations(index, step) })
}
