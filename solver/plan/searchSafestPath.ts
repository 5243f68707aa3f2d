// The single path with the highest outcome probability, by branch and bound over every simple
// hop-limited path: each path has a cheap upper bound on its probability, paths are scored exactly
// in the order of their bounds, and the search stops when no remaining bound can beat the best.
// The planner's answer is therefore never less likely than any single-path plan it enumerated.
import { floatToRaw } from '../amounts.ts'
import { getToken } from '../market/indexMarket.ts'
import { estimateOutcomeProbability, type EstimateOutcomeProbabilityReturnType } from '../risk/estimateOutcomeProbability.ts'
import { normalCdf } from '../risk/normal.ts'
import { venueLatency } from '../risk/venueLatency.ts'
import type { BuildStepsReturnType } from './buildSteps.ts'
import type { EdgeDescription } from './describeEdges.ts'
import type { QuoteContext } from './prepareQuote.ts'
import { buildExact } from './searchSplit.ts'

/** Simple paths enumerated at most; a market with more paths than this is searched over the first ones found. */
export const MAX_ENUMERATED_PATHS = 20_000
/** Paths scored exactly at most (each an exact build and a probability estimate, ~0.2 ms). */
export const MAX_SCORED_PATHS = 300

export interface SearchSafestPathReturnType {
  readonly built: BuildStepsReturnType
  readonly outcome: EstimateOutcomeProbabilityReturnType
  /** True when every path's bound was below the result's probability (the search proved it best). */
  readonly proven: boolean
  readonly pathsEnumerated: number
  readonly pathsScored: number
}

/** Simple paths source → sink over `edges` with at most maxHops edges, in a deterministic order. */
export function enumerateSimplePaths(context: QuoteContext, edges: ReadonlyMap<string, EdgeDescription>, limit = MAX_ENUMERATED_PATHS): { paths: EdgeDescription[][]; complete: boolean } {
  const outgoing = new Map<string, EdgeDescription[]>()
  for (const edge of edges.values()) {
    const list = outgoing.get(edge.from)
    if (list) list.push(edge)
    else outgoing.set(edge.from, [edge])
  }
  for (const list of outgoing.values()) list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const paths: EdgeDescription[][] = []
  const onPath = new Set<string>([context.source])
  const stack: EdgeDescription[] = []
  let complete = true
  const visit = (node: string) => {
    if (paths.length >= limit) {
      complete = false
      return
    }
    if (node === context.sink) {
      paths.push([...stack])
      return
    }
    if (stack.length >= context.maxHops) return
    for (const edge of outgoing.get(node) ?? []) {
      if (onPath.has(edge.to)) continue
      onPath.add(edge.to)
      stack.push(edge)
      visit(edge.to)
      stack.pop()
      onPath.delete(edge.to)
    }
  }
  visit(context.source)
  return { paths, complete }
}

/** P(a bridge's fill alone is within the deadline); 1 for other venues or without a deadline. */
function fillWithinDeadline(context: QuoteContext, edge: EdgeDescription): number {
  const deadline = context.intent.deadlineSeconds
  if (deadline === undefined || edge.venue.kind !== 'bridge') return 1
  const token = getToken(context.index, edge.from)
  const amountInRaw = token.priceUsd > 0 ? floatToRaw(context.amountUsd / token.priceUsd, token.decimals) : undefined
  const fill = venueLatency(context.index, edge.venue, amountInRaw === undefined ? {} : { amountInRaw }).fill
  if (!fill) return 1
  return fill.sigma > 0 ? normalCdf((Math.log(deadline) - fill.mu) / fill.sigma) : deadline >= Math.exp(fill.mu) ? 1 : 0
}

/**
 * P(success) × P(the slowest bridge fill alone is within the deadline): an upper bound on a path's
 * outcome probability, since the path takes at least each of its fills and its price factor is ≤ 1.
 * `within` memoises the per-edge factor (it does not depend on the path).
 */
function probabilityBound(context: QuoteContext, path: readonly EdgeDescription[], within: Map<string, number>): number {
  let bound = 1
  let slowest = 1
  for (const edge of path) {
    bound *= edge.successProbability
    let p = within.get(edge.key)
    if (p === undefined) {
      p = fillWithinDeadline(context, edge)
      within.set(edge.key, p)
    }
    slowest = Math.min(slowest, p)
  }
  return bound * slowest
}

/**
 * The most likely single-path plan against `minAmountOutRaw` among those that may beat `floor`, or
 * undefined when none does (then no single path is more likely than the plan behind `floor`).
 * Note: a bridge's tier is chosen by the trade's full size in the bound, which is the size a single
 * path carries, so the bound is exact in that respect.
 */
export function searchSafestPath(
  context: QuoteContext,
  edges: ReadonlyMap<string, EdgeDescription>,
  minAmountOutRaw: bigint,
  /** Probability of a plan already found: only paths that may beat it are scored. */
  floor = -Infinity,
): SearchSafestPathReturnType | undefined {
  const { paths, complete } = enumerateSimplePaths(context, edges)
  const within = new Map<string, number>()
  const bounded = paths
    .map((path) => ({ path, bound: probabilityBound(context, path, within), key: path.map((edge) => edge.key).join() }))
    .sort((a, b) => b.bound - a.bound || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  let best: { built: BuildStepsReturnType; outcome: EstimateOutcomeProbabilityReturnType } | undefined
  let scored = 0
  let proven = complete
  const bar = () => Math.max(floor, best?.outcome.probability.total ?? -Infinity)
  for (const { path, bound } of bounded) {
    if (bound <= bar()) break
    if (scored >= MAX_SCORED_PATHS) {
      proven = false
      break
    }
    const built = buildExact(context, new Map(path.map((edge) => [edge.key, 1])))
    if (!built) continue
    // A path expected to deliver less than the minimum reaches it with probability below ½ (its
    // log deviation is a centred normal given the times; MODEL.md §4.2), so its bound halves.
    if (built.amountOutRaw < minAmountOutRaw && bound / 2 <= bar()) continue
    scored += 1
    const outcome = estimateOutcomeProbability({
      index: context.index,
      steps: built.steps,
      expectedAmountOutRaw: built.amountOutRaw,
      minAmountOutRaw,
      deadlineSeconds: context.intent.deadlineSeconds,
    })
    if (!best || outcome.probability.total > best.outcome.probability.total) best = { built, outcome }
  }
  return best ? { ...best, proven, pathsEnumerated: paths.length, pathsScored: scored } : undefined
}
