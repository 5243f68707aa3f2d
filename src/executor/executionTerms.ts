// The executor's vocabulary shared by its journal records, its folded state and its outcome (kept
// apart from all three so that none of them imports another in a circle).
import type { AssetKey } from '../../solver/market/types.ts'

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

/** One asset of one leg, as a re-plan read it (readChainHoldings.ts): the journal's figure, the chain's, the one planned with. */
export interface HoldingReading {
  readonly asset: AssetKey
  readonly journalRaw: bigint
  /** What the chain shows the whole execution may spend of the asset (spendableRaw), before it is shared among the legs. */
  readonly chainRaw: bigint
  /** What the leg plans with: its journal figure, capped by its share of the chain's (allocateChainHoldings). */
  readonly usedRaw: bigint
}
