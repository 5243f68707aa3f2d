// The reference optimum the gaps are measured against: slow, thorough, used only for measuring.
import { SolverFailedError } from '../../solver/errors.ts'
import { venueEdgeKey } from '../../solver/graph/buildMarketGraph.ts'
import { createHighsBackend } from '../../solver/lp/backends/highsBackend.ts'
import type { LpBackend } from '../../solver/lp/types.ts'
import type { Path } from '../../solver/paths/enumeratePaths.ts'
import type { BuildStepsReturnType } from '../../solver/plan/buildSteps.ts'
import { quoteIntent, type QuoteIntentReturnType } from '../../solver/plan/quoteIntent.ts'
import type { Plan } from '../../solver/model/plan.ts'
import type { Planner } from './planner.ts'
import { candidatePaths } from './candidatePaths.ts'
import { netOutput } from './netOutput.ts'
import { buildExact, builtNetOutput, createPlanContext, evaluateExact, pathFlows, type PlanContext } from './planContext.ts'
import { planSplit } from './planSplit.ts'
import { byScore, isAdmissible, selectPlan } from './selectPlan.ts'

export interface CreateReferencePlannerOptions {
  /** Paths per ranking (default 20; quoteIntent uses 6). */
  readonly paths?: number
  /** LP refinement tolerance (default 1e-6, 0.01 bp; quoteIntent uses 1e-5). Tighter tolerances make javascript-lp-solver give up early on this market. */
  readonly tolerance?: number
  /** Exact evaluations the local search may spend (default 3000). */
  readonly localSearchEvaluations?: number
  /** HiGHS time limit per LP/MILP solve, seconds (default 2). */
  readonly solveTimeLimitSeconds?: number
}

/** Transfer steps of the local search, as shares of the input: 5 % down to 1 bp. */
const LOCAL_STEPS = [0.05, 0.01, 0.0025, 0.0005, 0.0001]

interface Allocation {
  readonly shares: number[]
  readonly built: BuildStepsReturnType
  readonly net: number
}

/**
 * Hill climbing over path shares: repeatedly moves `step` of the input from one path to another
 * while the exact net output improves, for decreasing steps. Every evaluation is exact (buildExact).
 */
function localSearch(context: PlanContext, paths: readonly { edges: readonly string[] }[], start: number[], budget: number): Allocation | undefined {
  let evaluations = 0
  const evaluate = (shares: number[]): Allocation | undefined => {
    evaluations++
    const built = buildExact(context, pathFlows(paths, shares))
    return built ? { shares, built, net: builtNetOutput(context, built) } : undefined
  }
  let best = evaluate(start)
  if (!best) return undefined
  for (const step of LOCAL_STEPS) {
    let improved = true
    while (improved && evaluations < budget) {
      improved = false
      for (let from = 0; from < paths.length && evaluations < budget; from++) {
        if (best.shares[from]! < step - 1e-12) continue
        for (let to = 0; to < paths.length && evaluations < budget; to++) {
          if (to === from) continue
          const shares = [...best.shares]
          shares[from] = Math.max(0, shares[from]! - step)
          shares[to] = shares[to]! + step
          const candidate = evaluate(shares)
          if (candidate && candidate.net > best.net * (1 + 1e-12) + 1e-15) {
            best = candidate
            improved = true
            if (best.shares[from]! < step - 1e-12) break
          }
        }
      }
    }
  }
  return best
}

function plansOf(result: QuoteIntentReturnType): Plan[] {
  const plans = result.alternatives.map((alternative) => alternative.plan)
  if (result.status === 'ok') plans.push(result.plan)
  else if (result.bestPlan) plans.push(result.bestPlan)
  return plans
}

const relabel = (plan: Plan, source: string): Plan => ({ ...plan, strategy: `reference/${source}` })

/**
 * The highest net output among the admissible plans (selectPlan) of a deliberately wide search:
 * - Accord's own candidates, as shipped and with tight settings (quoteIntent with objective
 *   `output`, 20 paths per ranking, tolerance 1e-6, HiGHS: LP splits over the value- and the
 *   risk-ranked paths): the reference is max(search, Accord with tight settings), so Accord cannot
 *   beat it — the report shows which candidate was the reference;
 * - an LP split (tolerance 1e-6, HiGHS) over the union of the 20 best value- and risk-ranked paths.
 *   HiGHS runs with a time limit per solve: javascript-lp-solver has none and does not return on
 *   some of these larger MILPs (e.g. eth-dai-to-eth-usdc-10m with 20 value-ranked paths);
 * - each of the 20 best value-ranked paths alone;
 * - a local search over path shares (moves of 5 % down to 1 bp between paths, exact evaluation)
 *   started from the best admissible plan so far, over its routes and the best value- and
 *   risk-ranked paths — it repairs what the LP's fixed-cost and path restrictions miss.
 * `strategy` names the candidate that won (`reference/lp-union`, `reference/accord:lp-split`, …).
 */
export function createReferencePlanner(options: CreateReferencePlannerOptions = {}): Planner {
  const k = options.paths ?? 20
  const tolerance = options.tolerance ?? 1e-6
  const budget = options.localSearchEvaluations ?? 3000
  let backend: Promise<LpBackend> | undefined
  return {
    name: 'reference',
    description: `near-exact optimum: max over tight LP splits (${k} paths per ranking, tolerance ${tolerance}), single paths, Accord's own candidates and a 1 bp local search`,
    async plan(market, intent) {
      const lp = await (backend ??= createHighsBackend({ timeLimitSeconds: options.solveTimeLimitSeconds ?? 2 }))
      const context = createPlanContext(market, intent)
      const score = byScore((plan: Plan) => netOutput(plan, context.tokenOut))
      const valuePaths = candidatePaths(context, 'value', k)
      const riskPaths = candidatePaths(context, 'risk', k)
      const plans: Plan[] = []
      const split = (paths: readonly Path[], label: string) => {
        try {
          const result = planSplit(context, paths, { tolerance, backend: lp })
          if (result?.built) plans.push(evaluateExact(context, result.built, `reference/${label}`))
        } catch (error) {
          if (!(error instanceof SolverFailedError)) throw error // a timed-out first solve: the other candidates remain
        }
      }
      split([...valuePaths, ...riskPaths], 'lp-union')
      for (const path of valuePaths) {
        const built = buildExact(context, new Map(path.edges.map((edge) => [edge, 1])))
        if (built) plans.push(evaluateExact(context, built, 'reference/single-path'))
      }
      for (const plan of plansOf(quoteIntent(market, intent))) plans.push(relabel(plan, `accord:${plan.strategy}`))
      const outputIntent = intent.objective === undefined ? { ...intent, objective: 'output' as const } : intent
      try {
        for (const plan of plansOf(quoteIntent(market, outputIntent, { tolerance, backend: lp })))
          plans.push(relabel(plan, `accord-tight:${plan.strategy}`))
      } catch (error) {
        if (!(error instanceof SolverFailedError)) throw error
      }

      const start = selectPlan(plans, score)
      if (start && isAdmissible(start)) {
        const startBuilt = buildExact(context, new Map(routesToFlows(context, start)))
        if (startBuilt) {
          const pool: Array<{ edges: readonly string[] }> = []
          const seen = new Set<string>()
          const add = (edges: readonly string[]) => {
            const key = edges.join(',')
            if (!seen.has(key)) {
              seen.add(key)
              pool.push({ edges })
            }
          }
          for (const route of startBuilt.routes) add(route.edges)
          const startShares = startBuilt.routes.map((route) => route.share)
          for (const path of [...valuePaths.slice(0, 6), ...riskPaths.slice(0, 6)]) add(path.edges)
          while (startShares.length < pool.length) startShares.push(0)
          const refined = localSearch(context, pool, startShares, budget)
          if (refined) plans.push(evaluateExact(context, refined.built, 'reference/local-search'))
        }
      }
      return selectPlan(plans, score)
    },
  }
}

/** Edge flows reproducing a plan's steps: each step's input on its venue edge (buildSteps splits by these proportions). */
function routesToFlows(context: PlanContext, plan: Plan): Array<[string, number]> {
  const flows = new Map<string, number>()
  for (const step of plan.steps) {
    const edge = venueEdgeKey(step.venueId, step.tokenIn, step.tokenOut)
    if (context.graph.hasEdge(edge)) flows.set(edge, (flows.get(edge) ?? 0) + Number(step.amountInRaw))
  }
  return [...flows]
}
