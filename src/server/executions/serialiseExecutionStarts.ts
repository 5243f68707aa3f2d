// One nonce owner per account: the service's executions of one signing account run one after another,
// so two concurrent POST /v1/executions never sign with the same nonce. An execution waiting its turn
// already has its id and answers status `queued`. (The executor's transaction manager will own nonces
// itself; until then this queue is the owner.)
import type { ExecutionManager, ExecutionStatus, StartExecutionRequest } from '../../executor/executionManager.ts'
import { createExecutionId } from '../../executor/journal.ts'

export type QueuedExecutionStatus = ExecutionStatus | { readonly id: string; readonly phase: 'queued'; readonly position: number }

export interface SerialisedExecutions {
  /** Queues the execution behind the account's others; resolves with its id at once. */
  start(account: string, request: StartExecutionRequest): { readonly id: string }
  status(id: string): Promise<QueuedExecutionStatus | undefined>
  /** Resolves once a queued execution has started (or failed to); at once for others. */
  started(id: string): Promise<void>
  /** Resolves when every queued and running execution has ended. */
  idle(): Promise<void>
}

export function serialiseExecutionStarts(manager: ExecutionManager): SerialisedExecutions {
  const tails = new Map<string, Promise<void>>()
  const queued = new Map<string, string>() // id → account
  const all = new Set<Promise<void>>()
  const starts = new Map<string, Promise<void>>()
  return {
    start(account, request) {
      const id = request.id ?? createExecutionId()
      queued.set(id, account)
      let markStarted!: () => void
      starts.set(id, new Promise((resolve) => (markStarted = resolve)))
      const run = (tails.get(account) ?? Promise.resolve()).then(async () => {
        try {
          await manager.start({ ...request, id }).finally(() => {
            queued.delete(id)
            starts.delete(id)
            markStarted()
          })
          await manager.wait(id)
        } catch {
          // The failure is in the execution's journal and status; the next execution still runs.
        } finally {
          queued.delete(id)
        }
      })
      tails.set(account, run)
      all.add(run)
      void run.then(() => {
        all.delete(run)
        if (tails.get(account) === run) tails.delete(account)
      })
      return { id }
    },
    async status(id) {
      const account = queued.get(id)
      if (account !== undefined) {
        const ahead = [...queued.entries()].filter(([, other]) => other === account).findIndex(([other]) => other === id)
        // The first queued one may already be starting: ask the manager.
        const live = ahead === 0 ? await manager.status(id) : undefined
        return live ?? { id, phase: 'queued', position: ahead }
      }
      return manager.status(id)
    },
    started: (id) => starts.get(id) ?? Promise.resolve(),
    idle: async () => {
      while (all.size > 0) await Promise.all([...all])
    },
  }
}
