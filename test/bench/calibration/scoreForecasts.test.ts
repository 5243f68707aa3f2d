// The calibration benchmark's scores against hand-computed values.
import { describe, expect, it } from 'vitest'
import { scoreDurations, scoreProbabilities } from '../../../bench/calibration/scoreForecasts.ts'

describe('scoreProbabilities', () => {
  it('ECE is the run-weighted mean |predicted − realised| over ten buckets; Brier the mean squared error', () => {
    // Bucket 0.9–1.0: predictions 0.95, 0.95, 0.95, 0.95 with 3 reached → |0.95 − 0.75| = 0.2, weight 4/6.
    // Bucket 0.2–0.3: predictions 0.25, 0.25 with 1 reached → |0.25 − 0.5| = 0.25, weight 2/6.
    const forecasts = [
      { predicted: 0.95, reached: true },
      { predicted: 0.95, reached: true },
      { predicted: 0.95, reached: true },
      { predicted: 0.95, reached: false },
      { predicted: 0.25, reached: true },
      { predicted: 0.25, reached: false },
    ]
    const score = scoreProbabilities(forecasts)
    expect(score.ece).toBeCloseTo((4 / 6) * 0.2 + (2 / 6) * 0.25, 12)
    expect(score.brier).toBeCloseTo((3 * 0.05 ** 2 + 0.95 ** 2 + 0.75 ** 2 + 0.25 ** 2) / 6, 12)
    expect(score.buckets.map((b) => b.samples)).toEqual([2, 4])
    expect(score.realisedRate).toBeCloseTo(4 / 6, 12)
  })
})

describe('scoreDurations', () => {
  it('counts runs strictly past their own p50 and p95', () => {
    const runs = [
      { p50Seconds: 2, p95Seconds: 5, durationSeconds: 1 },
      { p50Seconds: 2, p95Seconds: 5, durationSeconds: 3 },
      { p50Seconds: 2, p95Seconds: 5, durationSeconds: 6 },
      { p50Seconds: 4, p95Seconds: 8, durationSeconds: 4 },
    ]
    expect(scoreDurations(runs)).toEqual({ runs: 4, pastP50: 0.5, pastP95: 0.25 })
  })
})
