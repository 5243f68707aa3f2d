// The chance that a plan still reaches its outcome after one of its bridges is refunded: the executor
// waits for the refund (the deposit's fill deadline), re-solves from the refunded funds and sends
// the rest again (src/executor/runExecution.ts). solver/risk/MODEL.md §4.5.
import type { MarketIndex } from '../market/indexMarket.ts'
import type { Step } from '../model/plan.ts'
import { completionTimeDistribution, type CompletionTimeReturnType } from './completionTime.ts'
import { RECOVERY_DELAY_SECONDS, TX_DEADLINE_MARGIN_SECONDS, TX_DEADLINE_QUANTILE } from './parameters.ts'
import type { PlanTiming } from './planTiming.ts'
import { stepSuccessProbability } from './stepSuccess.ts'
import { cdfAt, pointMass, quantileOf } from './timeGrid.ts'

export interface RecoveryProbabilityParameters {
  readonly index: MarketIndex
  readonly steps: readonly Step[]
  readonly timing: PlanTiming
  /** The intent's deadline, seconds from the start; undefined = none. */
  readonly deadlineSeconds: number | undefined
  /** P(every step succeeds) of the plan. */
  readonly allStepsSucceed: number
  /** P(delivered ≥ minimum | in time) of the plan, used for the recovered execution too. */
  readonly aboveMinimum: number
}

/**
 * Σ over bridge steps j of P(only j fails, is refunded, and the re-sent rest of the plan from j
 * succeeds and completes by the deadline):
 *
 *   recovery_j = f_j · allStepsSucceed · P(T_j ≤ d − R_j) · aboveMinimum
 *
 * - f_j the bridge's failure probability; allStepsSucceed = Π_{k≠j} s_k · s_j, the other steps once
 *   and the bridge's second attempt;
 * - R_j = min(deadline_j, d) + RECOVERY_DELAY_SECONDS, the time the refunded funds can move again:
 *   the executor gives a deposit the schedule's step deadline as its fill deadline, deadline_j =
 *   ⌈q_{0.999}(completion of j) + 60 s⌉ (scheduleSteps), never past the intent's deadline, and the
 *   relayer refunds once it has passed;
 * - T_j the duration of j and every step after it, sent again from j: the plan's completion-time
 *   reduction with the durations of the steps not after j set to zero (they are done by then).
 * The re-solve is assumed to pick the same route (it starts from the same holding on the same
 * market); two failures in one execution (order f²) are left out, so the term is a slight
 * underestimate. Without a deadline P(T_j ≤ ∞) = 1. Zero without bridges that can fail, and when the
 * deadline is at most TX_DEADLINE_MARGIN_SECONDS (every fill deadline is then the intent's).
 */
export function recoveryProbability(parameters: RecoveryProbabilityParameters): number {
  const { index, steps, timing, deadlineSeconds, allStepsSucceed, aboveMinimum } = parameters
  if (deadlineSeconds !== undefined && deadlineSeconds <= TX_DEADLINE_MARGIN_SECONDS) return 0
  const { dag, grid, durations } = timing
  const sinks = steps.map((_, position) => position).filter((position) => dag.dependents[position]!.length === 0)
  let recovery = 0
  steps.forEach((step, position) => {
    if (step.action !== 'bridge') return
    const failure = 1 - stepSuccessProbability(index, step)
    if (!(failure > 0)) return
    let within = 1
    if (deadlineSeconds !== undefined) {
      const completion: CompletionTimeReturnType = completionTimeDistribution({ grid, dag, durations, targets: [position] })
      const stepDeadline = Math.min(deadlineSeconds, Math.ceil(quantileOf(grid, completion.distribution, TX_DEADLINE_QUANTILE) + TX_DEADLINE_MARGIN_SECONDS))
      const left = deadlineSeconds - stepDeadline - RECOVERY_DELAY_SECONDS
      if (left <= 0) return
      const after = new Set<number>([position])
      for (const other of dag.order) if (dag.dependsOn[other]!.some((dependency) => after.has(dependency))) after.add(other)
      const zero = pointMass(grid, 0)
      const rest = durations.map((duration, other) => (after.has(other) ? duration : zero))
      within = cdfAt(grid, completionTimeDistribution({ grid, dag, durations: rest, targets: sinks }).distribution, left)
    }
    recovery += failure * allStepsSucceed * within * aboveMinimum
  })
  return recovery
}
