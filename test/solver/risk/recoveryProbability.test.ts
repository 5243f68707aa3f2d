// The recovery term (a refunded bridge sent again after its fill deadline) against a seeded simulation
// of the executor's behaviour written from the description in MODEL.md §4.5, and the [0, 1] clamp.
import { describe, expect, it } from 'vitest'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import type { Bridge, Market } from '../../../solver/market/types.ts'
import type { Step } from '../../../solver/model/plan.ts'
import { clampProbability } from '../../../solver/risk/clampProbability.ts'
import { estimateOutcomeProbability } from '../../../solver/risk/estimateOutcomeProbability.ts'
import { DEFAULT_TRANSACTION_OVERHEAD, RECOVERY_DELAY_SECONDS, TX_DEADLINE_MARGIN_SECONDS, TX_DEADLINE_QUANTILE } from '../../../solver/risk/parameters.ts'
import { scheduleSteps } from '../../../solver/schedule/scheduleSteps.ts'
import { makeStep, market, TOKENS } from './riskPlans.ts'
import { mulberry32, normalSampler } from './simulateOutcome.ts'

const FAILURE = 0.3
const TIER = { medianSeconds: 5, p95Seconds: 12 }
const flaky: Market = {
  ...market,
  venues: market.venues.map((venue) =>
    venue.id === 'across-usdc-arb-base' ? ({ ...(venue as Bridge), failureProbability: FAILURE, latencyTiers: [TIER] } as Bridge) : venue,
  ),
}
const flakyIndex = indexMarket(flaky)
const bridge: Step[] = [makeStep(0, 'across-usdc-arb-base', TOKENS.usdcArb, TOKENS.usdcBase, 5_000_000_000n, 4_998_950_000n)]
const SAMPLES = 200_000

/** One bridge step's duration: the executor's overhead, inclusions of the approval and the deposit, then a log-normal fill. */
function sampleDurations(seed: number): Float64Array {
  const random = mulberry32(seed)
  const normal = normalSampler(random)
  const network = flakyIndex.networks.get(42161)!
  const block = network.blockTimeMs / 1000
  const include = 1 - 0.5 * network.congestion
  const o = DEFAULT_TRANSACTION_OVERHEAD
  const overhead = () => o.medianSeconds * (o.p95Seconds / o.medianSeconds) ** (normal() / 1.6448536269514722)
  const out = new Float64Array(SAMPLES)
  for (let i = 0; i < SAMPLES; i++) {
    let t = overhead()
    for (let tx = 0; tx < 2; tx++) {
      t += random() * block
      while (random() >= include) t += block
    }
    out[i] = t + TIER.medianSeconds * (TIER.p95Seconds / TIER.medianSeconds) ** (normal() / 1.6448536269514722)
  }
  return out
}

describe('recoveryProbability', () => {
  const durations = sampleDurations(5)
  const sorted = Float64Array.from(durations).sort()
  const q999 = sorted[Math.floor(TX_DEADLINE_QUANTILE * SAMPLES)]!

  /** The executor: the deposit lands with 1 − f; a refund comes at the step's fill deadline, then the deposit is sent again. */
  function simulate(deadlineSeconds: number): number {
    const random = mulberry32(9)
    const refundAt = Math.min(deadlineSeconds, Math.ceil(q999 + TX_DEADLINE_MARGIN_SECONDS)) + RECOVERY_DELAY_SECONDS
    let reached = 0
    for (let i = 0; i < SAMPLES; i++) {
      const first = durations[i]!
      if (random() >= FAILURE) reached += first <= deadlineSeconds ? 1 : 0
      else if (random() >= FAILURE) reached += refundAt + durations[(i * 7919 + 13) % SAMPLES]! <= deadlineSeconds ? 1 : 0
    }
    return reached / SAMPLES
  }

  for (const deadlineSeconds of [40, 80, 90, 200]) {
    it(`a 30 %-failure bridge with a ${deadlineSeconds} s deadline matches the simulated executor`, () => {
      const { probability } = estimateOutcomeProbability({ index: flakyIndex, steps: bridge, expectedAmountOutRaw: 4_998_950_000n, minAmountOutRaw: 0n, deadlineSeconds })
      const simulated = simulate(deadlineSeconds)
      // 2 points, as the other Monte Carlo comparisons: where the time left after the refund falls on the
      // steep part of the duration CDF, the ⌈·⌉ of the fill deadline (grid vs sample quantile) moves it by up to a second.
      expect(Math.abs(probability.total - simulated)).toBeLessThan(0.02)
      if (deadlineSeconds <= TX_DEADLINE_MARGIN_SECONDS) expect(probability.recovery).toBe(0)
      if (deadlineSeconds === 200) expect(probability.recovery).toBeGreaterThan(0.2)
    })
  }

  it('uses the same fill deadline as the schedule gives the executor', () => {
    const schedule = scheduleSteps({ index: flakyIndex, steps: bridge, expectedAmountOutRaw: 4_998_950_000n, minAmountOutRaw: 0n, deadlineSeconds: 200 })
    expect(Math.abs(schedule.steps[0]!.deadlineSeconds - Math.ceil(q999 + TX_DEADLINE_MARGIN_SECONDS))).toBeLessThanOrEqual(1)
    expect(schedule.steps[0]!.transactions?.map((tx) => tx.purpose)).toEqual(['approve', 'deposit'])
  })
})

describe('clampProbability', () => {
  it('keeps probabilities in [0, 1]', () => {
    expect(clampProbability(1.0000000000000222)).toBe(1)
    expect(clampProbability(-1e-17)).toBe(0)
    expect(clampProbability(Number.NaN)).toBe(0)
    expect(clampProbability(0.25)).toBe(0.25)
  })
})
