// One nonce owner per account: the service's executions of one signing account run one after another,
// so two concurrent POST /v1/executions never sign with the same nonce. An execution waiting its turn
// already has its id and answers status `queued`. (The executor's transaction manager will own nonces
// itself; until then this queue is the owner.)
import type { ExecutionManager } from '../../executor/executionManager.ts'
import { createExecutionId } from '../../executor/journal.ts'
import type { ExecutionQueue, QueuedExecutionStatus } from './executionQueue.ts'

export type { QueuedExecutionStatus }

/** The in-process ExecutionQueue: `idle` resolves when every queued and running execution has ended. */
export function serialiseExecutionStarts(manager: ExecutionManager): ExecutionQueue {
  const tails = new Map<string, Promise<void>>()
  const queued = new Map<string, string>() // id → account
  const all = new Set<Promise<void>>()
  const starts = new Map<string, Promise<void>>()
  return {
    async start(account, { intent }) {
      const id = createExecutionId()
      queued.set(id, account)
      let markStarted!: () => void
      starts.set(id, new Promise((resolve) => (markStarted = resolve)))
      const run = (tails.get(account) ?? Promise.resolve()).then(async () => {
        try {
          await manager.start({ intent, id }).finally(() => {
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
    async subscribe(id, listener, onEnd) {
      await (starts.get(id) ?? Promise.resolve())
      let unsubscribe: () => void
      try {
        unsubscribe = await manager.subscribe(id, listener)
      } catch {
        // It failed before writing its first record: nothing to send.
        onEnd()
        return () => {}
      }
      // One that ended without an outcome (failed, interrupted) has nothing more to send.
      const after = await manager.status(id)
      if (after && (after.phase === 'failed' || after.phase === 'interrupted') && !after.outcome) onEnd()
      return unsubscribe
    },
    idle: async () => {
      while (all.size > 0) await Promise.all([...all])
    },
  }
}
