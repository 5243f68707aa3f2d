// Stage 3 of quoteIntent: one minimum for every candidate, each candidate's outcome against it, and
// the most likely single-path plan against it (searchSafestPath.ts) as one more candidate.
import { estimateOutcomeProbability, type EstimateOutcomeProbabilityReturnType } from '../risk/estimateOutcomeProbability.ts'
import type { BuildStepsReturnType } from './buildSteps.ts'
import type { EdgeSet } from './describeEdges.ts'
import { resolveMinAmountOut } from './evaluatePlan.ts'
import type { CandidateBuild } from './generateCandidates.ts'
import type { QuoteContext } from './prepareQuote.ts'
import { netValueOf } from './searchSplit.ts'
import { searchSafestPath } from './searchSafestPath.ts'

/** Probabilities closer than this count as a tie, broken by expected output. */
export const PROBABILITY_TIE = 1e-3
/** The quote a slippage applies to comes from candidates at least this likely to finish in time. */
export const QUOTE_ON_TIME_FLOOR = 0.9

export interface JudgedCandidate extends CandidateBuild {
  readonly minAmountOutRaw: bigint
  readonly outcome: EstimateOutcomeProbabilityReturnType
}

export interface JudgeCandidatesReturnType {
  readonly candidates: readonly JudgedCandidate[]
  readonly minAmountOutRaw: bigint
  /** Whether the single-path search proved its path the most likely of all single paths. */
  readonly safestPathProven: boolean
  readonly singlePathsEnumerated: number
}

function outcomeOf(context: QuoteContext, built: BuildStepsReturnType, minAmountOutRaw: bigint, deadlineSeconds = context.intent.deadlineSeconds) {
  return estimateOutcomeProbability({ index: context.index, steps: built.steps, expectedAmountOutRaw: built.amountOutRaw, minAmountOutRaw, deadlineSeconds })
}

/**
 * The minimum every candidate is judged against when the intent states a slippage (or takes the
 * default) rather than a minimum: the slippage below the quote, the best expected output among the
 * candidates that finish in time with probability at least QUOTE_ON_TIME_FLOOR (or, if none does,
 * as often as the best). Judging each plan against its own expected output instead would make a plan
 * delivering 3 % less look as likely to "succeed" as the best. `onTime` is P(every step succeeds
 * and the plan finishes by the deadline), which does not depend on the minimum.
 */
export function slippageMinimum(context: QuoteContext, builds: readonly CandidateBuild[]): bigint {
  const onTime = builds.map(({ built }) => {
    const { probability } = outcomeOf(context, built, 0n)
    return { built, onTime: probability.allStepsSucceed * probability.withinDeadline }
  })
  const floor = Math.min(QUOTE_ON_TIME_FLOOR, Math.max(...onTime.map((candidate) => candidate.onTime)) - PROBABILITY_TIE)
  let quote = 0n
  for (const { built, onTime: p } of onTime) if (p >= floor && built.amountOutRaw > quote) quote = built.amountOutRaw
  return resolveMinAmountOut(context.intent, quote)
}

/** Judges `builds` against one minimum and adds the most likely single path. */
export function judgeCandidates(context: QuoteContext, builds: readonly CandidateBuild[], edgeSet: EdgeSet): JudgeCandidatesReturnType {
  const minAmountOutRaw = context.intent.minAmountOutRaw ?? slippageMinimum(context, builds)
  const candidates: JudgedCandidate[] = builds.map((build) => ({ ...build, minAmountOutRaw, outcome: outcomeOf(context, build.built, minAmountOutRaw) }))
  const floor = Math.max(...candidates.map((candidate) => candidate.outcome.probability.total))
  const safest = searchSafestPath(context, edgeSet.edges, minAmountOutRaw, floor)
  if (safest) {
    const key = (built: BuildStepsReturnType) => built.steps.map((step) => `${step.venueId}:${step.amountInRaw}`).join('|')
    if (!candidates.some((candidate) => key(candidate.built) === key(safest.built)))
      candidates.push({ built: safest.built, strategy: 'safest-path', netValue: netValueOf(context, safest.built), minAmountOutRaw, outcome: safest.outcome })
  }
  return { candidates, minAmountOutRaw, safestPathProven: safest?.proven ?? true, singlePathsEnumerated: safest?.pathsEnumerated ?? 0 }
}

/** A candidate's outcome at another deadline (for "what to relax"). */
export function outcomeAtDeadline(context: QuoteContext, candidate: JudgedCandidate, deadlineSeconds: number): EstimateOutcomeProbabilityReturnType {
  return outcomeOf(context, candidate.built, candidate.minAmountOutRaw, deadlineSeconds)
}
