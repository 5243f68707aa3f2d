// Executions on BullMQ (`accord serve --redis URL --devnet-dir DIR`): the instance validates the intent
// and queues it on its signing account's lane — a queue with global concurrency 1, so across every
// instance and every `accord worker` one execution per account runs at a time and the executor's
// transaction manager in that worker is the account's only nonce owner. The worker running it mirrors
// its journal records into Redis (runExecutionWorker), so any instance answers its status and streams
// its step events. Queued executions survive restarts of instances and workers.
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { summariseExecution } from '../../executor/executionManager.ts'
import { foldJournal } from '../../executor/foldJournal.ts'
import { createExecutionId, decodeJournalRecord, type JournalRecord } from '../../executor/journal.ts'
import type { IntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import type { ExecutionQueue, QueuedExecutionStatus } from '../executions/executionQueue.ts'
import type { RedisKeys } from './redisKeys.ts'

/** What an execution job carries: the request as sent (the worker resolves it on its own market). */
export interface ExecutionJobData {
  readonly account: string
  readonly body: IntentRequest
  readonly createdAt: string
}

export interface CreateRedisExecutionQueueParameters {
  readonly url: string
  readonly redis: Redis
  readonly keys: RedisKeys
  /** How long a finished execution's job is kept (its records carry their own TTL); default 1 day. */
  readonly retainSeconds?: number
}

export const DEFAULT_EXECUTION_RETAIN_SECONDS = 86_400

/** The lane of `account`, created with global concurrency 1 (idempotent; both sides call it). */
export async function openExecutionLane(url: string, keys: RedisKeys, account: string): Promise<Queue<ExecutionJobData>> {
  const queue = new Queue<ExecutionJobData>(keys.executionLane(account), { connection: { url } })
  await queue.setGlobalConcurrency(1)
  return queue
}

export function createRedisExecutionQueue({ url, redis, keys, retainSeconds = DEFAULT_EXECUTION_RETAIN_SECONDS }: CreateRedisExecutionQueueParameters): ExecutionQueue & { close(): Promise<void> } {
  const lanes = new Map<string, Promise<Queue<ExecutionJobData>>>()
  const laneOf = (account: string) => {
    let lane = lanes.get(account.toLowerCase())
    if (!lane) lanes.set(account.toLowerCase(), (lane = openExecutionLane(url, keys, account)))
    return lane
  }
  // Which lane an id is on (job ids are unique per queue, not across queues).
  const laneKey = (id: string) => `${keys.executionRecords(id)}:lane`

  // One subscriber connection for every stream this instance serves.
  const subscriber = redis.duplicate()
  const listeners = new Map<string, Set<(message: string) => void>>()
  subscriber.on('message', (channel: string, message: string) => {
    for (const listener of listeners.get(channel) ?? []) listener(message)
  })

  /** The worker fails a job with `CODE: message` (runExecutionWorker); BullMQ's own reasons have no code. */
  const failure = (reason: string | undefined) => {
    const match = /^([A-Z][A-Z_]+): (.*)$/s.exec(reason ?? '')
    return match ? { code: match[1] as string, message: match[2] as string } : { code: 'INTERRUPTED', message: reason ?? 'The execution stopped.' }
  }
  const records = async (id: string): Promise<JournalRecord[]> => (await redis.lrange(keys.executionRecords(id), 0, -1)).map(decodeJournalRecord)

  const status = async (id: string): Promise<QueuedExecutionStatus | undefined> => {
    const account = await redis.get(laneKey(id))
    if (account === null) return undefined
    const job = await (await laneOf(account)).getJob(id)
    const state = job ? await job.getState() : 'unknown'
    const found = await records(id)
    if (found.length === 0) {
      if (state === 'waiting' || state === 'prioritized' || state === 'delayed' || state === 'active') {
        if (state === 'active') return summariseExecution(id, 'running', [], undefined)
        const waiting = await (await laneOf(account)).getWaiting()
        // getWaiting lists newest first.
        const position = waiting.reverse().findIndex((other) => other.id === id)
        return { id, phase: 'queued', position: Math.max(0, position) }
      }
      if (state === 'failed') return summariseExecution(id, 'failed', [], undefined, failure(job?.failedReason))
      return undefined
    }
    const folded = foldJournal(found)
    const phase = folded.outcome ? 'finished' : state === 'active' ? 'running' : state === 'failed' ? 'failed' : 'interrupted'
    return summariseExecution(id, phase, found, folded, state === 'failed' ? failure(job?.failedReason) : undefined)
  }

  return {
    async start(account, { body }) {
      const id = createExecutionId()
      const lane = await laneOf(account)
      await redis.set(laneKey(id), account.toLowerCase(), 'EX', retainSeconds)
      // One attempt: an execution that fails is not run again. A worker that dies mid-execution is
      // another matter: its job stalls and a worker sharing its journal resumes it (runExecutionWorker).
      await lane.add('execution', { account, body, createdAt: new Date().toISOString() }, { jobId: id, attempts: 1, removeOnComplete: { age: retainSeconds }, removeOnFail: { age: retainSeconds } })
      return { id }
    },
    status,
    // Records arrive as the worker writes them; a stream of a queued execution simply waits for them.
    started: async () => {},
    async subscribe(id, listener, onEnd) {
      const channel = keys.executionChannel(id)
      let replayed = -1
      const early: string[] = []
      const onMessage = (message: string) => {
        if (message === 'end') return onEnd()
        const space = message.indexOf(' ')
        const index = Number(message.slice(0, space))
        if (replayed === -1) early.push(message)
        else if (index >= replayed) {
          replayed = index + 1
          listener(decodeJournalRecord(message.slice(space + 1)))
        }
      }
      let set = listeners.get(channel)
      if (!set) {
        listeners.set(channel, (set = new Set()))
        await subscriber.subscribe(channel)
      }
      set.add(onMessage)
      // Subscribed first, then read what is there: a record published in between is in both and is
      // delivered once (messages carry their index in the list).
      const existing = await records(id)
      for (const record of existing) listener(record)
      replayed = existing.length
      for (const message of early.splice(0)) onMessage(message)
      const now = await status(id)
      if (now && (now.phase === 'failed' || now.phase === 'interrupted')) onEnd()
      return () => {
        set.delete(onMessage)
        if (set.size === 0) {
          listeners.delete(channel)
          void subscriber.unsubscribe(channel).catch(() => {})
        }
      }
    },
    idle: async () => {},
    async close() {
      for (const lane of lanes.values()) await (await lane).close()
      subscriber.disconnect()
    },
  }
}
