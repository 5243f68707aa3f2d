// The probability that a plan delivers at least the minimum, in time: the number plans are ranked by.
import type { MarketIndex } from '../market/indexMarket.ts'
import type { OutcomeProbability, Step } from '../model/plan.ts'
import { averagePriceTailProbability } from './averagePriceTail.ts'
import { completionTimeDistribution, type CompletionTimeReturnType } from './completionTime.ts'
import { preparePlanTiming, type PlanTiming } from './planTiming.ts'
import { buildPriceDriftModel } from './priceDrift.ts'
import { stepMinAmountsOut } from './stepMinAmountsOut.ts'
import { clampProbability } from './clampProbability.ts'
import { recoveryProbability } from './recoveryProbability.ts'
import { startRuleProbability } from './startRuleProbability.ts'
import { stepSuccessProbability } from './stepSuccess.ts'
import { cdfAt, meanOf, quantileOf } from './timeGrid.ts'

export interface EstimateOutcomeProbabilityParameters {
  readonly index: MarketIndex
  /** The plan's steps with exact amounts; `dependsOn` holds step indices. */
  readonly steps: readonly Step[]
  /** What the plan delivers at the quoted state (raw units of the output token). */
  readonly expectedAmountOutRaw: bigint
  /** The least the user accepts (raw units). */
  readonly minAmountOutRaw: bigint
  /** Everything must be delivered within this many seconds; undefined = no deadline. */
  readonly deadlineSeconds: number | undefined
}

export interface EstimateOutcomeProbabilityReturnType {
  readonly probability: OutcomeProbability
  /** E[time until the last step completes], seconds. */
  readonly expectedDurationSeconds: number
  /** 95th percentile of that time, seconds. */
  readonly p95DurationSeconds: number
  /**
   * True when the plan's DAG is series-parallel and its completion time is exact up to the grid;
   * false when merges were treated as independent, which makes `withinDeadline` a lower bound.
   */
  readonly completionTimeExact: boolean
}

/** The plan's completion time per timing (itself cached per steps array): a plan judged against two minimums convolves once. */
const completions = new WeakMap<PlanTiming, CompletionTimeReturnType>()

/**
 * total = allStepsSucceed × withinDeadline × aboveMinimum + recovery (solver/risk/MODEL.md), every
 * part clamped to [0, 1] (floating-point sums can exceed 1 by an ulp or two):
 * - allStepsSucceed = Π P(step succeeds), failures independent;
 * - withinDeadline = P(last completion ≤ deadline and the executor starts every step), the DAG's
 *   completion-time distribution by series-parallel reduction on a time grid (completionTime.ts),
 *   scaled by the share of in-time executions the executor's start rule lets run
 *   (startRuleProbability.ts); 1 without a deadline;
 * - aboveMinimum = P(delivered ≥ minimum | done by the deadline) under Brownian price drift until
 *   each step executes, averaged over the execution times that meet the deadline
 *   (averagePriceTail.ts). Conditioning keeps the product equal to the joint probability: slow
 *   executions both miss deadlines and drift further, so the two events are not independent.
 * - recovery = P(a bridge is refunded and the executor's re-solve still reaches the outcome in
 *   time) (recoveryProbability.ts).
 * Throws INVALID_ARGUMENT for malformed dependencies, UNKNOWN_VENUE/NETWORK/TOKEN for market gaps.
 *
 * @example
 * const { probability } = estimateOutcomeProbability({ index, steps, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds: 600 })
 * probability.total // e.g. 0.93
 */
export function estimateOutcomeProbability(parameters: EstimateOutcomeProbabilityParameters): EstimateOutcomeProbabilityReturnType {
  const { index, steps, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds } = parameters
  const timing = preparePlanTiming(index, steps)
  const { dag, grid, durations } = timing

  let allStepsSucceed = 1
  for (const step of steps) allStepsSucceed *= stepSuccessProbability(index, step)

  let completion = completions.get(timing)
  if (!completion) {
    const targets = steps.map((_, position) => position).filter((position) => dag.dependents[position]!.length === 0)
    completion = completionTimeDistribution({ grid, dag, durations, targets })
    completions.set(timing, completion)
  }
  // The executor starts no step it does not expect to finish in time (startRuleProbability.ts): of
  // the executions finishing by the deadline, only those it lets run count.
  let withinDeadline = 1
  if (deadlineSeconds !== undefined) {
    const rule = startRuleProbability({ timing, deadlineSeconds })
    const letRun = rule.onTime > 0 ? rule.onTimeAndStarted / rule.onTime : rule.started
    withinDeadline = cdfAt(grid, completion.distribution, deadlineSeconds) * letRun
  }

  let aboveMinimum: number
  if (minAmountOutRaw <= 0n) aboveMinimum = 1
  else if (expectedAmountOutRaw <= 0n) aboveMinimum = 0
  else {
    const logMargin = Math.log(Number(expectedAmountOutRaw)) - Math.log(Number(minAmountOutRaw))
    // Every step that can drift carries a slippage guard (solver/schedule/stepMinAmountsOut.ts); on a
    // split, one route's guard can bind before the total does.
    const guardsRaw = stepMinAmountsOut({ index, steps, dag, expectedAmountOutRaw, minAmountOutRaw })
    const guards = steps.map((step, position) => {
      const guard = guardsRaw[position]!
      const margin = guard > 0n ? Math.log(Number(step.amountOutRaw)) - Math.log(Number(guard)) : Infinity
      return { model: buildPriceDriftModel(index, steps, dag, position), logMargin: margin }
    })
    aboveMinimum = averagePriceTailProbability({ timing, model: buildPriceDriftModel(index, steps, dag), logMargin, deadlineSeconds, guards })
  }

  const recovery = clampProbability(recoveryProbability({ index, steps, timing, deadlineSeconds, allStepsSucceed, aboveMinimum }))
  return {
    probability: {
      total: clampProbability(allStepsSucceed * withinDeadline * aboveMinimum + recovery),
      allStepsSucceed: clampProbability(allStepsSucceed),
      withinDeadline: clampProbability(withinDeadline),
      aboveMinimum: clampProbability(aboveMinimum),
      recovery,
    },
    expectedDurationSeconds: meanOf(grid, completion.distribution),
    p95DurationSeconds: quantileOf(grid, completion.distribution, 0.95),
    completionTimeExact: completion.exact,
  }
}
