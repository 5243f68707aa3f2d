import { describe, expect, it } from 'vitest'
import { brierScore, calibrationBuckets } from '../../bench/harness/calibration.ts'
import { quantile } from '../../bench/harness/statistics.ts'

describe('calibrationBuckets and brierScore on a hand-made example', () => {
  const forecasts = [
    { predicted: 0.95, samples: 100, successes: 90 },
    { predicted: 0.97, samples: 300, successes: 294 },
    { predicted: 0.5, samples: 10, successes: 5 },
    { predicted: 1, samples: 20, successes: 19 },
  ]

  it('groups by predicted probability and compares the sample-weighted prediction with the realised rate', () => {
    const buckets = calibrationBuckets(forecasts, [0, 0.5, 0.8, 0.95, 0.98, 1], 50, 0.01)
    expect(buckets.map((b) => [b.lower, b.upper])).toEqual([
      [0.5, 0.8],
      [0.95, 0.98],
      [0.98, 1],
    ])
    const [half, high, top] = buckets
    expect(half).toMatchObject({ plans: 1, samples: 10, meanPredicted: 0.5, realisedRate: 0.5, error: 0, enoughSamples: false })
    // (0.95·100 + 0.97·300) / 400 = 0.965 predicted; 384 / 400 = 0.96 realised.
    expect(high!.plans).toBe(2)
    expect(high!.samples).toBe(400)
    expect(high!.meanPredicted).toBeCloseTo(0.965, 12)
    expect(high!.realisedRate).toBeCloseTo(0.96, 12)
    expect(high!.error).toBeCloseTo(0.005, 12)
    expect(high!.standardError).toBeCloseTo(Math.sqrt((0.96 * 0.04) / 400), 12)
    expect(high!.enoughSamples).toBe(true) // 400 ≥ 50 samples, standard error 0.98 pp ≤ 1 pp
    expect(calibrationBuckets(forecasts, [0, 0.5, 0.8, 0.95, 0.98, 1], 50, 0.005)[1]!.enoughSamples).toBe(false)
    // p = 1 falls in the last bucket, which includes its upper edge.
    expect(top).toMatchObject({ plans: 1, samples: 20, meanPredicted: 1, realisedRate: 0.95 })
    expect(top!.error).toBeCloseTo(0.05, 12)
  })

  it('scores every realisation with (p − outcome)²', () => {
    const total =
      90 * 0.05 ** 2 + 10 * 0.95 ** 2 + // p = 0.95
      294 * 0.03 ** 2 + 6 * 0.97 ** 2 + // p = 0.97
      5 * 0.5 ** 2 + 5 * 0.5 ** 2 + // p = 0.5
      19 * 0 + 1 * 1 // p = 1
    expect(brierScore(forecasts)).toBeCloseTo(total / 430, 12)
    expect(brierScore([])).toBeNaN()
    expect(brierScore([{ predicted: 1, samples: 5, successes: 5 }])).toBe(0)
  })

  it('quantile interpolates between order statistics', () => {
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(2.5)
    expect(quantile([1, 2, 3, 4, 5], 0.99)).toBeCloseTo(4.96, 12)
    expect(quantile([], 0.5)).toBeNaN()
  })
})
