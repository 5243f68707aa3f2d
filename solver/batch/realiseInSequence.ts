// Executes allocations one after another against one market, each seeing the venue states the
// previous ones left (exact contract math via buildSteps and applyVenueTrade). This is how a batch's
// plans really play out: it gives the joint solution's exact outputs and, for independent quotes,
// what their sum actually delivers.
import { buildMarketGraph, venueEdgeKey, type MarketGraph } from '../graph/buildMarketGraph.ts'
import { assetKeyOf } from '../market/assetKey.ts'
import { indexMarket, type MarketIndex } from '../market/indexMarket.ts'
import type { Market, Venue } from '../market/types.ts'
import type { Intent } from '../model/intent.ts'
import { buildSteps, type BuildStepsReturnType } from '../plan/buildSteps.ts'
import { applyVenueTrade } from '../venues/applyVenueTrade.ts'

export interface SequenceAllocation {
  readonly id: string
  readonly intent: Intent
  /** Input flow per edge key of the full market's graph (proportions at each node matter only). */
  readonly edgeFlows: ReadonlyMap<string, number>
}

export interface RealisedAllocation {
  readonly id: string
  readonly built: BuildStepsReturnType
  /**
   * Share of the input on routes through a bridge step whose output exceeds the bridge's remaining
   * liquidity when it runs (the bridge would not fill it; the deposit is refunded): 0 when all fits.
   */
  readonly failedShare: number
  /** `built.amountOutRaw` less the failed share (routes' input shares stand in for output shares). */
  readonly deliveredAmountOutRaw: bigint
  /** The market (the venues this allocation uses, in the state it met them) its steps were priced on. */
  readonly market: Market
  readonly index: MarketIndex
  readonly graph: MarketGraph
}

export interface RealiseInSequenceReturnType {
  readonly realised: readonly RealisedAllocation[]
  /** Venue states after the last allocation, by venue id (only venues that traded). */
  readonly venueState: ReadonlyMap<string, Venue>
}

/**
 * Realises `allocations` in order on `market`, starting from `initialState` (venue id → state) if
 * given (`dustShare`: see buildSteps). Each allocation's holdings are split in the proportions of its edge flows at the amounts it
 * actually holds, so a plan quoted on the untouched market adapts to what earlier trades left.
 * Throws SOLVER_FAILED (from buildSteps) if an allocation contains a cycle.
 */
export function realiseInSequence(
  market: Market,
  allocations: readonly SequenceAllocation[],
  initialState: ReadonlyMap<string, Venue> = new Map(),
  dustShare?: number,
): RealiseInSequenceReturnType {
  const fullGraph = buildMarketGraph(market)
  const original = indexMarket(market).venues
  const state = new Map(initialState)
  const realised: RealisedAllocation[] = []
  for (const allocation of allocations) {
    const venueIds = [...new Set([...allocation.edgeFlows.keys()].map((edge) => fullGraph.getEdgeAttribute(edge, 'venueId')))].sort()
    const venues = venueIds.map((id) => state.get(id) ?? (original.get(id) as Venue))
    // A market of only the venues used, in their current state: cheap to index and graph per allocation.
    const view: Market = { ...market, venues }
    const index = indexMarket(view)
    const graph = buildMarketGraph(view)
    const built = buildSteps({
      index,
      graph,
      source: assetKeyOf(allocation.intent.from),
      sink: assetKeyOf(allocation.intent.to),
      amountInRaw: allocation.intent.amountInRaw,
      edgeFlows: allocation.edgeFlows,
      ...(dustShare === undefined ? {} : { dustShare }),
    })
    const failedEdges = new Set<string>()
    for (const step of built.steps) {
      const venue = state.get(step.venueId) ?? (original.get(step.venueId) as Venue)
      if (venue.kind === 'bridge' && step.amountOutRaw > venue.liquidityCapRaw) failedEdges.add(venueEdgeKey(step.venueId, step.tokenIn, step.tokenOut))
      state.set(step.venueId, applyVenueTrade(venue, step.tokenIn, step.tokenOut, step.amountInRaw, step.amountOutRaw))
    }
    const failedShare = Math.min(1, built.routes.reduce((sum, route) => sum + (route.edges.some((edge) => failedEdges.has(edge)) ? route.share : 0), 0))
    const deliveredAmountOutRaw =
      failedShare === 0 ? built.amountOutRaw : (built.amountOutRaw * BigInt(Math.round((1 - failedShare) * 1e9))) / 1_000_000_000n
    realised.push({ id: allocation.id, built, failedShare, deliveredAmountOutRaw, market: view, index, graph })
  }
  return { realised, venueState: state }
}
