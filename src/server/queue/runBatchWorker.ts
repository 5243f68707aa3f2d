// `accord worker`: takes batch jobs from the BullMQ queue and solves them with solveBatchInWorkers
// (worker threads, so this process's event loop stays free to renew the job's lock). Results are
// written to Redis with the documented lifetime. A worker that dies mid-job stops renewing its lock;
// BullMQ's stalled-job check then gives the job to another worker, which solves it from the start.
import { Worker, type Job } from 'bullmq'
import type { Redis } from 'ioredis'
import type { BatchIntentInput } from '../../../solver/batch/types.ts'
import { parseMarket } from '../../market/parseMarket.ts'
import { serializeBatchIntentResult, serializeBatchSummary } from '../../batch/serializeBatchResult.ts'
import { solveBatchInWorkers } from '../../batch/solveBatchInWorkers.ts'
import { DEFAULT_BATCH_RETAIN_MS } from './batchQueue.ts'
import type { BatchJobData } from './createRedisBatchQueue.ts'
import type { RedisKeys } from './redisKeys.ts'

export interface RunBatchWorkerParameters {
  readonly url: string
  readonly redis: Redis
  readonly keys: RedisKeys
  readonly retainMs?: number
  /** How long a job's lock lasts without renewal: a dead worker's job moves on after about this long (default 30 s). */
  readonly lockMs?: number
  readonly log?: (line: string) => void
}

export const DEFAULT_JOB_LOCK_MS = 30_000

export function runBatchWorker({ url, redis, keys, retainMs = DEFAULT_BATCH_RETAIN_MS, lockMs = DEFAULT_JOB_LOCK_MS, log = () => {} }: RunBatchWorkerParameters): Worker<BatchJobData> {
  const retainSeconds = Math.ceil(retainMs / 1000)
  const solveJob = async (job: Job<BatchJobData>) => {
    const id = job.id as string
    log(`job ${id} started (attempt ${job.attemptsMade + 1})`)
    try {
      const [marketText, intentsText] = await Promise.all([redis.get(keys.market(job.data.marketVersion)), redis.get(keys.batchIntents(id))])
      if (marketText === null || intentsText === null) throw new Error('The job\'s market or intents have expired.')
      const market = parseMarket(JSON.parse(marketText))
      const inputs = JSON.parse(intentsText) as BatchIntentInput[]
      const result = await solveBatchInWorkers(market, inputs, { onProgress: (solved, total) => void job.updateProgress({ solved, total }) })
      // Results first, the summary last: a summary means the results are complete.
      await redis.del(keys.batchResults(id))
      for (let start = 0; start < result.results.length; start += 500) {
        const chunk = result.results.slice(start, start + 500).map((item) => JSON.stringify(serializeBatchIntentResult(market, item)))
        await redis.rpush(keys.batchResults(id), ...chunk)
      }
      await redis.expire(keys.batchResults(id), retainSeconds)
      await redis.set(keys.batchSummary(id), JSON.stringify(serializeBatchSummary(result.summary)), 'EX', retainSeconds)
      await redis.del(keys.batchIntents(id))
      log(`job ${id} done`)
    } finally {
      // The client's slot is freed when the job ends here, whether it succeeded or not.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1) || (await redis.exists(keys.batchSummary(id)))) await redis.hdel(keys.owner(job.data.owner), id)
    }
  }
  return new Worker<BatchJobData>(keys.batchQueue, solveJob, {
    connection: { url },
    concurrency: 1,
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.round(lockMs / 2)),
    maxStalledCount: 2,
  })
}
