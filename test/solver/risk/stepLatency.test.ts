// Step latency distributions against samples drawn independently (block-by-block inclusion,
// Box–Muller log-normal fills) and against the market's stated medians and 95th percentiles.
import { describe, expect, it } from 'vitest'
import { indexMarket, type MarketIndex } from '../../../solver/market/indexMarket.ts'
import type { Bridge, Market } from '../../../solver/market/types.ts'
import * as timeGrid from '../../../solver/risk/timeGrid.ts'
import { estimateVenueLatencySeconds } from '../../../solver/risk/estimateVenueLatencySeconds.ts'
import { inclusionQuantile, latencyMeanSeconds, latencyUpperBoundSeconds, logNormalFromMedianP95 } from '../../../solver/risk/latencyDistribution.ts'
import { stepLatency } from '../../../solver/risk/stepLatency.ts'
import { stepSuccessProbability } from '../../../solver/risk/stepSuccess.ts'
import { DEFAULT_TRANSACTION_OVERHEAD, INCLUSION_DELAY_PER_CONGESTION, SWAP_ATTEMPTS, SWAP_FAILURE_AT_EMPTY, SWAP_FAILURE_PER_CONGESTION } from '../../../solver/risk/parameters.ts'
import type { StepLatency } from '../../../solver/model/latency.ts'
import { index, market, singleSwap, swapBridgeSwap } from './riskPlans.ts'
import { mulberry32, normalSampler } from './simulateOutcome.ts'

const SAMPLES = 100_000

function empiricalQuantile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number
}

describe('log-normal fill latency', () => {
  const bridges = market.venues.filter((venue): venue is Bridge => venue.kind === 'bridge')
  const tiers = bridges.flatMap((bridge) => bridge.latencyTiers.map((tier) => ({ id: bridge.id, tier })))

  for (const { id, tier } of tiers) {
    it(`${id} ≤ ${tier.maxAmountRaw ?? '∞'} reproduces the median and p95`, () => {
      const { mu, sigma } = logNormalFromMedianP95(tier.medianSeconds, tier.p95Seconds)
      const normal = normalSampler(mulberry32(11))
      const samples = new Float64Array(SAMPLES)
      for (let i = 0; i < SAMPLES; i++) samples[i] = Math.exp(mu + sigma * normal())
      samples.sort()
      // Sampling error of an empirical quantile is ≈ √(p(1−p)/n)/f(q): well under 2 % here.
      expect(empiricalQuantile(samples, 0.5) / tier.medianSeconds).toBeGreaterThan(0.98)
      expect(empiricalQuantile(samples, 0.5) / tier.medianSeconds).toBeLessThan(1.02)
      expect(empiricalQuantile(samples, 0.95) / tier.p95Seconds).toBeGreaterThan(0.98)
      expect(empiricalQuantile(samples, 0.95) / tier.p95Seconds).toBeLessThan(1.02)
    })
  }
})

/**
 * A step's duration drawn block by block: wait for the next block, then flip a coin per block. A swap
 * reverts with its network's revert probability and is sent again, up to SWAP_ATTEMPTS times; only
 * durations of steps that land are kept (the model's latency is conditional on success). The step
 * costs the executor's overhead once (log-normal with the network's or the default median and p95),
 * and its approval (unless it needs none) an inclusion before the attempts.
 */
function sampleDurations(steps: typeof swapBridgeSwap, position: number, seed: number, on: MarketIndex = index): Float64Array {
  const random = mulberry32(seed)
  const normal = normalSampler(random)
  const step = steps[position]!
  const venue = on.venues.get(step.venueId)!
  const network = on.networks.get(step.chainId)!
  const block = network.blockTimeMs / 1000
  const includeChance = 1 - INCLUSION_DELAY_PER_CONGESTION * network.congestion
  const revert = venue.kind === 'bridge' ? 0 : (network.swapRevertProbability ?? SWAP_FAILURE_AT_EMPTY + SWAP_FAILURE_PER_CONGESTION * network.congestion)
  const overhead = network.executorOverhead ?? DEFAULT_TRANSACTION_OVERHEAD
  const overheadDraw = () => overhead.medianSeconds * (overhead.p95Seconds / overhead.medianSeconds) ** (normal() / 1.6448536269514722)
  const out = new Float64Array(SAMPLES)
  for (let i = 0; i < SAMPLES; ) {
    let t = overheadDraw()
    if (step.approvalRequired !== false) {
      t += random() * block
      while (random() >= includeChance) t += block
    }
    let attempt = 0
    let landed = false
    while (attempt < SWAP_ATTEMPTS && !landed) {
      attempt++
      t += random() * block
      while (random() >= includeChance) t += block
      landed = random() >= revert
    }
    if (!landed) continue
    if (venue.kind === 'bridge') {
      const tier = venue.latencyTiers.find((x) => x.maxAmountRaw === undefined || step.amountInRaw <= x.maxAmountRaw) ?? venue.latencyTiers.at(-1)!
      t += tier.medianSeconds * (tier.p95Seconds / tier.medianSeconds) ** (normal() / 1.6448536269514722)
    }
    out[i++] = t
  }
  return out.sort()
}

/** One attempt's inclusion time, block by block. */
function sampleInclusions(latency: { blockSeconds: number; inclusionProbability: number }, seed: number): Float64Array {
  const random = mulberry32(seed)
  const out = new Float64Array(SAMPLES)
  for (let i = 0; i < SAMPLES; i++) {
    let t = random() * latency.blockSeconds
    while (random() >= latency.inclusionProbability) t += latency.blockSeconds
    out[i] = t
  }
  return out.sort()
}

/** max |discretised CDF − empirical CDF| at 50 empirical quantiles. */
function worstCdfError(latency: StepLatency, samples: Float64Array): number {
  const horizon = empiricalQuantile(samples, 0.9999) * 1.5
  const grid = timeGrid.createTimeGrid(horizon, 512)
  const distribution = timeGrid.discretiseLatency(grid, latency)
  let worst = 0
  for (let k = 1; k <= 50; k++) {
    const x = empiricalQuantile(samples, k / 51)
    const empirical = samples.findIndex((t) => t > x) / SAMPLES
    worst = Math.max(worst, Math.abs(timeGrid.cdfAt(grid, distribution, x) - empirical))
  }
  return worst
}

describe('stepLatency', () => {
  it('picks the bridge tier covering the amount (4.92 WETH → the ≤ 30 WETH tier)', () => {
    const latency = stepLatency(index, swapBridgeSwap[1]!)
    const bridge = index.venues.get('across-weth-arb-base') as Bridge
    const tier = bridge.latencyTiers[1]!
    expect(latency.fill?.mu).toBeCloseTo(Math.log(tier.medianSeconds), 12)
  })

  const cases = [
    ['swap on Ethereum', singleSwap, 0],
    ['swap on Arbitrum', swapBridgeSwap, 0],
    ['bridge Arbitrum → Base', swapBridgeSwap, 1],
    ['swap on Base', swapBridgeSwap, 2],
  ] as const

  for (const [name, steps, position] of cases) {
    it(`${name}: mean, inclusion quantiles and the discretised CDF match samples`, () => {
      const latency = stepLatency(index, steps[position]!)
      const samples = sampleDurations(steps, position, 21 + position)
      const mean = samples.reduce((sum, t) => sum + t, 0) / SAMPLES
      expect(latencyMeanSeconds(latency) / mean).toBeGreaterThan(0.98)
      expect(latencyMeanSeconds(latency) / mean).toBeLessThan(1.02)
      if (!latency.fill) {
        const inclusions = sampleInclusions(latency, 41 + position)
        for (const p of [0.1, 0.5, 0.9, 0.99])
          expect(Math.abs(inclusionQuantile(latency, p) - empiricalQuantile(inclusions, p))).toBeLessThan(0.02 * latency.blockSeconds + 0.02 * empiricalQuantile(inclusions, p))
      }
      // The grid discretisation (what the completion-time computation uses) against the empirical CDF.
      expect(worstCdfError(latency, samples)).toBeLessThan(0.01)
    })
  }

  it('estimateVenueLatencySeconds is the sample mean of the venue at that size', () => {
    const bridgeStep = swapBridgeSwap[1]!
    const venue = index.venues.get(bridgeStep.venueId)!
    const samples = sampleDurations(swapBridgeSwap, 1, 31)
    const mean = samples.reduce((sum, t) => sum + t, 0) / SAMPLES
    expect(estimateVenueLatencySeconds(index, venue, bridgeStep.amountInRaw) / mean).toBeGreaterThan(0.98)
    expect(estimateVenueLatencySeconds(index, venue, bridgeStep.amountInRaw) / mean).toBeLessThan(1.02)
  })
})

describe('a swap that reverts is sent again', () => {
  // Every Ethereum swap attempt reverts with probability 0.3: retries are common enough to measure.
  const revertMarket: Market = { ...market, networks: market.networks.map((network) => ({ ...network, swapRevertProbability: 0.3 })) }
  const revertIndex = indexMarket(revertMarket)
  const step = singleSwap[0]!
  const latency = stepLatency(revertIndex, step)
  const samples = sampleDurations(singleSwap, 0, 51, revertIndex)

  it('carries the attempts: up to SWAP_ATTEMPTS, each reverting with the network\'s probability', () => {
    expect(latency.attempts).toEqual({ revertProbability: 0.3, max: SWAP_ATTEMPTS })
    expect(stepSuccessProbability(revertIndex, step)).toBeCloseTo(1 - 0.3 ** SWAP_ATTEMPTS, 12)
  })

  it('the mean and the discretised CDF include the retried inclusions (against block-by-block samples)', () => {
    const mean = samples.reduce((sum, t) => sum + t, 0) / SAMPLES
    expect(latencyMeanSeconds(latency) / mean).toBeGreaterThan(0.99)
    expect(latencyMeanSeconds(latency) / mean).toBeLessThan(1.01)
    expect(worstCdfError(latency, samples)).toBeLessThan(0.01)
    // Without retries the same swap is markedly faster: the model is not just the one-attempt law.
    expect(worstCdfError({ ...latency, attempts: undefined }, samples)).toBeGreaterThan(0.05)
  })

  it('latencyUpperBoundSeconds leaves at most the tail beyond it', () => {
    for (const tail of [1e-2, 1e-3]) {
      const bound = latencyUpperBoundSeconds(latency, tail)
      const beyond = SAMPLES - samples.findIndex((t) => t > bound)
      expect(samples.at(-1)! <= bound ? 0 : beyond / SAMPLES).toBeLessThan(tail + 4 * Math.sqrt(tail / SAMPLES))
    }
  })
})

