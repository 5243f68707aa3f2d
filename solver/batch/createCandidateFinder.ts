// Candidate edges of each intent of a batch, found as quoteIntent finds them (value-ranked and
// risk-ranked k-shortest paths, merged into a DAG) and shared between intents that differ only in size
// within one order of magnitude, so a batch of a thousand intents over fifty pairs searches fifty times.
import { rawToFloat } from '../amounts.ts'
import { buildMarketGraph } from '../graph/buildMarketGraph.ts'
import { assetKeyOf } from '../market/assetKey.ts'
import { getToken, indexMarket } from '../market/indexMarket.ts'
import type { Market } from '../market/types.ts'
import type { Intent } from '../model/intent.ts'
import { enumeratePaths } from '../paths/enumeratePaths.ts'
import { DEFAULT_MAX_HOPS } from '../plan/quoteIntent.ts'
import { enumerateFlowPaths, FLOW_SLICES } from '../plan/enumerateFlowPaths.ts'
import { rankEdges } from '../plan/rankEdges.ts'
import { selectCandidateEdges } from '../plan/selectCandidateEdges.ts'

export interface IntentCandidates {
  /** Identifies the search: intents with equal keys have the same candidate edges. */
  readonly key: string
  /** Edge keys of the candidate DAG (value-ranked paths first, then risk-ranked), empty when there is no route. */
  readonly edges: readonly string[]
  /** Edges of the best value-ranked path (for netting's reference rate), empty when there is no route. */
  readonly bestPath: readonly string[]
}

export interface CreateCandidateFinderOptions {
  /** Paths per ranking (quoteIntent uses 6). */
  readonly pathsPerRanking?: number
}

/** Same constants as quoteIntent's risk-ranked search, so a batch sees the routes a single quote sees. */
const RISK_WEIGHT = 1
const LATENCY_WEIGHT_PER_SECOND = 1e-6

/** Returns a memoised search of candidate edges for intents on `market` (pure; cache per finder). */
export function createCandidateFinder(market: Market, options: CreateCandidateFinderOptions = {}): (intent: Intent) => IntentCandidates {
  const index = indexMarket(market)
  const graph = buildMarketGraph(market)
  const k = options.pathsPerRanking ?? 6
  const cache = new Map<string, IntentCandidates>()
  return (intent) => {
    const source = assetKeyOf(intent.from)
    const sink = assetKeyOf(intent.to)
    const tokenIn = getToken(index, source)
    const amountUsd = rawToFloat(intent.amountInRaw, tokenIn.decimals) * tokenIn.priceUsd
    // Price impact scales with size; one search per decade of size keeps the ranking representative.
    const sizeBucket = Math.floor(Math.log10(Math.max(amountUsd, 1)))
    const maxHops = intent.maxSteps ?? DEFAULT_MAX_HOPS
    const key = JSON.stringify([
      source,
      sink,
      sizeBucket,
      maxHops,
      intent.deadlineSeconds ?? null,
      intent.allowBridges ?? null,
      intent.denyBridges ?? null,
      intent.allowNetworks ?? null,
      intent.denyNetworks ?? null,
    ])
    const cached = cache.get(key)
    if (cached) return cached
    const representative = { ...intent }
    const bucketUsd = 10 ** (sizeBucket + 0.5)
    const valuePaths = enumeratePaths(graph, {
      source,
      sink,
      k,
      maxHops,
      edgeCost: rankEdges({ index, graph, intent: representative, amountUsd: bucketUsd, riskWeight: 0, latencyWeightPerSecond: 0 }),
    })
    const riskPaths =
      valuePaths.length === 0
        ? []
        : enumeratePaths(graph, {
            source,
            sink,
            k,
            maxHops,
            edgeCost: rankEdges({
              index,
              graph,
              intent: representative,
              amountUsd: bucketUsd,
              riskWeight: RISK_WEIGHT,
              latencyWeightPerSecond: LATENCY_WEIGHT_PER_SECOND,
              ...(intent.deadlineSeconds === undefined ? {} : { maxLatencySeconds: intent.deadlineSeconds }),
            }),
          })
    // The paths a split of this size routes slice by slice (as quoteIntent's own split candidates).
    const flowPaths =
      valuePaths.length === 0
        ? []
        : enumerateFlowPaths({ index, graph, intent: representative, source, sink, amountUsd: bucketUsd, slices: FLOW_SLICES, maxHops, maxLatencySeconds: intent.deadlineSeconds })
    // With a deadline, only risk-ranked and flow paths (edges slower than the deadline excluded) are
    // candidates: the joint LP maximises value and would otherwise pick slow venues that miss it.
    const pool = intent.deadlineSeconds !== undefined && riskPaths.length > 0 ? [...riskPaths, ...flowPaths] : [...valuePaths, ...riskPaths, ...flowPaths]
    const { edges } = selectCandidateEdges(graph, pool)
    const result: IntentCandidates = { key, edges, bestPath: valuePaths[0]?.edges ?? [] }
    cache.set(key, result)
    return result
  }
}
