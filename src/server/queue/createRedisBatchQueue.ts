// Batch jobs on BullMQ (https://docs.bullmq.io): `accord serve --redis URL` submits, `accord worker`
// processes solve (runBatchWorker), any instance reads. A job's intents, results and summary live in
// Redis keys beside the BullMQ job (the job itself carries only small metadata, so polling is cheap);
// results are a list of one JSON text per intent, read back in chunks when streamed. Limits per client
// are checked and recorded atomically (Lua), so several instances share them.
import { randomUUID } from 'node:crypto'
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { serializeMarket } from '../../market/parseMarket.ts'
import { ApiError } from '../errorCatalogue.ts'
import { OverloadedError } from '../workers/overloadedError.ts'
import { DEFAULT_BATCH_RETAIN_MS, type BatchJobStatus, type BatchJobView, type BatchQueue } from './batchQueue.ts'
import type { RedisKeys } from './redisKeys.ts'

/** What the BullMQ job carries; the intents are in `keys.batchIntents(id)`. */
export interface BatchJobData {
  readonly owner: string
  readonly marketVersion: string
  readonly total: number
  readonly createdAt: string
}

// KEYS: owner hash. ARGV: max jobs, max intents, this job's intents, job id, seconds to keep the hash.
const RESERVE_SCRIPT = `
local counts = redis.call('HVALS', KEYS[1])
if #counts >= tonumber(ARGV[1]) then return -1 end
local sum = 0
for _, count in ipairs(counts) do sum = sum + tonumber(count) end
if sum + tonumber(ARGV[3]) > tonumber(ARGV[2]) then return -2 end
redis.call('HSET', KEYS[1], ARGV[4], ARGV[3])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
return 1`

export interface CreateRedisBatchQueueParameters {
  readonly url: string
  readonly redis: Redis
  readonly keys: RedisKeys
  readonly retainMs?: number
  /** Jobs waiting in the shared queue before new ones get 503 (default 256). */
  readonly maxWaiting?: number
}

const STATES: Readonly<Record<string, BatchJobStatus>> = { active: 'running', completed: 'done', failed: 'failed' }

export function createRedisBatchQueue({ url, redis, keys, retainMs = DEFAULT_BATCH_RETAIN_MS, maxWaiting = 256 }: CreateRedisBatchQueueParameters): BatchQueue {
  const queue = new Queue<BatchJobData>(keys.batchQueue, { connection: { url } })
  const retainSeconds = Math.ceil(retainMs / 1000)

  const view = async (id: string): Promise<(BatchJobView & { owner: string }) | undefined> => {
    const job = await queue.getJob(id)
    if (!job) return undefined
    const state = await job.getState()
    const status = STATES[state] ?? 'queued'
    const progress = typeof job.progress === 'object' && job.progress !== null ? (job.progress as { solved: number; total: number }) : { solved: 0, total: job.data.total }
    const summary = status === 'done' ? await redis.get(keys.batchSummary(id)) : null
    // A completed job whose results have expired is gone, as documented.
    if (status === 'done' && summary === null) return undefined
    return {
      owner: job.data.owner,
      id,
      status,
      progress: status === 'done' ? { solved: job.data.total, total: job.data.total } : progress,
      createdAt: job.data.createdAt,
      marketVersion: job.data.marketVersion,
      ...(status === 'failed' ? { error: { code: 'SOLVER_FAILED', message: job.failedReason ?? 'The batch failed.' } } : {}),
      ...(summary === null ? {} : { summary: JSON.parse(summary) as unknown }),
    }
  }
  const strip = ({ owner: _owner, ...rest }: BatchJobView & { owner: string }): BatchJobView => rest

  return {
    async submit({ market, intents, owner, limits, idempotencyKey, fingerprint }) {
      const id = randomUUID()
      if (idempotencyKey !== undefined) {
        const claimed = await redis.set(keys.idempotency(owner, idempotencyKey), `${id} ${fingerprint}`, 'EX', retainSeconds, 'NX')
        if (claimed === null) {
          const [existingId = '', existingFingerprint] = ((await redis.get(keys.idempotency(owner, idempotencyKey))) ?? '').split(' ')
          if (existingFingerprint !== fingerprint) throw new ApiError('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was used for a different batch.', 'headers.idempotency-key')
          const existing = await view(existingId)
          if (existing) return { view: strip(existing), existing: true }
          // Claimed by a submission that never got queued: take it over.
          await redis.set(keys.idempotency(owner, idempotencyKey), `${id} ${fingerprint}`, 'EX', retainSeconds)
        }
      }
      if ((await queue.getWaitingCount()) >= maxWaiting) throw new OverloadedError('OVERLOADED', `The batch queue is full (${maxWaiting} jobs waiting); retry later.`, 30)
      const reserved = await redis.eval(RESERVE_SCRIPT, 1, keys.owner(owner), limits.maxQueuedJobs, limits.maxQueuedIntents, intents.length, id, retainSeconds)
      if (reserved === -1) throw new OverloadedError('QUOTA_EXCEEDED', `At most ${limits.maxQueuedJobs} batch jobs queued or running per client; wait for one to finish.`, 10)
      if (reserved === -2) throw new OverloadedError('QUOTA_EXCEEDED', `At most ${limits.maxQueuedIntents} intents queued per client.`, 10)
      // The market the job is solved on stays readable by workers (createSharedMarket keeps superseded versions a day).
      await redis.set(keys.market(market.version), JSON.stringify(serializeMarket(market)), 'NX')
      await redis.set(keys.batchIntents(id), JSON.stringify(intents), 'EX', retainSeconds * 2)
      const data: BatchJobData = { owner, marketVersion: market.version, total: intents.length, createdAt: new Date().toISOString() }
      await queue.add('batch', data, {
        jobId: id,
        attempts: 2,
        removeOnComplete: { age: retainSeconds },
        removeOnFail: { age: retainSeconds },
      })
      return { view: { id, status: 'queued', progress: { solved: 0, total: intents.length }, createdAt: data.createdAt, marketVersion: market.version }, existing: false }
    },
    async view(id, owner) {
      const found = await view(id)
      return found && found.owner === owner ? strip(found) : undefined
    },
    async *results(id) {
      const chunk = 500
      for (let start = 0; ; start += chunk) {
        const items = await redis.lrange(keys.batchResults(id), start, start + chunk - 1)
        yield* items
        if (items.length < chunk) return
      }
    },
    idle: async () => {},
    async close() {
      await queue.close()
    },
  }
}
