// The k best paths of an intent under one edge ranking (rankEdges' cost model, named weights).
import type { MarketGraph } from '../graph/buildMarketGraph.ts'
import type { MarketIndex } from '../market/indexMarket.ts'
import type { AssetKey } from '../market/types.ts'
import type { Intent } from '../model/intent.ts'
import { enumeratePaths, type Path } from '../paths/enumeratePaths.ts'
import { rankEdges } from './rankEdges.ts'

/**
 * value: −log value only; risk: one unit of −log(probability) per unit of −log(value) and latency
 * at 1 bp per 100 s (the planner's two rankings); latency: 10 bp per second (fastest routes).
 */
export const PATH_RANKINGS = {
  value: { riskWeight: 0, latencyWeightPerSecond: 0 },
  risk: { riskWeight: 1, latencyWeightPerSecond: 1e-6 },
  latency: { riskWeight: 0, latencyWeightPerSecond: 1e-3 },
} as const

export type PathRanking = keyof typeof PATH_RANKINGS

export interface EnumerateRankedPathsParameters {
  readonly index: MarketIndex
  readonly graph: MarketGraph
  readonly intent: Intent
  readonly source: AssetKey
  readonly sink: AssetKey
  /** USD value of the trade (prices impact and gas at the trade's size). */
  readonly amountUsd: number
  readonly k: number
  readonly maxHops: number
  readonly ranking: PathRanking
  /** Leave out edges whose expected latency alone exceeds this (seconds). */
  readonly maxLatencySeconds?: number | undefined
}

export function enumerateRankedPaths(parameters: EnumerateRankedPathsParameters): Path[] {
  const { index, graph, intent, source, sink, amountUsd, k, maxHops, ranking, maxLatencySeconds } = parameters
  return enumeratePaths(graph, {
    source,
    sink,
    k,
    maxHops,
    edgeCost: rankEdges({
      index,
      graph,
      intent,
      amountUsd,
      ...PATH_RANKINGS[ranking],
      ...(maxLatencySeconds === undefined ? {} : { maxLatencySeconds }),
    }),
  })
}
