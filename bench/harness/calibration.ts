// Calibration of predicted success probabilities against Monte Carlo realisations: reliability per
// probability bucket and the Brier score.

/** One plan's forecast and what happened when it was realised `samples` times. */
export interface Forecast {
  /** Predicted probability of success, in [0, 1]. */
  readonly predicted: number
  readonly samples: number
  readonly successes: number
}

export interface CalibrationBucket {
  /** Predicted probabilities p with lower ≤ p < upper (the last bucket includes 1). */
  readonly lower: number
  readonly upper: number
  readonly plans: number
  readonly samples: number
  /** Sample-weighted mean prediction. */
  readonly meanPredicted: number
  /** Successes / samples. */
  readonly realisedRate: number
  /** |meanPredicted − realisedRate|. */
  readonly error: number
  /** Binomial standard error of realisedRate, √(r(1 − r)/samples): the noise floor of `error`. */
  readonly standardError: number
  /** samples ≥ MIN_BUCKET_SAMPLES and standardError ≤ MAX_BUCKET_STANDARD_ERROR: the bucket counts in checks. */
  readonly enoughSamples: boolean
}

/** Bucket edges: plans are mostly above 0.9, so the resolution is there. */
export const PROBABILITY_BUCKET_EDGES: readonly number[] = [0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 1]

/** Realisations a bucket needs before its error counts. */
export const MIN_BUCKET_SAMPLES = 1000
/**
 * Largest binomial standard error of the realised rate for a bucket to count: 0.5 pp, so a 2 pp
 * calibration error is four standard errors from noise (at p = 0.9 this takes 3600 realisations,
 * at p = 0.99 about 400).
 */
export const MAX_BUCKET_STANDARD_ERROR = 0.005

/**
 * Groups forecasts into probability buckets (reliability diagram data, Murphy & Winkler, "A general
 * framework for forecast verification", Monthly Weather Review 1987). Empty buckets are omitted.
 */
export function calibrationBuckets(
  forecasts: readonly Forecast[],
  edges: readonly number[] = PROBABILITY_BUCKET_EDGES,
  minSamples: number = MIN_BUCKET_SAMPLES,
  maxStandardError: number = MAX_BUCKET_STANDARD_ERROR,
): CalibrationBucket[] {
  const buckets: CalibrationBucket[] = []
  for (let b = 0; b + 1 < edges.length; b++) {
    const lower = edges[b]!
    const upper = edges[b + 1]!
    const last = b + 2 === edges.length
    const members = forecasts.filter((f) => f.samples > 0 && f.predicted >= lower && (f.predicted < upper || (last && f.predicted <= upper)))
    const samples = members.reduce((sum, f) => sum + f.samples, 0)
    if (samples === 0) continue
    const meanPredicted = members.reduce((sum, f) => sum + f.predicted * f.samples, 0) / samples
    const realisedRate = members.reduce((sum, f) => sum + f.successes, 0) / samples
    const standardError = Math.sqrt((realisedRate * (1 - realisedRate)) / samples)
    buckets.push({
      lower,
      upper,
      plans: members.length,
      samples,
      meanPredicted,
      realisedRate,
      error: Math.abs(meanPredicted - realisedRate),
      standardError,
      enoughSamples: samples >= minSamples && standardError <= maxStandardError,
    })
  }
  return buckets
}

/**
 * Brier score over every realisation (Brier, "Verification of forecasts expressed in terms of
 * probability", Monthly Weather Review 1950): the mean of (p − o)², o = 1 for success else 0, so a
 * plan contributes successes·(p − 1)² + failures·p². 0 is perfect; NaN without samples.
 */
export function brierScore(forecasts: readonly Forecast[]): number {
  let total = 0
  let samples = 0
  for (const { predicted, samples: n, successes } of forecasts) {
    total += successes * (predicted - 1) ** 2 + (n - successes) * predicted ** 2
    samples += n
  }
  return samples > 0 ? total / samples : NaN
}
