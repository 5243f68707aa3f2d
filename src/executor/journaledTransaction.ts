// One transaction through the journal: nonce, sign, write `step-sending` (with the signed bytes and
// hash), broadcast, write `step-sent`, wait for the confirmations, read what the receipt says the
// account received, write `step-confirmed`. Because the hash is journalled before the broadcast, a
// resumed executor can always tell whether the transaction reached the chain.
import { keccak256, parseEventLogs, WaitForTransactionReceiptTimeoutError, type Address, type Hash, type Hex, type TransactionReceipt } from 'viem'
import { BaseError } from '../../solver/errors.ts'
import { parseAssetKey } from '../../solver/market/assetKey.ts'
import { spokeAbi, erc20Abi } from './venueAbis.ts'
import { clientsFor, type ExecutorRuntime } from './executorRuntime.ts'
import { findStep, type TransactionState } from './foldJournal.ts'
import type { TransactionPurpose } from './journal.ts'
import { withRetry } from './withRetry.ts'

export interface SendJournaledTransactionParameters {
  readonly legId: number
  readonly stepIndex: number
  readonly purpose: TransactionPurpose
  readonly chainId: number
  readonly to: Address
  readonly data: Hex
  readonly amountInRaw: bigint
  readonly minAmountOutRaw: bigint
  readonly predictedAmountOutRaw: bigint
  readonly deadline: number
  readonly destinationFromBlock?: bigint
  readonly confirmations: number
}

/** Node answers that mean "this exact transaction is already in the pool" (geth, anvil, reth wordings). */
const ALREADY_KNOWN = /already known|already imported|known transaction|transaction already exists/i

/** Broadcasts signed bytes; a node that already has them is not an error (the broadcast is idempotent). */
export async function broadcastRaw(runtime: ExecutorRuntime, chainId: number, raw: Hex): Promise<void> {
  const { walletClient } = clientsFor(runtime, chainId)
  // Fencing: only the newest owner of the execution may send (acquireExecutionLease.ts).
  await runtime.journal.assertOwner()
  try {
    await withRetry(() => walletClient.sendRawTransaction({ serializedTransaction: raw }), runtime.settings.retry)
  } catch (error) {
    if (ALREADY_KNOWN.test(error instanceof Error ? error.message : String(error))) return
    throw error
  }
}

/** Signs with an explicit nonce (the chain's pending count), journals, broadcasts and waits. Returns the settled transaction. */
export async function sendJournaledTransaction(runtime: ExecutorRuntime, parameters: SendJournaledTransactionParameters): Promise<TransactionState> {
  const { publicClient, walletClient } = clientsFor(runtime, parameters.chainId)
  const address = runtime.account.address
  const retry = runtime.settings.retry
  // Every earlier transaction of this execution is settled before a new one is signed (the executor
  // is sequential and reconciles on resume), so the pending count is the next free nonce.
  const nonce = await withRetry(() => publicClient.getTransactionCount({ address, blockTag: 'pending' }), retry)
  const request = await withRetry(
    () => walletClient.prepareTransactionRequest({ account: runtime.account, to: parameters.to, data: parameters.data, nonce, chain: walletClient.chain }),
    retry,
  )
  const raw = await walletClient.signTransaction(request as Parameters<typeof walletClient.signTransaction>[0])
  const hash = keccak256(raw)
  await runtime.record({
    type: 'step-sending',
    legId: parameters.legId,
    stepIndex: parameters.stepIndex,
    purpose: parameters.purpose,
    chainId: parameters.chainId,
    nonce,
    hash,
    raw,
    to: parameters.to,
    amountInRaw: parameters.amountInRaw,
    minAmountOutRaw: parameters.minAmountOutRaw,
    predictedAmountOutRaw: parameters.predictedAmountOutRaw,
    deadline: parameters.deadline,
    ...(parameters.destinationFromBlock === undefined ? {} : { destinationFromBlock: parameters.destinationFromBlock }),
  })
  await broadcastRaw(runtime, parameters.chainId, raw)
  await runtime.record({ type: 'step-sent', hash })
  const tx = runtime.state.transactions.get(hash) as TransactionState
  await confirmJournaledTransaction(runtime, tx, parameters.confirmations)
  return tx
}

/**
 * Waits for `confirmations` on the transaction's receipt and writes `step-confirmed` with what the
 * receipt shows: for a swap, the Transfer logs of the output token to the account; for a deposit,
 * the spoke's Deposited event. Throws INTERNAL when no receipt arrives within the time-out (the
 * transaction stays `sent` in the journal; a resume settles it).
 */
export async function confirmJournaledTransaction(runtime: ExecutorRuntime, tx: TransactionState, confirmations: number): Promise<void> {
  const { publicClient } = clientsFor(runtime, tx.chainId)
  let receipt: TransactionReceipt
  try {
    receipt = await withRetry(
      () =>
        publicClient.waitForTransactionReceipt({
          hash: tx.hash,
          confirmations: Math.max(1, confirmations),
          timeout: runtime.settings.txTimeoutMs,
          pollingInterval: runtime.settings.pollIntervalMs,
        }),
      runtime.settings.retry,
    )
  } catch (error) {
    if (error instanceof WaitForTransactionReceiptTimeoutError)
      throw new BaseError('INTERNAL', `Transaction ${tx.hash} on chain ${tx.chainId} was not mined within ${runtime.settings.txTimeoutMs} ms; resume the execution to settle it.`, { cause: error })
    throw error
  }
  await runtime.record(confirmationRecord(runtime, tx, receipt))
}

function confirmationRecord(runtime: ExecutorRuntime, tx: TransactionState, receipt: TransactionReceipt) {
  const base = {
    type: 'step-confirmed' as const,
    hash: tx.hash,
    legId: tx.legId,
    stepIndex: tx.stepIndex,
    purpose: tx.purpose,
    status: receipt.status,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
    effectiveGasPrice: receipt.effectiveGasPrice,
  }
  if (receipt.status !== 'success') return base
  const step = findStep(runtime.state, tx.legId, tx.stepIndex).step
  const account = runtime.account.address.toLowerCase()
  if (tx.purpose === 'swap') {
    const tokenOut = parseAssetKey(step.tokenOut).token
    const transfers = parseEventLogs({ abi: erc20Abi, eventName: 'Transfer', logs: receipt.logs }).filter(
      (log) => log.address.toLowerCase() === tokenOut && log.args.to.toLowerCase() === account,
    )
    return { ...base, amountOutRaw: transfers.reduce((sum, log) => sum + log.args.value, 0n) }
  }
  if (tx.purpose === 'deposit') {
    const [deposited] = parseEventLogs({ abi: spokeAbi, eventName: 'Deposited', logs: receipt.logs }).filter(
      (log) => log.address.toLowerCase() === tx.to.toLowerCase(),
    )
    if (!deposited) throw new BaseError('INTERNAL', `Deposit ${tx.hash} succeeded without a Deposited event.`)
    return { ...base, depositId: deposited.args.depositId, fillDeadline: deposited.args.fillDeadline }
  }
  return base
}

/** The receipt of a journalled transaction if the chain has one. */
export async function findReceipt(runtime: ExecutorRuntime, chainId: number, hash: Hash): Promise<TransactionReceipt | undefined> {
  const { publicClient } = clientsFor(runtime, chainId)
  return withRetry(() => publicClient.getTransactionReceipt({ hash }), runtime.settings.retry).catch((error: unknown) => {
    if ((error as Error).name === 'TransactionReceiptNotFoundError') return undefined
    throw error
  })
}
