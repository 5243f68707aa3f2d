// The split's own paths (successive shortest paths under marginal costs) against the ranked search
// and against what the planner does with them.
import { describe, expect, it } from 'vitest'
import { rawToFloat } from '../../../solver/amounts.ts'
import { buildMarketGraph } from '../../../solver/graph/buildMarketGraph.ts'
import { assetKeyOf } from '../../../solver/market/assetKey.ts'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import type { Intent } from '../../../solver/model/intent.ts'
import { enumerateFlowPaths } from '../../../solver/plan/enumerateFlowPaths.ts'
import { enumerateRankedPaths } from '../../../solver/plan/enumerateRankedPaths.ts'
import { DEFAULT_MAX_VENUE_LATENCY_SECONDS } from '../../../solver/plan/rankEdges.ts'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { estimateVenueLatencySeconds } from '../../../solver/risk/estimateVenueLatencySeconds.ts'
import { loadIntentFixture, loadMarketFixture } from '../../helpers/loadFixtures.ts'

const market = loadMarketFixture('realistic')
const index = indexMarket(market)
const graph = buildMarketGraph(market)
const whales = loadIntentFixture(market, 'realistic-whale.json')
const intentOf = (id: string): Intent => whales.find((entry) => entry.id === id)!.intent

function search(intent: Intent) {
  const tokenIn = index.tokens.get(assetKeyOf(intent.from))!
  return {
    index,
    graph,
    intent,
    source: assetKeyOf(intent.from),
    sink: assetKeyOf(intent.to),
    amountUsd: rawToFloat(intent.amountInRaw, tokenIn.decimals) * tokenIn.priceUsd,
    maxHops: 4,
    maxLatencySeconds: intent.deadlineSeconds,
  }
}
const lastVenue = (edges: readonly string[]) => edges.at(-1)!.split('|')[0]

describe('enumerateFlowPaths', () => {
  it('with one slice, is the best value-ranked path', () => {
    for (const { intent } of whales) {
      const [flow] = enumerateFlowPaths({ ...search(intent), slices: 1 })
      const [ranked] = enumerateRankedPaths({ ...search(intent), k: 1, ranking: 'value' })
      expect(flow?.edges).toEqual(ranked?.edges)
    }
  })

  it('300 WETH Base → USDC Ethereum: the ranked paths share one last pool, the flow paths spread over the pools that run out of depth', () => {
    const intent = intentOf('base-weth-to-eth-usdc-300')
    const ranked = enumerateRankedPaths({ ...search(intent), k: 6, ranking: 'value' })
    expect(new Set(ranked.map((path) => lastVenue(path.edges))).size).toBe(1)
    const flow = enumerateFlowPaths({ ...search(intent), slices: 16 })
    expect(new Set(flow.map((path) => lastVenue(path.edges))).size).toBeGreaterThanOrEqual(3)
    // Distinct paths, each one at most four hops from the source to the sink.
    expect(new Set(flow.map((path) => path.edges.join())).size).toBe(flow.length)
    for (const path of flow) {
      expect(path.edges.length).toBeLessThanOrEqual(4)
      expect(path.nodes[0]).toBe(assetKeyOf(intent.from))
      expect(path.nodes.at(-1)).toBe(assetKeyOf(intent.to))
    }
  })

  it('a small trade is not split: one path', () => {
    const intent = { ...intentOf('base-weth-to-eth-usdc-300'), amountInRaw: 10n ** 17n }
    expect(enumerateFlowPaths({ ...search(intent), slices: 16 })).toHaveLength(1)
  })
})

describe('quoteIntent candidates', () => {
  it('without a deadline, leaves out venues slower than a day (7-day withdrawals)', () => {
    const result = quoteIntent(market, intentOf('eth-usdc-to-eth-weth-2m'))
    if (result.status !== 'ok') throw new Error(result.reason)
    for (const { plan } of result.alternatives)
      for (const step of plan.steps) expect(estimateVenueLatencySeconds(index, index.venues.get(step.venueId)!)).toBeLessThanOrEqual(DEFAULT_MAX_VENUE_LATENCY_SECONDS)
  })

  it('judges every candidate against one minimum: the slippage below the best output among those on time', () => {
    for (const id of ['eth-usdc-to-eth-weth-2m', 'base-weth-to-eth-usdc-300', 'base-usdc-to-arb-weth-250k']) {
      const intent = intentOf(id)
      const result = quoteIntent(market, intent)
      if (result.status !== 'ok') throw new Error(result.reason)
      const minimums = new Set(result.alternatives.map(({ plan }) => plan.minAmountOutRaw))
      expect(minimums.size).toBe(1)
      const onTime = result.alternatives.map(({ plan }) => plan.outcomeProbability.allStepsSucceed * plan.outcomeProbability.withinDeadline)
      const floor = Math.min(0.9, Math.max(...onTime) - 1e-3)
      // The quote comes from a candidate likely to finish in time, and no such alternative delivers more.
      const keep = 10_000n - BigInt(intent.maxSlippageBps ?? 50)
      const quote = ((result.plan.minAmountOutRaw + 1n) * 10_000n) / keep
      for (const [i, { plan }] of result.alternatives.entries()) if (onTime[i]! >= floor) expect(plan.expectedAmountOutRaw).toBeLessThanOrEqual(quote)
    }
  })

  it('an explicit minimum is used as given', () => {
    const { maxSlippageBps: _slippage, ...rest } = intentOf('base-weth-to-eth-usdc-300')
    const intent = { ...rest, minAmountOutRaw: 800_000n * 10n ** 6n }
    const result = quoteIntent(market, intent)
    if (result.status !== 'ok') throw new Error(result.reason)
    for (const { plan } of result.alternatives) expect(plan.minAmountOutRaw).toBe(intent.minAmountOutRaw)
  })
})
