// The executor's vocabulary shared by its journal records, its folded state and its outcome (kept
// apart from all three so that none of them imports another in a circle).

export type TransactionPurpose = 'approve' | 'swap' | 'deposit'

/** Why the executor re-solved. */
export interface ResolveTrigger {
  readonly kind: 'probability' | 'min-breach' | 'bridge-refunded' | 'step-failed' | 'orphan-holdings'
  readonly detail: string
  readonly legId?: number
  readonly stepIndex?: number
}

/**
 * pending → sending (main transaction signed/sent) → confirmed (swap) | deposited → filled | refunded (bridge);
 * failed when the simulation or the transaction reverts; superseded when a re-solve replaced its leg first.
 */
export type StepStatus = 'pending' | 'sending' | 'confirmed' | 'deposited' | 'filled' | 'refunded' | 'failed' | 'superseded'

export type TransactionStatus = 'signed' | 'sent' | 'success' | 'reverted' | 'abandoned'
