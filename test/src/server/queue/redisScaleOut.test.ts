// Issue 15, scale-out on real parts: a real redis-server, two `accord serve --redis` instances and two
// `accord worker` processes. A batch submitted to one instance is read from the other; a worker killed
// mid-job has its job finished by the other; a market update on one instance is what the other serves
// as soon as the update's response has returned.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateApiKey, hashApiKey } from '../../../../src/server/auth/hashApiKey.ts'
import { BASE_USDC_TO_ARB_WETH, SMALL_MARKET_FILE } from '../helpers.ts'
import { startRedisServer, type RedisServer } from './redisServer.ts'

const BIN = fileURLToPath(new URL('../../../../bin/accord.mjs', import.meta.url))
const key = generateApiKey()
const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` }

interface Child {
  readonly process: ChildProcess
  output: string
  waitFor(pattern: RegExp): Promise<RegExpExecArray>
}

function start(args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const handle: Child = {
    process: child,
    output: '',
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(handle.output)
          if (match) {
            child.stdout?.off('data', check)
            resolve(match)
          }
        }
        child.stdout?.on('data', check)
        child.once('exit', (code) => reject(new Error(`accord ${args[0]} exited (${code}) before ${pattern}: ${handle.output}`)))
        check()
      }),
  }
  child.stdout?.on('data', (chunk) => (handle.output += chunk.toString()))
  child.stderr?.on('data', (chunk) => (handle.output += chunk.toString()))
  return handle
}

let redis: RedisServer
const children: Child[] = []
let urls: string[] = []
let workers: Child[] = []

beforeAll(async () => {
  redis = await startRedisServer()
  const env = {
    REDIS_URL: redis.url,
    LOG_LEVEL: 'warn',
    // Short enough that the killed worker's job is taken over within seconds; long enough that a live worker
    // on a loaded 2-core machine renews its lock in time (3 s lost a job to stalls at load 28).
    ACCORD_JOB_LOCK_MS: '8000',
    ACCORD_API_KEYS: JSON.stringify([{ id: 'ops', hash: hashApiKey(key), roles: ['market:write', 'batch', 'quote'] }]),
  }
  const serves = [0, 1].map(() => start(['serve', '--port', '0', '--market', SMALL_MARKET_FILE, '--quote-workers', '0'], env))
  workers = [0, 1].map(() => start(['worker'], env))
  children.push(...serves, ...workers)
  urls = await Promise.all(serves.map(async (serve) => (await serve.waitFor(/listening on (http:\/\/\S+)/))[1] as string))
  await Promise.all(workers.map((worker) => worker.waitFor(/worker ready/)))
  // Four processes start at once; on a busy 2-core machine that takes minutes.
}, 400_000)

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve()
          child.process.once('exit', () => resolve())
          child.process.kill('SIGTERM')
        }),
    ),
  )
  await redis?.stop()
}, 60_000)

const get = async (url: string) => (await fetch(url, { headers })).json() as Promise<Record<string, unknown>>
async function pollUntilDone(url: string): Promise<Record<string, unknown>> {
  for (;;) {
    const body = await get(url)
    if (body.status === 'done' || body.status === 'failed') return body
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

describe('two instances and two workers on one Redis', () => {
  it('reflects a market update on one instance in the other before the update returns', async () => {
    const [a, b] = urls as [string, string]
    const before = await get(`${b}/health`)
    const updated = await fetch(`${a}/v1/market/updates`, { method: 'POST', headers, body: JSON.stringify({ updates: [{ kind: 'network', chain: 'arbitrum', gasPriceWei: '77000000000' }] }) })
    expect(updated.status).toBe(200)
    const { version, previousVersion } = (await updated.json()) as { version: string; previousVersion: string }
    expect(previousVersion).toBe(before.marketVersion)
    expect((await get(`${b}/health`)).marketVersion).toBe(version)
    const quote = await fetch(`${b}/v1/quote`, { method: 'POST', headers, body: JSON.stringify(BASE_USDC_TO_ARB_WETH) })
    expect(((await quote.json()) as { marketVersion: string }).marketVersion).toBe(version)
    const network = ((await get(`${b}/v1/networks`)).networks as Array<{ name: string; gasPriceWei: string }>).find((n) => n.name === 'arbitrum')
    expect(network?.gasPriceWei).toBe('77000000000')
  }, 60_000)

  it('serves from the other instance a batch submitted to one', async () => {
    const [a, b] = urls as [string, string]
    const intents = [
      { id: 'buy', from: { chain: 'base', token: 'USDC' }, to: { chain: 'base', token: 'WETH' }, amount: '80000' },
      { id: 'nope', from: { chain: 'base', token: 'NOPE' }, to: { chain: 'base', token: 'WETH' }, amount: '1' },
      { id: 'bridge', from: { chain: 'ethereum', token: 'USDC' }, to: { chain: 'arbitrum', token: 'USDC' }, amount: '5000' },
    ]
    const submitted = await fetch(`${a}/v1/batches`, { method: 'POST', headers: { ...headers, 'idempotency-key': 'scale-out-1' }, body: JSON.stringify({ intents }) })
    expect(submitted.status).toBe(202)
    const { id } = (await submitted.json()) as { id: string }
    // The same key on the other instance is the same job.
    const again = await fetch(`${b}/v1/batches`, { method: 'POST', headers: { ...headers, 'idempotency-key': 'scale-out-1' }, body: JSON.stringify({ intents }) })
    expect(again.status).toBe(200)
    expect(((await again.json()) as { id: string }).id).toBe(id)
    const done = await pollUntilDone(`${b}/v1/batches/${id}`)
    expect(done.status).toBe('done')
    expect((done.results as Array<{ id: string; status: string }>).map((r) => [r.id, r.status])).toEqual([
      ['buy', 'ok'],
      ['nope', 'invalid'],
      ['bridge', 'ok'],
    ])
    expect((done.summary as { solved: number }).solved).toBe(2)
    // And the first instance streams the same results.
    expect((await get(`${a}/v1/batches/${id}`)).results).toEqual(done.results)
  }, 120_000)

  it('finishes on the other worker a job whose worker was killed mid-job', async () => {
    const [a] = urls as [string]
    const intents = Array.from({ length: 400 }, (_, i) => ({ id: `i${i}`, ...BASE_USDC_TO_ARB_WETH, amount: String(1000 + 37 * i) }))
    const submitted = await fetch(`${a}/v1/batches`, { method: 'POST', headers, body: JSON.stringify({ intents }) })
    expect(submitted.status).toBe(202)
    const { id } = (await submitted.json()) as { id: string }
    const started = new RegExp(`job ${id} started`)
    const taker = await Promise.any(workers.map(async (worker) => (await worker.waitFor(started), worker)))
    const other = workers.find((worker) => worker !== taker) as Child
    taker.process.kill('SIGKILL')
    const done = await pollUntilDone(`${a}/v1/batches/${id}`)
    expect(done.status).toBe('done')
    expect(new RegExp(`job ${id} started \\(attempt`).test(other.output)).toBe(true)
    expect(new RegExp(`job ${id} done`).test(taker.output)).toBe(false)
    expect((done.results as unknown[]).length).toBe(400)
  }, 240_000)
})
