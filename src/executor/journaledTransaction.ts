// The transaction manager's sending half: one transaction through the journal — nonce (one source
// per account and chain), sign, write `step-sending` (with the signed bytes and hash), broadcast,
// classify the node's reply, write `step-sent` — and, once mined under the confirmations, what the
// receipt says the account received (`step-confirmed`). Because the hash is journalled before the
// broadcast, a resumed executor can always tell whether the transaction reached the chain.
// Waiting, re-broadcasting and re-pricing are reconcileTransaction's.
import { keccak256, parseEventLogs, type Address, type Hash, type Hex, type TransactionReceipt } from 'viem'
import { BaseError } from '../../solver/errors.ts'
import { parseAssetKey } from '../../solver/market/assetKey.ts'
import { spokeAbi, erc20Abi } from './venueAbis.ts'
import { clientsFor, type ExecutorRuntime } from './executorRuntime.ts'
import { awaitTransaction, type AwaitTransactionReturnType } from './awaitTransaction.ts'
import { classifySendReply, type SendReply } from './classifySendReply.ts'
import { ExecutionInterruptedError } from './executorErrors.ts'
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

/**
 * Broadcasts signed bytes (after the fencing check: only the execution's newest owner may send),
 * retrying transport failures with backoff, and says what the node's reply means (classifySendReply).
 * "Already known" is success: the broadcast is idempotent.
 */
export async function broadcastRaw(runtime: ExecutorRuntime, chainId: number, raw: Hex): Promise<SendReply> {
  const { walletClient } = clientsFor(runtime, chainId)
  await runtime.journal.assertOwner()
  try {
    await withRetry(() => walletClient.sendRawTransaction({ serializedTransaction: raw }), runtime.settings.retry)
    return 'accepted'
  } catch (error) {
    const reply = classifySendReply(error)
    // A late reply lost to a time-out may have reached the node: the retry then says "already known".
    return reply
  }
}

/**
 * The next nonce of the account on `chainId`: the node's pending count, but never below one past the
 * last nonce the node accepted from us — one source per account and chain that tolerates other
 * senders (their pending transactions raise the node's count) and never leaves a gap (a nonce is
 * taken as used only once a transaction with it was accepted).
 */
export async function nextNonce(runtime: ExecutorRuntime, chainId: number): Promise<number> {
  const { publicClient } = clientsFor(runtime, chainId)
  const pending = await withRetry(() => publicClient.getTransactionCount({ address: runtime.account.address, blockTag: 'pending' }), runtime.settings.retry)
  return Math.max(pending, runtime.nonces.get(chainId) ?? 0)
}

/** Marks `nonce` as used on `chainId` (a transaction with it was accepted). */
export function nonceUsed(runtime: ExecutorRuntime, chainId: number, nonce: number): void {
  runtime.nonces.set(chainId, Math.max(runtime.nonces.get(chainId) ?? 0, nonce + 1))
}

/**
 * Signs with the account's next nonce (nextNonce), journals `step-sending` (signed bytes and hash),
 * broadcasts and journals `step-sent`. A reply that leaves the nonce to someone else (nonce too low
 * and not ours, another transaction holding it in the pool) or the fee below the base fee abandons
 * the signed transaction in the journal and signs again, at most SEND_ATTEMPTS times. Does not wait for the
 * receipt (reconcileTransaction does; a broadcast without an answer is left to it too). Throws
 * ExecutionInterruptedError on a rejection and when no signature is accepted within SEND_ATTEMPTS.
 */
export async function sendJournaledTransaction(runtime: ExecutorRuntime, parameters: SendJournaledTransactionParameters): Promise<TransactionState> {
  const { walletClient } = clientsFor(runtime, parameters.chainId)
  const retry = runtime.settings.retry
  let feeMultiplier = 1
  for (let attempt = 0; attempt < SEND_ATTEMPTS; attempt++) {
    const nonce = await nextNonce(runtime, parameters.chainId)
    const request = await withRetry(
      () => walletClient.prepareTransactionRequest({ account: runtime.account, to: parameters.to, data: parameters.data, nonce, chain: walletClient.chain }),
      retry,
    )
    const fees = capFees(runtime, request.maxFeePerGas === undefined ? undefined : scale(request.maxFeePerGas, feeMultiplier), request.maxPriorityFeePerGas)
    const raw = await walletClient.signTransaction({ ...request, ...fees } as Parameters<typeof walletClient.signTransaction>[0])
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
      ...fees,
    })
    const tx = runtime.state.transactions.get(hash) as TransactionState
    const reply = await broadcastRaw(runtime, parameters.chainId, raw)
    if (reply === 'accepted' || reply === 'already-known' || (reply === 'nonce-too-low' && (await findReceipt(runtime, parameters.chainId, hash)))) {
      nonceUsed(runtime, parameters.chainId, nonce)
      await runtime.record({ type: 'step-sent', hash })
      return tx
    }
    // No answer: the node may have it. reconcileTransaction asks the chain (and re-broadcasts the same bytes if not).
    if (reply === 'transport') return tx
    const reason = {
      'nonce-too-low': `nonce ${nonce} was used by another transaction of the account`,
      'replacement-underpriced': `another transaction of the account holds nonce ${nonce} in the pool`,
      'fee-too-low': 'its fee cap was below the base fee',
      rejected: 'the node rejected it',
    }[reply]
    await runtime.record({ type: 'step-abandoned', hash, reason: `${reason} (never broadcast)` })
    if (reply === 'replacement-underpriced') nonceUsed(runtime, parameters.chainId, nonce)
    if (reply === 'fee-too-low') feeMultiplier *= 2
    if (reply === 'rejected') throw new ExecutionInterruptedError(runtime.state.id, `the node of chain ${parameters.chainId} rejected ${parameters.purpose} ${hash}`)
  }
  throw new ExecutionInterruptedError(runtime.state.id, `could not get a ${parameters.purpose} transaction accepted on chain ${parameters.chainId} in ${SEND_ATTEMPTS} attempts`)
}

/** Signatures of one call before the execution stops (each a nonce or fee conflict with another sender). */
const SEND_ATTEMPTS = 12

const scale = (value: bigint, factor: number) => (factor === 1 ? value : (value * BigInt(Math.round(factor * 1000))) / 1000n)

/** EIP-1559 fees within the configured cap (settings.maxFeePerGasWei): the tip never above the cap either. */
export function capFees(runtime: Pick<ExecutorRuntime, 'settings'>, maxFeePerGas: bigint | undefined, maxPriorityFeePerGas: bigint | undefined) {
  if (maxFeePerGas === undefined || maxPriorityFeePerGas === undefined) return {}
  const cap = runtime.settings.maxFeePerGasWei
  const fee = maxFeePerGas > cap ? cap : maxFeePerGas
  return { maxFeePerGas: fee, maxPriorityFeePerGas: maxPriorityFeePerGas > fee ? fee : maxPriorityFeePerGas }
}

/**
 * Waits for the transaction (awaitTransaction) and, once it is under `confirmations` blocks, writes
 * `step-confirmed` with what the receipt shows: for a swap, the Transfer logs of the output token to
 * the account; for a deposit, the spoke's Deposited event. Returns the wait's verdict when it is not
 * `mined` (the transaction stays `sent` in the journal; reconcileTransaction settles it).
 */
export async function confirmJournaledTransaction(runtime: ExecutorRuntime, tx: TransactionState, confirmations: number): Promise<AwaitTransactionReturnType['status']> {
  const result = await awaitTransaction(runtime, tx.chainId, tx.hash, confirmations, tx.purpose !== 'approve')
  if (result.status === 'mined') await runtime.record(confirmationRecord(runtime, tx, result.receipt))
  return result.status
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
    blockHash: receipt.blockHash,
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
