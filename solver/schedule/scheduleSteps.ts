// When each step of a plan is sent, when it is expected to be done, and the guards it carries.
import type { MarketIndex } from '../market/indexMarket.ts'
import type { Schedule, ScheduledStep, ScheduledTransaction, Step } from '../model/plan.ts'
import { completionTimeDistribution } from '../risk/completionTime.ts'
import { GRID_INTERVALS, TX_DEADLINE_MARGIN_SECONDS, TX_DEADLINE_QUANTILE } from '../risk/parameters.ts'
import { preparePlanTiming } from '../risk/planTiming.ts'
import { stepConfirmations } from '../risk/stepConfirmations.ts'
import { inclusionMeanSeconds, overheadMeanSeconds } from '../risk/latencyDistribution.ts'
import type { StepLatency } from '../model/latency.ts'
import { stepSuccessProbability } from '../risk/stepSuccess.ts'
import { createTimeGrid, meanOf, quantileOf, type GridDistribution, type TimeGrid } from '../risk/timeGrid.ts'
import { discretiseLatencyMemo } from '../risk/discretiseLatencyMemo.ts'
import { stepMinAmountsOut } from '../risk/stepMinAmountsOut.ts'

export interface ScheduleStepsParameters {
  readonly index: MarketIndex
  readonly steps: readonly Step[]
  readonly expectedAmountOutRaw: bigint
  readonly minAmountOutRaw: bigint
  /** The intent's deadline (seconds from the start); no step deadline goes past it. */
  readonly deadlineSeconds: number | undefined
}

/**
 * The schedule of `steps`, all times in seconds from the start of execution, from the same
 * completion-time distributions as the outcome probability (solver/risk/MODEL.md §5):
 * - each step's completion time is the completion of it and its ancestors, by series-parallel
 *   reduction of that sub-plan (exact for series-parallel sub-plans), on a grid sized for the
 *   sub-plan when it is much shorter than the whole plan;
 * - earliestStartSeconds = the latest median completion among its dependencies (0 for first steps);
 * - expected and p95 completion are that distribution's mean and 95th percentile;
 * - deadlineSeconds = ⌈TX_DEADLINE_QUANTILE-quantile + TX_DEADLINE_MARGIN_SECONDS⌉, never past the
 *   intent's deadline;
 * - minAmountOutRaw from stepMinAmountsOut, confirmations from stepConfirmations, success from
 *   stepSuccessProbability;
 * - transactions: the approval (unless the step needs none) and the step's own transaction, each
 *   with its expected inclusion, the first also with the step's expected executor overhead;
 * - the plan's duration is the latest completion of all steps.
 * Throws what estimateOutcomeProbability throws for malformed steps or market gaps.
 */
export function scheduleSteps(parameters: ScheduleStepsParameters): Schedule {
  const { index, steps, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds } = parameters
  const timing = preparePlanTiming(index, steps)
  const { dag, grid, durations } = timing
  const guards = stepMinAmountsOut({ index, steps, dag, expectedAmountOutRaw, minAmountOutRaw })
  // Each step's completion on a grid sized for it and its ancestors, so that a 1 s swap early in an
  // hour-long plan is resolved at its own scale rather than the plan's grid spacing.
  const completions = steps.map((_, position) => {
    const horizon = timing.stepHorizons[position] as number
    let stepGrid: TimeGrid = grid
    let stepDurations: readonly GridDistribution[] = durations
    if (horizon < 0.5 * grid.stepSeconds * grid.intervals) {
      stepGrid = createTimeGrid(horizon, GRID_INTERVALS)
      const local: GridDistribution[] = []
      const stack = [position]
      while (stack.length > 0) {
        const ancestor = stack.pop() as number
        if (local[ancestor]) continue
        local[ancestor] = discretiseLatencyMemo(stepGrid, timing.latencies[ancestor]!)
        stack.push(...dag.dependsOn[ancestor]!)
      }
      stepDurations = local
    }
    return { grid: stepGrid, distribution: completionTimeDistribution({ grid: stepGrid, dag, durations: stepDurations, targets: [position] }).distribution }
  })
  const medians = completions.map(({ grid: stepGrid, distribution }) => quantileOf(stepGrid, distribution, 0.5))
  const scheduled = steps.map((step, position): ScheduledStep => {
    const { grid: stepGrid, distribution: completion } = completions[position]!
    let earliestStartSeconds = 0
    for (const dependency of dag.dependsOn[position]!) earliestStartSeconds = Math.max(earliestStartSeconds, medians[dependency] as number)
    const late = Math.ceil(quantileOf(stepGrid, completion, TX_DEADLINE_QUANTILE) + TX_DEADLINE_MARGIN_SECONDS)
    return {
      stepIndex: step.index,
      dependsOn: step.dependsOn,
      earliestStartSeconds,
      expectedCompletionSeconds: meanOf(stepGrid, completion),
      p95CompletionSeconds: quantileOf(stepGrid, completion, 0.95),
      minAmountOutRaw: guards[position]!,
      deadlineSeconds: deadlineSeconds === undefined ? late : Math.min(late, deadlineSeconds),
      confirmations: stepConfirmations(index, step),
      successProbability: stepSuccessProbability(index, step),
      transactions: scheduledTransactions(step, timing.latencies[position]!),
    }
  })
  const targets = steps.map((_, position) => position).filter((position) => dag.dependents[position]!.length === 0)
  const plan = completionTimeDistribution({ grid, dag, durations, targets }).distribution
  return {
    steps: scheduled,
    expectedDurationSeconds: meanOf(grid, plan),
    p95DurationSeconds: quantileOf(grid, plan, 0.95),
  }
}

/** The transactions the executor sends for `step`, in order, with E[inclusion] each, the first also with the step's E[overhead]. */
function scheduledTransactions(step: Step, latency: StepLatency): ScheduledTransaction[] {
  const purposes: ScheduledTransaction['purpose'][] = [...Array.from({ length: latency.approvals }, () => 'approve' as const), step.action === 'swap' ? 'swap' : 'deposit']
  return purposes.map((purpose, i) => ({ purpose, expectedSeconds: inclusionMeanSeconds(latency) + (i === 0 ? overheadMeanSeconds(latency) : 0) }))
}
