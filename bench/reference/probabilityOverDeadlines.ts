// Monotonicity in the deadline: the outcome probability a planner reaches for one intent at a fixed
// minimum output over a ladder of deadlines.
import type { Market } from '../../solver/market/types.ts'
import type { Intent } from '../../solver/model/intent.ts'
import type { Plan } from '../../solver/model/plan.ts'

/** The deadlines of issue 11's measurement, seconds. */
export const DEADLINE_LADDER_SECONDS: readonly number[] = [30, 45, 60, 90, 120, 300, 600, 1800, 3600]

export interface ProbabilityOverDeadlinesReturnType {
  readonly minAmountOutRaw: bigint
  /** Outcome probability per deadline of the ladder (0 when the planner returned no plan). */
  readonly probabilities: readonly number[]
  /** True when each probability is at least the one before it, less `tolerance`. */
  readonly nonDecreasing: boolean
}

/**
 * Plans `intent` with its minimum fixed to `minAmountOutRaw` (a user's own minimum does not move with
 * the deadline) at every deadline of `deadlines`, and reports the plan's outcome probability at each.
 * `plan` is the planner under test (e.g. quoteIntent's chosen plan, or its best plan when infeasible).
 */
export async function probabilityOverDeadlines(
  market: Market,
  intent: Intent,
  minAmountOutRaw: bigint,
  plan: (market: Market, intent: Intent) => Promise<Plan | undefined> | Plan | undefined,
  deadlines: readonly number[] = DEADLINE_LADDER_SECONDS,
  tolerance = 1e-9,
): Promise<ProbabilityOverDeadlinesReturnType> {
  const { maxSlippageBps: _slippage, ...rest } = intent
  const probabilities: number[] = []
  for (const deadlineSeconds of deadlines) {
    const planned = await plan(market, { ...rest, minAmountOutRaw, deadlineSeconds })
    probabilities.push(planned?.outcomeProbability.total ?? 0)
  }
  return { minAmountOutRaw, probabilities, nonDecreasing: probabilities.every((p, i) => i === 0 || p >= probabilities[i - 1]! - tolerance) }
}
