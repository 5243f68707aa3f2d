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
import type { Market, Token } from '../market/types.ts'
import type { Intent } from '../model/intent.ts'
import { buildMarketGraph, type MarketGraph } from '../graph/buildMarketGraph.ts'
import type { Path } from '../paths/enumeratePaths.ts'
import { createJsLpSolverBackend } from '../lp/backends/jsLpSolverBackend.ts'
import { solveSplit } from '../lp/solveSplit.ts'
import type { LpBackend } from '../lp/types.ts'
import { getNetwork } from '../market/indexMarket.ts'
import { evaluatePlan, resolveMinAmountOut } from './evaluatePlan.ts'
import { buildSteps, type BuildStepsReturnType } from './buildSteps.ts'
import { estimateOutcomeProbability, type EstimateOutcomeProbabilityReturnType } from '../risk/estimateOutcomeProbability.ts'
import { enumerateFlowPaths, FLOW_SLICES } from './enumerateFlowPaths.ts'
import { enumerateRankedPaths, type PathRanking } from './enumerateRankedPaths.ts'
import { buildSplitProblem } from './buildSplitProblem.ts'
import type { Plan } from '../model/plan.ts'
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
/** The quote a slippage applies to comes from candidates at least this likely to finish in time. */
const QUOTE_ON_TIME_FLOOR = 0.9

let defaultBackend: LpBackend | undefined

/**
 * A candidate while candidates are compared: its exact steps and its outcome, judged against
 * `minAmountOutRaw`; the schedule is computed only for the plans returned (toPlan).
 */
interface Candidate {
  readonly built: BuildStepsReturnType
  readonly strategy: string
  readonly gasCostUsd: number
  readonly minAmountOutRaw: bigint
  readonly outcome: EstimateOutcomeProbabilityReturnType
}

/** Value of a candidate net of gas, in units of the output token (floats: for ranking only). */
function netValue(candidate: Candidate, tokenOut: Token): number {
  return rawToFloat(candidate.built.amountOutRaw, tokenOut.decimals) - candidate.gasCostUsd / tokenOut.priceUsd
}

const probabilityOf = (candidate: Candidate) => candidate.outcome.probability.total

/** Two decimals, more near certainty so that 0.9990 and 0.9999 do not both read "1.00". */
function formatProbability(p: number): string {
  return p >= 0.99 && p < 1 ? p.toFixed(4) : p.toFixed(2)
}

function describeAsset(index: MarketIndex, token: Token): string {
  return `${token.symbol} on ${getNetwork(index, token.chainId).name}`
}

function stepSignature(built: BuildStepsReturnType): string {
  return built.steps.map((step) => `${step.venueId}:${step.tokenIn}>${step.tokenOut}:${step.amountInRaw}`).join('|')
}

interface CandidateContext {
  readonly index: MarketIndex
  readonly graph: MarketGraph
  readonly intent: Intent
  readonly tokenIn: Token
  readonly tokenOut: Token
}

/** Exact steps for the edge flows; undefined when they deliver nothing. */
function buildFromFlows(context: CandidateContext, edgeFlows: ReadonlyMap<string, number>): BuildStepsReturnType | undefined {
  const { index, graph, intent } = context
  const built = buildSteps({
    index,
    graph,
    source: assetKeyOf(intent.from),
    sink: assetKeyOf(intent.to),
    amountInRaw: intent.amountInRaw,
    edgeFlows,
  })
  return built.amountOutRaw === 0n ? undefined : built
}

function buildSplit(context: CandidateContext, paths: readonly Path[], backend: LpBackend, tolerance: number): BuildStepsReturnType | undefined {
  const problem = buildSplitProblem({ ...context, paths })
  if (!problem) return undefined
  const result = solveSplit(problem, { backend, tolerance, fixedCosts: true })
  if (result.status === 'infeasible' || result.flows.size === 0) return undefined
  return buildFromFlows(context, new Map([...result.flows].map(([edge, flow]) => [edge, flow.input])))
}

/** Judges `built` against `minAmountOutRaw` (outcome probability and durations, no schedule). */
function judge(context: CandidateContext, built: BuildStepsReturnType, strategy: string, minAmountOutRaw: bigint): Candidate {
  const outcome = estimateOutcomeProbability({
    index: context.index,
    steps: built.steps,
    expectedAmountOutRaw: built.amountOutRaw,
    minAmountOutRaw,
    deadlineSeconds: context.intent.deadlineSeconds,
  })
  return { built, strategy, gasCostUsd: built.steps.reduce((sum, step) => sum + step.gasCostUsd, 0), minAmountOutRaw, outcome }
}

/**
 * The minimum every candidate is judged against when the intent states a slippage (or takes the
 * default) rather than a minimum: the slippage below the quote, the best expected output among the
 * candidates that finish in time with probability at least QUOTE_ON_TIME_FLOOR (or, if none does,
 * as often as the best). Judging each plan against its own expected output instead would make a plan
 * delivering 3 % less look as likely to "succeed" as the best, and the probability objective would
 * trade any amount of output for a sliver of probability. `onTime` is P(every step succeeds and
 * the plan finishes by the deadline), which does not depend on the minimum.
 */
function slippageMinimum(intent: Intent, candidates: ReadonlyArray<{ built: BuildStepsReturnType; onTime: number }>): bigint {
  const floor = Math.min(QUOTE_ON_TIME_FLOOR, Math.max(...candidates.map((candidate) => candidate.onTime)) - PROBABILITY_TIE)
  let quote = 0n
  for (const { built, onTime } of candidates) if (onTime >= floor && built.amountOutRaw > quote) quote = built.amountOutRaw
  return resolveMinAmountOut(intent, quote)
}

/** `first` followed by the paths of `second` it does not already hold. */
function mergePaths(first: readonly Path[], second: readonly Path[]): Path[] {
  const seen = new Set(first.map((path) => path.edges.join()))
  return [...first, ...second.filter((path) => !seen.has(path.edges.join()))]
}

/** Orders candidates best first for the intent's objective. */
function compareCandidates(intent: Intent, tokenOut: Token): (a: Candidate, b: Candidate) => number {
  const byValue = (a: Candidate, b: Candidate) => netValue(b, tokenOut) - netValue(a, tokenOut)
  const byProbability = (a: Candidate, b: Candidate) => probabilityOf(b) - probabilityOf(a)
  if ((intent.objective ?? 'probability') === 'output') return (a, b) => byValue(a, b) || byProbability(a, b)
  return (a, b) => (Math.abs(probabilityOf(a) - probabilityOf(b)) > PROBABILITY_TIE ? byProbability(a, b) : byValue(a, b))
}

function labelAlternatives(best: Candidate, candidates: readonly Candidate[], tokenOut: Token): Array<{ labels: AlternativeLabel[]; candidate: Candidate }> {
  const pick = (score: (candidate: Candidate) => number) => candidates.reduce((top, candidate) => (score(candidate) > score(top) ? candidate : top))
  const winners: Array<[AlternativeLabel, Candidate]> = [
    ['best', best],
    ['cheapest', pick((candidate) => netValue(candidate, tokenOut))],
    ['fastest', pick((candidate) => -candidate.outcome.expectedDurationSeconds)],
    ['safest', pick(probabilityOf)],
  ]
  const alternatives: Array<{ labels: AlternativeLabel[]; candidate: Candidate }> = []
  for (const [label, candidate] of winners) {
    const existing = alternatives.find((alternative) => alternative.candidate === candidate)
    if (existing) existing.labels.push(label)
    else alternatives.push({ labels: [label], candidate })
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

  // Value-ranked paths: edges that alone outlast the deadline (a day without one) are left out, as in
  // the risk ranking (a 7-day withdrawal is worthless to a 10-minute intent); if that leaves no path,
  // every edge is tried, to tell "no route at all" from "no route in time".
  const pathsBy = (ranking: PathRanking, maxLatencySeconds: number | undefined) =>
    enumerateRankedPaths({ index, graph, intent, source, sink, amountUsd, k, maxHops, ranking, maxLatencySeconds })
  let latencyLimit = intent.deadlineSeconds
  let valuePaths = pathsBy('value', latencyLimit)
  if (valuePaths.length === 0) valuePaths = pathsBy('value', (latencyLimit = Infinity))
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

  const builds: Array<{ built: BuildStepsReturnType; strategy: string }> = []
  const seen = new Set<string>()
  const consider = (built: BuildStepsReturnType | undefined, strategy: string) => {
    if (!built) return
    const signature = stepSignature(built)
    if (seen.has(signature)) return
    seen.add(signature)
    builds.push({ built, strategy })
  }
  // A split the LP backend cannot solve is one lost candidate, not a failed quote: the single-path
  // candidates below still stand. It is rethrown only if nothing else produced a plan.
  let solverFailure: unknown
  const trySplit = (paths: readonly Path[], strategy: string) => {
    try {
      consider(buildSplit(context, paths, backend, tolerance), strategy)
    } catch (error) {
      if (!(error instanceof BaseError && error.code === 'SOLVER_FAILED')) throw error
      solverFailure ??= error
    }
  }
  const singlePath = (path: Path) => buildFromFlows(context, new Map(path.edges.map((edge) => [edge, 1])))
  // The value-ranked paths and the paths a split routes slice by slice: the k best paths at full size
  // often differ only in an early bridge and share the last pool, whose depth is what a split needs.
  const flowPaths = enumerateFlowPaths({ index, graph, intent, source, sink, amountUsd, slices: FLOW_SLICES, maxHops, maxLatencySeconds: latencyLimit })
  const splitPaths = mergePaths(valuePaths, flowPaths)
  trySplit(splitPaths, 'lp-split')
  if (riskPaths.length > 0) trySplit(riskPaths, 'lp-split-safe')
  // Both rankings together: the split can take the deepest venues of one and the safest of the
  // other. (Not the flow paths as well: that LP's fixed costs made it the slowest by far, for no gain
  // on the benchmark suite.)
  const unionPaths = mergePaths(valuePaths, riskPaths)
  if (unionPaths.length > valuePaths.length) trySplit(unionPaths, 'lp-split-union')
  for (const path of valuePaths.slice(0, 3)) consider(singlePath(path), 'single-path')
  for (const path of riskPaths.slice(0, 3)) consider(singlePath(path), 'single-path-safe')

  if (builds.length === 0 && solverFailure) throw solverFailure
  if (builds.length === 0)
    return {
      status: 'noRoute',
      code: 'NO_ROUTE',
      reason: `Every path from ${describeAsset(index, tokenIn)} to ${describeAsset(index, tokenOut)} delivers nothing for this amount.`,
      alternatives: [],
      candidatesEvaluated: 0,
    }

  // One minimum for every candidate; a slippage needs the candidates' timing first (which does not
  // depend on the minimum, so the price quadrature is skipped there).
  const onTime = (built: BuildStepsReturnType) => {
    const { probability } = estimateOutcomeProbability({
      index,
      steps: built.steps,
      expectedAmountOutRaw: built.amountOutRaw,
      minAmountOutRaw: 0n,
      deadlineSeconds: intent.deadlineSeconds,
    })
    return probability.allStepsSucceed * probability.withinDeadline
  }
  const minAmountOutRaw = intent.minAmountOutRaw ?? slippageMinimum(intent, builds.map(({ built }) => ({ built, onTime: onTime(built) })))
  const candidates = builds.map(({ built, strategy }) => judge(context, built, strategy, minAmountOutRaw))
  const ranked = [...candidates].sort(compareCandidates(intent, tokenOut))
  const minProbability = intent.minProbability
  const eligible = minProbability === undefined ? ranked : ranked.filter((candidate) => probabilityOf(candidate) >= minProbability)
  const bestCandidate = eligible[0] ?? ranked[0]!
  const plans = new Map<Candidate, Plan>()
  const toPlan = (candidate: Candidate): Plan => {
    let plan = plans.get(candidate)
    if (!plan) {
      const { built, strategy, outcome } = candidate
      plan = evaluatePlan({ index, graph, intent, built, strategy, minAmountOutRaw: candidate.minAmountOutRaw, outcome })
      plans.set(candidate, plan)
    }
    return plan
  }
  const best = toPlan(bestCandidate)
  const alternatives = labelAlternatives(bestCandidate, ranked, tokenOut).map(({ labels, candidate }) => ({ labels, plan: toPlan(candidate) }))
  const infeasible = (reason: string): QuoteIntentReturnType => ({
    status: 'infeasible',
    code: 'INFEASIBLE_CONSTRAINTS',
    reason,
    bestPlan: best,
    alternatives,
    candidatesEvaluated: candidates.length,
  })

  if (minProbability !== undefined && eligible.length === 0) {
    const top = Math.max(...ranked.map(probabilityOf))
    return infeasible(`Best achievable probability ${formatProbability(top)} < required ${formatProbability(minProbability)}.`)
  }
  if (intent.minAmountOutRaw !== undefined && ranked.every((candidate) => candidate.built.amountOutRaw < intent.minAmountOutRaw!)) {
    const top = ranked.reduce((max, candidate) => (candidate.built.amountOutRaw > max ? candidate.built.amountOutRaw : max), 0n)
    return infeasible(
      `Best expected output ${formatAmount(top, tokenOut.decimals)} ${tokenOut.symbol} < minimum ${formatAmount(intent.minAmountOutRaw, tokenOut.decimals)} ${tokenOut.symbol}.`,
    )
  }
  if (intent.deadlineSeconds !== undefined && ranked.every((candidate) => candidate.outcome.probability.withinDeadline < 0.01)) {
    const fastest = Math.min(...ranked.map((candidate) => candidate.outcome.expectedDurationSeconds))
    return infeasible(
      `No plan completes within the ${intent.deadlineSeconds} s deadline: the fastest is expected to take ${Math.round(fastest)} s.`,
    )
  }
  return { status: 'ok', plan: best, alternatives, candidatesEvaluated: candidates.length }
}
