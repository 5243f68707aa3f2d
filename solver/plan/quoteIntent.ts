// The planner's entry point: intent + market → the plan that maximises the outcome probability (or
// the expected output), the frontier of output, probability and time, labelled alternatives, or a
// true reason why nothing meets the constraints. A short pipeline of exported, separately tested
// stages:
//   prepareQuote (resolve) → generateCandidates (a value-optimal split per latency class, by column
//   generation over the whole hop-limited graph) → judgeCandidates (one minimum; outcome of each;
//   the most likely single path) → chooseCandidate (objective, frontier, reasons) → evaluatePlan
//   (schedule of the plans returned).
import { assetKey } from '../market/assetKey.ts'
import type { Market } from '../market/types.ts'
import { describeCapacityLimits } from '../venues/describeCapacityLimits.ts'
import type { Intent } from '../model/intent.ts'
import { chooseCandidate, type AlternativeLabel } from './chooseCandidate.ts'
import { describeEdges } from './describeEdges.ts'
import { describeAsset } from './describeOutcome.ts'
import { evaluatePlan } from './evaluatePlan.ts'
import { generateCandidates, type SearchSummary } from './generateCandidates.ts'
import { judgeCandidates, type JudgedCandidate } from './judgeCandidates.ts'
import { prepareQuote, type QuoteOptions } from './prepareQuote.ts'
import type { Plan } from '../model/plan.ts'

export { DEFAULT_MAX_HOPS } from './prepareQuote.ts'
export type { AlternativeLabel } from './chooseCandidate.ts'
export type QuoteIntentOptions = QuoteOptions

export interface PlanAlternative {
  readonly labels: readonly AlternativeLabel[]
  readonly plan: Plan
}

/** One point of the output/probability/time frontier: a plan summary without its schedule. */
export interface FrontierPoint {
  readonly strategy: string
  readonly expectedAmountOutRaw: bigint
  readonly minAmountOutRaw: bigint
  readonly outcomeProbability: number
  readonly expectedDurationSeconds: number
  readonly p95DurationSeconds: number
  readonly gasCostUsd: number
  readonly steps: number
  /** Venue ids of each route and the input it carries. */
  readonly routes: ReadonlyArray<{ readonly venueIds: readonly string[]; readonly share: number }>
  /** True for the plan returned as `plan`. */
  readonly chosen: boolean
}

interface QuoteIntentCommon {
  readonly alternatives: readonly PlanAlternative[]
  /** Pareto-optimal plans over (expected output, outcome probability, p95 duration), most likely first. */
  readonly frontier: readonly FrontierPoint[]
  readonly candidatesEvaluated: number
  readonly search?: SearchSummary
}

export type QuoteIntentReturnType =
  | (QuoteIntentCommon & {
      readonly status: 'ok'
      readonly plan: Plan
    })
  | (QuoteIntentCommon & {
      readonly status: 'noRoute' | 'infeasible'
      readonly code: 'NO_ROUTE' | 'INFEASIBLE_CONSTRAINTS'
      readonly reason: string
      /** The best plan found, which misses the constraints (absent when there is no route). */
      readonly bestPlan?: Plan
    })

/**
 * Plans an intent on a market. Input errors (unknown token, bad amount) throw Accord errors with the
 * field path; "no route" and "infeasible constraints" are returned as values with a reason.
 * Deterministic: no clock, no unseeded randomness, bounded iteration counts.
 *
 * @example
 * const result = quoteIntent(market, { from: { chainId: 8453, token: usdc }, to: { chainId: 42161, token: weth }, amountInRaw: 250_000_000_000n, deadlineSeconds: 600 })
 */
export function quoteIntent(market: Market, intent: Intent, options: QuoteIntentOptions = {}): QuoteIntentReturnType {
  const context = prepareQuote(market, intent, options)
  const { index, tokenIn, tokenOut, maxHops } = context
  // Venues slower than the latency limit (a day, or the deadline) are used only when nothing else
  // reaches the target, to tell "no route at all" from "no route in time".
  let edgeSet = describeEdges(context)
  if (edgeSet.edges.size === 0) edgeSet = describeEdges(context, { anyLatency: true })
  const noRoute = (reason: string): QuoteIntentReturnType => ({ status: 'noRoute', code: 'NO_ROUTE', reason, alternatives: [], frontier: [], candidatesEvaluated: 0 })
  if (edgeSet.edges.size === 0) {
    const constrained = intent.allowBridges || intent.denyBridges || intent.allowNetworks || intent.denyNetworks
    return noRoute(`No path from ${describeAsset(index, tokenIn)} to ${describeAsset(index, tokenOut)} within ${maxHops} hops${constrained ? ' using the allowed bridges and networks' : ''}.`)
  }
  const generated = generateCandidates(context, edgeSet)
  if (generated.builds.length === 0 && generated.solverFailure) throw generated.solverFailure
  if (generated.builds.length === 0) {
    const limits = describeCapacityLimits(index, edgeSet.edges.values(), assetKey(tokenIn.chainId, tokenIn.address), intent.amountInRaw)
    return noRoute(`Every path from ${describeAsset(index, tokenIn)} to ${describeAsset(index, tokenOut)} delivers nothing for this amount${limits === undefined ? '' : `: ${limits}`}.`)
  }
  const judged = judgeCandidates(context, generated.builds, edgeSet)
  const choice = chooseCandidate(context, judged.candidates, edgeSet)

  const plans = new Map<JudgedCandidate, Plan>()
  const toPlan = (candidate: JudgedCandidate): Plan => {
    let plan = plans.get(candidate)
    if (!plan) {
      const { built, strategy, outcome, minAmountOutRaw } = candidate
      plan = evaluatePlan({ index, graph: context.graph, intent, built, strategy, minAmountOutRaw, outcome })
      plans.set(candidate, plan)
    }
    return plan
  }
  const best = toPlan(choice.best)
  const common: QuoteIntentCommon = {
    alternatives: choice.alternatives.map(({ labels, candidate }) => ({ labels, plan: toPlan(candidate) })),
    frontier: choice.frontier.map((candidate) => ({
      strategy: candidate.strategy,
      expectedAmountOutRaw: candidate.built.amountOutRaw,
      minAmountOutRaw: candidate.minAmountOutRaw,
      outcomeProbability: candidate.outcome.probability.total,
      expectedDurationSeconds: candidate.outcome.expectedDurationSeconds,
      p95DurationSeconds: candidate.outcome.p95DurationSeconds,
      gasCostUsd: candidate.built.steps.reduce((sum, step) => sum + step.gasCostUsd, 0),
      steps: candidate.built.steps.length,
      routes: candidate.built.routes.map((route) => ({ venueIds: route.edges.map((edge) => context.graph.getEdgeAttribute(edge, 'venueId')), share: route.share })),
      chosen: candidate === choice.best,
    })),
    candidatesEvaluated: judged.candidates.length,
    search: generated.summary,
  }
  if (choice.infeasibleReason !== undefined)
    return { status: 'infeasible', code: 'INFEASIBLE_CONSTRAINTS', reason: choice.infeasibleReason, bestPlan: best, ...common }
  return { status: 'ok', plan: best, ...common }
}
