import { describe, expect, it } from 'vitest'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import type { Intent } from '../../../solver/model/intent.ts'
import type { Plan } from '../../../solver/model/plan.ts'
import { prepareRealisation } from '../../../src/sim/prepareRealisation.ts'
import { realisePlan } from '../../../src/sim/realisePlan.ts'
import { DEFAULT_FLOW_TRADERS } from '../../../src/sim/applyForeignTrades.ts'
import { loadIntentFixture, loadMarketFixture } from '../../helpers/loadFixtures.ts'
import { buildExact, createPlanContext, evaluateExact } from '../../../bench/planners/planContext.ts'
import { venueEdgeKey } from '../../../solver/graph/buildMarketGraph.ts'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import { quoteVenue } from '../../../solver/venues/quoteVenue.ts'

const market = loadMarketFixture('realistic')
const intents = [
  ...loadIntentFixture(market, 'realistic-small.json'),
  ...loadIntentFixture(market, 'realistic-medium.json'),
  ...loadIntentFixture(market, 'realistic-whale.json'),
]
const intentOf = (id: string): Intent => intents.find((entry) => entry.id === id)!.intent

function planOf(intent: Intent): Plan {
  const result = quoteIntent(market, intent)
  if (result.status !== 'ok') throw new Error(`no plan: ${result.reason}`)
  return result.plan
}

/** Binomial tolerance: 4 standard errors plus an allowance for the model's own approximation. */
const tolerance = (p: number, n: number, model: number) => 4 * Math.sqrt((p * (1 - p)) / n) + model

describe('realisePlan', () => {
  // Splits over several pools and a bridge, a StableSwap pool used twice in one plan, a 4-step bridge route.
  const exactCases: Array<[string, Intent]> = [
    ['2M USDC → WETH split over 7 steps, curve 3pool used twice', { ...intentOf('eth-usdc-to-eth-weth-2m'), objective: 'output' }],
    ['100k USDC → WETH split (objective output)', { ...intentOf('eth-usdc-to-eth-weth-100k'), objective: 'output' }],
    ['10M DAI → USDC through StableSwap', intentOf('eth-dai-to-eth-usdc-10m')],
    ['USDT arbitrum → optimism, 4 steps', intentOf('arb-usdt-to-op-usdt')],
    ['WETH base → USDC arbitrum, 3 steps', intentOf('base-weth-to-arb-usdc-20')],
  ]

  it.each(exactCases)('with frozen prices, no failures and no other traders delivers exactly the planned amount: %s', (_label, intent) => {
    const plan = planOf(intent)
    expect(plan.steps.length).toBeGreaterThan(0)
    const prepared = prepareRealisation(market, plan)
    for (const seed of [1, 2, 3]) {
      const outcome = realisePlan({ market, plan, seed, volatilityScale: 0, failures: false, prepared })
      expect(outcome.failure).toBeUndefined()
      expect(outcome.success).toBe(true)
      expect(outcome.deliveredRaw).toBe(plan.expectedAmountOutRaw)
      // Every step re-executed with the same amounts as planned.
      const realised = new Map(outcome.steps.map((step) => [step.index, step]))
      for (const step of plan.steps) {
        expect(realised.get(step.index)?.amountInRaw).toBe(step.amountInRaw)
        expect(realised.get(step.index)?.amountOutRaw).toBe(step.amountOutRaw)
      }
    }
  })

  it('a plan that uses one pool twice sees its own first trade on the second use', () => {
    // USDC → USDT and USDC → DAI through the same Curve 3pool, then both to WETH on Uniswap V2.
    const intent = intentOf('eth-usdc-to-eth-weth-2m')
    const context = createPlanContext(market, intent)
    const token = (symbol: string) => {
      const found = market.tokens.find((t) => t.chainId === 1 && t.symbol === symbol)!
      return assetKey(found.chainId, found.address)
    }
    const edge = (venue: string, from: string, to: string) => venueEdgeKey(venue, token(from), token(to))
    const flows = new Map([
      [edge('ethereum-curve-3pool-dai-usdc-usdt', 'USDC', 'USDT'), 1],
      [edge('ethereum-curve-3pool-dai-usdc-usdt', 'USDC', 'DAI'), 1],
      [edge('ethereum-uniswap-v2-weth-usdt', 'USDT', 'WETH'), 1],
      [edge('ethereum-uniswap-v2-dai-weth', 'DAI', 'WETH'), 1],
    ])
    const built = buildExact(context, flows)!
    const plan = evaluateExact(context, built, 'hand-built')
    const venues = plan.steps.map((step) => step.venueId)
    expect(new Set(venues).size).toBe(venues.length - 1)
    const outcome = realisePlan({ market, plan, seed: 9, volatilityScale: 0, failures: false })
    expect(outcome.success).toBe(true)
    expect(outcome.deliveredRaw).toBe(plan.expectedAmountOutRaw)
    // Quoting the second 3pool trade against the untouched pool would give a different amount.
    const [first, second] = plan.steps.filter((step) => step.venueId === 'ethereum-curve-3pool-dai-usdc-usdt')
    const pool = indexMarket(market).venues.get('ethereum-curve-3pool-dai-usdc-usdt')!
    const fresh = quoteVenue(indexMarket(market), pool, second!.tokenIn, second!.tokenOut, second!.amountInRaw).amountOutRaw
    expect(first).toBeDefined()
    expect(fresh).not.toBe(second!.amountOutRaw)
  })

  it('reproduces a realisation from its seed, with prices, failures and other traders on', () => {
    const plan = planOf({ ...intentOf('eth-usdc-to-eth-weth-2m'), objective: 'output' })
    const run = (seed: number) => realisePlan({ market, plan, seed, flowTraders: DEFAULT_FLOW_TRADERS })
    for (const seed of [5, 6, 7]) expect(run(seed)).toEqual(run(seed))
    const delivered = new Set([5, 6, 7, 8, 9].map((seed) => run(seed).deliveredRaw))
    expect(delivered.size).toBeGreaterThan(1)
  })

  // A tight 36 s deadline, where the executor's start rule (a step needs the p95 of its own duration
  // left, solver/risk/startRuleNeededSeconds.ts) refuses about half the executions, and 40 s, where it
  // rarely does (P(in time) ≈ 0.94 on the fast route, with the executor's overhead and approvals): the
  // simulator samples each step's latency and applies the rule with the model's numbers; the model
  // convolves the distributions on a grid (solver/risk/completionTime.ts) and estimates the rule by
  // quasi-Monte Carlo (startRuleProbability.ts).
  it.each([36, 40])('realises step failures, deadline misses and start refusals at the rates the risk model predicts, %i s deadline (4000 draws)', (deadlineSeconds) => {
    const plan = planOf({ ...intentOf('base-usdc-to-arb-weth-250k'), deadlineSeconds })
    const { allStepsSucceed, withinDeadline } = plan.outcomeProbability
    expect(withinDeadline).toBeLessThan(0.95)
    const prepared = prepareRealisation(market, plan)
    const n = 4000
    let successes = 0
    let refused = 0
    let successesWithoutRule = 0
    for (let seed = 0; seed < n; seed++) {
      const outcome = realisePlan({ market, plan, seed, volatilityScale: 0, prepared })
      if (outcome.success) successes++
      if (outcome.failure === 'notStarted') refused++
      if (realisePlan({ market, plan, seed, volatilityScale: 0, prepared, startRule: false }).success) successesWithoutRule++
    }
    const predicted = allStepsSucceed * withinDeadline
    expect(Math.abs(successes / n - predicted)).toBeLessThan(tolerance(predicted, n, 0.005))
    // The rule only removes executions (same seeds, same draws): refused ones are failures either way or lost successes.
    expect(successesWithoutRule).toBeGreaterThanOrEqual(successes)
    if (deadlineSeconds <= 36) {
      // At 36 s the rule binds: it refuses a visible share, and some of them would have made it.
      expect(refused / n).toBeGreaterThan(0.05)
      expect(successesWithoutRule - successes).toBeGreaterThan(4 * Math.sqrt(n * 0.001))
    }
  })

  it('sends a reverted swap again: success and deadline misses at the rates the risk model predicts (4000 draws)', () => {
    // Every swap attempt reverts with probability 0.3 (a measured rate in the market).
    const reverting = { ...market, networks: market.networks.map((network) => ({ ...network, swapRevertProbability: 0.3 })) }
    const result = quoteIntent(reverting, intentOf('base-usdc-to-arb-weth-250k'))
    if (result.status !== 'ok') throw new Error(result.reason)
    const plan = result.plan
    const swaps = plan.steps.filter((step) => step.action === 'swap').map((step) => step.index)
    expect(swaps.length).toBeGreaterThan(0)
    const prepared = prepareRealisation(reverting, plan)
    const n = 4000
    let successes = 0
    let retried = 0
    let landed = 0
    for (let seed = 0; seed < n; seed++) {
      const outcome = realisePlan({ market: reverting, plan, seed, volatilityScale: 0, prepared })
      if (outcome.success) successes++
      for (const step of outcome.steps)
        if (swaps.includes(step.index)) {
          landed++
          if (step.attempts > 1) retried++
        }
    }
    const { allStepsSucceed, withinDeadline } = plan.outcomeProbability
    const predicted = allStepsSucceed * withinDeadline
    expect(Math.abs(successes / n - predicted)).toBeLessThan(tolerance(predicted, n, 0.005))
    // Of the swaps that landed, the share sent more than once: P(N ≥ 2 | lands) = (f − f³)/(1 − f³).
    const expectedRetried = (0.3 - 0.3 ** 3) / (1 - 0.3 ** 3)
    expect(Math.abs(retried / landed - expectedRetried)).toBeLessThan(tolerance(expectedRetried, landed, 0))
  })

  it('realises price drift past the slippage guard at the rate the risk model predicts (4000 draws)', () => {
    // The 400k USDC → WETH plan waits for CCTP transfers before its swaps: P(above minimum) ≈ 0.986.
    const plan = planOf(intentOf('op-usdc-to-arb-weth-400k'))
    const { aboveMinimum } = plan.outcomeProbability
    expect(aboveMinimum).toBeLessThan(0.99)
    const prepared = prepareRealisation(market, plan)
    const n = 4000
    let successes = 0
    for (let seed = 0; seed < n; seed++) {
      const outcome = realisePlan({ market, plan, seed, failures: false, prepared })
      if (outcome.success) successes++
      else expect(['slippageGuard', 'belowMinimum', 'stepDeadline']).toContain(outcome.failure)
    }
    // The model is first order in the price move and treats timing and price as independent
    // (conservative by Harris's inequality), so allow 1 pp besides the sampling error.
    expect(Math.abs(successes / n - aboveMinimum)).toBeLessThan(tolerance(aboveMinimum, n, 0.01))
  })

  it('fails plans that cannot meet the deadline', () => {
    // No route crosses networks in one second: the planner's best plan has P(on time) ≈ 0.
    const result = quoteIntent(market, { ...intentOf('base-usdc-to-arb-usdc'), deadlineSeconds: 1 })
    if (result.status !== 'infeasible' || !result.bestPlan) throw new Error(`expected an infeasible quote, got ${result.status}`)
    const plan = result.bestPlan
    expect(plan.outcomeProbability.withinDeadline).toBeLessThan(0.01)
    for (const seed of [1, 2, 3, 4]) {
      const outcome = realisePlan({ market, plan, seed, volatilityScale: 0, failures: false })
      expect(outcome.success).toBe(false)
      expect(['deadline', 'stepDeadline', 'notStarted']).toContain(outcome.failure)
    }
  })

  it('heavy foreign flow pushes swaps through their slippage guards', () => {
    const plan = planOf(intentOf('eth-usdc-to-eth-weth-100k'))
    const prepared = prepareRealisation(market, plan)
    let guardFailures = 0
    for (let seed = 0; seed < 50; seed++) {
      const outcome = realisePlan({ market, plan, seed, volatilityScale: 0, failures: false, prepared, flowTraders: { tradesPerBlock: 4, sizeShareOfDepth: 0.01 } })
      if (outcome.failure === 'slippageGuard') guardFailures++
    }
    // Four trades of ~1 % of depth move a constant-product price by several percent; the guard is 50 bp.
    expect(guardFailures).toBeGreaterThan(10)
  })

  it('rejects a plan whose step spends a token before the step producing it', () => {
    const plan = planOf({ ...intentOf('arb-usdt-to-op-usdt') })
    expect(plan.steps.length).toBeGreaterThan(1)
    const broken: Plan = { ...plan, steps: plan.steps.map((step) => ({ ...step, dependsOn: [] })) }
    expect(() => prepareRealisation(market, broken)).toThrow(/without waiting/)
  })
})
