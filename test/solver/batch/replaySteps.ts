// Test helper, independent of solver/batch: executes plans' exact steps one after another with the
// venues' contract math (quoteVenue) on a market whose venue states carry over, checking that every
// step spends only what its plan holds and that no bridge delivers beyond its remaining liquidity.
import { assetKeyOf } from '../../../solver/market/assetKey.ts'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import type { Market, Venue } from '../../../solver/market/types.ts'
import type { Plan } from '../../../solver/model/plan.ts'
import { applyVenueTrade } from '../../../solver/venues/applyVenueTrade.ts'
import { quoteVenue } from '../../../solver/venues/quoteVenue.ts'

export interface ReplayedPlan {
  /** What the plan's steps, executed as written, deliver at the sink. */
  readonly deliveredRaw: bigint
  /** True when every step got exactly the output the plan states. */
  readonly matchesPlan: boolean
  /** False when a step spent more than the plan held, or a bridge was over its liquidity. */
  readonly feasible: boolean
}

/** Replays `plans` in order; each plan starts holding its own `amountInRaw` of its input token. */
export function replayPlansInSequence(market: Market, plans: readonly Plan[]): ReplayedPlan[] {
  const index = indexMarket(market)
  const state = new Map<string, Venue>()
  return plans.map((plan) => {
    const holdings = new Map<string, bigint>([[assetKeyOf(plan.intent.from), plan.amountInRaw]])
    let matchesPlan = true
    let feasible = true
    for (const step of plan.steps) {
      const venue = state.get(step.venueId) ?? (index.venues.get(step.venueId) as Venue)
      const held = holdings.get(step.tokenIn) ?? 0n
      if (step.amountInRaw > held) feasible = false
      const out = quoteVenue(index, venue, step.tokenIn, step.tokenOut, step.amountInRaw).amountOutRaw
      if (venue.kind === 'bridge' && out > venue.liquidityCapRaw) feasible = false
      if (out !== step.amountOutRaw) matchesPlan = false
      holdings.set(step.tokenIn, held - step.amountInRaw)
      holdings.set(step.tokenOut, (holdings.get(step.tokenOut) ?? 0n) + out)
      state.set(step.venueId, applyVenueTrade(venue, step.tokenIn, step.tokenOut, step.amountInRaw, out))
    }
    return { deliveredRaw: holdings.get(assetKeyOf(plan.intent.to)) ?? 0n, matchesPlan, feasible }
  })
}
