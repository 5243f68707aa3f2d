// Time as a decision variable: the edge sets a plan may be restricted to, one per latency class.
// Every distinct expected venue latency is a threshold; the class of threshold τ holds the edges no
// slower than τ that still lie on a hop-limited source → sink walk inside the class. A value-optimal
// split over each class gives the best plan of each speed; the probability objective then picks
// among them with the exact risk model (so a 14 s plan is seen beside a 5-minute one).
import { hopDistances, type EdgeDescription, type EdgeSet } from './describeEdges.ts'
import type { QuoteContext } from './prepareQuote.ts'

/** Thresholds closer than this factor to the previous class's are merged into it (its slower end). */
export const LATENCY_CLASS_RATIO = 1.5

export interface LatencyClass {
  /** Slowest expected venue latency in the class, seconds. */
  readonly maxLatencySeconds: number
  readonly edges: ReadonlyMap<string, EdgeDescription>
}

/** The edges of `edges` that pass `keep` and lie on a source → sink walk of at most maxHops edges among themselves. */
export function restrictEdges(context: QuoteContext, edges: Iterable<EdgeDescription>, keep: (edge: EdgeDescription) => boolean): Map<string, EdgeDescription> {
  const kept = [...edges].filter(keep)
  const fromSource = hopDistances(context.source, kept, false, context.maxHops)
  const toSink = hopDistances(context.sink, kept, true, context.maxHops)
  const result = new Map<string, EdgeDescription>()
  for (const edge of kept) {
    const before = fromSource.get(edge.from)
    const after = toSink.get(edge.to)
    if (before !== undefined && after !== undefined && before + 1 + after <= context.maxHops) result.set(edge.key, edge)
  }
  return result
}

/**
 * The latency classes of an intent, fastest first; the last holds every edge of `edgeSet`. A
 * threshold that adds no edge on a hop-limited walk is skipped, and thresholds within
 * LATENCY_CLASS_RATIO of the previous class's are merged into it. The classes depend on the market
 * and the intent's route constraints, never on its deadline or minimum, so a longer deadline sees
 * the same plans, each with a probability at least as high.
 */
export function latencyClasses(context: QuoteContext, edgeSet: EdgeSet): LatencyClass[] {
  const all = [...edgeSet.edges.values()]
  const thresholds = [...new Set(all.map((edge) => edge.latencySeconds))].sort((a, b) => a - b)
  const classes: LatencyClass[] = []
  let previousSize = 0
  let groupStart = 0
  for (const threshold of thresholds) {
    const edges = restrictEdges(context, all, (edge) => edge.latencySeconds <= threshold)
    if (edges.size === 0 || edges.size === previousSize) continue
    previousSize = edges.size
    if (classes.length > 0 && threshold <= groupStart * LATENCY_CLASS_RATIO) classes[classes.length - 1] = { maxLatencySeconds: threshold, edges }
    else {
      groupStart = threshold
      classes.push({ maxLatencySeconds: threshold, edges })
    }
  }
  return classes
}
