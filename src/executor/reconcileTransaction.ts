// Settles a journalled transaction whose fate the journal does not know (the executor died between
// `step-sending` and `step-confirmed`), by asking the chain — never by sending something new:
// mined → confirm it; waiting in the node's pool → wait for it; unknown with its nonce still free →
// re-broadcast the very same signed bytes (same hash, same nonce: it can execute at most once) if
// it would still succeed, else abandon it; unknown with its nonce taken → it can never execute, abandon it.
import { parseTransaction } from 'viem'
import { clientsFor, type ExecutorRuntime } from './executorRuntime.ts'
import type { TransactionState } from './foldJournal.ts'
import { broadcastRaw, confirmJournaledTransaction, findReceipt } from './journaledTransaction.ts'
import { isTransportError, withRetry } from './withRetry.ts'

export type ReconcileTransactionReturnType = 'confirmed' | 'rebroadcast' | 'abandoned'

/**
 * Brings `tx` (status `signed` or `sent`) to `success`, `reverted` or `abandoned` in the journal.
 * `confirmations` applies to the wait for the receipt.
 */
export async function reconcileTransaction(runtime: ExecutorRuntime, tx: TransactionState, confirmations: number): Promise<ReconcileTransactionReturnType> {
  const { publicClient } = clientsFor(runtime, tx.chainId)
  const retry = runtime.settings.retry
  const markSent = async () => {
    if (tx.status === 'signed') await runtime.record({ type: 'step-sent', hash: tx.hash })
  }

  if (await findReceipt(runtime, tx.chainId, tx.hash)) {
    await markSent()
    await confirmJournaledTransaction(runtime, tx, confirmations)
    return 'confirmed'
  }
  const pending = await withRetry(() => publicClient.getTransaction({ hash: tx.hash }), retry).catch((error: unknown) => {
    if ((error as Error).name === 'TransactionNotFoundError') return undefined
    throw error
  })
  if (pending) {
    await markSent()
    await confirmJournaledTransaction(runtime, tx, confirmations)
    return 'confirmed'
  }

  const mined = await withRetry(() => publicClient.getTransactionCount({ address: runtime.account.address, blockTag: 'latest' }), retry)
  if (mined > tx.nonce) {
    // Another transaction took the nonce (the receipt check above rules out ours), so ours can never be mined.
    await runtime.record({ type: 'step-abandoned', hash: tx.hash, reason: `nonce ${tx.nonce} was used by another transaction` })
    return 'abandoned'
  }

  // The node never saw it. Re-send the identical bytes only if they would still succeed now.
  const parsed = parseTransaction(tx.raw)
  try {
    await withRetry(() => publicClient.call({ account: runtime.account.address, to: parsed.to ?? tx.to, data: parsed.data, value: parsed.value }), retry)
  } catch (error) {
    if (isTransportError(error)) throw error
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    await runtime.record({ type: 'step-abandoned', hash: tx.hash, reason: `never broadcast, and its call would now revert: ${reason}` })
    return 'abandoned'
  }
  await broadcastRaw(runtime, tx.chainId, tx.raw)
  await markSent()
  await confirmJournaledTransaction(runtime, tx, confirmations)
  return 'rebroadcast'
}
