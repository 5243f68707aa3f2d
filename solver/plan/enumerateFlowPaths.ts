// Paths a split would use: the trade routed slice by slice, each slice along the path that is cheapest
// at the margin given the slices already routed.
import type { MarketGraph } from '../graph/buildMarketGraph.ts'
import { getNetwork, getToken, type MarketIndex } from '../market/indexMarket.ts'
import type { AssetKey } from '../market/types.ts'
import type { Intent } from '../model/intent.ts'
import { enumeratePaths, type Path } from '../paths/enumeratePaths.ts'
import { venueCurve, type VenueCurve } from '../venues/venueCurve.ts'
import { PATH_RANKINGS } from './enumerateRankedPaths.ts'
import { rankEdges } from './rankEdges.ts'

/** Slices the planners route a trade in (16: a venue's share is found to within ~6 % of the trade). */
export const FLOW_SLICES = 16

export interface EnumerateFlowPathsParameters {
  readonly index: MarketIndex
  readonly graph: MarketGraph
  readonly intent: Intent
  readonly source: AssetKey
  readonly sink: AssetKey
  /** USD value of the trade. */
  readonly amountUsd: number
  /** Equal slices of the trade's value routed one after another. */
  readonly slices: number
  readonly maxHops: number
  /** Leave out edges whose expected latency alone exceeds this (seconds), as the ranked search does. */
  readonly maxLatencySeconds?: number | undefined
  /** Only these edges may be used (default: every edge the intent allows). */
  readonly edgeAllowed?: ((edgeKey: string) => boolean) | undefined
}

interface EdgeState {
  readonly curve: VenueCurve
  readonly priceIn: number
  readonly priceOut: number
  readonly gasUsd: number
  /** USD value routed through the edge so far. */
  flowUsd: number
}

/**
 * Successive shortest paths under marginal costs, the greedy for a convex-cost flow: the trade's value
 * is cut into `slices` equal parts; each is routed along the cheapest path (at most `maxHops` edges)
 * where an edge costs −ln(value out / value in) of *that slice*, given the value the earlier slices
 * already put through it (so a pool's cost rises with its price impact), plus its gas as a share of the
 * slice when the edge is not used yet. Value is tracked in USD at the market's prices, the same along a
 * path (the loss along it is second order for choosing paths). Returns the distinct paths in the order
 * found, each with the marginal cost it was found at.
 *
 * The k shortest paths at the full size (enumerateRankedPaths) tend to differ only where alternatives
 * are cheap, e.g. in the bridge before one shared last pool; these differ where the deepest venue runs
 * out of depth, which is where a split gains. O(slices · maxHops · E).
 */
export function enumerateFlowPaths(parameters: EnumerateFlowPathsParameters): Path[] {
  const { index, graph, intent, source, sink, amountUsd, slices, maxHops, maxLatencySeconds, edgeAllowed } = parameters
  if (!(amountUsd > 0) || slices < 1) return []
  const excluded = rankEdges({ index, graph, intent, amountUsd, ...PATH_RANKINGS.value, ...(maxLatencySeconds === undefined ? {} : { maxLatencySeconds }) })
  const sliceUsd = amountUsd / slices
  const states = new Map<string, EdgeState | null>()
  const stateOf = (edgeKey: string): EdgeState | null => {
    let state = states.get(edgeKey)
    if (state !== undefined) return state
    state = null
    if (excluded(edgeKey) !== Infinity && (edgeAllowed?.(edgeKey) ?? true)) {
      const { venue, from, to } = graph.getEdgeAttributes(edgeKey)
      const network = getNetwork(index, venue.kind === 'bridge' ? venue.from.chainId : venue.chainId)
      state = {
        curve: venueCurve(index, venue, from, to),
        priceIn: getToken(index, from).priceUsd,
        priceOut: getToken(index, to).priceUsd,
        gasUsd: venue.gasUnits * (Number(network.gasPriceWei) / 1e18) * network.nativePriceUsd,
        flowUsd: 0,
      }
    }
    states.set(edgeKey, state)
    return state
  }
  const outputUsd = (state: EdgeState, inputUsd: number) => {
    const units = Math.max(0, inputUsd / state.priceIn - state.curve.fixedFee)
    return Math.min(state.curve.output(units), state.curve.maxOutput) * state.priceOut
  }
  const marginalCost = (edgeKey: string): number => {
    const state = stateOf(edgeKey)
    if (!state) return Infinity
    const gained = outputUsd(state, state.flowUsd + sliceUsd) - outputUsd(state, state.flowUsd)
    if (!(gained > 0)) return Infinity
    return Math.max(0, -Math.log(gained / sliceUsd)) + (state.flowUsd === 0 ? state.gasUsd / sliceUsd : 0)
  }

  const found = new Map<string, Path>()
  for (let slice = 0; slice < slices; slice++) {
    const [path] = enumeratePaths(graph, { source, sink, k: 1, maxHops, edgeCost: marginalCost })
    if (!path) break
    const signature = path.edges.join()
    if (!found.has(signature)) found.set(signature, path)
    for (const edge of path.edges) stateOf(edge)!.flowUsd += sliceUsd
  }
  return [...found.values()]
}
