// The hop-limited graph of an intent: every venue direction that lies on some source→sink walk of at
// most `maxSteps` edges, with the hop positions (layers) at which it can be used. Independent of the
// planner's path ranking: it is plain breadth-first search over the whole market graph.
import type { MarketGraph } from '../../solver/graph/buildMarketGraph.ts'
import type { AssetKey, Venue } from '../../solver/market/types.ts'
import type { Intent } from '../../solver/model/intent.ts'

export interface HopLimitedEdge {
  readonly edge: string
  readonly from: AssetKey
  readonly to: AssetKey
  readonly venue: Venue
  /** Hop positions 1…maxSteps at which the edge can sit on a source→sink walk of ≤ maxSteps edges. */
  readonly layers: readonly number[]
}

export interface ListHopLimitedEdgesParameters {
  readonly graph: MarketGraph
  readonly source: AssetKey
  readonly sink: AssetKey
  readonly maxSteps: number
  /** Edges for which this returns false are left out (intent allow/deny lists, slow venues). */
  readonly admits?: (venue: Venue) => boolean
}

/** Hop distances over the admitted edges, from `start` forwards (or backwards to it). */
function hopDistances(graph: MarketGraph, start: string, forwards: boolean, admitted: ReadonlySet<string>): Map<string, number> {
  const distance = new Map<string, number>([[start, 0]])
  let frontier = [start]
  while (frontier.length > 0) {
    const next: string[] = []
    for (const node of frontier)
      for (const edge of forwards ? graph.outEdges(node) : graph.inEdges(node)) {
        if (!admitted.has(edge)) continue
        const other = forwards ? graph.target(edge) : graph.source(edge)
        if (!distance.has(other)) {
          distance.set(other, distance.get(node)! + 1)
          next.push(other)
        }
      }
    frontier = next
  }
  return distance
}

/**
 * Edge e = (u → v) can be hop k of a walk of ≤ maxSteps edges iff dist(source, u) ≤ k − 1 and
 * k + dist(v, sink) ≤ maxSteps. Edges into the source or out of the sink are left out: a plan never
 * profits from returning to its input or leaving its output (no arbitrage across the market's own
 * consistent prices), and leaving them out keeps the layered program acyclic at the ends.
 * Sorted by edge key, so programs built from the list are deterministic.
 */
export function listHopLimitedEdges(parameters: ListHopLimitedEdgesParameters): HopLimitedEdge[] {
  const { graph, source, sink, maxSteps } = parameters
  const admits = parameters.admits ?? (() => true)
  const admitted = new Set<string>()
  graph.forEachEdge((edge, attributes) => {
    if (attributes.to !== source && attributes.from !== sink && admits(attributes.venue)) admitted.add(edge)
  })
  const fromSource = hopDistances(graph, source, true, admitted)
  const toSink = hopDistances(graph, sink, false, admitted)
  const edges: HopLimitedEdge[] = []
  for (const edge of [...admitted].sort()) {
    const { from, to, venue } = graph.getEdgeAttributes(edge)
    const before = fromSource.get(from)
    const after = toSink.get(to)
    if (before === undefined || after === undefined) continue
    const layers: number[] = []
    for (let k = before + 1; k + after <= maxSteps; k++) layers.push(k)
    if (layers.length > 0) edges.push({ edge, from, to, venue, layers })
  }
  return edges
}

/** True unless the intent's allowBridges/denyBridges/allowNetworks/denyNetworks rule the venue out. */
export function intentAdmitsVenue(intent: Intent, venue: Venue): boolean {
  const chains = venue.kind === 'bridge' ? [venue.from.chainId, venue.to.chainId] : [venue.chainId]
  if (intent.denyNetworks?.some((chainId) => chains.includes(chainId))) return false
  if (intent.allowNetworks && !chains.every((chainId) => intent.allowNetworks!.includes(chainId))) return false
  if (venue.kind === 'bridge') {
    const named = (id: string) => id === venue.id || id === venue.protocol
    if (intent.denyBridges?.some(named)) return false
    if (intent.allowBridges && !intent.allowBridges.some(named)) return false
  }
  return true
}
