// The status of a transaction a wallet sent from a quote, read from the chains (LI.FI's `GET /status`,
// @lifi/types src/api.ts `StatusResponse`): not found, pending, failed (reverted), or done — a swap when
// included, a bridge deposit when its fill is on the destination (AccordSpoke `Filled`) or it was
// refunded (`getDeposit(...).status`).
import { createPublicClient, decodeEventLog, http, type Hash, type PublicClient, type TransactionReceipt } from 'viem'
import type { ExecutionTargets } from '../executor/chainEnvironment.ts'
import { SPOKE_DEPOSIT_STATUS, spokeAbi } from '../executor/venueAbis.ts'

export type TransferStatus =
  | { readonly status: 'NOT_FOUND'; readonly txHash: Hash }
  | { readonly status: 'PENDING'; readonly substatus: 'WAIT_SOURCE_CONFIRMATIONS' | 'WAIT_DESTINATION_TRANSACTION'; readonly sending: SentTransaction; readonly receivingChainId: number }
  | { readonly status: 'FAILED'; readonly substatus: 'UNKNOWN_FAILED_ERROR'; readonly sending: SentTransaction }
  | { readonly status: 'DONE'; readonly substatus: 'COMPLETED' | 'REFUNDED'; readonly sending: SentTransaction; readonly receiving: ReceivedTransfer }

export interface SentTransaction {
  readonly txHash: Hash
  readonly chainId: number
  readonly from: string
  readonly gasUsed?: bigint
  readonly gasPrice?: bigint
  readonly timestamp?: number
}

export interface ReceivedTransfer {
  readonly chainId: number
  /** The fill's transaction on the destination; the sending transaction for a swap. */
  readonly txHash: Hash
  /** Bridge output (fill) or refunded input, raw units; absent for a swap. */
  readonly amountRaw?: bigint
  readonly token?: string
  readonly recipient?: string
}

export type StatusClients = ReadonlyMap<number, PublicClient>

/** One public client per chain of `targets` that names a node (a contracts file may name none). */
export function createStatusClients(targets: ExecutionTargets): StatusClients {
  return new Map([...targets.chains.values()].filter((chain) => chain.rpcUrl !== '').map((chain) => [chain.chainId, createPublicClient({ transport: http(chain.rpcUrl, { timeout: 10_000 }) }) as PublicClient]))
}

/**
 * Looks `txHash` up on `chainId` (or on every chain when absent). A transaction the node knows but has
 * not included is PENDING/WAIT_SOURCE_CONFIRMATIONS; a deposit on a spoke waits for its fill.
 */
export async function readTransferStatus(targets: ExecutionTargets, clients: StatusClients, txHash: Hash, chainId?: number): Promise<TransferStatus> {
  const chainIds = chainId === undefined ? [...targets.chains.keys()] : [chainId]
  for (const id of chainIds) {
    const client = clients.get(id)
    if (!client) continue
    const receipt = await client.getTransactionReceipt({ hash: txHash }).catch(() => undefined)
    if (!receipt) {
      const pending = await client.getTransaction({ hash: txHash }).catch(() => undefined)
      if (pending) return { status: 'PENDING', substatus: 'WAIT_SOURCE_CONFIRMATIONS', sending: { txHash, chainId: id, from: pending.from }, receivingChainId: id }
      continue
    }
    const block = await client.getBlock({ blockNumber: receipt.blockNumber }).catch(() => undefined)
    const sending: SentTransaction = {
      txHash,
      chainId: id,
      from: receipt.from,
      gasUsed: receipt.gasUsed,
      gasPrice: receipt.effectiveGasPrice,
      ...(block ? { timestamp: Number(block.timestamp) } : {}),
    }
    if (receipt.status !== 'success') return { status: 'FAILED', substatus: 'UNKNOWN_FAILED_ERROR', sending }
    const deposit = depositOf(receipt, targets.chains.get(id)?.spoke)
    if (!deposit) return { status: 'DONE', substatus: 'COMPLETED', sending, receiving: { chainId: id, txHash } }
    return depositStatus(targets, clients, sending, deposit)
  }
  return { status: 'NOT_FOUND', txHash }
}

interface DepositLog {
  readonly depositId: bigint
  readonly destinationChainId: number
  readonly inputToken: string
  readonly inputAmount: bigint
  readonly outputToken: string
  readonly recipient: string
}

function depositOf(receipt: TransactionReceipt, spoke: string | undefined): DepositLog | undefined {
  if (!spoke) return undefined
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== spoke.toLowerCase()) continue
    try {
      const event = decodeEventLog({ abi: spokeAbi, data: log.data, topics: log.topics })
      if (event.eventName === 'Deposited')
        return {
          depositId: event.args.depositId,
          destinationChainId: Number(event.args.destinationChainId),
          inputToken: event.args.inputToken,
          inputAmount: event.args.inputAmount,
          outputToken: event.args.outputToken,
          recipient: event.args.recipient,
        }
    } catch {
      // Another event of the spoke.
    }
  }
  return undefined
}

async function depositStatus(targets: ExecutionTargets, clients: StatusClients, sending: SentTransaction, deposit: DepositLog): Promise<TransferStatus> {
  const destination = targets.chains.get(deposit.destinationChainId)
  const destinationClient = clients.get(deposit.destinationChainId)
  if (destination && destinationClient) {
    const fills = await destinationClient.getContractEvents({
      address: destination.spoke,
      abi: spokeAbi,
      eventName: 'Filled',
      args: { originChainId: BigInt(sending.chainId), depositId: deposit.depositId },
      fromBlock: 0n,
    })
    const fill = fills[0]
    if (fill)
      return {
        status: 'DONE',
        substatus: 'COMPLETED',
        sending,
        receiving: { chainId: deposit.destinationChainId, txHash: fill.transactionHash, amountRaw: fill.args.outputAmount!, token: fill.args.outputToken!, recipient: fill.args.recipient! },
      }
  }
  const origin = clients.get(sending.chainId)!
  const stored = await origin.readContract({ address: targets.chains.get(sending.chainId)!.spoke, abi: spokeAbi, functionName: 'getDeposit', args: [deposit.depositId] })
  if (stored.status === SPOKE_DEPOSIT_STATUS.refunded)
    return { status: 'DONE', substatus: 'REFUNDED', sending, receiving: { chainId: sending.chainId, txHash: sending.txHash, amountRaw: deposit.inputAmount, token: deposit.inputToken, recipient: sending.from } }
  return { status: 'PENDING', substatus: 'WAIT_DESTINATION_TRANSACTION', sending, receivingChainId: deposit.destinationChainId }
}
