// Baseline: the best single route, no splitting — what today's aggregators return for "cheapest".
import type { Planner } from './planner.ts'
import { candidatePaths } from './candidatePaths.ts'
import { netOutput } from './netOutput.ts'
import { buildExact, createPlanContext, evaluateExact } from './planContext.ts'
import { byScore, selectPlan } from './selectPlan.ts'

export interface CreateSingleBestPathPlannerOptions {
  /** Value-ranked paths evaluated exactly (default 10). */
  readonly paths?: number
}

/**
 * Evaluates the k best value-ranked paths each carrying the whole amount with the exact venue math,
 * and returns the one with the highest net output among those meeting the intent's constraints
 * (selectPlan).
 */
export function createSingleBestPathPlanner(options: CreateSingleBestPathPlannerOptions = {}): Planner {
  const k = options.paths ?? 10
  return {
    name: 'single-best-path',
    description: `best single route by net output among the ${k} best value-ranked paths, no splitting (an aggregator's "cheapest")`,
    plan(market, intent) {
      const context = createPlanContext(market, intent)
      const plans = candidatePaths(context, 'value', k).flatMap((path) => {
        const built = buildExact(context, new Map(path.edges.map((edge) => [edge, 1])))
        return built ? [evaluateExact(context, built, 'single-best-path')] : []
      })
      return selectPlan(plans, byScore((plan) => netOutput(plan, context.tokenOut)))
    },
  }
}
