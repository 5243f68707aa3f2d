// The market as a graphology multi-directed graph: nodes are (network, token) holdings, edges are
// venues in each tradable direction (a pool gives every ordered token pair, a bridge one edge).
import { MultiDirectedGraph } from 'graphology'
import type { AssetKey, Market, Venue } from '../market/types.ts'
import { assetKey } from '../market/assetKey.ts'
import { listVenueEdges } from '../venues/venueEdges.ts'

export interface HoldingAttributes {
  readonly chainId: number
  readonly token: string
}

export interface VenueEdgeAttributes {
  readonly venueId: string
  readonly venue: Venue
  readonly from: AssetKey
  readonly to: AssetKey
}

export type MarketGraph = MultiDirectedGraph<HoldingAttributes, VenueEdgeAttributes>

/** Key of the edge for `venueId` trading `from` into `to`. */
export function venueEdgeKey(venueId: string, from: AssetKey, to: AssetKey): string {
  return `${venueId}|${from}>${to}`
}

const cache = new WeakMap<Market, MarketGraph>()

/** Builds the graph of a market (cached per market object, which is immutable). */
export function buildMarketGraph(market: Market): MarketGraph {
  const cached = cache.get(market)
  if (cached) return cached
  const graph: MarketGraph = new MultiDirectedGraph()
  for (const token of market.tokens)
    graph.addNode(assetKey(token.chainId, token.address), { chainId: token.chainId, token: token.address })
  for (const venue of market.venues)
    for (const { from, to } of listVenueEdges(venue))
      graph.addDirectedEdgeWithKey(venueEdgeKey(venue.id, from, to), from, to, { venueId: venue.id, venue, from, to })
  cache.set(market, graph)
  return graph
}
