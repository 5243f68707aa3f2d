// The executor's start rule (src/executor/runExecution.ts): "no step is started that cannot finish
// by the deadline". A step is refused — the execution stops — when the time left as it is about to
// be sent is below the 95th percentile of its own duration (startRuleNeededSeconds.ts). An execution that would have made it can be stopped by that rule, so
// P(within deadline) counts only executions that pass every check (solver/risk/MODEL.md §4.6).
import { attemptWeights, fillQuantile, inclusionMeanSeconds, inclusionQuantile, overheadQuantile } from './latencyDistribution.ts'
import { START_CHECK_OVERHEAD_SHARE, START_RULE_POINTS } from './parameters.ts'
import { startRuleNeededSeconds } from './startRuleNeededSeconds.ts'
import type { PlanTiming } from './planTiming.ts'
import { kroneckerGenerator } from './quasiRandom.ts'

export interface StartRuleProbabilityParameters {
  readonly timing: PlanTiming
  readonly deadlineSeconds: number
  /** Quadrature points; default START_RULE_POINTS. */
  readonly points?: number
}

export interface StartRuleProbabilityReturnType {
  /** P(T ≤ deadline), T the plan's last completion (quadrature). */
  readonly onTime: number
  /** P(T ≤ deadline and the executor starts every step). */
  readonly onTimeAndStarted: number
  /** P(the executor starts every step), whether or not the plan then finishes in time. */
  readonly started: number
  /** Per step position: the p95 of the step's own duration the executor compares with the time left, seconds. */
  readonly neededSeconds: readonly number[]
}

/**
 * Quasi-Monte Carlo over the steps' durations (R_d points as in averagePriceTail.ts, one coordinate
 * each for a step's overhead, its transaction's inclusion, a retried swap's attempt count (its
 * re-sends at their mean inclusion) and its fill; the approval's inclusion at its mean):
 * 1. each step's start S_j = max over its dependencies' completions, and its completion C_j;
 *    needed_j = the 0.95 quantile of the step's own duration (startRuleNeededSeconds, the same
 *    numbers the executor compares with the time left);
 * 2. the executor checks step j at S_j + START_CHECK_OVERHEAD_SHARE·O_j (its market re-read and
 *    trigger check come first) and refuses it when deadline − that time < needed_j.
 * Deterministic. Deadlines past twice the largest step horizon return 1s without sampling.
 * `onTimeAndStarted / onTime` is the share of executions finishing in time that the
 * rule lets run; estimateOutcomeProbability scales the grid's P(T ≤ d) by it.
 */
export function startRuleProbability(parameters: StartRuleProbabilityParameters): StartRuleProbabilityReturnType {
  const { timing, deadlineSeconds, points = START_RULE_POINTS } = parameters
  const { dag, latencies } = timing
  // A step is checked before it completes and needs at most its own p95 duration, both below its
  // horizon (a bound its completion passes with probability ≤ 10⁻⁵ per step): a deadline past twice
  // the largest horizon refuses nothing.
  if (deadlineSeconds >= 2 * Math.max(0, ...timing.stepHorizons)) return { onTime: 1, onTimeAndStarted: 1, started: 1, neededSeconds: [] }
  const order = dag.order
  const count = order.length
  const weights = latencies.map((latency) => attemptWeights(latency))
  const dimensions = order.reduce((sum, position) => sum + (latencies[position]!.overhead ? 1 : 0) + 1 + (weights[position]!.length > 1 ? 1 : 0) + (latencies[position]!.fill ? 1 : 0), 0)
  const alpha = kroneckerGenerator(Math.max(1, dimensions))
  // completion[i·n + position], start[…], check[…]
  const n = latencies.length
  const completion = new Float64Array(points * n)
  const checkAt = new Float64Array(points * n)
  const uniform = (i: number, d: number) => {
    const x = 0.5 + (i + 1) * (alpha[d] as number)
    return x - Math.floor(x)
  }
  for (let i = 0; i < points; i++) {
    let d = 0
    for (let k = 0; k < count; k++) {
      const position = order[k]!
      const latency = latencies[position]!
      let start = 0
      for (const dependency of dag.dependsOn[position]!) start = Math.max(start, completion[i * n + dependency] as number)
      const overhead = latency.overhead ? overheadQuantile(latency, uniform(i, d++)) : 0
      let inclusion = inclusionQuantile(latency, uniform(i, d++))
      const attempts = weights[position]!
      if (attempts.length > 1) {
        let v = uniform(i, d++)
        let resends = 0
        while (resends < attempts.length - 1 && v >= (attempts[resends] as number)) v -= attempts[resends++] as number
        inclusion += resends * inclusionMeanSeconds(latency)
      }
      const fill = latency.fill ? fillQuantile(latency, uniform(i, d++)) : 0
      checkAt[i * n + position] = start + START_CHECK_OVERHEAD_SHARE * overhead
      completion[i * n + position] = start + overhead + latency.approvals * inclusionMeanSeconds(latency) + inclusion + latency.confirmationSeconds + fill
    }
  }
  const neededSeconds = startRuleNeededSeconds(timing)
  let onTime = 0
  let onTimeAndStarted = 0
  let started = 0
  for (let i = 0; i < points; i++) {
    let finish = 0
    let refused = false
    for (let position = 0; position < n; position++) {
      finish = Math.max(finish, completion[i * n + position] as number)
      if (deadlineSeconds - (checkAt[i * n + position] as number) < neededSeconds[position]!) refused = true
    }
    if (!refused) started++
    if (finish <= deadlineSeconds) {
      onTime++
      if (!refused) onTimeAndStarted++
    }
  }
  return { onTime: onTime / points, onTimeAndStarted: onTimeAndStarted / points, started: started / points, neededSeconds }
}
