// In-process batch queue (no Redis): jobs run one at a time (each already uses every worker thread) in
// a child process that exits after the job (solveBatchInChildProcess), so the service keeps only the
// results' JSON text; each client is bounded in jobs and intents, the whole queue in jobs, finished jobs are kept for
// exactly `retainMs` (a timer drops them and frees their memory; nothing is dropped early to make
// room), and idempotency keys return the job they created. Jobs do not survive a restart.
import { randomUUID } from 'node:crypto'
import type { Market } from '../../../solver/market/types.ts'
import { solveBatchInChildProcess, type SolvedBatchTexts } from '../../batch/solveBatchInChildProcess.ts'
import { ApiError } from '../errorCatalogue.ts'
import { OverloadedError } from '../workers/overloadedError.ts'
import { DEFAULT_BATCH_RETAIN_MS, type BatchJobView, type BatchQueue, type SubmitBatchParameters } from './batchQueue.ts'

export type BatchSolver = (market: Market, inputs: SubmitBatchParameters['intents'], onProgress: (solved: number, total: number) => void) => Promise<SolvedBatchTexts>

export interface CreateEmbeddedBatchQueueOptions {
  /** Default: solveBatchInChildProcess. */
  readonly solve?: BatchSolver
  readonly retainMs?: number
  /** Jobs queued or running on this process before new ones get 503 (default 32). */
  readonly maxJobs?: number
  readonly now?: () => number
}

interface EmbeddedJob {
  view: BatchJobView
  readonly owner: string
  results?: readonly string[]
  finishedAt?: number
}

export function createEmbeddedBatchQueue(options: CreateEmbeddedBatchQueueOptions = {}): BatchQueue {
  const solve: BatchSolver = options.solve ?? ((market, inputs, onProgress) => solveBatchInChildProcess(market, inputs, { onProgress }))
  const retainMs = options.retainMs ?? DEFAULT_BATCH_RETAIN_MS
  const maxJobs = options.maxJobs ?? 32
  const now = options.now ?? Date.now
  const jobs = new Map<string, EmbeddedJob>()
  const idempotency = new Map<string, { id: string; fingerprint: string }>()
  let chain: Promise<void> = Promise.resolve()

  const prune = () => {
    for (const [id, job] of jobs) if (job.finishedAt !== undefined && now() - job.finishedAt >= retainMs) jobs.delete(id)
    for (const [key, entry] of idempotency) if (!jobs.has(entry.id)) idempotency.delete(key)
  }
  const timer = setInterval(prune, Math.min(retainMs, 60_000))
  timer.unref()
  const unfinished = () => [...jobs.values()].filter((job) => job.finishedAt === undefined)
  const patch = (job: EmbeddedJob, changes: Partial<BatchJobView>) => {
    job.view = { ...job.view, ...changes }
  }

  return {
    async submit({ market, intents, owner, limits, idempotencyKey, fingerprint }) {
      prune()
      const idemKey = idempotencyKey === undefined ? undefined : `${owner}\n${idempotencyKey}`
      const previous = idemKey === undefined ? undefined : idempotency.get(idemKey)
      if (previous) {
        const job = jobs.get(previous.id)
        if (job && previous.fingerprint !== fingerprint)
          throw new ApiError('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was used for a different batch.', 'headers.idempotency-key')
        if (job) return { view: job.view, existing: true }
      }
      const mine = unfinished().filter((job) => job.owner === owner)
      if (mine.length >= limits.maxQueuedJobs)
        throw new OverloadedError('QUOTA_EXCEEDED', `At most ${limits.maxQueuedJobs} batch jobs queued or running per client; wait for one to finish.`, 10)
      const queuedIntents = mine.reduce((sum, job) => sum + job.view.progress.total, 0)
      if (queuedIntents + intents.length > limits.maxQueuedIntents)
        throw new OverloadedError('QUOTA_EXCEEDED', `At most ${limits.maxQueuedIntents} intents queued per client (${queuedIntents} queued now).`, 10)
      if (unfinished().length >= maxJobs) throw new OverloadedError('OVERLOADED', `The batch queue is full (${maxJobs} jobs); retry later.`, 30)

      const id = randomUUID()
      const job: EmbeddedJob = {
        owner,
        view: { id, status: 'queued', progress: { solved: 0, total: intents.length }, createdAt: new Date(now()).toISOString(), marketVersion: market.version },
      }
      jobs.set(id, job)
      if (idemKey !== undefined) idempotency.set(idemKey, { id, fingerprint })
      chain = chain.then(async () => {
        patch(job, { status: 'running' })
        try {
          const result = await solve(market, intents, (solved, total) => patch(job, { progress: { solved, total } }))
          job.results = result.results
          patch(job, { status: 'done', progress: { solved: intents.length, total: intents.length }, summary: result.summary })
        } catch (error) {
          const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'INTERNAL'
          patch(job, { status: 'failed', error: { code, message: error instanceof Error ? error.message.split('\n')[0]! : String(error) } })
        }
        job.finishedAt = now()
      })
      return { view: job.view, existing: false }
    },
    async view(id, owner) {
      const job = jobs.get(id)
      if (!job || job.owner !== owner || (job.finishedAt !== undefined && now() - job.finishedAt >= retainMs)) return undefined
      return job.view
    },
    async *results(id) {
      const job = jobs.get(id)
      if (!job?.results) return
      yield* job.results
    },
    idle: () => chain,
    async close() {
      clearInterval(timer)
      await chain
    },
  }
}
