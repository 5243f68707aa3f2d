// The reference optimum the gaps are measured against: slow, thorough, used only for measuring, and
// independent of the planner's candidate generation (bench/reference/solveReferenceOptimum.ts).
import { buildMarketGraph } from '../../solver/graph/buildMarketGraph.ts'
import { createHighsBackend } from '../../solver/lp/backends/highsBackend.ts'
import { indexMarket } from '../../solver/market/indexMarket.ts'
import type { LpBackend } from '../../solver/lp/types.ts'
import { evaluatePlan } from '../../solver/plan/evaluatePlan.ts'
import type { Plan } from '../../solver/model/plan.ts'
import { estimateVenueLatencySeconds } from '../../solver/risk/estimateVenueLatencySeconds.ts'
import type { Planner } from './planner.ts'
import { solveReferenceOptimum } from '../reference/solveReferenceOptimum.ts'
import { isAdmissible } from './selectPlan.ts'

export interface CreateReferencePlannerOptions {
  /** Geometric breakpoints per venue direction before refinement (default 200). */
  readonly breakpoints?: number
  /** Refinement rounds around the solution (default 3). */
  readonly refinements?: number
  /** Fixed-cost edges up to which every activation set is enumerated (default 8); above, MILP. */
  readonly exhaustiveUpTo?: number
  /** HiGHS time limit per solve, seconds (default 30); a MILP stopped by it is reported as unproven. */
  readonly solveTimeLimitSeconds?: number
}

/**
 * The net-output optimum over the whole hop-limited graph (solveReferenceOptimum), as a complete plan
 * judged by the same model as Accord's (evaluatePlan). When that plan misses the intent's deadline or
 * minimum probability (selectPlan.ts isAdmissible), the slowest bridges are left out, one latency
 * class (distinct mean bridge latency) at a time, until a solve is admissible; if none is, the plan
 * with the highest outcome probability. `strategy` is `reference/lp`, `reference/exhaustive` or
 * `reference/milp` (`-unproven` when a MILP hit the time limit, `@≤Ns` when bridges were left out).
 */
export function createReferencePlanner(options: CreateReferencePlannerOptions = {}): Planner {
  let backend: Promise<LpBackend> | undefined
  return {
    name: 'reference',
    description: `independent optimum: piecewise-linear LP (${options.breakpoints ?? 200} geometric breakpoints per venue direction, refined ${options.refinements ?? 3}×) over the whole hop-limited graph, HiGHS; gas by exhaustive activation sets (≤ ${options.exhaustiveUpTo ?? 8} fixed-cost edges) or MILP`,
    async plan(market, intent) {
      const lp = await (backend ??= createHighsBackend({ timeLimitSeconds: options.solveTimeLimitSeconds ?? 30 }))
      const index = indexMarket(market)
      const graph = buildMarketGraph(market)
      const solve = (maxVenueLatencySeconds: number | undefined): Plan | undefined => {
        const result = solveReferenceOptimum({
          market,
          intent,
          backend: lp,
          ...(maxVenueLatencySeconds === undefined ? {} : { maxVenueLatencySeconds }),
          ...(options.breakpoints === undefined ? {} : { breakpoints: options.breakpoints }),
          ...(options.refinements === undefined ? {} : { refinements: options.refinements }),
          ...(options.exhaustiveUpTo === undefined ? {} : { exhaustiveUpTo: options.exhaustiveUpTo }),
        })
        if (result.status !== 'ok' || !result.built) return undefined
        const limit = maxVenueLatencySeconds === undefined ? '' : `@≤${Math.round(maxVenueLatencySeconds)}s`
        const strategy = `reference/${result.method}${result.proven ? '' : '-unproven'}${limit}`
        return evaluatePlan({ index, graph, intent, built: result.built, strategy })
      }
      let best = solve(undefined)
      if (!best || isAdmissible(best)) return best
      const ceiling = Math.max(intent.deadlineSeconds ?? 0, 86_400) // solveReferenceOptimum's own default limit
      const latencies = market.venues.flatMap((venue) => (venue.kind === 'bridge' ? [estimateVenueLatencySeconds(index, venue)] : []))
      const classes = [...new Set(latencies)].filter((latency) => latency <= ceiling).sort((a, b) => b - a)
      for (const latency of classes) {
        const plan = solve(latency * (1 - 1e-9))
        if (!plan) break
        if (isAdmissible(plan)) return plan
        if (plan.outcomeProbability.total > best.outcomeProbability.total) best = plan
      }
      return best
    },
  }
}
