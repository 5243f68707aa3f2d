// The rest of a leg re-evaluated on a freshly read market, from what the leg really holds: the exact
// output of every step not yet started (each venue quoted with its contract's math on the new
// state, in execution order), whether any step would breach its guard, and the outcome
// probability of the remainder. Pure: the executor's triggers are decided from this.
import { indexMarket } from '../../solver/market/indexMarket.ts'
import type { AssetKey, Market, Venue } from '../../solver/market/types.ts'
import type { OutcomeProbability, Step } from '../../solver/model/plan.ts'
import { estimateOutcomeProbability } from '../../solver/risk/estimateOutcomeProbability.ts'
import { applyVenueTrade } from '../../solver/venues/applyVenueTrade.ts'
import { quoteVenue } from '../../solver/venues/quoteVenue.ts'
import type { LegState } from './foldJournal.ts'
import { allocateStepInput, stepGuardRaw } from './stepAmounts.ts'

export interface EvaluateRemainingLegParameters {
  readonly market: Market
  readonly leg: LegState
  /** The execution's target asset. */
  readonly target: AssetKey
  /** Seconds left until the intent's deadline; undefined without one (or once it has passed). */
  readonly deadlineSeconds: number | undefined
}

export interface RemainingStepPrediction {
  readonly stepIndex: number
  readonly amountInRaw: bigint
  /** Exact output at the market read (bridges: the amount the deposit asks for). */
  readonly amountOutRaw: bigint
  readonly feeRaw: bigint
  /** The step's guard for this input (stepGuardRaw). */
  readonly guardRaw: bigint
}

export interface RemainingLegBreach {
  readonly stepIndex: number
  readonly predictedRaw: bigint
  readonly guardRaw: bigint
  readonly reason: string
}

export interface EvaluateRemainingLegReturnType {
  /** Steps not yet started, in execution order. */
  readonly steps: readonly RemainingStepPrediction[]
  /** What the leg already holds of the target. */
  readonly deliveredRaw: bigint
  /** What the leg is predicted to deliver on top (pending steps and deposits in flight). */
  readonly expectedAmountOutRaw: bigint
  /** The first problem found: a step below its guard, a bridge short of liquidity, a venue gone, the leg below its minimum. */
  readonly breach?: RemainingLegBreach
  /** Outcome probability of the remaining steps (absent when none remain). */
  readonly probability?: OutcomeProbability
}

/**
 * Re-evaluates `leg` on `market`. Inputs follow allocateStepInput from the leg's holdings; deposits
 * in flight count with the exact amount they asked for. The probability comes from
 * estimateOutcomeProbability over the remaining steps (their predicted amounts, dependencies among
 * themselves) with the leg's minimum less what it has already delivered, and the deadline left.
 */
export function evaluateRemainingLeg(parameters: EvaluateRemainingLegParameters): EvaluateRemainingLegReturnType {
  const { market, leg, target, deadlineSeconds } = parameters
  const index = indexMarket(market)
  const holdings = new Map(leg.holdings)
  const credit = (asset: AssetKey, amount: bigint) => holdings.set(asset, (holdings.get(asset) ?? 0n) + amount)
  let inFlightToTarget = 0n
  for (const state of leg.steps)
    if (state.status === 'deposited' && state.minAmountOutRaw !== undefined) {
      credit(state.step.tokenOut, state.minAmountOutRaw)
      if (state.step.tokenOut === target) inFlightToTarget += state.minAmountOutRaw
    }
  const deliveredRaw = leg.holdings.get(target) ?? 0n

  const pending = leg.steps.filter((state) => state.status === 'pending').sort((a, b) => a.step.index - b.step.index)
  const notStarted = new Set(pending.map((state) => state.step.index))
  const venues = new Map<string, Venue>()
  const predictions: RemainingStepPrediction[] = []
  const predictedSteps: Step[] = []
  let breach: RemainingLegBreach | undefined
  let pendingToTarget = 0n

  for (const { step } of pending) {
    const held = holdings.get(step.tokenIn) ?? 0n
    const amountInRaw = allocateStepInput(leg.plan, step.index, held, notStarted)
    notStarted.delete(step.index)
    credit(step.tokenIn, -amountInRaw)
    const guardRaw = stepGuardRaw(leg.plan, step.index, amountInRaw, target)
    const venue = venues.get(step.venueId) ?? index.venues.get(step.venueId)
    if (!venue) {
      breach ??= { stepIndex: step.index, predictedRaw: 0n, guardRaw, reason: `venue ${step.venueId} is no longer in the market` }
      predictions.push({ stepIndex: step.index, amountInRaw, amountOutRaw: 0n, feeRaw: 0n, guardRaw })
      continue
    }
    const quote = quoteVenue(index, venue, step.tokenIn, step.tokenOut, amountInRaw)
    venues.set(step.venueId, applyVenueTrade(venue, step.tokenIn, step.tokenOut, amountInRaw, quote.amountOutRaw))
    credit(step.tokenOut, quote.amountOutRaw)
    if (step.tokenOut === target) pendingToTarget += quote.amountOutRaw
    predictions.push({ stepIndex: step.index, amountInRaw, amountOutRaw: quote.amountOutRaw, feeRaw: quote.feeRaw, guardRaw })
    predictedSteps.push({ ...step, amountInRaw, amountOutRaw: quote.amountOutRaw, feeRaw: quote.feeRaw, dependsOn: step.dependsOn.filter((d) => notStartedOrPending(pending, d)) })
    if (quote.exceedsCapacity)
      breach ??= { stepIndex: step.index, predictedRaw: quote.amountOutRaw, guardRaw, reason: `bridge ${step.venueId} lacks liquidity for ${quote.amountOutRaw}` }
    else if (quote.amountOutRaw < guardRaw)
      breach ??= { stepIndex: step.index, predictedRaw: quote.amountOutRaw, guardRaw, reason: `step ${step.index} (${step.venueId}) would deliver ${quote.amountOutRaw} < its minimum ${guardRaw}` }
  }

  const expectedAmountOutRaw = inFlightToTarget + pendingToTarget
  if (!breach && deliveredRaw + expectedAmountOutRaw < leg.minAmountOutRaw) {
    const last = predictions.at(-1)
    breach = {
      stepIndex: last?.stepIndex ?? -1,
      predictedRaw: deliveredRaw + expectedAmountOutRaw,
      guardRaw: leg.minAmountOutRaw,
      reason: `the leg would deliver ${deliveredRaw + expectedAmountOutRaw} < its minimum ${leg.minAmountOutRaw}`,
    }
  }

  let probability: OutcomeProbability | undefined
  if (predictedSteps.length > 0 && pendingToTarget > 0n) {
    const stillNeeded = leg.minAmountOutRaw - deliveredRaw - inFlightToTarget
    probability = estimateOutcomeProbability({
      index,
      steps: predictedSteps,
      expectedAmountOutRaw: pendingToTarget,
      minAmountOutRaw: stillNeeded > 0n ? stillNeeded : 0n,
      deadlineSeconds: deadlineSeconds !== undefined && deadlineSeconds > 0 ? deadlineSeconds : undefined,
    }).probability
  }

  return {
    steps: predictions,
    deliveredRaw,
    expectedAmountOutRaw,
    ...(breach ? { breach } : {}),
    ...(probability ? { probability } : {}),
  }
}

function notStartedOrPending(pending: readonly { step: Step }[], stepIndex: number): boolean {
  return pending.some((state) => state.step.index === stepIndex)
}
