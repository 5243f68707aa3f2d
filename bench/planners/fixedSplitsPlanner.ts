// Baseline: splits in fixed percentage steps across the top paths, in the manner of Uniswap's
// smart-order-router (alpha-router: each route quoted at multiples of `distributionPercent`, 5 % on
// mainnet, and the best combination of up to `maxSplits` routes kept; DEFAULT_ROUTING_CONFIG_BY_CHAIN
// in src/routers/alpha-router/config.ts).
import type { Planner } from './planner.ts'
import type { BuildStepsReturnType } from '../../solver/plan/buildSteps.ts'
import type { Plan } from '../../solver/model/plan.ts'
import { candidatePaths } from './candidatePaths.ts'
import { netOutput } from './netOutput.ts'
import { buildExact, builtNetOutput, createPlanContext, evaluateExact, pathFlows } from './planContext.ts'
import { byScore, isAdmissible, selectPlan } from './selectPlan.ts'

export interface CreateFixedSplitsPlannerOptions {
  /** Value-ranked paths to split over (default 4). */
  readonly paths?: number
  /** Most paths in one split (default 3). */
  readonly maxParts?: number
  /** Split step in percent of the input (default 5). */
  readonly incrementPercent?: number
  /** Admissible allocations (best by net output first) that get the full risk evaluation (default 4). */
  readonly shortlist?: number
  /** Most allocations evaluated by the risk model while looking for admissible ones (default 64). */
  readonly maxEvaluations?: number
}

/** Every way to write `units` as an ordered sum of `parts` positive integers. */
export function* compositions(units: number, parts: number): Generator<number[]> {
  if (parts === 1) {
    if (units >= 1) yield [units]
    return
  }
  for (let first = 1; first <= units - parts + 1; first++) for (const rest of compositions(units - first, parts - 1)) yield [first, ...rest]
}

/** Every subset of {0, …, n−1} of the given size, in lexicographic order. */
export function* combinations(n: number, size: number, start = 0): Generator<number[]> {
  if (size === 0) {
    yield []
    return
  }
  for (let i = start; i <= n - size; i++) for (const rest of combinations(n, size - 1, i + 1)) yield [i, ...rest]
}

/**
 * Exhaustive search over allocations of the input in `incrementPercent` steps across at most
 * `maxParts` of the top `paths` value-ranked paths, each allocation evaluated with the exact venue
 * math (a venue shared by two paths sees both trades). Allocations are then scored by the risk model
 * in order of net output until `shortlist` admissible ones are found (or `maxEvaluations` were
 * scored), and the best is returned (selectPlan).
 */
export function createFixedSplitsPlanner(options: CreateFixedSplitsPlannerOptions = {}): Planner {
  const pathCount = options.paths ?? 4
  const maxParts = options.maxParts ?? 3
  const increment = options.incrementPercent ?? 5
  const shortlist = options.shortlist ?? 4
  const maxEvaluations = options.maxEvaluations ?? 64
  const units = Math.round(100 / increment)
  return {
    name: 'fixed-splits',
    description: `exhaustive ${increment} % splits over up to ${maxParts} of the top ${pathCount} value-ranked paths (Uniswap smart-order-router style)`,
    plan(market, intent) {
      const context = createPlanContext(market, intent)
      const paths = candidatePaths(context, 'value', pathCount)
      const scored: Array<{ built: BuildStepsReturnType; net: number }> = []
      for (let parts = 1; parts <= Math.min(maxParts, paths.length); parts++)
        for (const chosen of combinations(paths.length, parts))
          for (const amounts of compositions(units, parts)) {
            const shares = new Array<number>(paths.length).fill(0)
            chosen.forEach((path, i) => (shares[path] = amounts[i]! / units))
            const built = buildExact(context, pathFlows(paths, shares))
            if (built) scored.push({ built, net: builtNetOutput(context, built) })
          }
      scored.sort((a, b) => b.net - a.net)
      const plans: Plan[] = []
      let admissible = 0
      for (const { built } of scored.slice(0, maxEvaluations)) {
        const plan = evaluateExact(context, built, 'fixed-splits')
        plans.push(plan)
        if (isAdmissible(plan) && ++admissible >= shortlist) break
      }
      return selectPlan(plans, byScore((plan) => netOutput(plan, context.tokenOut)))
    },
  }
}
