// Stage 4 of quoteIntent: the best candidate for the intent's objective, the labelled alternatives,
// the Pareto frontier of (expected output, outcome probability, p95 duration), and — when nothing
// meets the intent's constraints — a true reason naming the best achievable point and what to relax.
import { formatAmount } from '../amounts.ts'
import { enumeratePaths } from '../paths/enumeratePaths.ts'
import type { EdgeSet } from './describeEdges.ts'
import { describeAsset, formatPercent, formatProbability, formatSeconds } from './describeOutcome.ts'
import { type JudgedCandidate, outcomeAtDeadline, PROBABILITY_TIE } from './judgeCandidates.ts'
import type { QuoteContext } from './prepareQuote.ts'

export type AlternativeLabel = 'best' | 'cheapest' | 'fastest' | 'safest'

/** Frontier points at most (the extremes and the chosen plan are always among them). */
export const MAX_FRONTIER_POINTS = 6

export interface ChooseCandidateReturnType {
  readonly best: JudgedCandidate
  readonly ranked: readonly JudgedCandidate[]
  readonly alternatives: ReadonlyArray<{ readonly labels: AlternativeLabel[]; readonly candidate: JudgedCandidate }>
  /** Pareto-optimal candidates, most likely first (so fastest/cheapest towards the end). */
  readonly frontier: readonly JudgedCandidate[]
  /** Set when the intent's constraints cannot be met. */
  readonly infeasibleReason?: string
}

const probabilityOf = (candidate: JudgedCandidate) => candidate.outcome.probability.total

/** Orders candidates best first for the intent's objective. */
export function compareCandidates(context: QuoteContext): (a: JudgedCandidate, b: JudgedCandidate) => number {
  const byValue = (a: JudgedCandidate, b: JudgedCandidate) => b.netValue - a.netValue
  const byProbability = (a: JudgedCandidate, b: JudgedCandidate) => probabilityOf(b) - probabilityOf(a)
  const byStrategy = (a: JudgedCandidate, b: JudgedCandidate) => (a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0)
  if ((context.intent.objective ?? 'probability') === 'output') return (a, b) => byValue(a, b) || byProbability(a, b) || byStrategy(a, b)
  return (a, b) => (Math.abs(probabilityOf(a) - probabilityOf(b)) > PROBABILITY_TIE ? byProbability(a, b) : byValue(a, b) || byStrategy(a, b))
}

/** Candidates no other beats on all of value, probability and p95 duration (ties kept once). */
export function paretoFrontier(candidates: readonly JudgedCandidate[]): JudgedCandidate[] {
  const dominates = (a: JudgedCandidate, b: JudgedCandidate) =>
    a.netValue >= b.netValue &&
    probabilityOf(a) >= probabilityOf(b) &&
    a.outcome.p95DurationSeconds <= b.outcome.p95DurationSeconds &&
    (a.netValue > b.netValue || probabilityOf(a) > probabilityOf(b) || a.outcome.p95DurationSeconds < b.outcome.p95DurationSeconds)
  const frontier = candidates.filter((candidate) => !candidates.some((other) => other !== candidate && dominates(other, candidate)))
  return frontier.sort((a, b) => probabilityOf(b) - probabilityOf(a) || b.netValue - a.netValue)
}

function thin(frontier: JudgedCandidate[], keep: JudgedCandidate): JudgedCandidate[] {
  if (frontier.length <= MAX_FRONTIER_POINTS) return frontier
  // Keep the chosen plan, the most likely, the most valuable and the fastest; fill by even spacing.
  const must = new Set<JudgedCandidate>([
    keep,
    frontier[0]!,
    frontier.reduce((top, c) => (c.netValue > top.netValue ? c : top)),
    frontier.reduce((top, c) => (c.outcome.p95DurationSeconds < top.outcome.p95DurationSeconds ? c : top)),
  ])
  const rest = frontier.filter((c) => !must.has(c))
  const room = MAX_FRONTIER_POINTS - must.size
  const step = rest.length / Math.max(1, room)
  for (let i = 0; i < room && i * step < rest.length; i++) must.add(rest[Math.floor(i * step)]!)
  return frontier.filter((c) => must.has(c))
}

function labelAlternatives(best: JudgedCandidate, candidates: readonly JudgedCandidate[]) {
  const pick = (score: (candidate: JudgedCandidate) => number) => candidates.reduce((top, candidate) => (score(candidate) > score(top) ? candidate : top))
  const winners: Array<[AlternativeLabel, JudgedCandidate]> = [
    ['best', best],
    ['cheapest', pick((candidate) => candidate.netValue)],
    ['fastest', pick((candidate) => -candidate.outcome.expectedDurationSeconds)],
    ['safest', pick(probabilityOf)],
  ]
  const alternatives: Array<{ labels: AlternativeLabel[]; candidate: JudgedCandidate }> = []
  for (const [label, candidate] of winners) {
    const existing = alternatives.find((alternative) => alternative.candidate === candidate)
    if (existing) existing.labels.push(label)
    else alternatives.push({ labels: [label], candidate })
  }
  return alternatives
}

/** Deadlines tried when suggesting what to relax, as multiples of the intent's. */
const RELAX_FACTORS = [1.5, 2, 3, 5, 10, 30, 60, 120]

/**
 * The shortest deadline (among RELAX_FACTORS × the intent's, up to a day or the venues' reach) at which
 * one of the candidates reaches `target`, with that probability; undefined when none does.
 */
function relaxDeadline(context: QuoteContext, candidates: readonly JudgedCandidate[], target: number): { deadlineSeconds: number; probability: number } | undefined {
  const deadline = context.intent.deadlineSeconds
  if (deadline === undefined) return undefined
  for (const factor of RELAX_FACTORS) {
    const longer = Math.ceil(deadline * factor)
    let best = 0
    for (const candidate of candidates) best = Math.max(best, outcomeAtDeadline(context, candidate, longer).probability.total)
    if (best >= target) return { deadlineSeconds: longer, probability: best }
  }
  return undefined
}

/** The fastest single route over every edge the intent allows, by expected duration (exact: a plan's duration is at least its slowest route's). */
function fastestRouteSeconds(context: QuoteContext, edgeSet: EdgeSet): number | undefined {
  const [path] = enumeratePaths(context.graph, {
    source: context.source,
    sink: context.sink,
    k: 1,
    maxHops: context.maxHops,
    edgeCost: (key) => edgeSet.edges.get(key)?.latencySeconds ?? Infinity,
  })
  return path?.cost
}

export function chooseCandidate(context: QuoteContext, candidates: readonly JudgedCandidate[], edgeSet: EdgeSet): ChooseCandidateReturnType {
  const { intent, tokenOut, index } = context
  const ranked = [...candidates].sort(compareCandidates(context))
  const minProbability = intent.minProbability
  const eligible = minProbability === undefined ? ranked : ranked.filter((candidate) => probabilityOf(candidate) >= minProbability)
  const best = eligible[0] ?? ranked[0]!
  const alternatives = labelAlternatives(best, ranked)
  const frontier = thin(paretoFrontier(ranked), best)
  const result = { best, ranked, alternatives, frontier }
  const mostLikely = ranked.reduce((top, c) => (probabilityOf(c) > probabilityOf(top) ? c : top))
  const point = (c: JudgedCandidate) =>
    `${formatAmount(c.built.amountOutRaw, tokenOut.decimals)} ${tokenOut.symbol} expected, ${formatPercent(probabilityOf(c))}, p95 ${formatSeconds(c.outcome.p95DurationSeconds)}`

  if (minProbability !== undefined && eligible.length === 0) {
    const relax = relaxDeadline(context, ranked.slice(0, 4), minProbability)
    return {
      ...result,
      infeasibleReason:
        `Best achievable probability ${formatProbability(probabilityOf(mostLikely))} < required ${formatProbability(minProbability)} (most likely plan: ${point(mostLikely)}).` +
        (relax ? ` A ${relax.deadlineSeconds} s deadline gives ${formatPercent(relax.probability)}.` : ''),
    }
  }
  if (intent.minAmountOutRaw !== undefined && ranked.every((candidate) => candidate.built.amountOutRaw < intent.minAmountOutRaw!)) {
    const top = ranked.reduce((max, candidate) => (candidate.built.amountOutRaw > max ? candidate.built.amountOutRaw : max), 0n)
    return {
      ...result,
      infeasibleReason: `Best expected output ${formatAmount(top, tokenOut.decimals)} ${tokenOut.symbol} < minimum ${formatAmount(intent.minAmountOutRaw, tokenOut.decimals)} ${tokenOut.symbol}.`,
    }
  }
  if (intent.deadlineSeconds !== undefined && ranked.every((candidate) => candidate.outcome.probability.withinDeadline < 0.01)) {
    const fastest = fastestRouteSeconds(context, edgeSet)
    const relax = relaxDeadline(context, ranked.slice(0, 4), 0.9)
    return {
      ...result,
      infeasibleReason:
        `No plan completes within the ${intent.deadlineSeconds} s deadline: the fastest route from ${describeAsset(index, context.tokenIn)} to ${describeAsset(index, tokenOut)} is expected to take ${Math.round(fastest ?? Infinity)} s.` +
        (relax ? ` A ${relax.deadlineSeconds} s deadline gives ${formatPercent(relax.probability)}.` : ''),
    }
  }
  return result
}
