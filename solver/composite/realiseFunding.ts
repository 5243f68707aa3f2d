// Turns a funding allocation (how much of each goal's need each source delivers) into legs: a source
// already holding the needed asset funds its share in place; any other source gets a funding leg
// (planFundingLeg). Legs are planned one after another on a market copy that carries the trades of
// the legs before, so legs sharing a venue see the state the earlier ones leave (as solver/batch
// realises in sequence).
import type { AssetRef, Market, Venue } from '../market/types.ts'
import type { Plan } from '../model/plan.ts'
import { applyVenueTrade } from '../venues/applyVenueTrade.ts'
import { sameAsset } from './describeComposite.ts'
import type { PlanFundingLegParameters, PlanFundingLegReturnType } from './planFundingLeg.ts'
import type { CompositeLeg, CompositeSource } from './types.ts'

/** A need for `amountRaw` of `asset`, for a goal. */
export interface FundingDemand {
  readonly goalId: string
  readonly asset: AssetRef
  readonly amountRaw: bigint
}

/** `[demand][source]`: raw units of the demand's asset that the source delivers (0: none). */
export type FundingAllocation = readonly (readonly bigint[])[]

export interface RealiseFundingParameters {
  readonly market: Market
  readonly sources: readonly CompositeSource[]
  readonly demands: readonly FundingDemand[]
  readonly allocation: FundingAllocation
  /** Plans one leg; `planFundingLeg`, or a cache of it during the allocation search. */
  readonly planLeg: (parameters: Pick<PlanFundingLegParameters, 'market' | 'from' | 'to' | 'targetRaw' | 'maxAmountInRaw'> & { sourceIndex: number }) => PlanFundingLegReturnType
  /** Whether each leg is planned on the market its predecessors leave (true) or on `market` as given. */
  readonly sequential: boolean
}

export type RealiseFundingReturnType =
  | {
      readonly ok: true
      readonly legs: readonly CompositeLeg[]
      /** Goal id → amount of a source already where the goal needs it. */
      readonly directFunding: ReadonlyMap<string, bigint>
      /** Raw amount spent of each source, in source order. */
      readonly spent: readonly bigint[]
      /** The market after every leg's trades. */
      readonly market: Market
    }
  | { readonly ok: false; readonly goalId: string; readonly sourceIndex: number; readonly reason: string }

/** The market after a plan's trades (pool reserves moved, bridge liquidity used). */
export function applyPlanToMarket(market: Market, plan: Plan): Market {
  const venues = new Map<string, Venue>(market.venues.map((venue) => [venue.id, venue]))
  for (const step of plan.steps) {
    const venue = venues.get(step.venueId)
    if (venue) venues.set(step.venueId, applyVenueTrade(venue, step.tokenIn, step.tokenOut, step.amountInRaw, step.amountOutRaw))
  }
  return { ...market, venues: market.venues.map((venue) => venues.get(venue.id) as Venue) }
}

export function realiseFunding(parameters: RealiseFundingParameters): RealiseFundingReturnType {
  const { market, sources, demands, allocation, planLeg, sequential } = parameters
  const remaining = sources.map((source) => source.maxAmountRaw)
  const spent = sources.map(() => 0n)
  const legs: CompositeLeg[] = []
  const directFunding = new Map<string, bigint>()
  let working = market
  for (const [d, demand] of demands.entries()) {
    for (const [s, source] of sources.entries()) {
      const share = allocation[d]?.[s] ?? 0n
      if (share <= 0n) continue
      let used: bigint
      if (sameAsset(source.asset, demand.asset)) {
        used = share
        directFunding.set(demand.goalId, (directFunding.get(demand.goalId) ?? 0n) + share)
      } else {
        const leg = planLeg({ market: sequential ? working : market, from: source.asset, to: demand.asset, targetRaw: share, maxAmountInRaw: remaining[s]!, sourceIndex: s })
        if (!leg.ok) return { ok: false, goalId: demand.goalId, sourceIndex: s, reason: leg.reason }
        used = leg.plan.amountInRaw
        legs.push({ id: `leg-${legs.length}`, purpose: 'fund', goalId: demand.goalId, from: source.asset, to: demand.asset, plan: leg.plan })
        if (sequential) working = applyPlanToMarket(working, leg.plan)
      }
      if (used > remaining[s]!) return { ok: false, goalId: demand.goalId, sourceIndex: s, reason: `source ${s} has ${remaining[s]} left, the share needs ${used}` }
      remaining[s]! -= used
      spent[s]! += used
    }
  }
  return { ok: true, legs, directFunding, spent, market: working }
}
