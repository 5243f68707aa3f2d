// The executor's deadline rule for one step, as a pure function: a step is not started with less
// time left than the 95th percentile of its own duration (solver/risk/startRuleNeededSeconds.ts, the
// numbers the outcome probability's model of this rule uses, MODEL.md §4.6). runExecution stops the
// execution with the returned reason; the funds stay where the last step left them.
import type { MarketIndex } from '../../solver/market/indexMarket.ts'
import type { Step } from '../../solver/model/plan.ts'
import { preparePlanTiming } from '../../solver/risk/planTiming.ts'
import { startRuleNeededSeconds } from '../../solver/risk/startRuleNeededSeconds.ts'

export interface CheckStepDeadlineParameters {
  readonly index: MarketIndex
  /** The leg's plan's steps (the timing is prepared for the whole plan, as the model does). */
  readonly steps: readonly Step[]
  readonly stepIndex: number
  /** Seconds left until the intent's deadline (negative once passed); undefined without a deadline. */
  readonly remainingSeconds: number | undefined
}

export interface CheckStepDeadlineReturnType {
  /** Seconds the step needs left: the p95 of its own duration. */
  readonly neededSeconds: number
  /** Why the step may not start, or undefined when it may. */
  readonly refusal?: string
}

export function checkStepDeadline(parameters: CheckStepDeadlineParameters): CheckStepDeadlineReturnType {
  const { index, steps, stepIndex, remainingSeconds } = parameters
  const position = steps.findIndex((step) => step.index === stepIndex)
  const neededSeconds = position < 0 ? 0 : (startRuleNeededSeconds(preparePlanTiming(index, steps))[position] ?? 0)
  if (remainingSeconds === undefined || remainingSeconds >= neededSeconds) return { neededSeconds }
  return { neededSeconds, refusal: `takes up to ${neededSeconds.toFixed(1)} s (p95) and ${Math.max(0, remainingSeconds).toFixed(1)} s are left` }
}
