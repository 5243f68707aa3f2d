// Candidate edges of each intent of a batch, found by the single quote's own search (solver/plan):
// the value-optimal split over every hop-limited edge by column generation (searchSplit.ts), whose
// paths then go to the joint LP, plus the value-best paths. Shared between intents that differ only
// in size within one order of magnitude, so a batch of a thousand intents over fifty pairs searches
// fifty times.
import { floatToRaw, rawToFloat } from '../amounts.ts'
import { buildMarketGraph } from '../graph/buildMarketGraph.ts'
import { assetKeyOf } from '../market/assetKey.ts'
import { getToken, indexMarket } from '../market/indexMarket.ts'
import type { Market } from '../market/types.ts'
import type { Intent } from '../model/intent.ts'
import type { LpBackend } from '../lp/types.ts'
import { enumeratePaths } from '../paths/enumeratePaths.ts'
import { describeEdges } from '../plan/describeEdges.ts'
import { enumerateFlowPaths, FLOW_SLICES } from '../plan/enumerateFlowPaths.ts'
import { restrictEdges } from '../plan/latencyClasses.ts'
import { DEFAULT_MAX_HOPS, prepareQuote } from '../plan/prepareQuote.ts'
import { rankEdges } from '../plan/rankEdges.ts'
import { searchSplit } from '../plan/searchSplit.ts'
import { selectCandidateEdges } from '../plan/selectCandidateEdges.ts'

export interface IntentCandidates {
  /** Identifies the search: intents with equal keys have the same candidate edges. */
  readonly key: string
  /** Edge keys of the candidate DAG (the value-optimal split's paths first, then the value-ranked ones), empty when there is no route. */
  readonly edges: readonly string[]
  /** Edges of the best value-ranked path (for netting's reference rate), empty when there is no route. */
  readonly bestPath: readonly string[]
}

export interface CreateCandidateFinderOptions {
  /** Value-ranked paths added beside the split's (default 6). */
  readonly pathsPerRanking?: number
  /** LP backend of the column generation (default: the planner's). */
  readonly backend?: LpBackend
}

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
    // Price impact scales with size; one search per decade of size keeps the search representative.
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
    const bucketUsd = 10 ** (sizeBucket + 0.5)
    const bucketRaw = floatToRaw(bucketUsd / tokenIn.priceUsd, tokenIn.decimals)
    const quoteOptions = options.backend ? { backend: options.backend } : {}
    let representative: Intent = { ...intent, amountInRaw: bucketRaw > 0n ? bucketRaw : intent.amountInRaw }
    let context: ReturnType<typeof prepareQuote>
    try {
      context = prepareQuote(market, representative, quoteOptions)
    } catch {
      // The bucket's midpoint can lie past an amount limit the intent itself is within: search at the intent's own size.
      representative = intent
      context = prepareQuote(market, representative, quoteOptions)
    }
    const valuePaths = enumeratePaths(graph, {
      source,
      sink,
      k,
      maxHops,
      edgeCost: rankEdges({ index, graph, intent: representative, amountUsd: context.amountUsd, riskWeight: 0, latencyWeightPerSecond: 0 }),
    })
    const none: IntentCandidates = { key, edges: [], bestPath: [] }
    if (valuePaths.length === 0) {
      cache.set(key, none)
      return none
    }
    // With a deadline, only edges no slower than it: the joint LP maximises value and would
    // otherwise pick slow venues that miss it (when none that fast reach the target, all of them).
    const allEdges = describeEdges(context).edges
    const deadline = intent.deadlineSeconds
    const fastEdges = deadline === undefined ? allEdges : restrictEdges(context, allEdges.values(), (edge) => edge.latencySeconds <= deadline)
    const edges = fastEdges.size > 0 ? fastEdges : allEdges
    const flowPaths = enumerateFlowPaths({ index, graph, intent: representative, source, sink, amountUsd: context.amountUsd, slices: FLOW_SLICES, maxHops, maxLatencySeconds: Infinity, edgeAllowed: (edgeKey) => edges.has(edgeKey) })
    const split = searchSplit({ context, edges, initialPaths: flowPaths })
    const pool = [...split.paths, ...valuePaths.filter((path) => path.edges.every((edgeKey) => edges.has(edgeKey))), ...flowPaths]
    const result: IntentCandidates = { key, edges: selectCandidateEdges(graph, pool).edges, bestPath: valuePaths[0]?.edges ?? [] }
    cache.set(key, result)
    return result
  }
}
