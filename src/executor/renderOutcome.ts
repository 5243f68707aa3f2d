// The outcome of an execution as text for people, and one-line progress messages for journal records.
import { formatAmount } from '../../solver/amounts.ts'
import { assetKeyOf } from '../../solver/market/assetKey.ts'
import { getToken, indexMarket } from '../../solver/market/indexMarket.ts'
import type { Market } from '../../solver/market/types.ts'
import type { ExecutionState } from './foldJournal.ts'
import { findStep } from './foldJournal.ts'
import type { JournalRecord } from './journal.ts'
import type { ExecutionOutcome } from './outcome.ts'

const short = (hash: string) => `${hash.slice(0, 10)}…`

/** A multi-line report: verdict, amounts, time, re-solves, every step with its transactions, funds not delivered. */
export function renderOutcome(outcome: ExecutionOutcome): string {
  const lines = [
    `${outcome.reached ? '✔' : '✘'} ${outcome.summary}`,
    `  execution  ${outcome.executionId}  (account ${outcome.account})`,
    `  intent     ${outcome.amountIn.amount} ${outcome.from.symbol} on ${outcome.from.chain} → ${outcome.to.symbol} on ${outcome.to.chain}, minimum ${outcome.minimum.amount} ${outcome.minimum.symbol}${outcome.deadlineSeconds === null ? '' : `, deadline ${outcome.deadlineSeconds} s`}`,
    `  delivered  ${outcome.delivered.amount} ${outcome.delivered.symbol}${outcome.shortfall ? `  (short by ${outcome.shortfall.amount})` : ''}${outcome.deliveredAfterSeconds === undefined ? '' : ` after ${outcome.deliveredAfterSeconds.toFixed(1)} s`}  ${outcome.withinDeadline ? '' : '(after the deadline)'}`.trimEnd(),
  ]
  if (outcome.planned)
    lines.push(
      `  duration   ${outcome.deliveredAfterSeconds === undefined ? 'nothing delivered' : `${outcome.deliveredAfterSeconds.toFixed(1)} s`} realised vs ${outcome.planned.expectedDurationSeconds.toFixed(1)} s planned (p95 ${outcome.planned.p95DurationSeconds.toFixed(1)} s)`,
    )
  if (outcome.stoppedReason) lines.push(`  stopped    ${outcome.stoppedReason}`)
  if (!outcome.reached && outcome.fundsNow.length > 0) lines.push(`  continue   accord execute --resume ${outcome.executionId}`)
  if (outcome.resolves.length > 0) {
    lines.push('  re-solves')
    for (const resolve of outcome.resolves)
      lines.push(
        `    ${resolve.adopted ? 'adopted ' : 'declined'} ${resolve.trigger}: ${resolve.detail} (${resolve.latencyMs.toFixed(0)} ms)${resolve.newLegs.map((leg) => `\n      leg ${leg.leg}: ${leg.venueIds.join(' → ')}`).join('')}${resolve.note ? `\n      ${resolve.note}` : ''}`,
      )
  }
  lines.push('  steps')
  for (const step of outcome.steps) {
    const spent = step.amountIn ? `${step.amountIn.amount} ${step.amountIn.symbol}` : `(planned ${step.plannedIn.amount} ${step.plannedIn.symbol})`
    const got = step.received ? `${step.received.amount} ${step.received.symbol}` : step.predictedOut ? `(predicted ${step.predictedOut.amount})` : ''
    lines.push(`    [${step.leg}.${step.step}] ${step.action.padEnd(6)} ${step.venueId.padEnd(36)} ${spent} → ${got}  ${step.status}${step.failure ? `: ${step.failure}` : ''}`)
    for (const tx of step.transactions) lines.push(`          ${tx.purpose.padEnd(7)} chain ${tx.chainId} nonce ${tx.nonce} ${tx.hash} ${tx.status}`)
    if (step.bridge?.fillTransaction) lines.push(`          fill    ${step.bridge.fillTransaction}${step.bridge.late ? ` (late: ${step.bridge.late.elapsedSeconds.toFixed(1)} s > p95 ${step.bridge.late.p95Seconds.toFixed(1)} s)` : ''}`)
    if (step.bridge?.refundTransaction) lines.push(`          refund  ${step.bridge.refundTransaction}`)
  }
  if (outcome.fundsNow.length > 0) {
    lines.push('  funds not delivered')
    for (const funds of outcome.fundsNow) lines.push(`    ${funds.location.padEnd(13)} ${funds.note}`)
  }
  return lines.join('\n')
}

/** One line per journal record, for progress output; undefined for records not worth a line. */
export function describeRecord(record: JournalRecord, state: ExecutionState, market: Market): string | undefined {
  const index = indexMarket(market)
  const fmt = (key: Parameters<typeof getToken>[1], raw: bigint) => {
    const token = getToken(index, key)
    return `${formatAmount(raw, token.decimals)} ${token.symbol}`
  }
  switch (record.type) {
    case 'intent':
      return `execution ${record.executionId} started`
    case 'plan': {
      const to = assetKeyOf(record.plan.intent.to)
      return `plan: ${record.plan.steps.map((step) => step.venueId).join(' → ')} (expected ${fmt(to, record.plan.expectedAmountOutRaw)}, minimum ${fmt(to, record.minAmountOutRaw)}, P=${record.plan.outcomeProbability.total.toFixed(4)})`
    }
    case 'step-sent': {
      const tx = state.transactions.get(record.hash)
      return tx ? `  [${tx.legId}.${tx.stepIndex}] ${tx.purpose} sent on chain ${tx.chainId} (nonce ${tx.nonce}, ${short(tx.hash)})` : undefined
    }
    case 'step-confirmed': {
      const step = findStep(state, record.legId, record.stepIndex)
      if (record.status !== 'success') return `  [${record.legId}.${record.stepIndex}] ${record.purpose} reverted`
      if (record.purpose === 'swap' && record.amountOutRaw !== undefined) return `  [${record.legId}.${record.stepIndex}] swapped → ${fmt(step.step.tokenOut, record.amountOutRaw)} (block ${record.blockNumber})`
      if (record.purpose === 'deposit') return `  [${record.legId}.${record.stepIndex}] deposited, id ${record.depositId}, waiting for the fill`
      return undefined
    }
    case 'bridge-late':
      return `  [${record.legId}.${record.stepIndex}] fill is late: ${record.elapsedSeconds.toFixed(1)} s > p95 ${record.p95Seconds.toFixed(1)} s`
    case 'bridge-filled': {
      const step = findStep(state, record.legId, record.stepIndex)
      return `  [${record.legId}.${record.stepIndex}] filled → ${fmt(step.step.tokenOut, record.amountOutRaw)} (${short(record.transactionHash)})`
    }
    case 'bridge-refunded':
      return `  [${record.legId}.${record.stepIndex}] refunded (${short(record.transactionHash)})`
    case 'step-failed':
      return `  [${record.legId}.${record.stepIndex}] failed: ${record.reason}`
    case 'step-abandoned':
      return `  transaction ${short(record.hash)} abandoned: ${record.reason}`
    case 'resolve':
      return `re-solve (${record.trigger.kind}: ${record.trigger.detail}) in ${record.latencyMs.toFixed(0)} ms: ${record.adopted ? record.plans.map((plan) => plan.plan.steps.map((step) => step.venueId).join(' → ')).join('; ') : `declined${record.note ? ` — ${record.note}` : ''}`}`
    case 'stopped':
      return `stopped: ${record.reason}`
    default:
      return undefined
  }
}
