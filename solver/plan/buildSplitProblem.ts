// The split problem over a set of paths: their union (kept acyclic) as LP edges with each venue's
// float curve, and gas plus fixed bridge fees as fixed costs in output-token units.
import { gasCostInTokenUnits } from '../pricing/deriveTokenPrices.ts'
import { rawToFloat } from '../amounts.ts'
import { assetKeyOf } from '../market/assetKey.ts'
import { getNetwork, getToken, type MarketIndex } from '../market/indexMarket.ts'
import type { Token } from '../market/types.ts'
import type { Intent } from '../model/intent.ts'
import type { MarketGraph } from '../graph/buildMarketGraph.ts'
import type { SplitEdge, SplitProblem } from '../lp/types.ts'
import type { Path } from '../paths/enumeratePaths.ts'
import { venueCurve } from '../venues/venueCurve.ts'
import { selectCandidateEdges } from './selectCandidateEdges.ts'

export interface BuildSplitProblemParameters {
  readonly index: MarketIndex
  readonly graph: MarketGraph
  readonly intent: Intent
  readonly tokenIn: Token
  readonly tokenOut: Token
  readonly paths: readonly Path[]
}

/** Undefined when the paths give no edge. */
export function buildSplitProblem(parameters: BuildSplitProblemParameters): SplitProblem | undefined {
  const { index, graph, intent, tokenIn, tokenOut, paths } = parameters
  const { edges } = selectCandidateEdges(graph, paths)
  if (edges.length === 0) return undefined
  const unitValue = new Map<string, number>()
  const splitEdges: SplitEdge[] = edges.map((edge) => {
    const { venue, from, to } = graph.getEdgeAttributes(edge)
    const curve = venueCurve(index, venue, from, to)
    const fromToken = getToken(index, from)
    unitValue.set(from, fromToken.priceUsd)
    unitValue.set(to, getToken(index, to).priceUsd)
    const network = getNetwork(index, venue.kind === 'bridge' ? venue.from.chainId : venue.chainId)
    const gasUsd = venue.gasUnits * (Number(network.gasPriceWei) / 1e18) * network.nativePriceUsd
    return {
      id: edge,
      from,
      to,
      output: curve.output,
      marginal: curve.marginal,
      maxOutput: curve.maxOutput,
      fixedCost: gasCostInTokenUnits(gasUsd, tokenOut) + (curve.fixedFee * fromToken.priceUsd) / tokenOut.priceUsd,
    }
  })
  return {
    edges: splitEdges,
    source: assetKeyOf(intent.from),
    sink: assetKeyOf(intent.to),
    amountIn: rawToFloat(intent.amountInRaw, tokenIn.decimals),
    unitValue,
  }
}
