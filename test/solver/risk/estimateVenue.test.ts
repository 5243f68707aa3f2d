// The path-ranking helpers against simulation and against the market's own figures.
import { describe, expect, it } from 'vitest'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import type { Bridge, Market } from '../../../solver/market/types.ts'
import { estimateVenueLatencySeconds } from '../../../solver/risk/estimateVenueLatencySeconds.ts'
import { estimateVenueSuccessProbability } from '../../../solver/risk/estimateVenueSuccessProbability.ts'
import { DEFAULT_TRANSACTION_OVERHEAD, INCLUSION_DELAY_PER_CONGESTION, SWAP_ATTEMPTS, SWAP_FAILURE_AT_EMPTY, SWAP_FAILURE_PER_CONGESTION } from '../../../solver/risk/parameters.ts'
import { index, market } from './riskPlans.ts'
import { mulberry32, normalSampler } from './simulateOutcome.ts'

const withCongestion = (congestion: number): Market => ({ ...market, networks: market.networks.map((network) => ({ ...network, congestion })) })

describe('estimateVenueSuccessProbability', () => {
  it('a bridge succeeds unless it fails as the market states', () => {
    for (const venue of market.venues)
      if (venue.kind === 'bridge') expect(estimateVenueSuccessProbability(index, venue)).toBe(1 - venue.failureProbability)
  })

  it('a swap fails more often in congested blocks, and rarely', () => {
    const calm = indexMarket(withCongestion(0))
    const busy = indexMarket(withCongestion(1))
    for (const venue of market.venues) {
      if (venue.kind === 'bridge') continue
      const low = estimateVenueSuccessProbability(busy, venue)
      const high = estimateVenueSuccessProbability(calm, venue)
      expect(low).toBeLessThan(high)
      expect(high).toBeLessThanOrEqual(1)
      expect(low).toBeGreaterThan(0.95)
    }
  })

  it('a swap fails only when every attempt reverts; a measured revert rate replaces the congestion formula', () => {
    const measured = indexMarket({ ...market, networks: market.networks.map((network) => ({ ...network, swapRevertProbability: 0.2 })) })
    for (const venue of market.venues) {
      if (venue.kind === 'bridge') continue
      const network = index.networks.get(venue.chainId)!
      const perAttempt = SWAP_FAILURE_AT_EMPTY + SWAP_FAILURE_PER_CONGESTION * network.congestion
      expect(estimateVenueSuccessProbability(index, venue)).toBeCloseTo(1 - perAttempt ** SWAP_ATTEMPTS, 14)
      expect(estimateVenueSuccessProbability(measured, venue)).toBeCloseTo(1 - 0.2 ** SWAP_ATTEMPTS, 14)
    }
  })
})

describe('estimateVenueLatencySeconds', () => {
  it('equals the simulated mean duration, using the first tier without an amount', () => {
    const random = mulberry32(99)
    const normal = normalSampler(random)
    for (const venue of market.venues) {
      const network = index.networks.get(venue.kind === 'bridge' ? venue.from.chainId : venue.chainId)!
      const block = network.blockTimeMs / 1000
      const includeChance = 1 - INCLUSION_DELAY_PER_CONGESTION * network.congestion
      const tier = venue.kind === 'bridge' ? (venue as Bridge).latencyTiers[0]! : undefined
      const revert = tier ? 0 : SWAP_FAILURE_AT_EMPTY + SWAP_FAILURE_PER_CONGESTION * network.congestion
      // The executor's log-normal overhead once, then an approval's inclusion, then each attempt's.
      const overhead = network.executorOverhead ?? DEFAULT_TRANSACTION_OVERHEAD
      const overheadDraw = () => overhead.medianSeconds * Math.exp((Math.log(overhead.p95Seconds / overhead.medianSeconds) / 1.6448536269514722) * normal())
      let sum = 0
      const samples = 40_000
      for (let i = 0; i < samples; i++) {
        let t = overheadDraw() + random() * block // overhead + approval
        while (random() >= includeChance) t += block
        // A swap that reverts is sent again (up to SWAP_ATTEMPTS; a sample where all revert is rare enough to keep).
        for (let attempt = 0; attempt === 0 || (attempt < SWAP_ATTEMPTS && random() < revert); attempt++) {
          t += random() * block
          while (random() >= includeChance) t += block
        }
        if (tier) t += tier.medianSeconds * Math.exp((Math.log(tier.p95Seconds / tier.medianSeconds) / 1.6448536269514722) * normal())
        sum += t
      }
      const estimate = estimateVenueLatencySeconds(index, venue)
      expect(Math.abs(estimate / (sum / samples) - 1)).toBeLessThan(0.03)
    }
  })

  it('grows with congestion', () => {
    const calm = indexMarket(withCongestion(0))
    const busy = indexMarket(withCongestion(1))
    for (const venue of market.venues) expect(estimateVenueLatencySeconds(busy, venue)).toBeGreaterThan(estimateVenueLatencySeconds(calm, venue))
  })
})
