// The batch problem and its answer: many intents solved together on one market, each with its own
// result (a plan, a reason it cannot be met, or an input error) and a summary for the batch.
import type { Intent } from '../model/intent.ts'
import type { IntentRequest } from '../plan/resolveIntentRequest.ts'
import type { Plan } from '../model/plan.ts'

/** One intent of a batch in the human form of resolveIntentRequest, with the caller's id. */
export interface BatchIntentInput {
  readonly id: string
  readonly request: IntentRequest
  /** Set by an edge that already rejected the entry (e.g. its schema check): reported as `invalid`, not solved. */
  readonly error?: BatchIntentError
}

/** Part of an intent settled inside the batch against an opposite intent (coincidence of wants). */
export interface NettingFill {
  readonly counterpartyId: string
  /** Input-token raw units handed to the counterparty. */
  readonly givenRaw: bigint
  /** Output-token raw units received from the counterparty. */
  readonly receivedRaw: bigint
  /** USD the matched part would have lost to fees and price impact had it gone to the venues alone. */
  readonly savingUsd: number
}

export interface BatchIntentError {
  readonly code: string
  readonly message: string
  readonly field: string | null
}

export type BatchIntentResult =
  | {
      readonly id: string
      readonly status: 'ok' | 'unmet'
      readonly intent: Intent
      /** Index of the component (group of intents sharing venues) it was solved in; -1 when fully netted. */
      readonly component: number
      /** Position of its plan in the component's execution sequence (absent without a plan). */
      readonly executionIndex?: number
      /** The venue part of the solution (the residual after netting); absent when netting covered everything. */
      readonly plan?: Plan
      readonly netting: readonly NettingFill[]
      /** Total delivered: netting fills plus the plan's exact output, realised in the batch's execution order. */
      readonly amountOutRaw: bigint
      /** The intent's minimum (its own, or expected × (1 − slippage)). */
      readonly minAmountOutRaw: bigint
      /** Outcome probability of the venue part (1 when fully netted: internal settlement). */
      readonly outcomeProbability: number
      /** For `unmet`: why (minimum output missed, no route, deadline). */
      readonly error?: BatchIntentError
    }
  | {
      readonly id: string
      readonly status: 'invalid'
      readonly error: BatchIntentError
    }

export interface BatchSummary {
  readonly intents: number
  readonly solved: number
  readonly unmet: number
  readonly invalid: number
  readonly components: number
  /** Largest number of intents in one component. */
  readonly largestComponent: number
  /** USD value (market token prices) of everything delivered by the joint solution. */
  readonly deliveredUsd: number
  /** The same for each intent quoted alone on the untouched market, realised in the same order. */
  readonly independentDeliveredUsd: number
  /** What the independent quotes promised (sum of their outputs each on the untouched market): not achievable together. */
  readonly independentQuotedUsd: number
  readonly nettedPairs: number
  readonly nettingSavingUsd: number
  /** LP solves over all components. */
  readonly lpIterations: number
}

export interface SolveBatchReturnType {
  readonly marketVersion: string
  readonly results: readonly BatchIntentResult[]
  readonly summary: BatchSummary
}
