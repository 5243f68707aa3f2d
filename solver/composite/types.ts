// A composite intent (several source holdings → a target state of several goals) and its plan: one
// DAG of steps across networks, one schedule, one outcome probability for the whole process.
import type { Address, AssetKey, AssetRef } from '../market/types.ts'
import type { Plan } from '../model/plan.ts'

/** A holding the planner may spend, up to `maxAmountRaw`. */
export interface CompositeSource {
  readonly asset: AssetRef
  readonly maxAmountRaw: bigint
}

/** Hold at least `minAmountRaw` of `asset` at the end. */
export interface HoldingGoal {
  readonly kind: 'holding'
  readonly id: string
  readonly asset: AssetRef
  /** Delivered by the plan to the executing account, on top of whatever it already holds there. */
  readonly minAmountRaw: bigint
}

/** Have at least `minAmountRaw` of `token` supplied as collateral in a lending market. */
export interface SupplyGoal {
  readonly kind: 'supply'
  readonly id: string
  readonly marketId: string
  readonly token: Address
  readonly minAmountRaw: bigint
}

/** Borrow `amountRaw` of `token` leaving the health factor ≥ `minHealthFactorWad`; optionally bridge it to `deliverTo`. */
export interface BorrowGoal {
  readonly kind: 'borrow'
  readonly id: string
  readonly marketId: string
  readonly token: Address
  readonly amountRaw: bigint
  /** Wad: 1.5 = 1_500_000_000_000_000_000n. */
  readonly minHealthFactorWad: bigint
  /** The borrowed token's counterpart on another network, where the borrow must end up. */
  readonly deliverTo?: AssetRef
}

/** Hold ERC-4626 shares of a vault worth at least `minAssetsRaw` of its asset. */
export interface VaultDepositGoal {
  readonly kind: 'vaultDeposit'
  readonly id: string
  readonly vaultId: string
  readonly minAssetsRaw: bigint
}

export type CompositeGoal = HoldingGoal | SupplyGoal | BorrowGoal | VaultDepositGoal

export interface CompositeIntent {
  readonly sources: readonly CompositeSource[]
  readonly goals: readonly CompositeGoal[]
  /** Every goal must hold within this many seconds of the start. */
  readonly deadlineSeconds: number
  /** The plan must reach every goal with at least this probability. */
  readonly minProbability?: number
  /**
   * `needed` (default): spend only what the goals need (plus a slippage buffer); `all`: a single
   * holding goal also receives everything left in the sources (the quote's semantics).
   */
  readonly spend?: 'needed' | 'all'
  /** Extra input asked of each funding leg over its exact need, for slippage; default 10. */
  readonly slippageBufferBps?: number
  /** Unix seconds the plan starts at (interest accrual); default the market's timestamp. */
  readonly startTimestamp?: number
}

export type CompositeStepAction = 'swap' | 'bridge' | 'approve' | 'supply' | 'borrow' | 'deposit'

/** One transaction of the composite plan. Amounts exact, as the contracts compute them. */
export interface CompositeStep {
  readonly index: number
  readonly action: CompositeStepAction
  readonly chainId: number
  /** Pool, bridge, lending market or vault id; for `approve` the venue being approved. */
  readonly venueId: string
  readonly tokenIn?: AssetKey
  readonly tokenOut?: AssetKey
  readonly amountInRaw: bigint
  readonly amountOutRaw: bigint
  /** Leg it belongs to (funding and delivery legs), or undefined for lending and vault steps. */
  readonly legId?: string
  /** Goals this step serves. */
  readonly goalIds: readonly string[]
  readonly dependsOn: readonly number[]
  readonly earliestStartSeconds: number
  readonly expectedCompletionSeconds: number
  readonly p95CompletionSeconds: number
  /** Slippage guard for swaps and bridges; for lending and vault steps the amount itself. */
  readonly minAmountOutRaw: bigint
  readonly successProbability: number
}

/** A quoteIntent plan moving part of a source to where a goal needs it (or a borrow to its destination). */
export interface CompositeLeg {
  readonly id: string
  readonly purpose: 'fund' | 'deliver'
  readonly goalId: string
  readonly from: AssetRef
  readonly to: AssetRef
  readonly plan: Plan
}

/** What the user holds if execution stops after a phase (a leg failed, the rest was not sent). */
export interface FailureState {
  readonly after: string
  readonly goalsMet: readonly string[]
  readonly description: string
}

export interface GoalOutcome {
  readonly goalId: string
  readonly kind: CompositeGoal['kind']
  /** The planned amount (supplied, borrowed, held, vault assets) and, for a borrow, the health factor after it. */
  readonly plannedAmountRaw: bigint
  readonly healthFactorWad?: bigint
  /** For a borrow: the goal's health-factor floor (wad), which the executor re-checks before borrowing. */
  readonly minHealthFactorWad?: bigint
  /** For a delivered borrow: expected and minimum amount arriving on the destination. */
  readonly deliveredAmountRaw?: bigint
  readonly deliveredMinAmountRaw?: bigint
}

export interface CompositePlan {
  readonly marketVersion: string
  readonly steps: readonly CompositeStep[]
  readonly legs: readonly CompositeLeg[]
  readonly goals: readonly GoalOutcome[]
  /** P(every goal holds by the deadline). */
  readonly outcomeProbability: number
  readonly probabilityParts: { readonly allStepsSucceed: number; readonly withinDeadline: number; readonly aboveMinimums: number }
  readonly expectedDurationSeconds: number
  readonly p95DurationSeconds: number
  readonly deadlineSeconds: number
  /** The intent's sources (what a re-plan after a short leg may still draw on). */
  readonly sources: readonly CompositeSource[]
  /** Raw amount of each source spent, in source order. */
  readonly sourcesSpentRaw: readonly bigint[]
  readonly gasCostUsd: number
  readonly ifLegFails: readonly FailureState[]
}

export type PlanCompositeIntentReturnType =
  | { readonly status: 'ok'; readonly plan: CompositePlan }
  | {
      readonly status: 'infeasible'
      readonly code: 'NO_ROUTE' | 'INFEASIBLE_CONSTRAINTS'
      /** Names the goal and the binding constraint. */
      readonly reason: string
      readonly goalId?: string
      readonly bestPlan?: CompositePlan
    }
