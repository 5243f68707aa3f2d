// Issue 15, executions on real parts: a real redis-server, a real devnet, two execution workers (each
// with its own executor and journal directory, as on two machines) on the signing account's lane, and
// two service instances. Five concurrent executions collided on nonces when the service signed them
// concurrently; queued on the lane they run one at a time across both workers, all reach, and either
// instance answers their status and streams their events — without signed transactions or RPC URLs.
import type { Worker } from 'bullmq'
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startExecutorDevnet, type ExecutorDevnet } from '../../../../src/devnet/testing/executorDevnet.ts'
import { createExecutionManager, type ExecutionManager } from '../../../../src/executor/executionManager.ts'
import { buildServer } from '../../../../src/server/buildServer.ts'
import { createRedisExecutionQueue } from '../../../../src/server/queue/createRedisExecutionQueue.ts'
import { redisKeys } from '../../../../src/server/queue/redisKeys.ts'
import { runExecutionWorker } from '../../../../src/server/queue/runExecutionWorker.ts'
import { OPEN_AUTH } from '../helpers.ts'
import { startRedisServer, type RedisServer } from './redisServer.ts'

let x: ExecutorDevnet
let redisServer: RedisServer
let redis: Redis
const managers: ExecutionManager[] = []
const workers: Worker[] = []
const apps: FastifyInstance[] = []
const queues: Array<{ close(): Promise<void> }> = []
const urls: string[] = []
const log: string[] = []

beforeAll(async () => {
  ;[x, redisServer] = await Promise.all([startExecutorDevnet(), startRedisServer()])
  redis = new Redis(redisServer.url)
  const keys = redisKeys()
  for (const name of ['w1', 'w2']) {
    const manager = createExecutionManager({ market: x.devnet.market, targets: x.targets, account: x.user, journalDir: await x.journalDir() })
    managers.push(manager)
    workers.push(await runExecutionWorker({ url: redisServer.url, redis, keys, manager, market: x.devnet.market, account: x.user.address, lockMs: 5_000, log: (line) => log.push(`${name} ${line}`) }))
  }
  for (let i = 0; i < 2; i++) {
    const queue = createRedisExecutionQueue({ url: redisServer.url, redis, keys })
    queues.push(queue)
    const app = buildServer({ auth: OPEN_AUTH, market: x.devnet.market, rateLimit: false, executions: { queue, market: x.devnet.market, account: x.user.address } })
    apps.push(app)
    urls.push(await app.listen({ host: '127.0.0.1', port: 0 }))
  }
}, 120_000)

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()))
  await Promise.all(managers.map((manager) => manager.close()))
  await Promise.all(apps.map((app) => app.close()))
  await Promise.all(queues.map((queue) => queue.close()))
  redis?.disconnect()
  await redisServer?.stop()
  await x?.stop()
}, 60_000)

/** Reads a text/event-stream response to its end: [event, data] pairs. */
async function readEvents(response: Response): Promise<Array<[string, { at: number } & Record<string, unknown>]>> {
  const text = await response.text()
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => [/^event: (.*)$/m.exec(block)?.[1] ?? '', JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null')])
}

describe('executions on the account lane (BullMQ on Redis)', () => {
  it('runs concurrent executions one at a time across two workers, all reaching, readable from either instance', async () => {
    const [a, b] = urls as [string, string]
    const body = { from: { chain: 'devnet-a', token: 'USDT' }, to: { chain: 'devnet-c', token: 'WETH' }, amount: '400', deadlineSeconds: 300 }
    const post = () => fetch(`${a}/v1/executions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const responses = await Promise.all([post(), post(), post()])
    expect(responses.map((response) => response.status)).toEqual([202, 202, 202])
    const started = (await Promise.all(responses.map((response) => response.json()))) as Array<{ id: string; statusUrl: string; eventsUrl: string }>
    // The last one waits behind the others (each takes several blocks), as the other instance sees.
    expect(((await (await fetch(`${b}${started[2]!.statusUrl}`)).json()) as { phase: string }).phase).toBe('queued')

    const spans: Array<[number, number]> = []
    for (const execution of started) {
      const events = await readEvents(await fetch(`${b}${execution.eventsUrl}`))
      expect(events[0]?.[0]).toBe('intent')
      expect(events.at(-1)?.[0]).toBe('outcome')
      expect(JSON.stringify(events)).not.toContain('"raw"')
      spans.push([events[0]![1].at, events.at(-1)![1].at])
      const text = await (await fetch(`${a}${execution.statusUrl}`)).text()
      const status = JSON.parse(text) as { phase: string; records: number; outcome: { verdict: string } }
      expect(status.phase).toBe('finished')
      expect(status.outcome.verdict).toBe('reached')
      expect(status.records).toBe(events.length)
      expect(text).not.toMatch(/https?:\/\//)
      expect(text).not.toMatch(/0x[0-9a-f]{67,}/i)
    }
    // One at a time: each execution's first record comes after the previous one's outcome.
    spans.sort((p, q) => p[0] - q[0])
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1])
    // The workers took them (logged before their first record; the verdict line may trail the outcome record).
    expect(log.filter((line) => line.endsWith(' started'))).toHaveLength(3)
  }, 300_000)

  it('answers an unknown execution with 404, and an intent it cannot resolve before queueing it', async () => {
    const [a] = urls as [string]
    expect((await fetch(`${a}/v1/executions/nope`)).status).toBe(404)
    const response = await fetch(`${a}/v1/executions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: { chain: 'devnet-a', token: 'DOGE' }, to: { chain: 'devnet-c', token: 'WETH' }, amount: '1' }) })
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ code: 'UNKNOWN_TOKEN', field: 'body.from.token' })
  })
})
