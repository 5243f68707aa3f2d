// The time the executor's start rule asks to be left before it starts a step: the 95th percentile of
// the step's own duration (its executor overhead, approval, inclusion with any re-sent attempts,
// confirmations and a bridge's fill — from the step's start, not from the plan's start). The
// executor (src/executor/runExecution.ts) refuses a step when less time is left; the outcome
// probability models the same rule with the same numbers (startRuleProbability.ts,
// solver/risk/MODEL.md §4.6), so the two cannot drift apart. (The schedule's expected completion
// less its earliest start, used before, let a step start that overran the deadline in up to half its
// executions — issue 13: a 90 s intent kept moving funds until 237 s — and charged a later step with
// its predecessors' spread.)
import { attemptWeights, fillQuantile, inclusionQuantile, overheadQuantile } from './latencyDistribution.ts'
import type { PlanTiming } from './planTiming.ts'
import { kroneckerGenerator } from './quasiRandom.ts'

/** The quantile of a step's own duration the time left must cover for the executor to start it. */
export const START_RULE_QUANTILE = 0.95

/**
 * Quasi-Monte Carlo points of that quantile. A tail quantile converges slowly: for the Across fill of
 * the risk tests (median 139 s) it is 409 s at 1 024 points, 421 s at 4 096 and 418 s at 16 384,
 * against 423–425 s from 40 000 simulated executions (estimateOutcomeProbability.test.ts).
 */
export const START_RULE_QUANTILE_POINTS = 4096

const cache = new WeakMap<PlanTiming, Map<number, readonly number[]>>()

/**
 * Per step position, seconds: the START_RULE_QUANTILE quantile of the step's duration, by
 * quasi-Monte Carlo over its own coordinates (R_d points as in startRuleProbability.ts: overhead,
 * approval and transaction inclusions, attempt count, each re-send's inclusion, fill), the sum
 * startRuleProbability uses for a step's completion less its start. Deterministic; cached per timing.
 */
export function startRuleNeededSeconds(timing: PlanTiming, points: number = START_RULE_QUANTILE_POINTS): readonly number[] {
  let byPoints = cache.get(timing)
  const cached = byPoints?.get(points)
  if (cached) return cached
  const durations = new Float64Array(points)
  const needed = timing.latencies.map((latency) => {
    const weights = attemptWeights(latency)
    // The approvals' and a re-sent swap's inclusions are sampled each (startRuleProbability takes them
    // at their mean: exact enough for the share it lets run, not for the tail this quantile is).
    const approvals = Math.round(latency.approvals)
    const dimensions = (latency.overhead ? 1 : 0) + approvals + 1 + (weights.length > 1 ? weights.length : 0) + (latency.fill ? 1 : 0)
    const alpha = kroneckerGenerator(dimensions)
    const uniform = (i: number, d: number) => {
      const x = 0.5 + (i + 1) * (alpha[d] as number)
      return x - Math.floor(x)
    }
    for (let i = 0; i < points; i++) {
      let d = 0
      const overhead = latency.overhead ? overheadQuantile(latency, uniform(i, d++)) : 0
      let inclusion = inclusionQuantile(latency, uniform(i, d++))
      for (let k = 0; k < approvals; k++) inclusion += inclusionQuantile(latency, uniform(i, d++))
      if (weights.length > 1) {
        let v = uniform(i, d++)
        let resends = 0
        while (resends < weights.length - 1 && v >= (weights[resends] as number)) v -= weights[resends++] as number
        for (let k = 0; k < weights.length - 1; k++) {
          const u = uniform(i, d++)
          if (k < resends) inclusion += inclusionQuantile(latency, u)
        }
      }
      const fill = latency.fill ? fillQuantile(latency, uniform(i, d++)) : 0
      durations[i] = overhead + inclusion + latency.confirmationSeconds + fill
    }
    durations.sort()
    return durations[Math.min(points - 1, Math.floor(points * START_RULE_QUANTILE))] as number
  })
  if (!byPoints) cache.set(timing, (byPoints = new Map()))
  byPoints.set(points, needed)
  return needed
}
