// The analytic outcome probability against an independent seeded Monte Carlo simulation of the
// same model (simulateOutcome.ts), on hand-built plans over fixtures/markets/small.json.
import { describe, expect, it } from 'vitest'
import { indexMarket, type MarketIndex } from '../../../solver/market/indexMarket.ts'
import type { Step } from '../../../solver/model/plan.ts'
import { analysePlanDag } from '../../../solver/risk/planDag.ts'
import { estimateOutcomeProbability } from '../../../solver/risk/estimateOutcomeProbability.ts'
import { stepMinAmountsOut } from '../../../solver/risk/stepMinAmountsOut.ts'
import { deliveredAtQuote, index, makeStep, market, minimumAt, parallelWaits, singleSwap, splitMerge, swapBridgeSwap, TOKENS, wheatstone } from './riskPlans.ts'
import { simulateOutcome } from './simulateOutcome.ts'
import { preparePlanTiming } from '../../../solver/risk/planTiming.ts'
import { startRuleNeededSeconds } from '../../../solver/risk/startRuleNeededSeconds.ts'
import { START_CHECK_OVERHEAD_SHARE } from '../../../solver/risk/parameters.ts'

const SAMPLES = 40_000
const TOLERANCE = 0.02

function compare(steps: readonly Step[], slippageBps: number, deadlineSeconds: number | undefined, seed: number, on: MarketIndex = index) {
  const expectedAmountOutRaw = deliveredAtQuote(steps)
  const minAmountOutRaw = minimumAt(expectedAmountOutRaw, slippageBps)
  const analytic = estimateOutcomeProbability({ index: on, steps, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds })
  const guardsRaw = stepMinAmountsOut({ index: on, steps, dag: analysePlanDag(steps), expectedAmountOutRaw, minAmountOutRaw })
  // The executor's start rule with the numbers the executor compares with the time left (the p95 of each step's own duration).
  const neededSeconds = startRuleNeededSeconds(preparePlanTiming(on, steps))
  const startRule = { neededSeconds, overheadShare: START_CHECK_OVERHEAD_SHARE }
  const simulated = simulateOutcome({ index: on, steps, minAmountOutRaw, deadlineSeconds, samples: SAMPLES, seed, guardsRaw, startRule })
  const sorted = [...simulated.completionTimes].sort((a, b) => a - b)
  return {
    analytic,
    simulated,
    simulatedMean: sorted.reduce((sum, t) => sum + t, 0) / sorted.length,
    simulatedP95: sorted[Math.floor(0.95 * sorted.length)] as number,
  }
}

function expectAgreement(result: ReturnType<typeof compare>) {
  const { analytic, simulated } = result
  const p = analytic.probability
  // The simulation sends every step once; the model's recovery term (a refunded bridge sent again) is checked apart.
  expect(Math.abs(p.total - (p.recovery ?? 0) - simulated.total)).toBeLessThan(TOLERANCE)
  expect(Math.abs(p.allStepsSucceed - simulated.allSucceed)).toBeLessThan(TOLERANCE)
  expect(Math.abs(p.withinDeadline - simulated.withinDeadline)).toBeLessThan(TOLERANCE)
  expect(p.total).toBeCloseTo(p.allStepsSucceed * p.withinDeadline * p.aboveMinimum + (p.recovery ?? 0), 12)
  // Completion-time summaries from the grid against the simulated ones.
  expect(analytic.expectedDurationSeconds).toBeGreaterThan(result.simulatedMean * 0.98)
  expect(analytic.expectedDurationSeconds).toBeLessThan(result.simulatedMean * 1.02)
  expect(analytic.p95DurationSeconds).toBeGreaterThan(result.simulatedP95 * 0.97)
  expect(analytic.p95DurationSeconds).toBeLessThan(result.simulatedP95 * 1.03)
}

describe('estimateOutcomeProbability against Monte Carlo', () => {
  it('a single swap on Ethereum with a minimum 2.5 bps below the quote', () => {
    const result = compare(singleSwap, 2.5, 120, 1)
    expectAgreement(result)
    expect(result.analytic.completionTimeExact).toBe(true)
    // The minimum binds: a few seconds of ETH volatility are enough to miss it.
    expect(result.analytic.probability.aboveMinimum).toBeGreaterThan(0.5)
    expect(result.analytic.probability.aboveMinimum).toBeLessThan(0.95)
  })

  it('a single swap whose deadline (one slot) and minimum both bind', () => {
    const result = compare(singleSwap, 2.5, 9, 2)
    expectAgreement(result)
    expect(result.analytic.probability.withinDeadline).toBeLessThan(0.8)
  })

  it('swap → bridge → swap at an ordinary 50 bps slippage and 10 min deadline', () => {
    const result = compare(swapBridgeSwap, 50, 600, 3)
    expectAgreement(result)
    expect(result.analytic.completionTimeExact).toBe(true)
  })

  it('a split over two bridges that merge into one swap', () => {
    const result = compare(splitMerge, 4, 20, 4)
    expectAgreement(result)
    expect(result.analytic.completionTimeExact).toBe(true)
    expect(result.analytic.probability.withinDeadline).toBeLessThan(0.9)
    expect(result.analytic.probability.aboveMinimum).toBeLessThan(0.95)
  })

  it('a tight deadline that binds (424 s: the bridge\'s own p95 of 421 s is left only when the first swap is quick)', () => {
    const result = compare(swapBridgeSwap, 200, 424, 5)
    expectAgreement(result)
    expect(result.analytic.probability.withinDeadline).toBeGreaterThan(0.3)
    expect(result.analytic.probability.withinDeadline).toBeLessThan(0.8)
    expect(result.analytic.probability.aboveMinimum).toBeGreaterThan(0.999)
  })

  it('a tight minimum that binds (15 bps while ETH drifts during the bridge)', () => {
    const result = compare(swapBridgeSwap, 15, undefined, 6)
    expectAgreement(result)
    expect(result.analytic.probability.withinDeadline).toBe(1)
    expect(result.analytic.probability.aboveMinimum).toBeGreaterThan(0.5)
    expect(result.analytic.probability.aboveMinimum).toBeLessThan(0.95)
  })

  it('a deadline and a minimum that bind together (the conditional factor keeps the product joint)', () => {
    const result = compare(swapBridgeSwap, 15, 424, 7)
    expectAgreement(result)
    expect(result.analytic.probability.withinDeadline).toBeGreaterThan(0.3)
    expect(result.analytic.probability.withinDeadline).toBeLessThan(0.8)
    expect(result.analytic.probability.aboveMinimum).toBeLessThan(0.95)
    // (Under a start rule on the mean duration, treating the two as independent was off by several
    // points here; the p95 rule refuses the bridge's slow tail, and with it the slowest price drifts,
    // so the product of the marginals is now within about a point — the agreement above is the check.)
  })

  it('two routes locking their price at different times: the slow route\'s guard binds before the total does', () => {
    const result = compare(parallelWaits, 30, undefined, 12)
    expectAgreement(result)
    const expectedAmountOutRaw = deliveredAtQuote(parallelWaits)
    const minAmountOutRaw = minimumAt(expectedAmountOutRaw, 30)
    const totalOnly = simulateOutcome({ index, steps: parallelWaits, minAmountOutRaw, deadlineSeconds: undefined, samples: SAMPLES, seed: 12 })
    // Checking only the total would put the probability far higher than what the guards allow.
    expect(totalOnly.aboveMinimum - result.simulated.aboveMinimum).toBeGreaterThan(0.08)
    expect(Math.abs(result.analytic.probability.aboveMinimum - result.simulated.aboveMinimum)).toBeLessThan(TOLERANCE)
  })

  it('a non-series-parallel DAG: merges treated as independent give a lower bound on P(within deadline)', () => {
    const result = compare(wheatstone, 12, 200, 8)
    expect(result.analytic.completionTimeExact).toBe(false)
    expectAgreement(result)
    const standardError = Math.sqrt(0.25 / SAMPLES)
    expect(result.analytic.probability.withinDeadline).toBeLessThan(result.simulated.withinDeadline + 3 * standardError)
  })
})

describe("the executor's start rule: no step started that cannot finish by the deadline", () => {
  it('asks for the 95th percentile of each step\'s own duration, as simulated independently', () => {
    for (const [steps, on] of [[swapBridgeSwap, index], [splitMerge, index], [singleSwap, indexMarket({ ...market, networks: market.networks.map((network) => ({ ...network, swapRevertProbability: 0.25 })) })]] as const) {
      const needed = startRuleNeededSeconds(preparePlanTiming(on, steps))
      const simulated = simulateOutcome({ index: on, steps, minAmountOutRaw: 0n, deadlineSeconds: undefined, samples: SAMPLES, seed: 15 })
      steps.forEach((step, position) => {
        const sorted = [...simulated.stepDurations[position]!].sort((a, b) => a - b)
        const p95 = sorted[Math.floor(0.95 * sorted.length)]!
        expect(Math.abs(needed[position]! - p95), `step ${step.index} (${step.venueId}): ${needed[position]} vs simulated ${p95}`).toBeLessThan(0.03 * p95 + 0.5)
      })
    }
  })

  it('a bridge whose p95 exceeds the whole deadline is never started, however often it would have made it', () => {
    // The Across fill's median is 139 s, its own p95 (what the executor compares with the time left) ≈ 417 s.
    const result = compare(swapBridgeSwap, 200, 170, 13)
    expectAgreement(result)
    expect(result.analytic.probability.withinDeadline).toBe(0)
    const unchecked = simulateOutcome({ index, steps: swapBridgeSwap, minAmountOutRaw: 0n, deadlineSeconds: 170, samples: 10_000, seed: 13 })
    expect(unchecked.withinDeadline).toBeGreaterThan(0.5)
  })

  it('a split whose bridges each need more than the 25 s deadline at their p95 is not started (the checks cost over 20 points here)', () => {
    const result = compare(splitMerge, 200, 25, 14)
    expectAgreement(result)
    const unchecked = simulateOutcome({ index, steps: splitMerge, minAmountOutRaw: 0n, deadlineSeconds: 25, samples: 20_000, seed: 14 })
    expect(unchecked.withinDeadline - result.analytic.probability.withinDeadline).toBeGreaterThan(0.2)
  })
})

describe('estimateOutcomeProbability with swaps that revert and are sent again', () => {
  // Every swap attempt reverts with probability 0.25 (a measured rate in the market), so retries are
  // frequent enough to move every factor: success, completion time and the price drift they add.
  const revertIndex = indexMarket({ ...market, networks: market.networks.map((network) => ({ ...network, swapRevertProbability: 0.25 })) })

  it('swap → bridge → swap with a binding deadline and minimum', () => {
    const result = compare(swapBridgeSwap, 15, 150, 9, revertIndex)
    expectAgreement(result)
    // The steps fail only when all three attempts revert.
    expect(result.analytic.probability.allStepsSucceed).toBeCloseTo((1 - 0.25 ** 3) ** 2 * (1 - 0.002), 6)
  })

  it('a split over two bridges merging into one swap, deadline binding', () => {
    const result = compare(splitMerge, 4, 20, 10, revertIndex)
    expectAgreement(result)
  })

  it('a single Ethereum swap with a 40 s deadline', () => {
    const result = compare(singleSwap, 2.5, 40, 11, revertIndex)
    expectAgreement(result)
    expect(result.analytic.probability.withinDeadline).toBeLessThan(0.95)
    // Retries cost time: the same swap without reverts makes the deadline far more often.
    expect(compare(singleSwap, 2.5, 40, 11).analytic.probability.withinDeadline - result.analytic.probability.withinDeadline).toBeGreaterThan(0.05)
  })
})

describe('estimateOutcomeProbability edge cases', () => {
  const bridgeOnly: Step[] = [makeStep(0, 'across-usdc-arb-base', TOKENS.usdcArb, TOKENS.usdcBase, 5_000_000_000n, 4_998_950_000n)]

  it('a bridge of one asset cannot drift: the minimum is met iff it is at most the quote', () => {
    const at = (minAmountOutRaw: bigint) =>
      estimateOutcomeProbability({ index, steps: bridgeOnly, expectedAmountOutRaw: 4_998_950_000n, minAmountOutRaw, deadlineSeconds: undefined })
    expect(at(4_998_950_000n).probability.aboveMinimum).toBe(1)
    expect(at(4_998_950_001n).probability.aboveMinimum).toBe(0)
    // Without a deadline a refunded transfer is sent again and lands with 1 − f: total = (1 − f) + f(1 − f).
    expect(at(0n).probability.total).toBeCloseTo(1 - 0.002 ** 2, 12)
    expect(at(0n).probability.recovery).toBeCloseTo(0.002 * (1 - 0.002), 12)
  })

  it('rejects a dependency on an unknown step and a cycle', () => {
    const parameters = { index, expectedAmountOutRaw: 1n, minAmountOutRaw: 0n, deadlineSeconds: undefined }
    const dangling = [makeStep(0, 'arb-weth-usdc', TOKENS.usdcArb, TOKENS.wethArb, 1n, 1n, [7])]
    expect(() => estimateOutcomeProbability({ ...parameters, steps: dangling })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    const cycle = [
      makeStep(0, 'arb-weth-usdc', TOKENS.usdcArb, TOKENS.wethArb, 1n, 1n, [1]),
      makeStep(1, 'across-weth-arb-base', TOKENS.wethArb, TOKENS.wethBase, 1n, 1n, [0]),
    ]
    expect(() => estimateOutcomeProbability({ ...parameters, steps: cycle })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })

  it('an unknown venue is UNKNOWN_VENUE', () => {
    const step = { ...singleSwap[0]!, venueId: 'nowhere' }
    expect(() =>
      estimateOutcomeProbability({ index, steps: [step], expectedAmountOutRaw: 1n, minAmountOutRaw: 0n, deadlineSeconds: undefined }),
    ).toThrow(expect.objectContaining({ code: 'UNKNOWN_VENUE' }))
  })
})
