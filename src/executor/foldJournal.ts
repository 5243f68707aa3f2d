// The journal's reader: folds records, in order, into the state of an execution — which plans
// (legs) are followed, where every step is, which transactions are in flight, and what the
// execution holds where. The executor decides its next action from this state only, so a resumed
// executor and one that never stopped behave the same.
import { BaseError } from '../../solver/errors.ts'
import { assetKeyOf } from '../../solver/market/assetKey.ts'
import type { AssetKey } from '../../solver/market/types.ts'
import type { Intent } from '../../solver/model/intent.ts'
import type { Plan, Step } from '../../solver/model/plan.ts'
import type { Address, Hash, Hex } from 'viem'
import type { ExecutionOutcome } from './executionOutcome.ts'
import type { ResolveTrigger, StepStatus, TransactionPurpose, TransactionStatus } from './executionTerms.ts'
import type { JournalRecord, LegPlan, StoredExecutionOptions } from './journalRecord.ts'

export type { StepStatus, TransactionStatus } from './executionTerms.ts'

export interface TransactionState {
  readonly legId: number
  readonly stepIndex: number
  readonly purpose: TransactionPurpose
  readonly chainId: number
  readonly nonce: number
  readonly hash: Hash
  readonly raw: Hex
  readonly to: Address
  readonly replaces?: Hash
  readonly maxFeePerGas?: bigint
  readonly maxPriorityFeePerGas?: bigint
  status: TransactionStatus
  blockNumber?: bigint
  blockHash?: Hash
  gasUsed?: bigint
  effectiveGasPrice?: bigint
  abandonReason?: string
}

export interface StepState {
  readonly legId: number
  readonly step: Step
  status: StepStatus
  /** Actual input (set when the main transaction is signed). */
  amountInRaw?: bigint
  /** Guard sent on chain: swap amountOutMin, bridge outputAmount. */
  minAmountOutRaw?: bigint
  /** Exact output predicted from the market read just before sending. */
  predictedAmountOutRaw?: bigint
  /** Tokens actually received (swap: Transfer logs; bridge: the fill). */
  amountOutRaw?: bigint
  transactions: TransactionState[]
  depositId?: bigint
  fillDeadline?: number
  destinationFromBlock?: bigint
  /** When the deposit confirmed, unix ms (the bridge's clock starts here). */
  depositedAt?: number
  late?: { elapsedSeconds: number; p95Seconds: number }
  fillTransaction?: Hash
  fillBlockHash?: Hash
  refundTransaction?: Hash
  failure?: string
  /** When the step reached its final status, unix ms. */
  settledAt?: number
}

export interface LegState extends LegPlan {
  readonly reason: 'initial' | 'resolve'
  status: 'active' | 'superseded'
  /** What this leg holds now, by asset, raw units (escrowed deposits are not held). */
  readonly holdings: Map<AssetKey, bigint>
  readonly steps: StepState[]
}

export interface ResolveState {
  readonly at: number
  readonly trigger: ResolveTrigger
  readonly adopted: boolean
  readonly supersededLegId?: number
  readonly newLegIds: readonly number[]
  readonly unplanned: ReadonlyArray<{ readonly asset: AssetKey; readonly amountRaw: bigint; readonly reason: string }>
  readonly quoteMs: number
  readonly latencyMs: number
  readonly note?: string
}

export interface ExecutionState {
  readonly id: string
  readonly account: Address
  readonly intent: Intent
  readonly options: StoredExecutionOptions
  /** Unix ms of the intent record: the execution's start. */
  readonly startedAt: number
  /** The minimum the whole execution must deliver: the first plan's (the intent's, resolved). */
  minAmountOutRaw?: bigint
  readonly legs: LegState[]
  /** Holdings of superseded legs not handed to a new leg (no plan could take them). */
  readonly unassigned: Map<AssetKey, bigint>
  readonly resolves: ResolveState[]
  /** Every transaction ever signed, by hash. */
  readonly transactions: Map<Hash, TransactionState>
  /** The account's balances when the execution started (the `baseline` record), by asset. */
  baseline?: Map<AssetKey, bigint>
  /** How many times an operator resumed it after a stop or a short outcome (`resumed` records). */
  resumes: number
  /** Transactions a reorg took back, oldest first. */
  readonly reorgs: Array<{ readonly hash: Hash; readonly chainId: number; readonly reason: string; readonly at: number }>
  stopped?: { at: number; reason: string }
  outcome?: ExecutionOutcome
  /** Time of the last record, unix ms. */
  lastAt: number
}

const add = (map: Map<AssetKey, bigint>, asset: AssetKey, amount: bigint) => {
  const next = (map.get(asset) ?? 0n) + amount
  if (next === 0n) map.delete(asset)
  else map.set(asset, next)
}

function newLeg(plan: LegPlan, reason: LegState['reason']): LegState {
  return {
    ...plan,
    reason,
    status: 'active',
    holdings: new Map([[plan.source.asset, plan.source.amountRaw]]),
    steps: plan.plan.steps.map((step) => ({ legId: plan.legId, step, status: 'pending', transactions: [] })),
  }
}

/** The target asset of an execution (what `delivered` counts). */
export function targetAsset(state: Pick<ExecutionState, 'intent'>): AssetKey {
  return assetKeyOf(state.intent.to)
}

export function findStep(state: ExecutionState, legId: number, stepIndex: number): StepState {
  const step = state.legs.find((leg) => leg.legId === legId)?.steps.find((candidate) => candidate.step.index === stepIndex)
  if (!step) throw new BaseError('INTERNAL', `Journal refers to step ${stepIndex} of leg ${legId}, which no plan has.`)
  return step
}

export function findLeg(state: ExecutionState, legId: number): LegState {
  const leg = state.legs.find((candidate) => candidate.legId === legId)
  if (!leg) throw new BaseError('INTERNAL', `Journal refers to leg ${legId}, which no plan created.`)
  return leg
}

/** The step's swap or deposit transaction (the last one signed that was not abandoned). */
export function mainTransaction(step: StepState): TransactionState | undefined {
  return step.transactions.filter((tx) => tx.purpose !== 'approve' && tx.status !== 'abandoned').at(-1)
}

/** Transactions signed or sent whose fate is not journalled yet. */
export function unsettledTransactions(state: ExecutionState): TransactionState[] {
  return [...state.transactions.values()].filter((tx) => tx.status === 'signed' || tx.status === 'sent')
}

/**
 * Undoes what a mined transaction did to the state, once a reorg took it back: our transaction is
 * unsettled again (`sent`) and its step back to `sending` with the holdings it had moved restored;
 * a relayer's fill makes its step `deposited` again, its output no longer held.
 */
function rollBack(state: ExecutionState, hash: Hash): void {
  const tx = state.transactions.get(hash)
  if (tx) {
    const wasMined = tx.status === 'success' || tx.status === 'reverted'
    const succeeded = tx.status === 'success'
    tx.status = 'sent'
    delete tx.blockNumber
    delete tx.blockHash
    delete tx.gasUsed
    delete tx.effectiveGasPrice
    if (!wasMined || tx.purpose === 'approve') return
    const step = findStep(state, tx.legId, tx.stepIndex)
    const leg = findLeg(state, tx.legId)
    if (succeeded && step.status === 'confirmed') {
      add(leg.holdings, step.step.tokenIn, step.amountInRaw ?? 0n)
      add(leg.holdings, step.step.tokenOut, -(step.amountOutRaw ?? 0n))
    } else if (succeeded && step.status === 'deposited') {
      add(leg.holdings, step.step.tokenIn, step.amountInRaw ?? 0n)
      delete step.depositId
      delete step.fillDeadline
      delete step.depositedAt
    } else if (succeeded)
      throw new BaseError('INTERNAL', `A reorg took back ${hash}, whose step ${tx.stepIndex} of leg ${tx.legId} is already ${step.status}: deeper than the journal can roll back.`)
    step.status = 'sending'
    delete step.amountOutRaw
    delete step.failure
    delete step.settledAt
    return
  }
  for (const leg of state.legs)
    for (const step of leg.steps)
      if (step.fillTransaction === hash && step.status === 'filled') {
        add(leg.holdings, step.step.tokenOut, -(step.amountOutRaw ?? 0n))
        step.status = 'deposited'
        delete step.amountOutRaw
        delete step.fillTransaction
        delete step.fillBlockHash
        delete step.settledAt
        return
      }
}

export function applyRecord(state: ExecutionState, record: JournalRecord): void {
  state.lastAt = record.at
  switch (record.type) {
    case 'intent':
      throw new BaseError('INVALID_ARGUMENT', 'A journal has one intent record, at its start.')
    case 'plan': {
      state.minAmountOutRaw ??= record.minAmountOutRaw
      const { type: _type, at: _at, quoteMs: _quoteMs, ...plan } = record
      state.legs.push(newLeg(plan, 'initial'))
      return
    }
    case 'step-sending': {
      const step = findStep(state, record.legId, record.stepIndex)
      const tx: TransactionState = {
        legId: record.legId,
        stepIndex: record.stepIndex,
        purpose: record.purpose,
        chainId: record.chainId,
        nonce: record.nonce,
        hash: record.hash,
        raw: record.raw,
        to: record.to,
        ...(record.replaces === undefined ? {} : { replaces: record.replaces }),
        ...(record.maxFeePerGas === undefined ? {} : { maxFeePerGas: record.maxFeePerGas }),
        ...(record.maxPriorityFeePerGas === undefined ? {} : { maxPriorityFeePerGas: record.maxPriorityFeePerGas }),
        status: 'signed',
      }
      step.transactions.push(tx)
      state.transactions.set(tx.hash, tx)
      if (record.purpose !== 'approve') {
        step.status = 'sending'
        step.amountInRaw = record.amountInRaw
        step.minAmountOutRaw = record.minAmountOutRaw
        step.predictedAmountOutRaw = record.predictedAmountOutRaw
        if (record.destinationFromBlock !== undefined) step.destinationFromBlock = record.destinationFromBlock
      }
      return
    }
    case 'step-sent': {
      const tx = state.transactions.get(record.hash)
      if (tx && tx.status === 'signed') tx.status = 'sent'
      return
    }
    case 'step-abandoned': {
      const tx = state.transactions.get(record.hash)
      if (!tx) return
      tx.status = 'abandoned'
      tx.abandonReason = record.reason
      const step = findStep(state, tx.legId, tx.stepIndex)
      // Back to pending only when no other signature of the step's call (a replacement) is still open.
      if (tx.purpose !== 'approve' && step.status === 'sending' && !mainTransaction(step)) step.status = 'pending'
      return
    }
    case 'step-confirmed': {
      const tx = state.transactions.get(record.hash)
      if (tx) {
        tx.status = record.status
        tx.blockNumber = record.blockNumber
        if (record.blockHash !== undefined) tx.blockHash = record.blockHash
        tx.gasUsed = record.gasUsed
        tx.effectiveGasPrice = record.effectiveGasPrice
      }
      const step = findStep(state, record.legId, record.stepIndex)
      const leg = findLeg(state, record.legId)
      if (record.status === 'reverted') {
        step.status = 'failed'
        step.failure = `${record.purpose} transaction ${record.hash} reverted`
        step.settledAt = record.at
        return
      }
      if (record.purpose === 'swap') {
        step.status = 'confirmed'
        step.amountOutRaw = record.amountOutRaw ?? 0n
        step.settledAt = record.at
        add(leg.holdings, step.step.tokenIn, -(step.amountInRaw ?? 0n))
        add(leg.holdings, step.step.tokenOut, step.amountOutRaw)
      } else if (record.purpose === 'deposit') {
        step.status = 'deposited'
        step.depositId = record.depositId
        step.fillDeadline = record.fillDeadline
        step.depositedAt = record.at
        add(leg.holdings, step.step.tokenIn, -(step.amountInRaw ?? 0n))
      }
      return
    }
    case 'step-failed': {
      const step = findStep(state, record.legId, record.stepIndex)
      step.status = 'failed'
      step.failure = record.reason
      step.settledAt = record.at
      return
    }
    case 'bridge-late': {
      findStep(state, record.legId, record.stepIndex).late = { elapsedSeconds: record.elapsedSeconds, p95Seconds: record.p95Seconds }
      return
    }
    case 'bridge-filled': {
      const step = findStep(state, record.legId, record.stepIndex)
      step.status = 'filled'
      step.amountOutRaw = record.amountOutRaw
      step.fillTransaction = record.transactionHash
      if (record.blockHash !== undefined) step.fillBlockHash = record.blockHash
      step.settledAt = record.at
      add(findLeg(state, record.legId).holdings, step.step.tokenOut, record.amountOutRaw)
      return
    }
    case 'bridge-refunded': {
      const step = findStep(state, record.legId, record.stepIndex)
      step.status = 'refunded'
      step.refundTransaction = record.transactionHash
      step.settledAt = record.at
      add(findLeg(state, record.legId).holdings, step.step.tokenIn, record.amountRaw)
      return
    }
    case 'resolve': {
      state.resolves.push({
        at: record.at,
        trigger: record.trigger,
        adopted: record.adopted,
        ...(record.supersededLegId === undefined ? {} : { supersededLegId: record.supersededLegId }),
        newLegIds: record.plans.map((plan) => plan.legId),
        unplanned: record.unplanned,
        quoteMs: record.quoteMs,
        latencyMs: record.latencyMs,
        ...(record.note === undefined ? {} : { note: record.note }),
      })
      if (!record.adopted) return
      const target = targetAsset(state)
      if (record.supersededLegId !== undefined) {
        const leg = findLeg(state, record.supersededLegId)
        leg.status = 'superseded'
        for (const step of leg.steps) if (step.status === 'pending') step.status = 'superseded'
        // Everything but delivered funds leaves the leg; the new plans take their sources from here.
        for (const [asset, amount] of [...leg.holdings]) {
          if (asset === target) continue
          leg.holdings.delete(asset)
          add(state.unassigned, asset, amount)
        }
      }
      for (const plan of record.plans) {
        add(state.unassigned, plan.source.asset, -plan.source.amountRaw)
        state.legs.push(newLeg(plan, 'resolve'))
      }
      return
    }
    case 'stopped':
      state.stopped = { at: record.at, reason: record.reason }
      return
    case 'baseline':
      state.baseline = new Map(record.balances.map((balance) => [balance.asset, balance.amountRaw]))
      return
    case 'resumed':
      state.resumes += 1
      delete state.stopped
      delete state.outcome
      return
    case 'reorged':
      state.reorgs.push({ hash: record.hash, chainId: record.chainId, reason: record.reason, at: record.at })
      rollBack(state, record.hash)
      return
    case 'outcome':
      state.outcome = record.outcome
      return
  }
}

/**
 * Folds a journal into an execution state. Throws INVALID_ARGUMENT when the journal does not start
 * with an intent record, INTERNAL when a record names a leg or step no plan has.
 */
export function foldJournal(records: readonly JournalRecord[]): ExecutionState {
  const first = records[0]
  if (first?.type !== 'intent') throw new BaseError('INVALID_ARGUMENT', 'An execution journal starts with its intent record.')
  const state: ExecutionState = {
    id: first.executionId,
    account: first.account,
    intent: first.intent,
    options: first.options,
    startedAt: first.at,
    legs: [],
    unassigned: new Map(),
    resolves: [],
    transactions: new Map(),
    reorgs: [],
    resumes: 0,
    lastAt: first.at,
  }
  for (const record of records.slice(1)) applyRecord(state, record)
  return state
}

/** True when the step's output can be spent: a confirmed swap or a filled bridge. */
export function isStepDone(step: StepState): boolean {
  return step.status === 'confirmed' || step.status === 'filled'
}

/** The first plan of an execution, if it has been journalled. */
export function initialPlan(state: ExecutionState): Plan | undefined {
  return state.legs[0]?.plan
}
