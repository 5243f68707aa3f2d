// How the baselines choose among their candidate plans: the best by their own score among the plans
// that meet the intent's constraints under the shared risk model.
import type { Plan } from '../../solver/model/plan.ts'

/** A plan must finish by the intent's deadline with at least this probability to count as meeting it. */
export const ADMISSIBLE_WITHIN_DEADLINE = 0.9

/**
 * True when the plan meets the intent's constraints: P(within deadline) ≥ ADMISSIBLE_WITHIN_DEADLINE
 * (always, without a deadline), outcome probability ≥ the intent's minProbability when it has one,
 * expected output ≥ its minAmountOut when it has one. Step failures and slippage are not constraints:
 * an output-maximising baseline is allowed to be riskier than Accord.
 */
export function isAdmissible(plan: Plan): boolean {
  const { intent, outcomeProbability } = plan
  if (intent.minProbability !== undefined && outcomeProbability.total < intent.minProbability) return false
  if (intent.minAmountOutRaw !== undefined && plan.expectedAmountOutRaw < intent.minAmountOutRaw) return false
  return outcomeProbability.withinDeadline >= ADMISSIBLE_WITHIN_DEADLINE
}

/**
 * The best admissible plan by `compare` (negative when its first argument is better; ties keep the
 * earlier plan); when none is admissible, the plan with the highest outcome probability. Undefined
 * for no plans.
 */
export function selectPlan(plans: readonly Plan[], compare: (a: Plan, b: Plan) => number): Plan | undefined {
  const admissible = plans.filter(isAdmissible)
  if (admissible.length === 0)
    return plans.reduce<Plan | undefined>((best, plan) => (!best || plan.outcomeProbability.total > best.outcomeProbability.total ? plan : best), undefined)
  return admissible.reduce((best, plan) => (compare(plan, best) < 0 ? plan : best))
}

/** Compare function: higher `score` first. */
export function byScore(score: (plan: Plan) => number): (a: Plan, b: Plan) => number {
  return (a, b) => score(b) - score(a)
}
