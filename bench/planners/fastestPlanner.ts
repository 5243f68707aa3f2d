// Baseline: the route expected to finish soonest.
import type { Plan } from '../../solver/model/plan.ts'
import type { Planner } from './planner.ts'
import { candidatePaths } from './candidatePaths.ts'
import { netOutput } from './netOutput.ts'
import { buildExact, createPlanContext, evaluateExact } from './planContext.ts'
import { selectPlan } from './selectPlan.ts'

export interface CreateFastestPlannerOptions {
  /** Paths per ranking (value and latency) evaluated exactly (default 10). */
  readonly paths?: number
}

/**
 * Evaluates single paths from the value- and latency-ranked searches exactly and returns the one with
 * the smallest expected duration (from the same completion-time model as Accord's schedule) among
 * those meeting the intent's constraints; net output breaks ties within a second.
 */
export function createFastestPlanner(options: CreateFastestPlannerOptions = {}): Planner {
  const k = options.paths ?? 10
  return {
    name: 'fastest',
    description: `single route with the smallest expected duration among the ${k} best value- and ${k} best latency-ranked paths`,
    plan(market, intent) {
      const context = createPlanContext(market, intent)
      const seen = new Set<string>()
      const plans: Plan[] = []
      for (const path of [...candidatePaths(context, 'latency', k), ...candidatePaths(context, 'value', k)]) {
        const key = path.edges.join(',')
        if (seen.has(key)) continue
        seen.add(key)
        const built = buildExact(context, new Map(path.edges.map((edge) => [edge, 1])))
        if (built) plans.push(evaluateExact(context, built, 'fastest'))
      }
      return selectPlan(plans, (a, b) =>
        Math.abs(a.expectedDurationSeconds - b.expectedDurationSeconds) > 1
          ? a.expectedDurationSeconds - b.expectedDurationSeconds
          : netOutput(b, context.tokenOut) - netOutput(a, context.tokenOut),
      )
    },
  }
}
