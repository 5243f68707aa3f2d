// The plan the planner returns: steps with exact amounts, their schedule, and the outcome probability.
import type { AssetKey, Venue } from '../market/types.ts'
import type { Intent } from './intent.ts'

/** One transaction-level action: a swap in a pool or a bridge transfer, with exact amounts. */
export interface Step {
  readonly index: number
  readonly venueId: string
  readonly venueKind: Venue['kind']
  readonly action: 'swap' | 'bridge'
  /** Network the transaction is sent on (a bridge's origin). */
  readonly chainId: number
  readonly tokenIn: AssetKey
  readonly tokenOut: AssetKey
  readonly amountInRaw: bigint
  /** Exact output at the current market state, computed as the contract computes it. */
  readonly amountOutRaw: bigint
  /** Venue fee, in tokenIn raw units. */
  readonly feeRaw: bigint
  readonly gasUnits: number
  readonly gasCostWei: bigint
  readonly gasCostUsd: number
  /** Indices of the steps whose output this step spends. */
  readonly dependsOn: readonly number[]
  /**
   * False when an existing allowance or a permit covers the step, so no approval transaction is sent
   * first. Absent: one is (the executor approves exactly what each step spends; solver/risk/MODEL.md §1).
   */
  readonly approvalRequired?: boolean
}

/** Timing and guards of one step in the schedule. Seconds are relative to the start of execution. */
export interface ScheduledStep {
  readonly stepIndex: number
  readonly dependsOn: readonly number[]
  /** Earliest time the step can be sent: when every step it depends on has most likely completed (median). */
  readonly earliestStartSeconds: number
  readonly expectedCompletionSeconds: number
  readonly p95CompletionSeconds: number
  /** Slippage guard: the transaction reverts (or the bridge refunds) below this. */
  readonly minAmountOutRaw: bigint
  /** Transaction deadline (e.g. Uniswap `deadline`, bridge fill deadline), relative seconds. */
  readonly deadlineSeconds: number
  /** Confirmations to wait for on the step's network before the next step spends its output. */
  readonly confirmations: number
  readonly successProbability: number
  /**
   * The transactions the executor sends for the step, in order (an approval first unless the step
   * says none is needed), each with its expected duration: the executor's overhead plus inclusion.
   */
  readonly transactions?: readonly ScheduledTransaction[]
}

export interface ScheduledTransaction {
  readonly purpose: 'approve' | 'swap' | 'deposit'
  /** E[inclusion] of this transaction, plus for the step's first the executor's E[overhead], seconds (confirmations and a bridge's fill not included). */
  readonly expectedSeconds: number
}

export interface Schedule {
  readonly steps: readonly ScheduledStep[]
  readonly expectedDurationSeconds: number
  readonly p95DurationSeconds: number
}

/** The parts of the outcome probability; total = allStepsSucceed × withinDeadline × aboveMinimum (see solver/README.md). */
export interface OutcomeProbability {
  readonly total: number
  /** P(no step fails), failures independent. */
  readonly allStepsSucceed: number
  /** P(the last step completes by the deadline, and the executor starts every step: it starts none it expects to finish late); 1 without a deadline. */
  readonly withinDeadline: number
  /** P(delivered ≥ minimum | completed by the deadline), so that the product is the joint probability. */
  readonly aboveMinimum: number
  /**
   * P(a bridge of the plan is refunded and the executor's re-solve from the refunded funds still
   * reaches the outcome in time), included in `total` (solver/risk/MODEL.md §4.5). 0 without bridges.
   */
  readonly recovery?: number
}

/** A route of the plan: one path from the input to the output and the share of input it carries. */
export interface PlanRoute {
  readonly venueIds: readonly string[]
  readonly amountInRaw: bigint
}

export interface Plan {
  readonly marketVersion: string
  readonly intent: Intent
  readonly steps: readonly Step[]
  readonly routes: readonly PlanRoute[]
  readonly schedule: Schedule
  readonly amountInRaw: bigint
  readonly expectedAmountOutRaw: bigint
  readonly minAmountOutRaw: bigint
  readonly outcomeProbability: OutcomeProbability
  readonly expectedDurationSeconds: number
  readonly p95DurationSeconds: number
  readonly gasCostUsd: number
  /** Which candidate generator produced it (`lp-split`, `single-path`, …), for diagnostics. */
  readonly strategy: string
}
