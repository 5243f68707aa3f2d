// The venue directions an intent may use, each with what the search needs to know about it: its
// float curve, fixed costs, expected latency and success probability. Only edges that lie on some
// walk from the source to the sink with at most `maxHops` edges are kept: no other edge can carry
// flow of a hop-limited plan (proof: an edge u → v on a plan's path has a prefix of ≥ d_s(u) hops
// and a suffix of ≥ d_t(v) hops, so d_s(u) + 1 + d_t(v) ≤ maxHops).
import { gasCostInTokenUnits } from '../pricing/deriveTokenPrices.ts'
import { floatToRaw } from '../amounts.ts'
import { getNetwork, getToken } from '../market/indexMarket.ts'
import type { AssetKey, Venue } from '../market/types.ts'
import { estimateVenueLatencySeconds } from '../risk/estimateVenueLatencySeconds.ts'
import { estimateVenueSuccessProbability } from '../risk/estimateVenueSuccessProbability.ts'
import { venueCurve, type VenueCurve } from '../venues/venueCurve.ts'
import type { QuoteContext } from './prepareQuote.ts'
import { DEFAULT_MAX_VENUE_LATENCY_SECONDS, isVenueExcluded } from './rankEdges.ts'

export interface EdgeDescription {
  readonly key: string
  readonly venue: Venue
  readonly from: AssetKey
  readonly to: AssetKey
  readonly curve: VenueCurve
  readonly priceIn: number
  readonly priceOut: number
  /** Gas of one use, USD. */
  readonly gasUsd: number
  /** Gas plus the venue's fixed fee, in units of the intent's output token (the LP's fixed cost). */
  readonly fixedCostOut: number
  /** Expected duration of a trade of the whole intent's size through it, seconds. */
  readonly latencySeconds: number
  readonly successProbability: number
}

export interface EdgeSet {
  readonly edges: ReadonlyMap<string, EdgeDescription>
  /** Fewest hops from the source to each node, and from each node to the sink, over these edges. */
  readonly hopsFromSource: ReadonlyMap<string, number>
  readonly hopsToSink: ReadonlyMap<string, number>
}

/**
 * The longest a single venue may take for this intent: a day without a deadline (the 7-day
 * canonical withdrawals are left out, DEFAULT_MAX_VENUE_LATENCY_SECONDS), the deadline when it is
 * longer. It never shrinks as the deadline grows, so the candidates of a longer deadline include
 * those of a shorter one.
 */
export function maxVenueLatencySeconds(deadlineSeconds: number | undefined): number {
  return Math.max(DEFAULT_MAX_VENUE_LATENCY_SECONDS, deadlineSeconds ?? 0)
}

const cache = new WeakMap<QuoteContext, EdgeSet>()

/** Fewest hops (up to `limit`) from `start` over `edges` (forward, or backward with `reverse`). */
export function hopDistances(start: string, edges: Iterable<Pick<EdgeDescription, 'from' | 'to'>>, reverse: boolean, limit: number): Map<string, number> {
  const adjacency = new Map<string, string[]>()
  for (const edge of edges) {
    const [a, b] = reverse ? [edge.to, edge.from] : [edge.from, edge.to]
    const list = adjacency.get(a)
    if (list) list.push(b)
    else adjacency.set(a, [b])
  }
  const distance = new Map<string, number>([[start, 0]])
  let frontier = [start]
  for (let hops = 1; hops <= limit && frontier.length > 0; hops++) {
    const next: string[] = []
    for (const node of frontier)
      for (const neighbour of adjacency.get(node) ?? [])
        if (!distance.has(neighbour)) {
          distance.set(neighbour, hops)
          next.push(neighbour)
        }
    frontier = next
  }
  return distance
}

/**
 * Every edge the intent allows (allow/deny lists, latency at most maxVenueLatencySeconds) that lies
 * on a hop-limited source → sink walk, described once per quote. `options.anyLatency` keeps slow
 * edges too (to tell "no route" from "no route in time").
 */
export function describeEdges(context: QuoteContext, options: { readonly anyLatency?: boolean } = {}): EdgeSet {
  const cached = options.anyLatency ? undefined : cache.get(context)
  if (cached) return cached
  const { index, graph, intent, tokenOut, amountUsd, source, sink, maxHops } = context
  const latencyLimit = options.anyLatency ? Infinity : maxVenueLatencySeconds(intent.deadlineSeconds)
  // First the edges on a hop-limited walk among all allowed ones (cheap: endpoints only), then the
  // description of those alone: an edge off every such walk stays off it when slow or empty edges
  // are removed, so describing it would be wasted (most of a 2,000-pool market, for one intent).
  const allowed: Array<{ key: string; venue: Venue; from: AssetKey; to: AssetKey }> = []
  graph.forEachEdge((key, { venue, from, to }) => {
    if (from === sink || to === source || isVenueExcluded(intent, venue)) return
    allowed.push({ key, venue, from, to })
  })
  const reachableFromSource = hopDistances(source, allowed, false, maxHops)
  const reachableToSink = hopDistances(sink, allowed, true, maxHops)
  const all: EdgeDescription[] = []
  for (const { key, venue, from, to } of allowed) {
    const before = reachableFromSource.get(from)
    const after = reachableToSink.get(to)
    if (before === undefined || after === undefined || before + 1 + after > maxHops) continue
    const tokenIn = getToken(index, from)
    const amountInRaw = tokenIn.priceUsd > 0 ? floatToRaw(amountUsd / tokenIn.priceUsd, tokenIn.decimals) : undefined
    const latencySeconds = estimateVenueLatencySeconds(index, venue, amountInRaw)
    if (latencySeconds > latencyLimit) continue
    const network = getNetwork(index, venue.kind === 'bridge' ? venue.from.chainId : venue.chainId)
    const gasUsd = venue.gasUnits * (Number(network.gasPriceWei) / 1e18) * network.nativePriceUsd
    const curve = venueCurve(index, venue, from, to)
    if (!(curve.maxOutput > 0)) continue
    const priceOut = getToken(index, to).priceUsd
    all.push({
      key,
      venue,
      from,
      to,
      curve,
      priceIn: tokenIn.priceUsd,
      priceOut,
      gasUsd,
      fixedCostOut: gasCostInTokenUnits(gasUsd, tokenOut) + (curve.fixedFee * tokenIn.priceUsd) / tokenOut.priceUsd,
      latencySeconds,
      successProbability: estimateVenueSuccessProbability(index, venue),
    })
  }
  const hopsFromSource = hopDistances(source, all, false, maxHops)
  const hopsToSink = hopDistances(sink, all, true, maxHops)
  const edges = new Map<string, EdgeDescription>()
  for (const edge of all) {
    const before = hopsFromSource.get(edge.from)
    const after = hopsToSink.get(edge.to)
    if (before !== undefined && after !== undefined && before + 1 + after <= maxHops) edges.set(edge.key, edge)
  }
  const result = { edges, hopsFromSource, hopsToSink }
  if (!options.anyLatency) cache.set(context, result)
  return result
}
