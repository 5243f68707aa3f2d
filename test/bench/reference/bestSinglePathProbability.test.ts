import { describe, expect, it } from 'vitest'
import { parallelPoolsMarket } from '../../../bench/harness/generatedSuites.ts'
import { createFastestPlanner } from '../../../bench/planners/fastestPlanner.ts'
import { createSingleBestPathPlanner } from '../../../bench/planners/singleBestPathPlanner.ts'
import { bestSinglePathProbability } from '../../../bench/reference/bestSinglePathProbability.ts'
import { buildMarketGraph } from '../../../solver/graph/buildMarketGraph.ts'
import { assetKeyOf } from '../../../solver/market/assetKey.ts'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import { buildSteps } from '../../../solver/plan/buildSteps.ts'
import { evaluatePlan } from '../../../solver/plan/evaluatePlan.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { loadMarketFixture } from '../../helpers/loadFixtures.ts'

describe('bestSinglePathProbability', () => {
  it('enumerates each parallel pool as one path and picks the likelier (the deeper pool slips less)', () => {
    const market = parallelPoolsMarket({ depthsUsd: [8_000_000, 100_000], feesBps: [30, 30] })
    const intent = { from: { chainId: 1, token: market.tokens[0]!.address }, to: { chainId: 1, token: market.tokens[1]!.address }, amountInRaw: 50_000n * 10n ** 6n, deadlineSeconds: 600 }
    const best = bestSinglePathProbability(market, intent)
    expect(best.pathsEvaluated).toBe(2)
    expect(best.edges).toHaveLength(1)
    expect(best.edges[0]).toMatch(/^pool-0\|/)
  })

  const market = loadMarketFixture('realistic')
  const readme = resolveIntentRequest(market, { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '250000', deadlineSeconds: 600 })

  it("on the README intent: its probability is its path's as evaluatePlan judges it, and no single path the baselines find is likelier", async () => {
    const best = bestSinglePathProbability(market, readme)
    expect(best.pathsEvaluated).toBeGreaterThan(10)
    const index = indexMarket(market)
    const graph = buildMarketGraph(market)
    const built = buildSteps({ index, graph, source: assetKeyOf(readme.from), sink: assetKeyOf(readme.to), amountInRaw: readme.amountInRaw, edgeFlows: new Map(best.edges.map((edge) => [edge, 1])) })
    expect(evaluatePlan({ index, graph, intent: readme, built, strategy: 'check' }).outcomeProbability.total).toBeCloseTo(best.probability, 12)
    for (const planner of [createSingleBestPathPlanner(), createFastestPlanner()]) {
      const plan = await planner.plan(market, readme)
      expect(plan!.routes).toHaveLength(1)
      expect(best.probability, planner.name).toBeGreaterThanOrEqual(plan!.outcomeProbability.total - 1e-12)
    }
  }, 120_000)

  it('respects denyBridges', () => {
    const denied = bestSinglePathProbability(market, { ...readme, denyBridges: ['across'] })
    const graph = buildMarketGraph(market)
    expect(denied.edges.length).toBeGreaterThan(0)
    for (const edge of denied.edges) {
      const venue = graph.getEdgeAttribute(edge, 'venue')
      expect(venue.kind === 'bridge' ? venue.protocol : 'pool').not.toBe('across')
    }
  }, 120_000)
})
