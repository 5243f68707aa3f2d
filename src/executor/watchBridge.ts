// Waits for a bridge deposit to settle: the `Filled` event on the destination spoke, or the
// `Refunded` event on the origin once the fill deadline has passed unfilled. Says when the fill is
// later than the schedule's 95th percentile, and gives up (funds still in escrow) when neither
// happens within a grace period after the deadline.
import type { Address, Chain, Hash, HttpTransport, PublicClient } from 'viem'
import { taggedBlockNumber, type FinalityTag } from './taggedBlockNumber.ts'
import { spokeAbi, SPOKE_DEPOSIT_STATUS } from './venueAbis.ts'
import { withRetry, type RetryOptions } from './withRetry.ts'

export interface WatchBridgeParameters {
  /** `fromBlock`: the deposit's block, where to start looking for the refund; `finalityTag`: a refund counts once its block is at or below it. */
  readonly origin: {
    readonly client: PublicClient<HttpTransport, Chain>
    readonly spoke: Address
    readonly chainId: number
    readonly fromBlock: bigint
    readonly finalityTag?: FinalityTag
  }
  /**
   * `confirmations`: blocks the fill must be under before it counts as delivered (default 1);
   * `finalityTag`: and its block at or below the node's `safe`/`finalized` block.
   */
  readonly destination: {
    readonly client: PublicClient<HttpTransport, Chain>
    readonly spoke: Address
    readonly fromBlock: bigint
    readonly confirmations?: number
    readonly finalityTag?: FinalityTag
  }
  readonly depositId: bigint
  /** The deposit's fill deadline, unix seconds (chain time). */
  readonly fillDeadline: number
  /** Wall-clock time (unix ms) after which the fill counts as late: deposit time + the schedule's p95. */
  readonly lateAtMs: number
  /** Called once when lateAtMs passes without a fill. */
  readonly onLate?: () => Promise<void> | void
  /** How long after the fill deadline (chain time) to wait for the relayer's refund. */
  readonly refundGraceSeconds: number
  readonly pollIntervalMs: number
  readonly retry?: RetryOptions
  /** Stops the wait early (resolves `unsettled`). */
  readonly signal?: AbortSignal
}

export type WatchBridgeReturnType =
  | { readonly status: 'filled'; readonly transactionHash: Hash; readonly amountOutRaw: bigint; readonly recipient: Address; readonly blockNumber: bigint; readonly blockHash: Hash }
  | { readonly status: 'refunded'; readonly transactionHash: Hash; readonly amountRaw: bigint }
  | { readonly status: 'unsettled'; readonly reason: string }

/**
 * Polls every `pollIntervalMs`: the destination's `isFilled(origin, id)` and the origin's
 * `getDeposit(id).status`; on a fill, reads the `Filled` event (from `destination.fromBlock`) for the
 * amount and transaction; on a refund, the `Refunded` event. Resolves `unsettled` when the origin's
 * chain time passes fillDeadline + refundGraceSeconds with the deposit still open and unfilled.
 */
export async function watchBridge(parameters: WatchBridgeParameters): Promise<WatchBridgeReturnType> {
  const { origin, destination, depositId, fillDeadline, refundGraceSeconds, pollIntervalMs, retry } = parameters
  let lateReported = false
  for (;;) {
    if (parameters.signal?.aborted) return { status: 'unsettled', reason: 'watch aborted' }
    const [filled, deposit, block] = await withRetry(
      () =>
        Promise.all([
          destination.client.readContract({
            address: destination.spoke,
            abi: spokeAbi,
            functionName: 'isFilled',
            args: [BigInt(origin.chainId), depositId],
          }),
          origin.client.readContract({ address: origin.spoke, abi: spokeAbi, functionName: 'getDeposit', args: [depositId] }),
          origin.client.getBlock({ blockTag: 'latest' }),
        ]),
      retry,
    )
    if (filled) {
      const [event] = await withRetry(
        () =>
          destination.client.getContractEvents({
            address: destination.spoke,
            abi: spokeAbi,
            eventName: 'Filled',
            args: { originChainId: BigInt(origin.chainId), depositId },
            fromBlock: destination.fromBlock,
            strict: true,
          }),
        retry,
      )
      const head = event ? await withRetry(() => destination.client.getBlockNumber({ cacheTime: 0 }), retry) : 0n
      const tagged = event && destination.finalityTag !== undefined ? await taggedBlockNumber(destination.client, destination.finalityTag, retry) : head
      // Counted only once under the destination's confirmations (and finality tag): a shallower reorg could take it back.
      if (event && head - event.blockNumber + 1n >= BigInt(destination.confirmations ?? 1) && tagged !== undefined && tagged >= event.blockNumber)
        return {
          status: 'filled',
          blockHash: event.blockHash,
          transactionHash: event.transactionHash,
          amountOutRaw: event.args.outputAmount,
          recipient: event.args.recipient,
          blockNumber: event.blockNumber,
        }
    } else if (deposit.status === SPOKE_DEPOSIT_STATUS.refunded) {
      const [event] = await withRetry(
        () =>
          origin.client.getContractEvents({ address: origin.spoke, abi: spokeAbi, eventName: 'Refunded', args: { depositId }, fromBlock: origin.fromBlock, strict: true }),
        retry,
      )
      const tagged = event && origin.finalityTag !== undefined ? await taggedBlockNumber(origin.client, origin.finalityTag, retry) : event?.blockNumber
      if (event && tagged !== undefined && tagged >= event.blockNumber) return { status: 'refunded', transactionHash: event.transactionHash, amountRaw: event.args.inputAmount }
    } else if (Number(block.timestamp) > fillDeadline + refundGraceSeconds) {
      return {
        status: 'unsettled',
        reason: `deposit ${depositId} neither filled nor refunded ${refundGraceSeconds} s after its fill deadline ${fillDeadline}`,
      }
    }
    if (!lateReported && Date.now() >= parameters.lateAtMs && !filled) {
      lateReported = true
      await parameters.onLate?.()
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs))
  }
}
