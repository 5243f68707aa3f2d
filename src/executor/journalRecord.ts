// The records of an execution's journal and their JSON-lines encoding. Types and pure functions only:
// the file handling is in journal.ts, the reading of records into a state in foldJournal.ts.
import type { Address, Hash, Hex } from 'viem'
import { BaseError } from '../../solver/errors.ts'
import type { AssetKey } from '../../solver/market/types.ts'
import type { Intent } from '../../solver/model/intent.ts'
import type { OutcomeProbability, Plan } from '../../solver/model/plan.ts'
import type { HoldingReading, ResolveTrigger, TransactionPurpose } from './executionTerms.ts'
import type { ExecutionOutcome } from './executionOutcome.ts'

export type { ResolveTrigger, TransactionPurpose } from './executionTerms.ts'

/** The options an execution was started with; stored in the journal so that a resume behaves the same. */
export interface StoredExecutionOptions {
  readonly resolve: boolean
  readonly minProbability: number
  readonly maxResolves: number
  readonly fillDeadlineCapSeconds?: number
  readonly refundGraceSeconds: number
  /** Most of the intent's source token the execution may spend, raw units (default: the intent's amount). */
  readonly spendLimitRaw?: bigint
}

/** A plan the executor follows for part of the funds: from `source` to the intent's target. */
export interface LegPlan {
  readonly legId: number
  readonly source: { readonly asset: AssetKey; readonly amountRaw: bigint }
  /** The least this leg must deliver (raw units of the target). */
  readonly minAmountOutRaw: bigint
  readonly plan: Plan
}

interface RecordBase {
  /** Wall-clock time the record was written, unix milliseconds. */
  readonly at: number
  /** The writer's fencing token (acquireExecutionLease); absent in journals written before tokens. */
  readonly token?: number
}

export type JournalRecord = RecordBase &
  (
    | {
        readonly type: 'intent'
        readonly executionId: string
        readonly account: Address
        readonly intent: Intent
        readonly options: StoredExecutionOptions
      }
    | ({ readonly type: 'plan'; readonly quoteMs: number } & LegPlan)
    | {
        /** Written before a transaction is broadcast: it is signed, so its hash is known. */
        readonly type: 'step-sending'
        readonly legId: number
        readonly stepIndex: number
        readonly purpose: TransactionPurpose
        readonly chainId: number
        readonly nonce: number
        readonly hash: Hash
        /** The signed transaction, so a resume can re-broadcast exactly it. */
        readonly raw: Hex
        readonly to: Address
        readonly amountInRaw: bigint
        /** Swap: amountOutMin; deposit: outputAmount (exact; the bridge delivers it or refunds). */
        readonly minAmountOutRaw: bigint
        /** The exact output at the market state read just before (venue math). */
        readonly predictedAmountOutRaw: bigint
        /** Swap deadline or bridge fill deadline, unix seconds (chain time). */
        readonly deadline: number
        /** Deposit: the destination's block number before sending, where to start looking for the fill. */
        readonly destinationFromBlock?: bigint
        /** A replacement: the same nonce and call as `replaces`, with a higher fee (the earlier one stuck in the pool). */
        readonly replaces?: Hash
        /** EIP-1559 fee cap and tip it was signed with, wei. */
        readonly maxFeePerGas?: bigint
        readonly maxPriorityFeePerGas?: bigint
      }
    | { readonly type: 'step-sent'; readonly hash: Hash }
    | {
        readonly type: 'step-confirmed'
        readonly hash: Hash
        readonly legId: number
        readonly stepIndex: number
        readonly purpose: TransactionPurpose
        readonly status: 'success' | 'reverted'
        readonly blockNumber: bigint
        /** The block the receipt was in, re-checked before every later step (a reorg changes or removes it). */
        readonly blockHash?: Hash
        readonly gasUsed: bigint
        readonly effectiveGasPrice: bigint
        /** Swap: tokens received (Transfer logs to the account). */
        readonly amountOutRaw?: bigint
        /** Deposit: the spoke's deposit id and what was asked. */
        readonly depositId?: bigint
        readonly fillDeadline?: number
      }
    | {
        /** A signed transaction that will never be broadcast (its simulation now fails, or its nonce went elsewhere). */
        readonly type: 'step-abandoned'
        readonly hash: Hash
        readonly reason: string
      }
    | { readonly type: 'step-failed'; readonly legId: number; readonly stepIndex: number; readonly reason: string; readonly hash?: Hash }
    | { readonly type: 'bridge-late'; readonly legId: number; readonly stepIndex: number; readonly elapsedSeconds: number; readonly p95Seconds: number }
    | {
        readonly type: 'bridge-filled'
        readonly legId: number
        readonly stepIndex: number
        readonly transactionHash: Hash
        readonly amountOutRaw: bigint
        readonly blockNumber: bigint
        readonly blockHash?: Hash
      }
    | { readonly type: 'bridge-refunded'; readonly legId: number; readonly stepIndex: number; readonly transactionHash: Hash; readonly amountRaw: bigint }
    | {
        readonly type: 'resolve'
        readonly trigger: ResolveTrigger
        /** False when the new plan was no better than the rest of the current one, which continues. */
        readonly adopted: boolean
        readonly supersededLegId?: number
        readonly plans: readonly LegPlan[]
        /** Holdings for which no plan reaches the target (or the minimum); they stay where they are. */
        readonly unplanned: ReadonlyArray<{ readonly asset: AssetKey; readonly amountRaw: bigint; readonly reason: string }>
        /** quoteIntent time for all holdings, milliseconds. */
        readonly quoteMs: number
        /** Market read + quotes, milliseconds. */
        readonly latencyMs: number
        readonly remainingProbability?: OutcomeProbability
        readonly note?: string
        /** The leg's holdings the re-plan started from: the journal's figure, the chain's, the one used (readChainHoldings.ts). */
        readonly holdings?: readonly HoldingReading[]
      }
    | { readonly type: 'stopped'; readonly reason: string }
    | { readonly type: 'outcome'; readonly outcome: ExecutionOutcome }
    | {
        /**
         * The account's balance of every market token when the execution started: what is not the
         * execution's. Nothing is ever spent that would take a balance below it (the source token:
         * below it less the intent's amount).
         */
        readonly type: 'baseline'
        readonly balances: ReadonlyArray<{ readonly asset: AssetKey; readonly amountRaw: bigint }>
      }
    | {
        /**
         * A transaction journalled as mined (ours, or the relayer's fill) is no longer in the block the
         * journal names: a reorg dropped it or moved it. Its effects are rolled back; ours is settled
         * again from the chain (re-broadcast as the same bytes, or abandoned).
         */
        readonly type: 'reorged'
        readonly hash: Hash
        readonly chainId: number
        readonly reason: string
      }
    | {
        /** An execution that stopped or finished short continues (`--resume`): its stop and outcome are set aside. */
        readonly type: 'resumed'
        readonly reason: string
      }
  )

export type JournalRecordType = JournalRecord['type']

/** A record before `at` and `token` are stamped. */
export type JournalRecordInput = JournalRecord extends infer R ? (R extends JournalRecord ? Omit<R, 'at' | 'token'> : never) : never

// Bigints are written as {"$bigint":"123"}: JSON has no integer type wide enough, and a tagged
// object cannot be mistaken for a string field.
function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? { $bigint: value.toString() } : value
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value)
    if (keys.length === 1 && keys[0] === '$bigint') return BigInt((value as { $bigint: string }).$bigint)
  }
  return value
}

/** One journal line (no newline). */
export function encodeJournalRecord(record: JournalRecord): string {
  return JSON.stringify(record, replacer)
}

export function decodeJournalRecord(line: string): JournalRecord {
  return JSON.parse(line, reviver) as JournalRecord
}

/**
 * Parses a journal's text. A last line without its newline is a write the process did not finish
 * (killed mid-append, never fsync'd as a whole) and is ignored; any other unparseable line throws
 * INVALID_JSON.
 */
export function parseJournal(text: string, path = 'journal'): JournalRecord[] {
  // Everything after the last newline is either empty or a torn write.
  return text
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return decodeJournalRecord(line)
      } catch (error) {
        throw new BaseError('INVALID_JSON', `Line ${i + 1} of ${path} is not a journal record.`, { cause: error })
      }
    })
}
