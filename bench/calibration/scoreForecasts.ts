// Scores of the calibration benchmark: how predicted outcome probabilities and durations compare with
// real executions (expected calibration error, Brier score, reliability buckets, quantile coverage).
import { brierScore, calibrationBuckets, type CalibrationBucket } from '../harness/calibration.ts'

/** One execution: what the planner predicted and what happened. */
export interface ScoredRun {
  readonly regime: string
  readonly half: 'first' | 'second'
  readonly deadlineSeconds: number
  /** Step actions, e.g. `sbs` = swap, bridge, swap. */
  readonly steps: string
  /** The plan's outcome probability on the market it was planned on. */
  readonly predicted: number
  readonly p50Seconds: number
  readonly p95Seconds: number
  /** Second half: the same plan judged on the market before calibration. */
  readonly before?: { readonly predicted: number; readonly p50Seconds: number; readonly p95Seconds: number }
  /** At least the minimum delivered within the deadline. */
  readonly reached: boolean
  /** The executor re-solved (a refund, a failed step or a trigger). */
  readonly recovered: boolean
  /** Start → last delivery (or → the end, when nothing was delivered). */
  readonly durationSeconds: number
  /** Everything was delivered. */
  readonly completed: boolean
  /** The machine's 1-minute load average per core when the run started (the machine is shared: the executor's overhead grows with it). */
  readonly loadPerCore?: number
}

export interface ForecastScore {
  readonly runs: number
  /** Σ_b (n_b/N)·|mean predicted_b − realised_b| over ten equal-width buckets (Naeini, Cooper & Hauskrecht, AAAI 2015). */
  readonly ece: number
  readonly brier: number
  readonly meanPredicted: number
  readonly realisedRate: number
  readonly buckets: readonly CalibrationBucket[]
}

export interface DurationScore {
  /** Runs that delivered everything on their first plan (the model's durations are of executions whose steps all succeed). */
  readonly runs: number
  readonly pastP50: number
  readonly pastP95: number
}

export interface CalibrationScore {
  readonly all: ForecastScore
  readonly byRegime: Readonly<Record<string, ForecastScore>>
  readonly byDeadline: Readonly<Record<string, ForecastScore>>
  readonly durations: DurationScore
  /** Durations of runs started at a load per core ≤ 1 and above it. */
  readonly durationsByLoad: { readonly calm: DurationScore; readonly loaded: DurationScore }
  readonly secondHalf: { readonly before: ForecastScore; readonly after: ForecastScore; readonly durationsBefore: DurationScore; readonly durationsAfter: DurationScore }
}

export const TEN_BUCKETS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]
/** A bucket's error counts against the 5 pp target only with this many runs (the rule). */
export const MIN_BUCKET_RUNS = 20

export function scoreProbabilities(forecasts: ReadonlyArray<{ predicted: number; reached: boolean }>): ForecastScore {
  const as = forecasts.map((f) => ({ predicted: f.predicted, samples: 1, successes: f.reached ? 1 : 0 }))
  const buckets = calibrationBuckets(as, TEN_BUCKETS, MIN_BUCKET_RUNS, 1)
  const n = forecasts.length
  return {
    runs: n,
    ece: n === 0 ? NaN : buckets.reduce((sum, bucket) => sum + (bucket.samples / n) * bucket.error, 0),
    brier: brierScore(as),
    meanPredicted: n === 0 ? NaN : forecasts.reduce((sum, f) => sum + f.predicted, 0) / n,
    realisedRate: n === 0 ? NaN : forecasts.filter((f) => f.reached).length / n,
    buckets,
  }
}

export function scoreDurations(runs: ReadonlyArray<{ p50Seconds: number; p95Seconds: number; durationSeconds: number }>): DurationScore {
  const n = runs.length
  return {
    runs: n,
    pastP50: n === 0 ? NaN : runs.filter((run) => run.durationSeconds > run.p50Seconds).length / n,
    pastP95: n === 0 ? NaN : runs.filter((run) => run.durationSeconds > run.p95Seconds).length / n,
  }
}

export function scoreForecasts(runs: readonly ScoredRun[]): CalibrationScore {
  const group = (key: (run: ScoredRun) => string) => {
    const groups: Record<string, ScoredRun[]> = {}
    for (const run of runs) (groups[key(run)] ??= []).push(run)
    return Object.fromEntries(Object.entries(groups).map(([name, members]) => [name, scoreProbabilities(members)]))
  }
  const clean = (run: ScoredRun) => run.completed && !run.recovered
  const second = runs.filter((run) => run.half === 'second' && run.before)
  return {
    all: scoreProbabilities(runs),
    byRegime: group((run) => run.regime),
    byDeadline: group((run) => (run.deadlineSeconds <= 12 ? 'deadline ≤ 12 s' : run.deadlineSeconds <= 30 ? 'deadline 15–30 s' : 'deadline 45–90 s')),
    durations: scoreDurations(runs.filter(clean)),
    durationsByLoad: {
      calm: scoreDurations(runs.filter((run) => clean(run) && (run.loadPerCore ?? 0) <= 1)),
      loaded: scoreDurations(runs.filter((run) => clean(run) && (run.loadPerCore ?? 0) > 1)),
    },
    secondHalf: {
      before: scoreProbabilities(second.map((run) => ({ predicted: run.before!.predicted, reached: run.reached }))),
      after: scoreProbabilities(second),
      durationsBefore: scoreDurations(second.filter(clean).map((run) => ({ ...run.before!, durationSeconds: run.durationSeconds }))),
      durationsAfter: scoreDurations(second.filter(clean)),
    },
  }
}
