// In-memory batch jobs for the HTTP API: submit → id; poll → progress and, when done, results.
// Jobs run one at a time (each already uses every worker); finished jobs are kept for `retainMs`.
import { randomUUID } from 'node:crypto'
import type { BatchIntentInput, SolveBatchReturnType } from '../../solver/batch/types.ts'
import type { Market } from '../../solver/market/types.ts'

export type BatchSolver = (
  market: Market,
  inputs: readonly BatchIntentInput[],
  onProgress: (solved: number, total: number) => void,
) => Promise<SolveBatchReturnType>

export interface BatchJob {
  readonly id: string
  readonly status: 'queued' | 'running' | 'done' | 'failed'
  readonly progress: { readonly solved: number; readonly total: number }
  readonly createdAt: string
  readonly market: Market
  readonly result?: SolveBatchReturnType
  readonly error?: { readonly code: string; readonly message: string }
}

export interface BatchJobStore {
  /** Queues a job and returns it (status `queued`, or `running` when nothing was ahead of it). */
  submit(market: Market, inputs: readonly BatchIntentInput[]): BatchJob
  get(id: string): BatchJob | undefined
  /** Resolves when every job submitted so far has finished (for tests and shutdown). */
  idle(): Promise<void>
}

export interface CreateBatchJobStoreOptions {
  readonly solve: BatchSolver
  /** How long finished jobs stay readable (default 1 h). */
  readonly retainMs?: number
  /** Most jobs kept (running, queued and finished); the oldest finished are dropped first (default 100). */
  readonly maxJobs?: number
  readonly now?: () => number
}

export function createBatchJobStore(options: CreateBatchJobStoreOptions): BatchJobStore {
  const retainMs = options.retainMs ?? 3_600_000
  const maxJobs = options.maxJobs ?? 100
  const now = options.now ?? Date.now
  const jobs = new Map<string, { job: BatchJob; finishedAt?: number }>()
  let chain: Promise<void> = Promise.resolve()

  const prune = () => {
    for (const [id, entry] of jobs) if (entry.finishedAt !== undefined && now() - entry.finishedAt > retainMs) jobs.delete(id)
    for (const [id, entry] of jobs) {
      if (jobs.size < maxJobs) break
      if (entry.finishedAt !== undefined) jobs.delete(id)
    }
  }
  const update = (id: string, patch: Partial<BatchJob>, finished = false) => {
    const entry = jobs.get(id)
    if (!entry) return
    jobs.set(id, { job: { ...entry.job, ...patch }, ...(finished ? { finishedAt: now() } : {}) })
  }

  return {
    submit(market, inputs) {
      prune()
      const id = randomUUID()
      const job: BatchJob = { id, status: 'queued', progress: { solved: 0, total: inputs.length }, createdAt: new Date(now()).toISOString(), market }
      jobs.set(id, { job })
      chain = chain.then(async () => {
        update(id, { status: 'running' })
        try {
          const result = await options.solve(market, inputs, (solved, total) => update(id, { progress: { solved, total } }))
          update(id, { status: 'done', result, progress: { solved: inputs.length, total: inputs.length } }, true)
        } catch (error) {
          const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'INTERNAL'
          update(id, { status: 'failed', error: { code, message: error instanceof Error ? error.message : String(error) } }, true)
        }
      })
      return job
    },
    get: (id) => jobs.get(id)?.job,
    idle: () => chain,
  }
}
