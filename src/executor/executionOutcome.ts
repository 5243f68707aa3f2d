// The shape of an execution's verdict (built by buildOutcome in outcome.ts): whether the intended
// state was reached, every step with its transactions, every re-solve, the per-token ledger and
// where undelivered funds are. Types only.
import type { Address, Hash } from 'viem'
import type { ResolveTrigger, StepStatus, TransactionPurpose, TransactionStatus } from './executionTerms.ts'

export interface OutcomeAsset {
  readonly chainId: number
  readonly chain: string
  readonly token: Address
  readonly symbol: string
  readonly decimals: number
}

/** An exact amount: raw units as a decimal string, and in token units. */
export interface OutcomeAmount {
  readonly raw: string
  readonly amount: string
  readonly symbol: string
}

export interface OutcomeTransaction {
  readonly purpose: TransactionPurpose
  readonly chainId: number
  readonly hash: Hash
  readonly nonce: number
  readonly status: TransactionStatus
  readonly blockNumber?: string
}

export interface OutcomeStep {
  readonly leg: number
  readonly step: number
  readonly action: 'swap' | 'bridge'
  readonly venueId: string
  readonly chain: string
  readonly tokenIn: OutcomeAsset
  readonly tokenOut: OutcomeAsset
  readonly status: StepStatus
  /** What the plan said, at the market state it was quoted on. */
  readonly plannedIn: OutcomeAmount
  readonly plannedOut: OutcomeAmount
  /** What was actually spent, the exact output predicted just before sending, the guard, and what arrived. */
  readonly amountIn?: OutcomeAmount
  readonly predictedOut?: OutcomeAmount
  readonly minOut?: OutcomeAmount
  readonly received?: OutcomeAmount
  /** Venue fee in tokenIn (pool: the LP fee share of the input; bridge: fixed + proportional fee). */
  readonly fee?: OutcomeAmount
  readonly transactions: readonly OutcomeTransaction[]
  readonly bridge?: {
    readonly depositId?: string
    readonly fillDeadline?: number
    readonly late?: { readonly elapsedSeconds: number; readonly p95Seconds: number }
    readonly fillTransaction?: Hash
    readonly refundTransaction?: Hash
  }
  readonly failure?: string
}

export interface OutcomeResolve {
  readonly at: string
  readonly trigger: ResolveTrigger['kind']
  readonly detail: string
  readonly adopted: boolean
  readonly supersededLeg?: number
  readonly newLegs: ReadonlyArray<{ readonly leg: number; readonly venueIds: readonly string[] }>
  readonly unplanned: ReadonlyArray<{ readonly amount: OutcomeAmount; readonly chain: string; readonly reason: string }>
  readonly quoteMs: number
  readonly latencyMs: number
  readonly note?: string
}

export interface OutcomeHolding {
  readonly asset: OutcomeAsset
  readonly amount: OutcomeAmount
  /** `wallet`: the account holds it; `bridge-escrow`: in an open deposit on the origin spoke. */
  readonly location: 'wallet' | 'bridge-escrow'
  readonly note: string
}

export interface OutcomeLedgerEntry {
  readonly asset: OutcomeAsset
  /** Swap inputs and deposits from the account. */
  readonly spent: OutcomeAmount
  /** Swap outputs, fills and refunds to the account. */
  readonly received: OutcomeAmount
  /** received − spent: the account's balance change in this token caused by the execution. */
  readonly net: OutcomeAmount
  /** Venue fees paid in this token (part of `spent`). */
  readonly fees: OutcomeAmount
}

export type OutcomeVerdict = 'reached' | 'below-minimum' | 'late' | 'incomplete'

export interface ExecutionOutcome {
  readonly executionId: string
  /** The intended state: at least the minimum of the target delivered, within the deadline. */
  readonly reached: boolean
  readonly verdict: OutcomeVerdict
  readonly summary: string
  readonly account: Address
  readonly from: OutcomeAsset
  readonly to: OutcomeAsset
  readonly amountIn: OutcomeAmount
  readonly minimum: OutcomeAmount
  readonly delivered: OutcomeAmount
  /** minimum − delivered, when positive. */
  readonly shortfall?: OutcomeAmount
  /** ISO 8601. */
  readonly startedAt: string
  readonly finishedAt: string
  readonly durationSeconds: number
  /** Seconds from the start to the last delivery (absent when nothing was delivered). */
  readonly deliveredAfterSeconds?: number
  /**
   * The first plan's schedule: expected and 95th-percentile duration, seconds, to compare with
   * `deliveredAfterSeconds` (absent when nothing was planned).
   */
  readonly planned?: { readonly expectedDurationSeconds: number; readonly p95DurationSeconds: number }
  readonly deadlineSeconds: number | null
  readonly withinDeadline: boolean
  readonly stoppedReason?: string
  readonly resolves: readonly OutcomeResolve[]
  readonly steps: readonly OutcomeStep[]
  /** Funds not delivered and where they are. Empty when everything reached the target. */
  readonly fundsNow: readonly OutcomeHolding[]
  readonly ledger: readonly OutcomeLedgerEntry[]
  readonly gas: ReadonlyArray<{ readonly chainId: number; readonly chain: string; readonly transactions: number; readonly gasUsed: string; readonly costWei: string }>
}
