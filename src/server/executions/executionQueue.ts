// What the execution routes talk to, with two implementations: in-process (serialiseExecutionStarts:
// the service signs itself, one account's executions one after another) and BullMQ on Redis
// (createRedisExecutionQueue: `accord worker --devnet-dir` processes sign, one lane per account).
import type { ExecutionStatus } from '../../executor/executionManager.ts'
import type { JournalRecord } from '../../executor/journal.ts'
import type { IntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import type { Intent } from '../../../solver/model/intent.ts'

export type QueuedExecutionStatus = ExecutionStatus | { readonly id: string; readonly phase: 'queued'; readonly position: number }

export interface ExecutionQueue {
  /** Queues the execution behind the account's others; resolves with its id once it is queued. */
  start(account: string, request: { readonly body: IntentRequest; readonly intent: Intent }): Promise<{ readonly id: string }>
  status(id: string): Promise<QueuedExecutionStatus | undefined>
  /** Resolves once a queued execution has started (or failed to); at once for others. */
  started(id: string): Promise<void>
  /**
   * Calls `listener` with every record so far, then each new one; `onEnd` when the execution ended
   * without an outcome record (it failed). Returns the unsubscribe function.
   */
  subscribe(id: string, listener: (record: JournalRecord) => void, onEnd: () => void): Promise<() => void>
  /** Resolves when every execution running here has ended (in-process) — for shutdown. */
  idle(): Promise<void>
}
