// Waiting for one transaction with reorgs and dropped transactions in mind: it counts as mined only
// once its receipt is under the chain's confirmation depth *and* still canonical; a transaction the
// node no longer knows (dropped from the pool, or taken back by a reorg and not re-included) and one
// that sits in the pool unmined (underpriced after a base-fee rise) are reported, not waited for
// forever, so the caller can re-broadcast or re-price it. On a chain with a finality tag
// (ExecutionChain.finalityTag) a transaction whose output is spent next (a swap or deposit, not an
// approval) also waits until the node's `safe`/`finalized` block has reached its block.
import type { Hash, TransactionReceipt } from 'viem'
import { clientsFor, type ExecutorRuntime } from './executorRuntime.ts'
import { taggedBlockNumber } from './taggedBlockNumber.ts'
import { withRetry } from './withRetry.ts'

export type AwaitTransactionReturnType =
  | { readonly status: 'mined'; readonly receipt: TransactionReceipt }
  /** Neither mined nor in the node's pool for `droppedAfterMs`. */
  | { readonly status: 'dropped' }
  /** In the pool, unmined, for `stuckAfterMs` (its fee no longer gets it in). */
  | { readonly status: 'stuck' }
  | { readonly status: 'timeout' }

/**
 * Polls every `pollIntervalMs`: the receipt, and if there is none whether the node still has the
 * transaction. Mined once `head − receipt block + 1 ≥ confirmations` with the receipt's block still
 * the one the node reports and, when `untilFinal` and the chain has a finality tag, at or below the
 * tagged block.
 */
export async function awaitTransaction(runtime: ExecutorRuntime, chainId: number, hash: Hash, confirmations: number, untilFinal = true): Promise<AwaitTransactionReturnType> {
  const { publicClient, chain } = clientsFor(runtime, chainId)
  const { retry, pollIntervalMs, txTimeoutMs, droppedAfterMs, stuckAfterMs } = runtime.settings
  const started = Date.now()
  let missingSince: number | undefined
  let pendingSince: number | undefined
  for (;;) {
    const receipt = await withRetry(() => publicClient.getTransactionReceipt({ hash }), retry).catch((error: unknown) => {
      if ((error as Error).name === 'TransactionReceiptNotFoundError') return undefined
      throw error
    })
    const now = Date.now()
    if (receipt) {
      missingSince = undefined
      pendingSince = undefined
      const head = await withRetry(() => publicClient.getBlockNumber({ cacheTime: 0 }), retry)
      if (head - receipt.blockNumber + 1n >= BigInt(Math.max(1, confirmations))) {
        const tag = untilFinal ? chain.finalityTag : undefined
        if (confirmations <= 1 && tag === undefined) return { status: 'mined', receipt }
        const tagged = tag === undefined ? receipt.blockNumber : await taggedBlockNumber(publicClient, tag, retry)
        // The block at the receipt's height must still be the receipt's block.
        const block = tagged !== undefined && tagged >= receipt.blockNumber ? await withRetry(() => publicClient.getBlock({ blockNumber: receipt.blockNumber }), retry).catch(() => undefined) : undefined
        if (block?.hash === receipt.blockHash) return { status: 'mined', receipt }
      }
    } else {
      const pending = await withRetry(() => publicClient.getTransaction({ hash }), retry).catch((error: unknown) => {
        if ((error as Error).name === 'TransactionNotFoundError') return undefined
        throw error
      })
      if (!pending) {
        pendingSince = undefined
        missingSince ??= now
        if (now - missingSince >= droppedAfterMs) return { status: 'dropped' }
      } else {
        missingSince = undefined
        pendingSince ??= now
        if (now - pendingSince >= stuckAfterMs) return { status: 'stuck' }
      }
    }
    if (now - started >= txTimeoutMs) return { status: 'timeout' }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs))
  }
}
