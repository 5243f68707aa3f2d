import { describe, expect, it } from 'vitest'
import { rawToFloat } from '../../solver/amounts.ts'
import { venueEdgeKey } from '../../solver/graph/buildMarketGraph.ts'
import { assetKey, assetKeyOf } from '../../solver/market/assetKey.ts'
import type { Intent } from '../../solver/model/intent.ts'
import type { Plan } from '../../solver/model/plan.ts'
import type { Planner } from '../../bench/planners/planner.ts'
import { FLOW_REGIME, MODEL_REGIME, type SimulationRegime } from '../../bench/harness/regimes.ts'
import { runBenchmark, type BenchmarkResult } from '../../bench/harness/runBenchmark.ts'
import { createSuiteCase, type Suite } from '../../bench/harness/suite.ts'
import { buildExact, createPlanContext, evaluateExact } from '../../bench/planners/planContext.ts'
import { loadIntentFixture, loadMarketFixture } from '../helpers/loadFixtures.ts'

const market = loadMarketFixture('realistic')
const baseIntent = loadIntentFixture(market, 'realistic-medium.json').find((entry) => entry.id === 'eth-usdc-to-eth-weth-100k')!.intent
const weth = market.tokens.find((token) => token.chainId === 1 && token.symbol === 'WETH')!

/** A plan through one named pool, built and scored exactly as the harness's baselines are. */
function singlePoolPlan(intent: Intent, venueId: string): Plan {
  const context = createPlanContext(market, intent)
  const edge = venueEdgeKey(venueId, assetKeyOf(intent.from), assetKey(weth.chainId, weth.address))
  return evaluateExact(context, buildExact(context, new Map([[edge, 1]]))!, `known:${venueId}`)
}

const known = (name: string, plan: Plan | undefined | Error): Planner => ({
  name,
  plan: async () => {
    if (plan instanceof Error) throw plan
    return plan
  },
})

const FROZEN: SimulationRegime = { name: 'frozen', label: 'no volatility, no failures, no flow', volatilityScale: 0, failures: false }
const net = (plan: Plan) => rawToFloat(plan.expectedAmountOutRaw, 18) - plan.gasCostUsd / weth.priceUsd

describe('runBenchmark with planners that return known plans', () => {
  const planA = singlePoolPlan(baseIntent, 'ethereum-uniswap-v2-usdc-weth')
  const planB = singlePoolPlan(baseIntent, 'ethereum-sushiswap-usdc-weth')
  const suite: Suite = { name: 'known', files: [], markets: [], cases: [createSuiteCase('usdc-weth-100k', 'test', market, baseIntent)] }
  const planners = [known('known-a', planA), known('known-b', planB), known('nothing', undefined), known('broken', new Error('boom\nsecond line')), known('reference', planA)]

  it('reports the metrics computed by hand from the plans', async () => {
    const result = await runBenchmark({ suite, planners, samples: 20, seed: 3, regimes: [FROZEN], warmUp: false })
    const [record] = result.cases
    expect(record!.bucket).toBe('medium') // $100k
    const byName = new Map(record!.records.map((r) => [r.planner, r]))
    const [netA, netB] = [net(planA), net(planB)]
    const best = Math.max(netA, netB)
    expect(netA).not.toBe(netB)
    expect(byName.get('known-a')!.outputVsBestBps).toBeCloseTo(((netA - best) / best) * 1e4, 9)
    expect(byName.get('known-b')!.outputVsBestBps).toBeCloseTo(((netB - best) / best) * 1e4, 9)
    expect(byName.get('known-a')!.gapToReferenceBps).toBeCloseTo(0, 12)
    expect(byName.get('known-b')!.gapToReferenceBps).toBeCloseTo(((netA - netB) / netA) * 1e4, 9)
    expect(byName.get('known-a')!.plan!.expectedAmountOutRaw).toBe(planA.expectedAmountOutRaw.toString())
    expect(byName.get('nothing')).toMatchObject({ status: 'noPlan', realised: {} })
    expect(byName.get('broken')).toMatchObject({ status: 'error', error: 'boom' })

    // Frozen market: every realisation succeeds and delivers the quote exactly.
    for (const name of ['known-a', 'known-b']) {
      const realised = byName.get(name)!.realised['frozen']!
      expect(realised).toEqual({ samples: 20, successes: 20, successRate: 1, failures: {}, meanDeliveredRatio: 1 })
    }
    const pA = planA.outcomeProbability.total
    const summaryA = result.summary.byPlanner['known-a']!['medium']!
    expect(summaryA.planned).toBe(1)
    expect(summaryA.realised['frozen']!.brier).toBeCloseTo((1 - pA) ** 2, 12)
    expect(summaryA.predictedProbability).toBe(pA)
    expect(result.summary.byPlanner['nothing']!['medium']!.planned).toBe(0)
    const calibration = result.summary.calibration['frozen']!['known-a']!
    expect(calibration).toHaveLength(1)
    expect(calibration[0]!.meanPredicted).toBeCloseTo(pA, 12)
    expect(calibration[0]!.realisedRate).toBe(1)
    expect(calibration[0]!.error).toBeCloseTo(1 - pA, 12)
    // Pooled: each distinct plan once — the reference returned plan A, so A and B count, 20 realisations each.
    expect(byName.get('reference')!.planId).toBe(byName.get('known-a')!.planId)
    expect(byName.get('known-b')!.planId).not.toBe(byName.get('known-a')!.planId)
    const pooled = result.summary.calibration['frozen']!['all planners']!
    expect(pooled.reduce((sum, bucket) => sum + bucket.samples, 0)).toBe(20 * 2)
    expect(result.summary.referenceSources).toEqual({ [`known:ethereum-uniswap-v2-usdc-weth`]: 1 })
  })

  it('reproduces the report from the seed (timings aside) and changes with it', async () => {
    // A tight slippage tolerance makes price drift decide many realisations.
    const tight = { ...baseIntent, maxSlippageBps: 1, deadlineSeconds: 60 }
    const tightSuite: Suite = { ...suite, cases: [createSuiteCase('tight', 'test', market, tight)] }
    const tightPlanners = [known('a', singlePoolPlan(tight, 'ethereum-uniswap-v2-usdc-weth')), known('b', singlePoolPlan(tight, 'ethereum-sushiswap-usdc-weth'))]
    const run = (seed: number) => runBenchmark({ suite: tightSuite, planners: tightPlanners, samples: 40, seed, regimes: [MODEL_REGIME, FLOW_REGIME], warmUp: false })
    const withoutTiming = (result: BenchmarkResult) => JSON.parse(JSON.stringify(result, (key, value: unknown) => (key === 'timing' ? undefined : value)))
    const first = withoutTiming(await run(42))
    expect(withoutTiming(await run(42))).toEqual(first)
    expect(withoutTiming(await run(43)).cases).not.toEqual(first.cases)
    const rates = first.cases[0].records.map((r: { realised: Record<string, { successRate: number }> }) => r.realised['model']!.successRate)
    expect(rates.some((rate: number) => rate > 0 && rate < 1)).toBe(true)
  })
})
