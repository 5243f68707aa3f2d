// The planner's entry point: intent + market → the plan that maximises the outcome probability (or
// the expected output), alternatives, or a reason why nothing meets the constraints.
//
// Pipeline (each stage a pure function in a file of its own):
//   validateIntent → enumerateRankedPaths (value-ranked and risk-ranked) → selectCandidateEdges
//   → solveSplit (LP with tangent refinement) → buildSteps (exact bigint amounts, execution order)
//   → evaluatePlan (probability + schedule) → choose by objective.
import { formatAmount, rawToFloat } from '../amounts.ts'
import { BaseError } from '../errors.ts'
import { assetKeyOf } from '../market/assetKey.ts'
import { indexMarket, type MarketIndex } from '../market/indexMarket.ts'
import type { Intent, Market, Token } from '../market/types.ts'
import { buildMarketGraph, type MarketGraph } from '../graph/buildMarketGraph.ts'
import type { Path } from '../paths/enumeratePaths.ts'
import { createJsLpSolverBackend } from '../lp/backends/jsLpSolverBackend.ts'
import { solveSplit } from '../lp/solveSplit.ts'
import type { LpBackend } from '../lp/types.ts'
import { getNetwork } from '../market/indexMarket.ts'
import { buildSteps } from './buildSteps.ts'
import { evaluatePlan } from './evaluatePlan.ts'
import { enumerateRankedPaths, type PathRanking } from './enumerateRankedPaths.ts'
import { buildSplitProblem } from './buildSplitProblem.ts'
import type { Plan } from './types.ts'
import { validateIntent } from './validateIntent.ts'

export interface QuoteIntentOptions {
  /** LP backend (default: javascript-lp-solver). */
  readonly backend?: LpBackend
  /** Paths per ranking fed to the split optimiser. */
  readonly pathsPerRanking?: number
  /** Default hop limit when the intent has no maxSteps. */
  readonly maxHops?: number
  /** Relative tolerance of the LP refinement. */
  readonly tolerance?: number
}

export type AlternativeLabel = 'best' | 'cheapest' | 'fastest' | 'safest'

export interface PlanAlternative {
  readonly labels: readonly AlternativeLabel[]
  readonly plan: Plan
}

export type QuoteIntentReturnType =
  | {
      readonly status: 'ok'
      readonly plan: Plan
      /** Distinct plans, each with the labels it wins (the chosen plan is labelled `best`). */
      readonly alternatives: readonly PlanAlternative[]
      readonly candidatesEvaluated: number
    }
  | {
      readonly status: 'noRoute' | 'infeasible'
      readonly code: 'NO_ROUTE' | 'INFEASIBLE_CONSTRAINTS'
      readonly reason: string
      /** The best plan found, which misses the constraints (absent when there is no route). */
      readonly bestPlan?: Plan
      readonly alternatives: readonly PlanAlternative[]
      readonly candidatesEvaluated: number
    }

export const DEFAULT_MAX_HOPS = 4
const DEFAULT_PATHS_PER_RANKING = 6
/** Probabilities closer than this count as a tie, broken by expected output. */
const PROBABILITY_TIE = 1e-3

let defaultBackend: LpBackend | undefined

/** Value of a plan net of gas, in units of the output token (floats: for ranking only). */
function netValue(plan: Plan, tokenOut: Token): number {
  return rawToFloat(plan.expectedAmountOutRaw, tokenOut.decimals) - plan.gasCostUsd / tokenOut.priceUsd
}

/** Two decimals, more near certainty so that 0.9990 and 0.9999 do not both read "1.00". */
function formatProbability(p: number): string {
  return p >= 0.99 && p < 1 ? p.toFixed(4) : p.toFixed(2)
}

function describeAsset(index: MarketIndex, token: Token): string {
  return `${token.symbol} on ${getNetwork(index, token.chainId).name}`
}

function stepSignature(plan: Plan): string {
  return plan.steps.map((step) => `${step.venueId}:${step.tokenIn}>${step.tokenOut}:${step.amountInRaw}`).join('|')
}

interface CandidateContext {
  readonly index: MarketIndex
  readonly graph: MarketGraph
  readonly intent: Intent
  readonly tokenIn: Token
  readonly tokenOut: Token
}

function planFromFlows(context: CandidateContext, edgeFlows: ReadonlyMap<string, number>, strategy: string): Plan | undefined {
  const { index, graph, intent } = context
  const built = buildSteps({
    index,
    graph,
    source: assetKeyOf(intent.from),
    sink: assetKeyOf(intent.to),
    amountInRaw: intent.amountInRaw,
    edgeFlows,
  })
  if (built.amountOutRaw === 0n) return undefined
  return evaluatePlan({ index, graph, intent, built, strategy })
}

function planSinglePath(context: CandidateContext, path: Path, strategy: string): Plan | undefined {
  return planFromFlows(context, new Map(path.edges.map((edge) => [edge, 1])), strategy)
}

function planSplit(context: CandidateContext, paths: readonly Path[], backend: LpBackend, tolerance: number, strategy: string): Plan | undefined {
  const problem = buildSplitProblem({ ...context, paths })
  if (!problem) return undefined
  const result = solveSplit(problem, { backend, tolerance, fixedCosts: true })
  if (result.status === 'infeasible' || result.flows.size === 0) return undefined
  return planFromFlows(context, new Map([...result.flows].map(([edge, flow]) => [edge, flow.input])), strategy)
}

/** Orders plans best first for the intent's objective. */
function comparePlans(intent: Intent, tokenOut: Token): (a: Plan, b: Plan) => number {
  const byValue = (a: Plan, b: Plan) => netValue(b, tokenOut) - netValue(a, tokenOut)
  const byProbability = (a: Plan, b: Plan) => b.outcomeProbability.total - a.outcomeProbability.total
  if ((intent.objective ?? 'probability') === 'output') return (a, b) => byValue(a, b) || byProbability(a, b)
  return (a, b) => (Math.abs(a.outcomeProbability.total - b.outcomeProbability.total) > PROBABILITY_TIE ? byProbability(a, b) : byValue(a, b))
}

function labelAlternatives(best: Plan, plans: readonly Plan[], tokenOut: Token): PlanAlternative[] {
  const pick = (score: (plan: Plan) => number) => plans.reduce((top, plan) => (score(plan) > score(top) ? plan : top))
  const winners: Array<[AlternativeLabel, Plan]> = [
    ['best', best],
    ['cheapest', pick((plan) => netValue(plan, tokenOut))],
    ['fastest', pick((plan) => -plan.expectedDurationSeconds)],
    ['safest', pick((plan) => plan.outcomeProbability.total)],
  ]
  const alternatives: Array<{ labels: AlternativeLabel[]; plan: Plan }> = []
  for (const [label, plan] of winners) {
    const existing = alternatives.find((alternative) => alternative.plan === plan)
    if (existing) existing.labels.push(label)
    else alternatives.push({ labels: [label], plan })
  }
  return alternatives
}

/**
 * Plans an intent on a market. Input errors (unknown token, bad amount) throw Accord errors with the
 * field path; "no route" and "infeasible constraints" are returned as values with a reason.
 *
 * @example
 * const result = quoteIntent(market, { from: { chainId: 8453, token: usdc }, to: { chainId: 42161, token: weth }, amountInRaw: 250_000_000_000n, deadlineSeconds: 600 })
 */
export function quoteIntent(market: Market, intent: Intent, options: QuoteIntentOptions = {}): QuoteIntentReturnType {
  const index = indexMarket(market)
  const { tokenIn, tokenOut } = validateIntent(index, intent)
  const graph = buildMarketGraph(market)
  const backend = options.backend ?? (defaultBackend ??= createJsLpSolverBackend())
  const k = options.pathsPerRanking ?? DEFAULT_PATHS_PER_RANKING
  const maxHops = intent.maxSteps ?? options.maxHops ?? DEFAULT_MAX_HOPS
  const tolerance = options.tolerance ?? 1e-5
  const context: CandidateContext = { index, graph, intent, tokenIn, tokenOut }
  const source = assetKeyOf(intent.from)
  const sink = assetKeyOf(intent.to)
  const amountUsd = rawToFloat(intent.amountInRaw, tokenIn.decimals) * tokenIn.priceUsd

  // Value-ranked paths: edges that alone outlast the deadline are left out, as in the risk ranking
  // (a 7-day withdrawal is worthless to a 10-minute intent); without the deadline only to tell
  // "no route at all" from "no route in time".
  const pathsBy = (ranking: PathRanking, maxLatencySeconds: number | undefined) =>
    enumerateRankedPaths({ index, graph, intent, source, sink, amountUsd, k, maxHops, ranking, maxLatencySeconds })
  let valuePaths = pathsBy('value', intent.deadlineSeconds)
  if (valuePaths.length === 0 && intent.deadlineSeconds !== undefined) valuePaths = pathsBy('value', undefined)
  if (valuePaths.length === 0)
    return {
      status: 'noRoute',
      code: 'NO_ROUTE',
      reason: `No path from ${describeAsset(index, tokenIn)} to ${describeAsset(index, tokenOut)} within ${maxHops} hops${
        intent.allowBridges || intent.denyBridges || intent.allowNetworks || intent.denyNetworks ? ' using the allowed bridges and networks' : ''
      }.`,
      alternatives: [],
      candidatesEvaluated: 0,
    }
  const riskPaths = pathsBy('risk', intent.deadlineSeconds)

  const candidates: Plan[] = []
  const seen = new Set<string>()
  const consider = (plan: Plan | undefined) => {
    if (!plan) return
    const signature = stepSignature(plan)
    if (seen.has(signature)) return
    seen.add(signature)
    candidates.push(plan)
  }
  // A split the LP backend cannot solve is one lost candidate, not a failed quote: the single-path
  // candidates below still stand. It is rethrown only if nothing else produced a plan.
  let solverFailure: unknown
  const trySplit = (paths: readonly Path[], strategy: string) => {
    try {
      consider(planSplit(context, paths, backend, tolerance, strategy))
    } catch (error) {
      if (!(error instanceof BaseError && error.code === 'SOLVER_FAILED')) throw error
      solverFailure ??= error
    }
  }
  trySplit(valuePaths, 'lp-split')
  if (riskPaths.length > 0) trySplit(riskPaths, 'lp-split-safe')
  // Both rankings together: the split can take the deepest venues of one and the safest of the other.
  const unionPaths = [...valuePaths, ...riskPaths.filter((path) => !valuePaths.some((other) => other.edges.join() === path.edges.join()))]
  if (unionPaths.length > valuePaths.length) trySplit(unionPaths, 'lp-split-union')
  for (const path of valuePaths.slice(0, 3)) consider(planSinglePath(context, path, 'single-path'))
  for (const path of riskPaths.slice(0, 3)) consider(planSinglePath(context, path, 'single-path-safe'))

  if (candidates.length === 0 && solverFailure) throw solverFailure
  if (candidates.length === 0)
    return {
      status: 'noRoute',
      code: 'NO_ROUTE',
      reason: `Every path from ${describeAsset(index, tokenIn)} to ${describeAsset(index, tokenOut)} delivers nothing for this amount.`,
      alternatives: [],
      candidatesEvaluated: 0,
    }

  const compare = comparePlans(intent, tokenOut)
  const ranked = [...candidates].sort(compare)
  const minProbability = intent.minProbability
  const eligible = minProbability === undefined ? ranked : ranked.filter((plan) => plan.outcomeProbability.total >= minProbability)
  const best = eligible[0] ?? ranked[0]!
  const alternatives = labelAlternatives(best, ranked, tokenOut)
  const infeasible = (reason: string): QuoteIntentReturnType => ({
    status: 'infeasible',
    code: 'INFEASIBLE_CONSTRAINTS',
    reason,
    bestPlan: best,
    alternatives,
    candidatesEvaluated: candidates.length,
  })

  if (minProbability !== undefined && eligible.length === 0) {
    const top = Math.max(...ranked.map((plan) => plan.outcomeProbability.total))
    return infeasible(`Best achievable probability ${formatProbability(top)} < required ${formatProbability(minProbability)}.`)
  }
  if (intent.minAmountOutRaw !== undefined && ranked.every((plan) => plan.expectedAmountOutRaw < intent.minAmountOutRaw!)) {
    const top = ranked.reduce((max, plan) => (plan.expectedAmountOutRaw > max ? plan.expectedAmountOutRaw : max), 0n)
    return infeasible(
      `Best expected output ${formatAmount(top, tokenOut.decimals)} ${tokenOut.symbol} < minimum ${formatAmount(intent.minAmountOutRaw, tokenOut.decimals)} ${tokenOut.symbol}.`,
    )
  }
  if (intent.deadlineSeconds !== undefined && ranked.every((plan) => plan.outcomeProbability.withinDeadline < 0.01)) {
    const fastest = Math.min(...ranked.map((plan) => plan.expectedDurationSeconds))
    return infeasible(
      `No plan completes within the ${intent.deadlineSeconds} s deadline: the fastest is expected to take ${Math.round(fastest)} s.`,
    )
  }
  return { status: 'ok', plan: best, alternatives, candidatesEvaluated: candidates.length }
}
