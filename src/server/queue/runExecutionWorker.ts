// `accord worker --devnet-dir DIR`: takes executions from its signing account's lane (BullMQ queue
// with global concurrency 1: createRedisExecutionQueue) and runs them with the executor, whose
// transaction manager is then the account's one nonce owner. Every journal record is mirrored into
// Redis — without its signed transaction — and published, so any `accord serve` answers its status
// and streams its events.
// A worker that dies mid-execution stops renewing its job's lock; after `lockMs` another worker's
// stalled-job check puts the job back on the lane (BullMQ, maxStalledCount) and the next worker that
// takes it continues the execution from its journal (the executor's resumeExecution: its lease with a
// fencing token refuses a live owner; transactions the journal left open are settled from the chain,
// never sent anew). Only a worker that shares the journal — same host and journal directory, recorded
// in Redis when the execution first starts — may take it over; any other fails it with INTERRUPTED,
// resumable where its journal is (`accord execute --resume ID`).
import { access } from 'node:fs/promises'
import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { Worker, type Job } from 'bullmq'
import type { Redis } from 'ioredis'
import { BaseError } from '../../../solver/errors.ts'
import type { Market } from '../../../solver/market/types.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import type { ExecutionManager } from '../../executor/executionManager.ts'
import { DEFAULT_JOURNAL_DIR, encodeJournalRecord, journalPath, type JournalRecord } from '../../executor/journal.ts'
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
  /** Lock lifetime; a worker silent for this long has its execution taken over (default 30 s). */
  readonly lockMs?: number
  /** The manager's journal directory (default the executor's, `.accord/executions`): takeovers resume from it. */
  readonly journalDir?: string
  readonly log?: (line: string) => void
}

/** A record as mirrored: the signed transaction (`raw`) stays with the worker. */
function mirrored(record: JournalRecord): string {
  const { raw: _raw, ...rest } = JSON.parse(encodeJournalRecord(record)) as Record<string, unknown>
  return JSON.stringify(rest)
}

/** Times a job may be taken over after its worker died (BullMQ maxStalledCount); then it fails. */
export const MAX_EXECUTION_TAKEOVERS = 2

export async function runExecutionWorker({ url, redis, keys, manager, market, account, retainSeconds = DEFAULT_EXECUTION_RETAIN_SECONDS, lockMs = 30_000, journalDir = DEFAULT_JOURNAL_DIR, log = () => {} }: RunExecutionWorkerParameters): Promise<Worker<ExecutionJobData>> {
  // Sets the lane's global concurrency even before any instance has queued on it.
  await (await openExecutionLane(url, keys, account)).close()
  const here = `${hostname()}:${resolve(journalDir)}`
  const execute = async (job: Job<ExecutionJobData>) => {
    const id = job.id as string
    const list = keys.executionRecords(id)
    const channel = keys.executionChannel(id)
    // The first worker to take the execution names its journal; a later one (a takeover) must share it.
    const claimed = (await redis.set(keys.executionJournal(id), here, 'EX', retainSeconds, 'NX')) === 'OK' ? here : await redis.get(keys.executionJournal(id))
    const journalled = await access(journalPath(journalDir, id)).then(
      () => true,
      () => false,
    )
    const takeover = claimed === here && journalled
    log(`execution ${id} ${takeover ? 'taken over' : 'started'}`)
    // Records are pushed and published in journal order, one at a time. A takeover replays the whole
    // journal: records already in Redis are skipped, those the dead worker wrote but never mirrored are added.
    const alreadyMirrored = takeover ? await redis.llen(list) : 0
    let index = 0
    let mirror = Promise.resolve()
    const push = (record: JournalRecord) => {
      if (index++ < alreadyMirrored) return
      const text = mirrored(record)
      mirror = mirror.then(async () => {
        const length = await redis.rpush(list, text)
        if (length === 1) await redis.expire(list, retainSeconds)
        await redis.publish(channel, `${length - 1} ${text}`)
      })
    }
    try {
      if (claimed !== here) throw new BaseError('INVALID_ARGUMENT', `The worker running execution ${id} stopped, and its journal is on another worker; resume it there (accord execute --resume ${id}).`)
      if (takeover) await manager.resume(id)
      else await manager.start({ id, intent: resolveIntentRequest(market, job.data.body) })
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
      const code = claimed !== here ? 'INTERRUPTED' : error instanceof BaseError ? error.code : 'INTERNAL'
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
    maxStalledCount: MAX_EXECUTION_TAKEOVERS,
  })
}
