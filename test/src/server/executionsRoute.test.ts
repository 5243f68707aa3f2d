// POST /v1/executions and GET /v1/executions/:id over real HTTP against a real devnet: the step
// events stream out as server-sent events, and the status after the outcome matches the journal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../../src/server/buildServer.ts'
import { OPEN_AUTH } from './helpers.ts'
import { createExecutionManager, type ExecutionManager } from '../../../src/executor/executionManager.ts'
import { startExecutorDevnet, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'

let x: ExecutorDevnet
let app: FastifyInstance
let manager: ExecutionManager
let url: string

beforeAll(async () => {
  x = await startExecutorDevnet()
  manager = createExecutionManager({ market: x.devnet.market, targets: x.targets, account: x.user, journalDir: await x.journalDir() })
  app = buildServer({ auth: OPEN_AUTH, market: x.devnet.market, rateLimit: false, executions: { manager, market: x.devnet.market } })
  url = await app.listen({ host: '127.0.0.1', port: 0 })
})

afterAll(async () => {
  await manager?.close()
  await app?.close()
  await x?.stop()
})

/** Reads a text/event-stream response to its end: [event, data] pairs. */
async function readEvents(response: Response): Promise<Array<[string, unknown]>> {
  const text = await response.text()
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? ''
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null'
      return [event, JSON.parse(data) as unknown]
    })
}

describe('executions over HTTP', () => {
  it('starts an execution, streams its step events to the outcome, and reports it reached', async () => {
    const body = { from: { chain: 'devnet-a', token: 'USDT' }, to: { chain: 'devnet-c', token: 'WETH' }, amount: '2000', deadlineSeconds: 300 }
    const started = await fetch(`${url}/v1/executions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(started.status).toBe(202)
    const { id, statusUrl, eventsUrl } = (await started.json()) as { id: string; statusUrl: string; eventsUrl: string }
    expect(started.headers.get('location')).toBe(statusUrl)

    const stream = await fetch(`${url}${eventsUrl}`)
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/)
    const events = await readEvents(stream)
    const types = events.map(([event]) => event)
    expect(types[0]).toBe('intent')
    expect(types.at(-1)).toBe('outcome')
    // One confirmation per planned step: swap, bridge deposit, swap.
    expect(types.filter((type) => type === 'step-confirmed').length).toBeGreaterThanOrEqual(3)
    expect(types).toContain('bridge-filled')

    const status = (await (await fetch(`${url}${statusUrl}`)).json()) as { id: string; phase: string; records: number; outcome: { verdict: string } }
    expect(status.id).toBe(id)
    expect(status.phase).toBe('finished')
    expect(status.outcome.verdict).toBe('reached')
    expect(status.records).toBe(events.length)
  })

  // Issue 15: five concurrent executions collided on nonces (4 failed); the status showed the signed
  // transaction and the RPC URL. Now one account's executions run one after another.
  it('runs concurrent executions of the account one after another, all reaching, with nothing secret in the status', async () => {
    const body = { from: { chain: 'devnet-a', token: 'USDT' }, to: { chain: 'devnet-c', token: 'WETH' }, amount: '500', deadlineSeconds: 300 }
    const post = () => fetch(`${url}/v1/executions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const started = (await Promise.all([post(), post()])).map(async (response) => {
      expect(response.status).toBe(202)
      return (await response.json()) as { statusUrl: string; eventsUrl: string }
    })
    const [first, second] = await Promise.all(started) as [{ statusUrl: string; eventsUrl: string }, { statusUrl: string; eventsUrl: string }]
    // The second waits for the first (which takes several blocks on the devnet).
    expect(((await (await fetch(`${url}${second.statusUrl}`)).json()) as { phase: string }).phase).toBe('queued')
    for (const execution of [first, second]) {
      const events = await readEvents(await fetch(`${url}${execution.eventsUrl}`))
      expect(events.at(-1)?.[0]).toBe('outcome')
      const text = await (await fetch(`${url}${execution.statusUrl}`)).text()
      expect((JSON.parse(text) as { outcome: { verdict: string } }).outcome.verdict).toBe('reached')
      expect(text).not.toMatch(/https?:\/\//)
      expect(text).not.toMatch(/0x[0-9a-f]{67,}/i)
      expect(JSON.stringify(events)).not.toContain('"raw"')
    }
  }, 300_000)

  it('answers an unknown execution with 404 and the field', async () => {
    const response = await fetch(`${url}/v1/executions/nope`)
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ code: 'UNKNOWN_EXECUTION', message: 'No execution with id "nope".', field: 'params.id' })
  })

  it('rejects an intent with an unknown token before anything is sent', async () => {
    const body = { from: { chain: 'devnet-a', token: 'DOGE' }, to: { chain: 'devnet-c', token: 'WETH' }, amount: '1' }
    const response = await fetch(`${url}/v1/executions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ code: 'UNKNOWN_TOKEN', field: 'body.from.token' })
  })
})
