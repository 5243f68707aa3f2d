// Per-planner, per-bucket figures and the headline checks, from the per-case records.
import { brierScore, calibrationBuckets, type CalibrationBucket, type Forecast } from './calibration.ts'
import type { CaseRecord, PlanRecord } from './benchmarkRecords.ts'
import { mean, quantile } from './statistics.ts'
import { TRADE_SIZE_BUCKETS } from './suiteCase.ts'

export interface PlannerBucketSummary {
  readonly cases: number
  /** Cases with a plan. */
  readonly planned: number
  /** Net output vs the best non-reference planner, bps, over the planned cases. */
  readonly outputVsBestBps: { readonly mean: number; readonly median: number; readonly worst: number }
  /** Cases where the planner was best or within 0.1 bp of it. */
  readonly bestOrTied: number
  readonly gapToReferenceBps?: { readonly mean: number; readonly median: number; readonly max: number; readonly within10Bps: number; readonly count: number }
  /** Mean predicted outcome probability. */
  readonly predictedProbability: number
  /** Per regime: realised success rate and Brier score over all realisations. */
  readonly realised: Readonly<Record<string, { readonly samples: number; readonly successRate: number; readonly brier: number }>>
  readonly timing: { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number; readonly peakHeapGrowthBytes: number }
}

export interface HeadlineCheck {
  readonly id: string
  readonly statement: string
  /** undefined when the planners or cases needed are not in the run. */
  readonly passed: boolean | undefined
  readonly detail: string
}

export interface BenchmarkSummary {
  /** planner → bucket (`small`, `medium`, `whale`, `all`) → figures; buckets without cases are left out. */
  readonly byPlanner: Readonly<Record<string, Readonly<Record<string, PlannerBucketSummary>>>>
  /** regime → planner (and `all planners`) → buckets. */
  readonly calibration: Readonly<Record<string, Readonly<Record<string, readonly CalibrationBucket[]>>>>
  readonly checks: readonly HeadlineCheck[]
  /** Reference strategies that won, with counts. */
  readonly referenceSources: Readonly<Record<string, number>>
}

export const GAP_TARGET_BPS = 10
export const CALIBRATION_TARGET = 0.02
const TIE_BPS = 0.1

function forecastsOf(records: readonly PlanRecord[], regime: string): Forecast[] {
  return records.flatMap((record) => {
    const realised = record.realised[regime]
    return record.plan && realised ? [{ predicted: record.plan.predictedProbability, samples: realised.samples, successes: realised.successes }] : []
  })
}

function summariseBucket(records: readonly PlanRecord[], regimes: readonly string[]): PlannerBucketSummary {
  const planned = records.filter((record) => record.plan)
  const vsBest = planned.flatMap((record) => (record.outputVsBestBps === undefined ? [] : [record.outputVsBestBps]))
  const gaps = planned.flatMap((record) => (record.gapToReferenceBps === undefined ? [] : [record.gapToReferenceBps]))
  const times = records.map((record) => record.timing.planningMs)
  const realised: Record<string, { samples: number; successRate: number; brier: number }> = {}
  for (const regime of regimes) {
    const forecasts = forecastsOf(planned, regime)
    const samples = forecasts.reduce((sum, f) => sum + f.samples, 0)
    realised[regime] = { samples, successRate: samples > 0 ? forecasts.reduce((sum, f) => sum + f.successes, 0) / samples : NaN, brier: brierScore(forecasts) }
  }
  return {
    cases: records.length,
    planned: planned.length,
    outputVsBestBps: { mean: mean(vsBest), median: quantile(vsBest, 0.5), worst: vsBest.length > 0 ? Math.min(...vsBest) : NaN },
    bestOrTied: vsBest.filter((value) => value >= -TIE_BPS).length,
    ...(gaps.length > 0
      ? {
          gapToReferenceBps: {
            mean: mean(gaps),
            median: quantile(gaps, 0.5),
            max: Math.max(...gaps),
            within10Bps: gaps.filter((gap) => gap <= GAP_TARGET_BPS).length,
            count: gaps.length,
          },
        }
      : {}),
    predictedProbability: mean(planned.map((record) => record.plan!.predictedProbability)),
    realised,
    timing: {
      p50Ms: quantile(times, 0.5),
      p99Ms: quantile(times, 0.99),
      maxMs: times.length > 0 ? Math.max(...times) : NaN,
      peakHeapGrowthBytes: records.reduce((max, record) => Math.max(max, record.timing.heapGrowthBytes), 0),
    },
  }
}

const bps = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)} bp`

function compareOnWhales(cases: readonly CaseRecord[], planner: string, baseline: string): HeadlineCheck {
  const id = `whale-output-vs-${baseline}`
  const statement = `Whale intents: ${planner}'s expected net output beats ${baseline}'s`
  const rows = cases
    .filter((c) => c.bucket === 'whale')
    .flatMap((c) => {
      const ours = c.records.find((r) => r.planner === planner)
      const theirs = c.records.find((r) => r.planner === baseline)
      if (!ours?.plan || !theirs?.plan) return []
      // A baseline plan that misses the intent's constraints is no win, whatever it would deliver.
      const forfeit = theirs.admissible === false && ours.admissible !== false
      return [{ id: c.id, difference: ((ours.plan.netOutput - theirs.plan.netOutput) / Math.abs(theirs.plan.netOutput)) * 1e4, forfeit }]
    })
  if (rows.length === 0) return { id, statement, passed: undefined, detail: 'not measured (planner or whale cases missing)' }
  const meanDifference = mean(rows.map((row) => (row.forfeit ? Math.max(0, row.difference) : row.difference)))
  const losses = rows.filter((row) => row.difference < -TIE_BPS && !row.forfeit)
  const wins = rows.filter((row) => row.difference > TIE_BPS || (row.forfeit && row.difference < -TIE_BPS))
  const forfeits = rows.filter((row) => row.forfeit && row.difference < -TIE_BPS)
  return {
    id,
    statement,
    passed: meanDifference > 0 && losses.length === 0,
    detail:
      `mean ${bps(meanDifference)} over ${rows.length} intents; ahead on ${wins.length}, tied on ${rows.length - wins.length - losses.length}, behind on ${losses.length}` +
      (losses.length > 0 ? ` (${losses.map((row) => `${row.id} ${bps(row.difference)}`).join(', ')})` : '') +
      (forfeits.length > 0 ? `; counted ahead where ${baseline}'s plan misses the intent's constraints: ${forfeits.map((row) => `${row.id} (${bps(row.difference)})`).join(', ')}` : ''),
  }
}

/**
 * Figures per planner and trade-size bucket, calibration per regime, and the issue's headline checks
 * for `accord`: on whale intents its net output beats single-best-path and fixed-splits (on average
 * and on no intent by more than 0.1 bp behind), its gap to the reference is ≤ 10 bp on every whale
 * intent, and its calibration error is ≤ 2 pp in every probability bucket with enough samples.
 */
export function summariseBenchmark(planners: readonly string[], regimes: readonly string[], cases: readonly CaseRecord[], reference: string | undefined): BenchmarkSummary {
  const byPlanner: Record<string, Record<string, PlannerBucketSummary>> = {}
  for (const planner of planners) {
    const entry: Record<string, PlannerBucketSummary> = {}
    for (const bucket of [...TRADE_SIZE_BUCKETS, 'all'] as const) {
      const records = cases.filter((c) => bucket === 'all' || c.bucket === bucket).map((c) => c.records.find((r) => r.planner === planner)!)
      if (records.length > 0) entry[bucket] = summariseBucket(records, regimes)
    }
    byPlanner[planner] = entry
  }

  const calibration: Record<string, Record<string, CalibrationBucket[]>> = {}
  for (const regime of regimes) {
    const perPlanner: Record<string, CalibrationBucket[]> = {}
    for (const planner of planners) perPlanner[planner] = calibrationBuckets(forecastsOf(cases.flatMap((c) => c.records.filter((r) => r.planner === planner)), regime))
    // Pooled over planners, each distinct plan once: planners returning the same plan share its realisations.
    const distinct = cases.flatMap((c) => c.records.filter((record, i) => record.planId !== undefined && c.records.findIndex((other) => other.planId === record.planId) === i))
    perPlanner['all planners'] = calibrationBuckets(forecastsOf(distinct, regime))
    calibration[regime] = perPlanner
  }

  const checks: HeadlineCheck[] = []
  const accord = 'accord'
  if (planners.includes(accord)) {
    checks.push(compareOnWhales(cases, accord, 'single-best-path'), compareOnWhales(cases, accord, 'fixed-splits'))
    const gaps = cases
      .filter((c) => c.bucket === 'whale')
      .flatMap((c) => {
        const gap = c.records.find((r) => r.planner === accord)?.gapToReferenceBps
        return gap === undefined ? [] : [{ id: c.id, gap }]
      })
    const over = gaps.filter((row) => row.gap > GAP_TARGET_BPS)
    checks.push({
      id: 'whale-gap-to-reference',
      statement: `Whale intents: ${accord}'s gap to ${reference ?? 'the reference'} is ≤ ${GAP_TARGET_BPS} bp`,
      passed: gaps.length === 0 ? undefined : over.length === 0,
      detail:
        gaps.length === 0
          ? 'not measured (no reference planner or whale cases)'
          : `max ${Math.max(...gaps.map((row) => row.gap)).toFixed(2)} bp, mean ${mean(gaps.map((row) => row.gap)).toFixed(2)} bp over ${gaps.length} intents` +
            (over.length > 0 ? `; over ${GAP_TARGET_BPS} bp: ${over.map((row) => `${row.id} ${row.gap.toFixed(1)} bp`).join(', ')}` : ''),
    })
    for (const regime of regimes) {
      const buckets = calibration[regime]![accord]!.filter((bucket) => bucket.enoughSamples)
      const worst = buckets.reduce<CalibrationBucket | undefined>((top, bucket) => (!top || bucket.error > top.error ? bucket : top), undefined)
      checks.push({
        id: `calibration-${regime}`,
        statement: `Calibration (${regime} regime): ${accord}'s |predicted − realised| ≤ ${CALIBRATION_TARGET * 100} pp in every probability bucket with enough samples`,
        passed: worst === undefined ? undefined : worst.error <= CALIBRATION_TARGET,
        detail:
          worst === undefined
            ? 'no bucket has enough samples'
            : `worst bucket [${worst.lower}, ${worst.upper}): ${(worst.error * 100).toFixed(2)} pp (predicted ${(worst.meanPredicted * 100).toFixed(2)} %, realised ${(
                worst.realisedRate * 100
              ).toFixed(2)} % ± ${(worst.standardError * 100).toFixed(2)} pp, ${worst.samples} samples) across ${buckets.length} buckets`,
      })
    }
  }

  const referenceSources: Record<string, number> = {}
  if (reference)
    for (const c of cases) {
      const strategy = c.records.find((r) => r.planner === reference)?.plan?.strategy
      if (strategy) referenceSources[strategy] = (referenceSources[strategy] ?? 0) + 1
    }
  return { byPlanner, calibration, checks, referenceSources }
}
