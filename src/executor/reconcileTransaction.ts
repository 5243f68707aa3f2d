// The transaction manager's settling half: brings a journalled transaction whose fate the journal
// does not know (just sent, left open by a killed executor, or taken back by a reorg) to `success`,
// `reverted` or `abandoned`, by asking the chain — never by sending a new call:
// - mined (it, or an earlier fee of it) → wait for the confirmations, confirm it, abandon the others;
// - its nonce used by another transaction → it can never be mined: abandon it;
// - unknown to the node (never broadcast, dropped, or reorged out) → re-broadcast the very same
//   signed bytes if they would still succeed, else abandon it;
// - waiting in the pool without being mined (its fee cap below the base fee) → replace it: same
//   nonce and call, fees bumped by at least 12.5 % (geth's default price bump is 10 %,
//   core/txpool/legacypool: PriceBump) and to twice the base fee, under the configured cap; every
//   replacement is journalled as a `step-sending` that `replaces` the earlier hash.
// Same nonce means at most one of them can ever be mined.
import { keccak256, parseTransaction, type Hex } from 'viem'
import { awaitTransaction } from './awaitTransaction.ts'
import { ExecutionInterruptedError } from './executorErrors.ts'
import { clientsFor, type ExecutorRuntime } from './executorRuntime.ts'
import { findStep, type TransactionState } from './foldJournal.ts'
import { broadcastRaw, capFees, confirmJournaledTransaction, findReceipt, nonceUsed } from './journaledTransaction.ts'
import { checkSpend } from './spendableRaw.ts'
import { isTransportError, withRetry } from './withRetry.ts'

export type ReconcileTransactionReturnType = 'confirmed' | 'abandoned'

/** How many times one transaction is re-broadcast or re-priced before the execution stops (resumable). */
const MAX_ATTEMPTS = 8

/** The open transactions of `tx`'s step with its chain and nonce: it and its replacements, in signing order. */
function nonceGroup(runtime: ExecutorRuntime, tx: TransactionState): TransactionState[] {
  return [...runtime.state.transactions.values()].filter(
    (other) =>
      other.chainId === tx.chainId &&
      other.nonce === tx.nonce &&
      other.legId === tx.legId &&
      other.stepIndex === tx.stepIndex &&
      other.purpose === tx.purpose &&
      (other.status === 'signed' || other.status === 'sent'),
  )
}

/**
 * Settles `tx` (status `signed` or `sent`). `confirmations` is the depth a receipt must reach.
 * Throws ExecutionInterruptedError when the chain does not settle it within the attempts and
 * time-outs (the journal stays resumable).
 */
export async function reconcileTransaction(runtime: ExecutorRuntime, tx: TransactionState, confirmations: number): Promise<ReconcileTransactionReturnType> {
  const { publicClient } = clientsFor(runtime, tx.chainId)
  const retry = runtime.settings.retry
  const markSent = async (candidate: TransactionState) => {
    if (candidate.status === 'signed') await runtime.record({ type: 'step-sent', hash: candidate.hash })
  }
  const abandon = async (candidates: readonly TransactionState[], reason: string) => {
    for (const candidate of candidates) await runtime.record({ type: 'step-abandoned', hash: candidate.hash, reason })
  }

  for (let attempt = 0; ; attempt++) {
    const group = nonceGroup(runtime, tx)
    if (group.length === 0) return tx.status === 'success' || tx.status === 'reverted' ? 'confirmed' : 'abandoned'
    if (attempt >= MAX_ATTEMPTS)
      throw new ExecutionInterruptedError(runtime.state.id, `transaction ${tx.hash} (nonce ${tx.nonce} on chain ${tx.chainId}) did not settle after ${MAX_ATTEMPTS} attempts`)

    // 1. One of them is mined.
    let minedCandidate: TransactionState | undefined
    for (const candidate of group) if (await findReceipt(runtime, tx.chainId, candidate.hash)) minedCandidate = candidate
    if (minedCandidate) {
      await markSent(minedCandidate)
      const status = await confirmJournaledTransaction(runtime, minedCandidate, confirmations)
      if (status === 'mined') {
        nonceUsed(runtime, tx.chainId, tx.nonce)
        await abandon(
          group.filter((other) => other !== minedCandidate),
          `nonce ${tx.nonce} was used by ${minedCandidate.hash}`,
        )
        return 'confirmed'
      }
      continue // taken back by a reorg while waiting for the confirmations: look again
    }

    // 2. Another transaction used the nonce (the receipts above rule out ours).
    const latest = group.at(-1) as TransactionState
    const used = await withRetry(() => publicClient.getTransactionCount({ address: runtime.account.address, blockTag: 'latest' }), retry)
    if (used > tx.nonce) {
      // Ours may have been mined between the receipt reads above and this count: look once more
      // before giving it up (on a loaded machine a block often lands in that gap; issue 12's
      // calibration runs abandoned their own mined deposits and then stopped).
      let mined = false
      for (const candidate of group) if (await findReceipt(runtime, tx.chainId, candidate.hash)) mined = true
      if (mined) continue
      await abandon(group, `nonce ${tx.nonce} was used by another transaction`)
      return 'abandoned'
    }

    // 3. The node does not have it: re-broadcast the same bytes if they would still succeed.
    const inPool = await withRetry(() => publicClient.getTransaction({ hash: latest.hash }), retry).catch((error: unknown) => {
      if ((error as Error).name === 'TransactionNotFoundError') return undefined
      throw error
    })
    if (!inPool) {
      const parsed = parseTransaction(latest.raw)
      try {
        await withRetry(() => publicClient.call({ account: runtime.account.address, to: parsed.to ?? latest.to, data: parsed.data, value: parsed.value }), retry)
      } catch (error) {
        if (isTransportError(error)) throw error
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
        await abandon(group, `not in the chain or the pool, and its call would now revert: ${reason}`)
        return 'abandoned'
      }
      if (latest.purpose !== 'approve') {
        // The same bytes spend the same amount: only if the execution still has it (a reorg may have changed an earlier output).
        const step = findStep(runtime.state, latest.legId, latest.stepIndex)
        const signed = runtime.journal.records.find((record) => record.type === 'step-sending' && record.hash === latest.hash)
        const why = signed?.type === 'step-sending' ? await checkSpend(runtime, step.step.tokenIn, signed.amountInRaw) : undefined
        if (why !== undefined) {
          await abandon(group, `not re-broadcast: ${why}`)
          return 'abandoned'
        }
      }
      const reply = await broadcastRaw(runtime, tx.chainId, latest.raw)
      if (reply === 'rejected') {
        await abandon(group, 'the node rejected its re-broadcast')
        return 'abandoned'
      }
      if (reply === 'fee-too-low') {
        await replace(runtime, latest)
        continue
      }
      if (reply === 'accepted' || reply === 'already-known') await markSent(latest)
      // transport (the node may have it), nonce-too-low, replacement-underpriced: the wait or the next round tells.
    } else await markSent(latest)

    // 4. Wait for it.
    const result = await awaitTransaction(runtime, tx.chainId, latest.hash, confirmations, latest.purpose !== 'approve')
    if (result.status === 'stuck') await replace(runtime, latest)
    else if (result.status === 'timeout')
      throw new ExecutionInterruptedError(runtime.state.id, `transaction ${latest.hash} on chain ${tx.chainId} was not mined within ${runtime.settings.txTimeoutMs} ms`, { code: 'TRANSACTION_NOT_MINED' })
    // mined → step 1 confirms it; dropped → step 3 re-broadcasts it.
  }
}

/**
 * Signs `stuck` again with the same nonce and call and higher fees — at least 12.5 % above its own
 * and twice the current base fee plus the tip — under settings.maxFeePerGasWei, journals the
 * replacement and broadcasts it. At the cap nothing is sent (the wait goes on).
 */
async function replace(runtime: ExecutorRuntime, stuck: TransactionState): Promise<void> {
  const { publicClient, walletClient } = clientsFor(runtime, stuck.chainId)
  const parsed = parseTransaction(stuck.raw)
  const block = await withRetry(() => publicClient.getBlock({ blockTag: 'latest' }), runtime.settings.retry)
  const baseFee = block.baseFeePerGas ?? 0n
  const oldFee = parsed.maxFeePerGas ?? parsed.gasPrice ?? 0n
  const oldTip = parsed.maxPriorityFeePerGas ?? 0n
  const tip = (oldTip * 9n) / 8n + 1n
  const wanted = [oldFee + oldFee / 8n + 1n, baseFee * 2n + tip].reduce((a, b) => (a > b ? a : b))
  const fees = capFees(runtime, wanted, tip) as { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }
  if (fees.maxFeePerGas <= oldFee) return
  const raw: Hex = await walletClient.signTransaction({
    account: runtime.account,
    chain: walletClient.chain,
    type: 'eip1559',
    to: parsed.to ?? stuck.to,
    data: parsed.data,
    value: parsed.value,
    nonce: stuck.nonce,
    gas: parsed.gas,
    ...fees,
  } as Parameters<typeof walletClient.signTransaction>[0])
  const original = runtime.journal.records.find((record) => record.type === 'step-sending' && record.hash === stuck.hash)
  if (original?.type !== 'step-sending') return
  const { at: _at, token: _token, hash: _hash, raw: _raw, replaces: _replaces, maxFeePerGas: _fee, maxPriorityFeePerGas: _tip, ...call } = original
  const hash = keccak256(raw)
  await runtime.record({ ...call, hash, raw, replaces: stuck.hash, ...fees })
  const reply = await broadcastRaw(runtime, stuck.chainId, raw)
  if (reply === 'accepted' || reply === 'already-known') await runtime.record({ type: 'step-sent', hash })
  else if (reply !== 'transport') await runtime.record({ type: 'step-abandoned', hash, reason: `replacement not accepted (${reply})` })
}
