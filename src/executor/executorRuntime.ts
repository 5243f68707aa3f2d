// What the executor's parts share while one execution runs: the journal and the state folded from
// it, the signer, the clients per chain and the timing settings.
import type { LocalAccount } from 'viem'
import { BaseError } from '../../solver/errors.ts'
import { createExecutionClients, type ExecutionClients, type ExecutionTargets } from './executionTargets.ts'
import { applyRecord, foldJournal, type ExecutionState } from './foldJournal.ts'
import { assertSignerAllowed } from './loadOperatorAccount.ts'
import type { Journal, JournalRecord, JournalRecordInput } from './journal.ts'
import type { RetryOptions } from './withRetry.ts'

export interface ExecutorSettings {
  /** How often receipts, fills and refunds are polled. */
  readonly pollIntervalMs: number
  /** Longest wait for a transaction's receipt before the execution stops (it can be resumed). */
  readonly txTimeoutMs: number
  /** A sent transaction neither mined nor in the node's pool this long is dropped: it is re-broadcast (same bytes). */
  readonly droppedAfterMs: number
  /** A transaction in the pool this long without being mined is re-priced (replaced with a higher fee). */
  readonly stuckAfterMs: number
  /** Longest wait for one JSON-RPC reply before it counts as a transport failure (retried). */
  readonly rpcTimeoutMs: number
  /** Highest EIP-1559 fee cap the executor signs, wei: replacements bump fees up to it and no further. */
  readonly maxFeePerGasWei: bigint
  readonly retry: RetryOptions
}

export const DEFAULT_EXECUTOR_SETTINGS: ExecutorSettings = {
  pollIntervalMs: 100,
  txTimeoutMs: 120_000,
  droppedAfterMs: 3_000,
  stuckAfterMs: 12_000,
  rpcTimeoutMs: 10_000,
  // 2 000 gwei: four times a 500 gwei base-fee spike.
  maxFeePerGasWei: 2_000_000_000_000n,
  retry: { retries: 6, baseDelayMs: 200 },
}

export interface ExecutorListeners {
  /** Told of every record once it is on disk (progress output, server-sent events). */
  readonly onRecord?: (record: JournalRecord, state: ExecutionState) => void
  /** Awaited after every record: instrumentation and fault injection (the crash tests pause here). */
  readonly afterRecord?: (record: JournalRecord) => Promise<void> | void
}

export interface ExecutorRuntime {
  readonly journal: Journal
  /** Kept equal to foldJournal(journal.records) by `record`. */
  readonly state: ExecutionState
  readonly account: LocalAccount
  readonly clients: ReadonlyMap<number, ExecutionClients>
  readonly settings: ExecutorSettings
  /** Per chain, one past the last nonce a node accepted from this executor (nextNonce). */
  readonly nonces: Map<number, number>
  /** Appends (fsync'd), applies it to `state`, then tells the listeners. */
  record(input: JournalRecordInput): Promise<JournalRecord>
}

export interface CreateExecutorRuntimeParameters extends ExecutorListeners {
  readonly journal: Journal
  readonly account: LocalAccount
  readonly targets: ExecutionTargets
  readonly settings?: Partial<ExecutorSettings>
}

/**
 * Folds the journal (which must hold its intent record) and wires the runtime. Throws
 * INVALID_ARGUMENT when the journal belongs to another account than `account`, or when a
 * well-known test key would sign on a chain that is not a devnet (assertSignerAllowed).
 */
export function createExecutorRuntime(parameters: CreateExecutorRuntimeParameters): ExecutorRuntime {
  const { journal, account } = parameters
  const state = foldJournal(journal.records)
  if (state.account.toLowerCase() !== account.address.toLowerCase())
    throw new BaseError('INVALID_ARGUMENT', `Execution ${state.id} belongs to ${state.account}, not to ${account.address}.`, { field: 'account' })
  assertSignerAllowed(account, parameters.targets)
  const settings = { ...DEFAULT_EXECUTOR_SETTINGS, ...parameters.settings }
  return {
    journal,
    state,
    account,
    clients: createExecutionClients(parameters.targets, account, { pollingIntervalMs: settings.pollIntervalMs, timeoutMs: settings.rpcTimeoutMs }),
    settings,
    nonces: new Map(),
    async record(input) {
      const record = await journal.append(input)
      applyRecord(state, record)
      parameters.onRecord?.(record, state)
      await parameters.afterRecord?.(record)
      return record
    },
  }
}

export function clientsFor(runtime: Pick<ExecutorRuntime, 'clients'>, chainId: number): ExecutionClients {
  const clients = runtime.clients.get(chainId)
  if (!clients) throw new BaseError('UNKNOWN_NETWORK', `No node configured for chain ${chainId}.`, { field: 'targets.chains' })
  return clients
}
