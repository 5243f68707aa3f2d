// Reorg detection: before the executor spends a step's output (or reports an outcome) it asks the
// chains again for every receipt the journal counts on — its own mined transactions and the
// relayer's fills — and journals `reorged` for any that is gone or now in another block, which rolls
// its effects back (foldJournal) so that the journal never claims more than the chains hold.
import type { Hash } from 'viem'
import { clientsFor, type ExecutorRuntime } from './executorRuntime.ts'
import { findReceipt } from './journaledTransaction.ts'
import { taggedBlockNumber } from './taggedBlockNumber.ts'
import { withRetry } from './withRetry.ts'

/**
 * Receipts older than this many blocks are final for the executor's purposes and not asked for
 * again; on a chain with a finality tag, only if its `finalized` block has reached them too.
 */
export const REORG_WINDOW_BLOCKS = 128n

/** Re-checks the journal's receipts; returns how many were taken back by a reorg (each journalled). */
export async function recheckReceipts(runtime: ExecutorRuntime): Promise<number> {
  const { state } = runtime
  const checks: Array<{ chainId: number; hash: Hash; blockNumber?: bigint; blockHash?: Hash }> = []
  for (const tx of state.transactions.values())
    if (tx.status === 'success' || tx.status === 'reverted') checks.push({ chainId: tx.chainId, hash: tx.hash, ...(tx.blockNumber === undefined ? {} : { blockNumber: tx.blockNumber }), ...(tx.blockHash === undefined ? {} : { blockHash: tx.blockHash }) })
  for (const leg of state.legs)
    for (const step of leg.steps)
      if (step.status === 'filled' && step.fillTransaction && step.fillBlockHash) {
        const destination = Number(step.step.tokenOut.split(':')[0])
        checks.push({ chainId: destination, hash: step.fillTransaction, blockHash: step.fillBlockHash })
      }
  /** Per chain, the highest block a reorg can no longer take back. */
  const finalBlocks = new Map<number, bigint>()
  let reorged = 0
  for (const check of checks) {
    if (!runtime.clients.has(check.chainId)) continue
    if (!finalBlocks.has(check.chainId)) {
      const { publicClient, chain } = clientsFor(runtime, check.chainId)
      const window = (await withRetry(() => publicClient.getBlockNumber({ cacheTime: 0 }), runtime.settings.retry)) - REORG_WINDOW_BLOCKS
      const finalized = chain.finalityTag === undefined ? window : ((await taggedBlockNumber(publicClient, 'finalized', runtime.settings.retry)) ?? -1n)
      finalBlocks.set(check.chainId, finalized < window ? finalized : window)
    }
    if (check.blockNumber !== undefined && check.blockNumber <= (finalBlocks.get(check.chainId) as bigint)) continue
    const receipt = await findReceipt(runtime, check.chainId, check.hash)
    const reason = !receipt
      ? `no longer on chain ${check.chainId} (dropped by a reorg)`
      : check.blockHash !== undefined && receipt.blockHash !== check.blockHash
        ? `moved by a reorg from block ${check.blockHash} to ${receipt.blockHash} (${receipt.blockNumber})`
        : undefined
    if (reason === undefined) continue
    await runtime.record({ type: 'reorged', hash: check.hash, chainId: check.chainId, reason })
    reorged++
  }
  return reorged
}
