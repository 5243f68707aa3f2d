// Completion time of a composite plan's activities (funding legs, lending transactions, delivery
// legs) arranged in a DAG: each activity's duration is log-normal with its median and p95, activities
// independent; the process ends when the last one does. Estimated by seeded Monte Carlo (the
// legs' own durations come from their plans' schedules, so only the composition is sampled here).
import { createRandom } from '../random.ts'
import { logNormalFromMedianP95 } from '../risk/latencyDistribution.ts'
import { normalQuantile } from '../risk/normal.ts'

export interface Activity {
  readonly id: string
  readonly medianSeconds: number
  readonly p95Seconds: number
  readonly dependsOn: readonly string[]
}

export interface EstimateCompletionTimeReturnType {
  /** P(every activity done by the deadline). */
  readonly withinDeadline: number
  readonly meanSeconds: number
  readonly p95Seconds: number
  /** Per activity: mean and p95 finish time. */
  readonly finish: ReadonlyMap<string, { readonly meanSeconds: number; readonly p95Seconds: number }>
}

/**
 * @param activities in an order where every activity comes after those it depends on.
 * @param samples default 4000 (standard error of the probability ≤ 0.8 pp); `seed` default 1.
 */
export function estimateCompletionTime(
  activities: readonly Activity[],
  deadlineSeconds: number,
  options: { samples?: number; seed?: number } = {},
): EstimateCompletionTimeReturnType {
  const samples = options.samples ?? 4000
  const random = createRandom(options.seed ?? 1)
  const parameters = activities.map((activity) => (activity.medianSeconds > 0 ? logNormalFromMedianP95(activity.medianSeconds, activity.p95Seconds) : undefined))
  const position = new Map(activities.map((activity, i) => [activity.id, i]))
  const finishes = activities.map(() => new Float64Array(samples))
  const ends = new Float64Array(samples)
  let onTime = 0
  for (let s = 0; s < samples; s++) {
    let end = 0
    activities.forEach((activity, i) => {
      let start = 0
      for (const dependency of activity.dependsOn) start = Math.max(start, finishes[position.get(dependency)!]![s]!)
      const lognormal = parameters[i]
      // u in (0, 1): a uniform draw shifted off 0 so the quantile is finite.
      const u = (random() * (2 ** 32 - 1) + 0.5) / 2 ** 32
      const duration = lognormal ? Math.exp(lognormal.mu + lognormal.sigma * normalQuantile(u)) : 0
      finishes[i]![s] = start + duration
      end = Math.max(end, start + duration)
    })
    ends[s] = end
    if (end <= deadlineSeconds) onTime++
  }
  const summarise = (values: Float64Array) => {
    const sorted = Float64Array.from(values).sort()
    let sum = 0
    for (const value of values) sum += value
    return { meanSeconds: sum / values.length, p95Seconds: sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))]! }
  }
  const total = summarise(ends)
  return {
    withinDeadline: onTime / samples,
    meanSeconds: total.meanSeconds,
    p95Seconds: total.p95Seconds,
    finish: new Map(activities.map((activity, i) => [activity.id, summarise(finishes[i]!)])),
  }
}
