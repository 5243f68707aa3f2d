// `accord worker --devnet-dir` as real processes on a real redis-server and a real devnet: one worker
// takes a queued execution, runs it to its outcome and stops cleanly on SIGTERM; and when the worker
// running an execution is killed (SIGKILL) after it has sent transactions, a second worker takes the
// execution over from the shared journal and finishes it without sending any step again — checked
// against the chains: each account nonce moved by exactly the transactions the journal records.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDevnetPublicClient } from '../../../src/devnet/defineDevnetChain.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { startExecutorDevnet, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'
import type { JournalRecord } from '../../../src/executor/journal.ts'
import { createRedisExecutionQueue } from '../../../src/server/queue/createRedisExecutionQueue.ts'
import { redisKeys } from '../../../src/server/queue/redisKeys.ts'
import { startRedisServer, type RedisServer } from '../server/queue/redisServer.ts'

const BIN = fileURLToPath(new URL('../../../bin/accord.mjs', import.meta.url))
const BODY = { from: { chain: 'devnet-a', token: 'USDT' }, to: { chain: 'devnet-c', token: 'WETH' }, amount: '400', deadlineSeconds: 300 }

interface WorkerProcess {
  readonly child: ChildProcess
  readonly output: string[]
  readonly exited: Promise<number | null>
}

let x: ExecutorDevnet
let redisServer: RedisServer
let redis: Redis
let queue: ReturnType<typeof createRedisExecutionQueue>
const running: WorkerProcess[] = []

/** Starts `accord worker` in the devnet's directory (so every worker shares `.accord/executions`); resolves when it is ready. */
async function startWorker(): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [BIN, 'worker', '--redis', redisServer.url, '--devnet-dir', x.dir, '--lock-ms', '4000'], {
    cwd: x.dir,
    env: { ...process.env, ACCORD_SHUTDOWN_GRACE_MS: '20000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const worker = { child, output, exited }
  running.push(worker)
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(...chunk.toString().split('\n').filter(Boolean))
      if (output.some((line) => line.startsWith('Accord worker ready'))) resolve()
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean)))
    void exited.then((code) => reject(new Error(`accord worker exited with ${code}: ${output.join('\n')}`)))
  })
  return worker
}

/** Resolves with the first record `accept` takes, or with the outcome record. */
function recordWhere(id: string, accept: (record: JournalRecord) => boolean): Promise<JournalRecord> {
  return new Promise((resolve, reject) => {
    let unsubscribe: (() => void) | undefined
    let done = false
    const finish = (record: JournalRecord) => {
      if (done) return
      done = true
      unsubscribe?.()
      resolve(record)
    }
    void queue
      .subscribe(
        id,
        (record) => {
          if (accept(record) || record.type === 'outcome') finish(record)
        },
        () => {
          if (!done) reject(new Error(`execution ${id} ended without the record`))
        },
      )
      .then((stop) => {
        unsubscribe = stop
        if (done) stop()
      })
  })
}

const nonces = () => Promise.all(x.devnet.chains.map((chain) => createDevnetPublicClient(chain).getTransactionCount({ address: x.user.address })))

beforeAll(async () => {
  ;[x, redisServer] = await Promise.all([startExecutorDevnet(), startRedisServer()])
  redis = new Redis(redisServer.url)
  queue = createRedisExecutionQueue({ url: redisServer.url, redis, keys: redisKeys() })
}, 120_000)

afterAll(async () => {
  for (const worker of running) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL')
  await Promise.all(running.map((worker) => worker.exited))
  await queue?.close()
  redis?.disconnect()
  await redisServer?.stop()
  await x?.stop()
}, 60_000)

describe('accord worker --devnet-dir', () => {
  it('runs a queued execution to its outcome and exits 0 on SIGTERM', async () => {
    const worker = await startWorker()
    const { id } = await queue.start(x.user.address, { body: BODY, intent: resolveIntentRequest(x.devnet.market, BODY) })
    const last = await recordWhere(id, () => false)
    expect(last.type).toBe('outcome')
    const status = await queue.status(id)
    expect(status).toMatchObject({ phase: 'finished', outcome: { verdict: 'reached' } })
    expect(worker.output).toContain(`execution ${id} started`)
    worker.child.kill('SIGTERM')
    expect(await worker.exited).toBe(0)
  }, 300_000)

  it('takes over the execution of a worker killed mid-way, from its journal, sending no step twice', async () => {
    const [a, b] = await Promise.all([startWorker(), startWorker()])
    const before = await nonces()
    const { id } = await queue.start(x.user.address, { body: BODY, intent: resolveIntentRequest(x.devnet.market, BODY) })
    // Followed from before the kill: once the job is back on the lane, a new stream would end at once (interrupted).
    const last = recordWhere(id, () => false)
    // Killed once its first transaction is mined: the execution is under way, with more to send.
    const confirmed = await recordWhere(id, (record) => record.type === 'step-confirmed')
    expect(confirmed.type).toBe('step-confirmed')
    const [first, second] = a.output.includes(`execution ${id} started`) ? [a, b] : [b, a]
    expect(first.output).toContain(`execution ${id} started`)
    first.child.kill('SIGKILL')
    await first.exited

    expect((await last).type).toBe('outcome')
    const status = await queue.status(id)
    expect(status).toMatchObject({ phase: 'finished', outcome: { verdict: 'reached' } })
    expect(second.output).toContain(`execution ${id} taken over`)
    const records = (await redis.lrange(redisKeys().executionRecords(id), 0, -1)).map((text) => JSON.parse(text) as { type: string; chainId?: number; nonce?: number; index?: number })
    // Resumed, not started again: one intent record; and the mirror is the journal, record for record.
    expect(records.filter((record) => record.type === 'intent')).toHaveLength(1)
    expect(status && 'records' in status ? status.records : undefined).toBe(records.length)
    // Every transaction the account sent is one the journal records (replacements share a nonce).
    const after = await nonces()
    x.devnet.chains.forEach((chain, i) => {
      const sent = new Set(records.filter((record) => record.type === 'step-sending' && record.chainId === chain.chainId).map((record) => record.nonce))
      expect(after[i]! - before[i]!).toBe(sent.size)
    })
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
  }, 300_000)
})
