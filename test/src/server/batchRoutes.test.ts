// POST /v1/batches → 202 with a job id; GET /v1/batches/:id → progress, then results that match the
// documented schema, with invalid intents reported one by one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../../src/server/buildServer.ts'
import { BatchJobResponseSchema } from '../../../src/server/routes/batches.ts'
import { loadSmallMarket, schemaErrors, OPEN_AUTH } from './helpers.ts'

let app: FastifyInstance
beforeAll(async () => {
  app = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false })
  await app.ready()
})
afterAll(async () => {
  await app.close()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('/v1/batches', () => {
  it('accepts a batch, reports progress and returns per-intent results and a summary', async () => {
    const intents = [
      { id: 'buy', from: { chain: 'base', token: 'USDC' }, to: { chain: 'base', token: 'WETH' }, amount: '80000' },
      { id: 'nope', from: { chain: 'base', token: 'NOPE' }, to: { chain: 'base', token: 'WETH' }, amount: '1' },
      { id: 'sell', from: { chain: 'base', token: 'WETH' }, to: { chain: 'base', token: 'USDC' }, amount: '12' },
      { id: 'bridge', from: { chain: 'ethereum', token: 'USDC' }, to: { chain: 'arbitrum', token: 'USDC' }, amount: '5000' },
    ]
    const submitted = await app.inject({ method: 'POST', url: '/v1/batches', payload: { intents } })
    expect(submitted.statusCode).toBe(202)
    const job = submitted.json() as { id: string; status: string; progress: { total: number } }
    expect(submitted.headers.location).toBe(`/v1/batches/${job.id}`)
    expect(job.progress.total).toBe(4)
    expect(schemaErrors(BatchJobResponseSchema, job)).toBe('')

    let body: { status: string; results?: Array<{ id: string; status: string; error?: { code: string; field: string | null } }>; summary?: { solved: number } } = { status: '' }
    for (let i = 0; i < 600 && body.status !== 'done' && body.status !== 'failed'; i++) {
      await sleep(100)
      const polled = await app.inject({ method: 'GET', url: `/v1/batches/${job.id}` })
      expect(polled.statusCode).toBe(200)
      body = polled.json()
      expect(schemaErrors(BatchJobResponseSchema, body)).toBe('')
    }
    expect(body.status).toBe('done')
    expect(body.results?.map((item) => [item.id, item.status])).toEqual([
      ['buy', 'ok'],
      ['nope', 'invalid'],
      ['sell', 'ok'],
      ['bridge', 'ok'],
    ])
    expect(body.results?.[1]?.error).toMatchObject({ code: 'UNKNOWN_TOKEN', field: 'intents[1].from.token' })
    expect(body.summary?.solved).toBe(3)
  }, 120_000)

  it('rejects malformed bodies and unknown jobs', async () => {
    const empty = await app.inject({ method: 'POST', url: '/v1/batches', payload: { intents: [] } })
    expect(empty.statusCode).toBe(400)
    const missing = await app.inject({ method: 'GET', url: '/v1/batches/00000000-0000-0000-0000-000000000000' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' })
  })

  // Issue 15: duplicate ids were accepted, and retries created new jobs.
  it('rejects duplicate intent ids with the field of the second one', async () => {
    const intent = { from: { chain: 'base', token: 'USDC' }, to: { chain: 'base', token: 'WETH' }, amount: '100' }
    const response = await app.inject({ method: 'POST', url: '/v1/batches', payload: { intents: [{ id: 'a', ...intent }, { id: 'b', ...intent }, { id: 'a', ...intent }] } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code: 'INVALID_REQUEST', field: 'body.intents[2].id' })
  })

  it('returns the same job for the same Idempotency-Key and refuses the key for another body', async () => {
    const intents = [{ id: 'x', from: { chain: 'base', token: 'USDC' }, to: { chain: 'base', token: 'WETH' }, amount: '100' }]
    const headers = { 'idempotency-key': 'order-42' }
    const first = await app.inject({ method: 'POST', url: '/v1/batches', payload: { intents }, headers })
    const again = await app.inject({ method: 'POST', url: '/v1/batches', payload: { intents }, headers })
    expect(first.statusCode).toBe(202)
    expect(again.statusCode).toBe(200)
    expect(again.json().id).toBe(first.json().id)
    const other = await app.inject({ method: 'POST', url: '/v1/batches', payload: { intents: [{ ...intents[0], amount: '101' }] }, headers })
    expect(other.statusCode).toBe(409)
    expect(other.json()).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'headers.idempotency-key' })
  })

  it('bounds the jobs and intents one client may have queued', async () => {
    const bounded = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false, batchLimits: { maxQueuedJobs: 1, maxQueuedIntents: 3 } })
    const intent = (id: string) => ({ id, from: { chain: 'base', token: 'USDC' }, to: { chain: 'base', token: 'WETH' }, amount: '100' })
    const tooMany = await bounded.inject({ method: 'POST', url: '/v1/batches', payload: { intents: ['a', 'b', 'c', 'd'].map(intent) } })
    expect(tooMany.statusCode).toBe(429)
    expect(tooMany.json()).toMatchObject({ code: 'QUOTA_EXCEEDED' })
    expect(tooMany.headers['retry-after']).toBeDefined()
    expect((await bounded.inject({ method: 'POST', url: '/v1/batches', payload: { intents: [intent('a')] } })).statusCode).toBe(202)
    const second = await bounded.inject({ method: 'POST', url: '/v1/batches', payload: { intents: [intent('b')] } })
    expect(second.statusCode).toBe(429)
    await bounded.close()
  }, 120_000)
})
