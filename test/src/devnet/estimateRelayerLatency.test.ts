// estimateRelayerLatency's closed-form median and 95th percentile against a seeded Monte Carlo
// simulation of the same process: delay + overhead + U(0, poll) + U(0, block).
import { describe, expect, it } from 'vitest'
import { estimateRelayerLatency } from '../../../src/devnet/estimateRelayerLatency.ts'

/** mulberry32 (public domain), seeded. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
}

describe('estimateRelayerLatency', () => {
  it.each([
    // [delayMs, pollIntervalMs, destinationBlockTimeMs] — both branches of the p95 formula
    [400, 100, 1000], // 0.1·1000 ≤ 100: triangular tail
    [400, 100, 2000], // 0.1·2000 > 100: flat middle
    [2000, 100, 250],
    [0, 500, 500],
  ])('delay %i ms, poll %i ms, block %i ms matches a Monte Carlo of 200 000 fills', (delayMs, pollIntervalMs, destinationBlockTimeMs) => {
    const estimate = estimateRelayerLatency({ delayMs, pollIntervalMs, destinationBlockTimeMs })
    // The overhead is a constant shift; recover it from a zero-wait configuration.
    const overheadMs = estimateRelayerLatency({ delayMs: 0, pollIntervalMs: 1e-9, destinationBlockTimeMs: 1e-9 }).medianSeconds * 1000
    const random = mulberry32(42)
    const samples = Array.from({ length: 200_000 }, () => delayMs + overheadMs + random() * pollIntervalMs + random() * destinationBlockTimeMs).sort((a, b) => a - b)
    const tolerance = (pollIntervalMs + destinationBlockTimeMs) * 0.01
    expect(Math.abs(estimate.medianSeconds * 1000 - quantile(samples, 0.5))).toBeLessThan(tolerance)
    expect(Math.abs(estimate.p95Seconds * 1000 - quantile(samples, 0.95))).toBeLessThan(tolerance)
    expect(estimate.p95Seconds).toBeGreaterThanOrEqual(estimate.medianSeconds)
  })
})
