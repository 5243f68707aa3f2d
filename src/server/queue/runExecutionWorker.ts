// `accord worker --devnet-dir DIR`: takes executions from its signing account's lane (BullMQ queue
// with global concurrency 1: createRedisExecutionQueue) and runs them with the executor, whose
// transaction manager is then the account's one nonce owner. Every journal record is mirrored into
// Redis — without its signed transaction — and published, so any `accord serve` answers its status
// and streams its events. A worker that dies mid-execution is not replaced blindly: the job fails
// (maxStalledCount 0) and the execution reads `failed`, resumable from its journal.
import { Worker, type Job } from 'bullmq'
import type { Redis } from 'ioredis'
import { BaseError } from '../../../solver/errors.ts'
import type { Market } from '../../../solver/market/types.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import type { ExecutionManager } from '../../executor/executionManager.ts'
import { encodeJournalRecord, type JournalRecord } from '../../executor/journal.ts'
import { DEFAULT_EXECUTION_RETAIN_SECONDS, openExecutionLane, type ExecutionJobData } from './createRedisExecutionQueue.ts'
import type { RedisKeys } from './redisKeys.ts'

export interface RunExecutionWorkerParameters {
  readonly url: string
  readonly redis: Redis
  readonly keys: RedisKeys
  readonly manager: ExecutionManager
  /** The market intents are resolved on (the signer's chains). */
  readonly market: Market
  /** The signing account: this worker takes its lane only. */
  readonly account: string
  readonly retainSeconds?: number
  /** Lock lifetime; a worker silent for this long has its execution failed (default 30 s). */
  readonly lockMs?: number
  readonly log?: (line: string) => void
}

/** A record as mirrored: the signed transaction (`raw`) stays with the worker. */
function mirrored(record: JournalRecord): string {
  const { raw: _raw, ...rest } = JSON.parse(encodeJournalRecord(record)) as Record<string, unknown>
  return JSON.stringify(rest)
}

export async function runExecutionWorker({ url, redis, keys, manager, market, account, retainSeconds = DEFAULT_EXECUTION_RETAIN_SECONDS, lockMs = 30_000, log = () => {} }: RunExecutionWorkerParameters): Promise<Worker<ExecutionJobData>> {
  // Sets the lane's global concurrency even before any instance has queued on it.
  await (await openExecutionLane(url, keys, account)).close()
  const execute = async (job: Job<ExecutionJobData>) => {
    const id = job.id as string
    log(`execution ${id} started`)
    const list = keys.executionRecords(id)
    const channel = keys.executionChannel(id)
    // Records are pushed and published in journal order, one at a time.
    let mirror = Promise.resolve()
    const push = (record: JournalRecord) => {
      const text = mirrored(record)
      mirror = mirror.then(async () => {
        const length = await redis.rpush(list, text)
        if (length === 1) await redis.expire(list, retainSeconds)
        await redis.publish(channel, `${length - 1} ${text}`)
      })
    }
    try {
      const intent = resolveIntentRequest(market, job.data.body)
      await manager.start({ id, intent })
      const unsubscribe = await manager.subscribe(id, push)
      try {
        const outcome = await manager.wait(id)
        log(`execution ${id} ${outcome.verdict}`)
      } finally {
        unsubscribe()
        await mirror
      }
    } catch (error) {
      await mirror.catch(() => {})
      await redis.publish(channel, 'end')
      const code = error instanceof BaseError ? error.code : 'INTERNAL'
      const message = error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error)
      log(`execution ${id} failed: ${code}`)
      throw new Error(`${code}: ${message}`)
    }
  }
  return new Worker<ExecutionJobData>(keys.executionLane(account), execute, {
    connection: { url },
    concurrency: 1,
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.round(lockMs / 2)),
    maxStalledCount: 0,
  })
}
