// Accord itself as a benchmark planner: quoteIntent with a chosen LP backend (and optionally objective).
import type { Objective } from '../../solver/model/intent.ts'
import type { LpBackend } from '../../solver/lp/types.ts'
import { quoteIntent } from '../../solver/plan/quoteIntent.ts'
import type { Planner } from './planner.ts'

export interface CreateAccordPlannerOptions {
  readonly name: string
  readonly description: string
  /** LP backend; default quoteIntent's (javascript-lp-solver). */
  readonly backend?: LpBackend
  /** Overrides the intent's objective when the intent does not set one. */
  readonly objective?: Objective
}

/**
 * A planner that calls quoteIntent. It returns the chosen plan, or for an infeasible intent the best
 * plan found (what `accord quote` prints with the error), and nothing when there is no route.
 */
export function createAccordPlanner(options: CreateAccordPlannerOptions): Planner {
  const { name, description, backend, objective } = options
  return {
    name,
    description,
    plan(market, intent) {
      const planned = objective === undefined || intent.objective !== undefined ? intent : { ...intent, objective }
      const result = quoteIntent(market, planned, backend ? { backend } : {})
      if (result.status === 'ok') return result.plan
      return result.bestPlan
    },
  }
}
