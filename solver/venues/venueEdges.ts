// The directed token pairs a venue trades: the edges it contributes to the market graph.
import type { AssetKey, Venue } from '../market/types.ts'
import { venueAssetKeys } from './resolveVenuePair.ts'

export interface VenueEdge {
  readonly from: AssetKey
  readonly to: AssetKey
}

/**
 * Every ordered pair of distinct coins of a pool (both directions of a constant-product pair, n·(n−1) for an
 * n-coin StableSwap pool, in pool order), or the single `from → to` of a bridge.
 */
export function listVenueEdges(venue: Venue): VenueEdge[] {
  const keys = venueAssetKeys(venue)
  if (venue.kind === 'bridge') return [{ from: keys[0] as AssetKey, to: keys[1] as AssetKey }]
  const edges: VenueEdge[] = []
  for (const [i, from] of keys.entries())
    for (const [j, to] of keys.entries()) if (i !== j) edges.push({ from, to })
  return edges
}
