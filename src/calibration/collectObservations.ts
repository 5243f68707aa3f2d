// What the executor's journals say about timing and failures, as observations for calibrateMarket:
// every confirmed transaction's overhead and wait, every swap's revert, every settled bridge transfer.
import type { Step } from '../../solver/model/plan.ts'
import type { CalibrationObservations, StepOverheadObservation, TransactionObservation, TransferObservation } from '../../solver/risk/calibrateMarket.ts'
import type { JournalRecord } from '../executor/journal.ts'

interface Sending {
  readonly chainId: number
  readonly purpose: 'approve' | 'swap' | 'deposit'
  readonly legId: number
  readonly stepIndex: number
  readonly amountInRaw: bigint
  /** The executor's previous record before this transaction: where its own time starts. */
  readonly previousAt: number
  sentAt?: number
}

/**
 * Observations from journals (each the records of one execution, in order). Times come from the
 * records' `at` stamps (each written when the event happened, fsync'd before the next step):
 * - a step's overhead: the sum over its transactions of each one's overhead, from the previous record — the intent for the first transaction
 *   (the initial market read and quote count against the deadline), otherwise the last record
 *   before it (the previous receipt, a fill, a re-solve) — to `step-sent` (the broadcast returned);
 * - its wait: `step-sent` → `step-confirmed`, with the confirmations the leg's schedule asked for
 *   (1 for approvals);
 * - a transfer: `step-confirmed` of the deposit → `bridge-filled` (the fill seen), or a refund.
 * Records of a resumed execution's restart (a `step-sent` without its `step-sending` in this run,
 * a gap across a crash) are left out: a transaction is observed only with its three records.
 */
export function collectObservations(journals: readonly (readonly JournalRecord[])[]): CalibrationObservations {
  const transactions: TransactionObservation[] = []
  const stepOverheads: StepOverheadObservation[] = []
  const transfers: TransferObservation[] = []
  for (const records of journals) {
    const steps = new Map<string, { step: Step; confirmations: number }>()
    const key = (legId: number, stepIndex: number) => `${legId}:${stepIndex}`
    const sending = new Map<string, Sending>()
    const deposits = new Map<string, { confirmedAt: number; amountInRaw: bigint; confirmations: number }>()
    const overheadOf = new Map<string, number>()
    let previousAt: number | undefined
    for (const record of records) {
      if (record.type === 'plan' || record.type === 'resolve') {
        const plans = record.type === 'plan' ? [record] : record.plans
        for (const leg of plans)
          for (const step of leg.plan.steps) {
            const scheduled = leg.plan.schedule.steps.find((candidate) => candidate.stepIndex === step.index)
            steps.set(key(leg.legId, step.index), { step, confirmations: scheduled?.confirmations ?? 1 })
          }
      }
      if (record.type === 'step-sending' && previousAt !== undefined) {
        sending.set(record.hash, {
          chainId: record.chainId,
          purpose: record.purpose,
          legId: record.legId,
          stepIndex: record.stepIndex,
          amountInRaw: record.amountInRaw,
          previousAt,
        })
      } else if (record.type === 'step-sent') {
        const tx = sending.get(record.hash)
        if (tx) tx.sentAt = record.at
      } else if (record.type === 'step-confirmed') {
        const tx = sending.get(record.hash)
        if (tx && tx.sentAt !== undefined) {
          const confirmations = tx.purpose === 'approve' ? 1 : (steps.get(key(tx.legId, tx.stepIndex))?.confirmations ?? 1)
          const overheadSeconds = (tx.sentAt - tx.previousAt) / 1000
          const stepKey = key(tx.legId, tx.stepIndex)
          const stepOverhead = (overheadOf.get(stepKey) ?? 0) + overheadSeconds
          overheadOf.set(stepKey, stepOverhead)
          if (tx.purpose !== 'approve') stepOverheads.push({ chainId: tx.chainId, overheadSeconds: stepOverhead })
          transactions.push({
            chainId: tx.chainId,
            purpose: tx.purpose,
            overheadSeconds,
            waitSeconds: (record.at - tx.sentAt) / 1000,
            confirmations,
            reverted: record.status === 'reverted',
          })
          if (tx.purpose === 'deposit' && record.status === 'success') deposits.set(key(tx.legId, tx.stepIndex), { confirmedAt: record.at, amountInRaw: tx.amountInRaw, confirmations })
        }
      } else if (record.type === 'bridge-filled' || record.type === 'bridge-refunded') {
        const deposit = deposits.get(key(record.legId, record.stepIndex))
        const planned = steps.get(key(record.legId, record.stepIndex))
        if (deposit && planned) {
          const filled = record.type === 'bridge-filled'
          transfers.push({
            bridgeId: planned.step.venueId,
            amountInRaw: deposit.amountInRaw,
            filled,
            ...(filled ? { fillSeconds: (record.at - deposit.confirmedAt) / 1000, confirmations: deposit.confirmations } : {}),
          })
        }
      }
      // The intent starts the clock; a plan record is written after the first read and quote, which
      // belong to the first transaction's overhead; a late notice is written while waiting for a fill.
      if (record.type !== 'plan' && record.type !== 'bridge-late') previousAt = record.at
    }
  }
  return { transactions, steps: stepOverheads, transfers }
}
