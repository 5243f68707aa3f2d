// Edge costs for the path search: how much of the trade's value an edge loses at the trade's size,
// plus (optionally) the risk it adds. Costs are additive along a path because they are −log factors.
import type { MarketGraph } from '../graph/buildMarketGraph.ts'
import { getToken, type MarketIndex } from '../market/indexMarket.ts'
import { getNetwork } from '../market/indexMarket.ts'
import type { Venue } from '../market/types.ts'
import type { Intent } from '../model/intent.ts'
import { estimateVenueLatencySeconds } from '../risk/estimateVenueLatencySeconds.ts'
import { estimateVenueSuccessProbability } from '../risk/estimateVenueSuccessProbability.ts'
import { venueCurve } from '../venues/venueCurve.ts'

export interface RankEdgesParameters {
  readonly index: MarketIndex
  readonly graph: MarketGraph
  readonly intent: Intent
  /** USD value of the trade, used to price gas and price impact at the trade's size. */
  readonly amountUsd: number
  /** Weight of −log(success probability); 0 ranks by value alone. */
  readonly riskWeight: number
  /** Cost per second of expected latency (a −log factor per second). */
  readonly latencyWeightPerSecond: number
  /**
   * Exclude edges whose expected latency alone exceeds this (seconds). Default
   * DEFAULT_MAX_VENUE_LATENCY_SECONDS; Infinity keeps every edge.
   */
  readonly maxLatencySeconds?: number | undefined
}

/**
 * Without a deadline, venues slower than a day on their own are left out of the path search: the
 * canonical rollup withdrawals (7 days, e.g. Base or Arbitrum → Ethereum) gain a few basis points at
 * the price of a week. An intent that wants them says so with a deadline longer than their latency.
 */
export const DEFAULT_MAX_VENUE_LATENCY_SECONDS = 86_400

/** True when the intent's allow/deny lists rule the venue out. */
export function isVenueExcluded(intent: Intent, venue: Venue): boolean {
  const chains = venue.kind === 'bridge' ? [venue.from.chainId, venue.to.chainId] : [venue.chainId]
  if (intent.denyNetworks && chains.some((chainId) => intent.denyNetworks!.includes(chainId))) return true
  if (intent.allowNetworks && !chains.every((chainId) => intent.allowNetworks!.includes(chainId))) return true
  if (venue.kind === 'bridge') {
    if (intent.denyBridges?.some((id) => id === venue.id || id === venue.protocol)) return true
    if (intent.allowBridges && !intent.allowBridges.some((id) => id === venue.id || id === venue.protocol)) return true
  }
  return false
}

/**
 * Returns a non-negative cost per edge key: −ln(value out / value in at the trade's size) + gas as a
 * fraction of the trade + riskWeight·(−ln P(success)) + latencyWeight·E[latency]. Infinity excludes.
 */
export function rankEdges(parameters: RankEdgesParameters): (edgeKey: string) => number {
  const { index, graph, intent, amountUsd, riskWeight, latencyWeightPerSecond } = parameters
  const maxLatencySeconds = parameters.maxLatencySeconds ?? DEFAULT_MAX_VENUE_LATENCY_SECONDS
  const costs = new Map<string, number>()
  return (edgeKey) => {
    const cached = costs.get(edgeKey)
    if (cached !== undefined) return cached
    const { venue, from, to } = graph.getEdgeAttributes(edgeKey)
    let cost = Infinity
    if (!isVenueExcluded(intent, venue)) {
      const tokenIn = getToken(index, from)
      const tokenOut = getToken(index, to)
      const curve = venueCurve(index, venue, from, to)
      const unitsIn = amountUsd / tokenIn.priceUsd
      const unitsOut = Math.min(curve.output(Math.max(0, unitsIn - curve.fixedFee)), curve.maxOutput)
      const valueRatio = (unitsOut * tokenOut.priceUsd) / amountUsd
      const network = getNetwork(index, venue.kind === 'bridge' ? venue.from.chainId : venue.chainId)
      const gasUsd = venue.gasUnits * (Number(network.gasPriceWei) / 1e18) * network.nativePriceUsd
      const latency = estimateVenueLatencySeconds(index, venue)
      if (valueRatio > 0 && !(latency > maxLatencySeconds)) {
        cost =
          Math.max(0, -Math.log(valueRatio)) +
          gasUsd / amountUsd +
          riskWeight * -Math.log(Math.max(1e-12, estimateVenueSuccessProbability(index, venue))) +
          latencyWeightPerSecond * latency
      }
    }
    costs.set(edgeKey, cost)
    return cost
  }
}
