// POST /v1/plans and GET /v1/plans/:id on the devnet market snapshot, through fastify's inject: a plan
// for the README example, a 422 naming the goal, 400s with field paths, 404 for an unknown id, and the
// intent's JSON Schema in the OpenAPI document; planning in a worker thread gives the same answers as
// on the event loop; with a plans directory a plan is served again by a new server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseMarketJson } from '../../../src/market/parseMarket.ts'
import { buildServer } from '../../../src/server/buildServer.ts'
import { generateApiKey, hashApiKey } from '../../../src/server/auth/hashApiKey.ts'

const market = parseMarketJson(readFileSync(new URL('../../../fixtures/markets/devnet-composite.json', import.meta.url), 'utf8'))
const { description: _description, ...example } = JSON.parse(readFileSync(new URL('../../../fixtures/intents/composite-example.json', import.meta.url), 'utf8'))
const executorKey = generateApiKey()
const quoterKey = generateApiKey()
const app = buildServer({
  market,
  rateLimit: false,
  auth: { keys: [{ id: 'operator', hash: hashApiKey(executorKey), roles: ['quote', 'execute'] }, { id: 'quoter', hash: hashApiKey(quoterKey), roles: ['quote'] }] },
})
afterAll(() => app.close())

describe('/v1/plans', () => {
  it('plans the README example and serves it again by id', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/plans', payload: example })
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.status).toBe('planned')
    expect(body.plan.goals.map((goal: { goalId: string }) => goal.goalId)).toEqual(['collateral', 'loan'])
    expect(body.plan.steps.map((step: { action: string }) => step.action)).toEqual(['bridge', 'bridge', 'approve', 'supply', 'borrow', 'bridge'])
    expect(body.plan.outcomeProbability).toBeGreaterThan(0.9)
    const again = await app.inject({ url: `/v1/plans/${body.id}` })
    expect(again.statusCode).toBe(200)
    expect(again.json().plan).toEqual(body.plan)
  })

  it('charges composite planning to the client planner budget, shared with /v1/quote: 429 once spent', async () => {
    const frugal = buildServer({ market, rateLimit: false, plannerMsPerMinute: 1 })
    const first = await frugal.inject({ method: 'POST', url: '/v1/plans', payload: example })
    expect(first.statusCode).toBe(200)
    const again = await frugal.inject({ method: 'POST', url: '/v1/plans', payload: example })
    expect(again.statusCode).toBe(429)
    expect(again.json()).toMatchObject({ code: 'RATE_LIMITED' })
    await frugal.close()
  })

  it('answers a goal that cannot be met with 422, the reason and the goal as field', async () => {
    const payload = { ...example, goals: [example.goals[0], { ...example.goals[1], amount: '40' }] }
    const response = await app.inject({ method: 'POST', url: '/v1/plans', payload })
    expect(response.statusCode).toBe(422)
    const body = response.json()
    expect(body.code).toBe('INFEASIBLE_CONSTRAINTS')
    expect(body.field).toBe('body.goals[1]')
    expect(body.message).toMatch(/Goal loan: borrowing 40 WETH on devnet-c needs health factor 1\.\d\d < 1\.50/)
  })

  it('rejects bad input with 400/404 and a field path', async () => {
    const badKind = await app.inject({ method: 'POST', url: '/v1/plans', payload: { ...example, goals: [{ ...example.goals[0], kind: 'stake' }] } })
    expect(badKind.statusCode).toBe(400)
    expect(badKind.json().field).toMatch(/^body\.goals\[0\]/)
    const unknownMarket = await app.inject({ method: 'POST', url: '/v1/plans', payload: { ...example, goals: [{ ...example.goals[0], market: 'mars:aave-v3' }] } })
    expect(unknownMarket.statusCode).toBe(400)
    expect(unknownMarket.json()).toMatchObject({ code: 'INVALID_INTENT', field: 'body.goals[0].market' })
    const unknownToken = await app.inject({ method: 'POST', url: '/v1/plans', payload: { ...example, sources: [{ chain: 'devnet-a', token: 'DOGE', amount: '1' }] } })
    expect(unknownToken.statusCode).toBe(404)
    expect(unknownToken.json()).toMatchObject({ code: 'UNKNOWN_TOKEN', field: 'body.sources[0].token' })
    // Executing needs the `execute` role, as /v1/executions; with it, a service without an executor says so.
    const anonymous = await app.inject({ method: 'POST', url: '/v1/plans', payload: { ...example, execute: true } })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED', field: 'headers.authorization' })
    const quoter = await app.inject({ method: 'POST', url: '/v1/plans', headers: { authorization: `Bearer ${quoterKey}` }, payload: { ...example, execute: true } })
    expect(quoter.statusCode).toBe(403)
    expect(quoter.json().code).toBe('FORBIDDEN')
    const execute = await app.inject({ method: 'POST', url: '/v1/plans', headers: { authorization: `Bearer ${executorKey}` }, payload: { ...example, execute: true } })
    expect(execute.statusCode).toBe(400)
    expect(execute.json().field).toBe('body.execute')
    const missing = await app.inject({ url: '/v1/plans/nope' })
    expect(missing.statusCode).toBe(404)
  })

  it('publishes the intent schema in the OpenAPI document', async () => {
    const document = (await app.inject({ url: '/docs/json' })).json()
    const body = document.paths['/v1/plans'].post.requestBody.content['application/json'].schema
    const text = JSON.stringify(body)
    expect(text).toContain('minHealthFactor')
    expect(text).toContain('vaultDeposit')
  })
})

describe('/v1/plans in the worker pool and on disk', () => {
  it('plans in a worker thread exactly what the event loop plans: the plan, the 422 and the 400s', async () => {
    const pooled = buildServer({ market, rateLimit: false, quoteWorkers: 1 })
    try {
      const [onThread, inWorker] = await Promise.all([app, pooled].map((server) => server.inject({ method: 'POST', url: '/v1/plans', payload: example })))
      expect(inWorker!.statusCode).toBe(200)
      expect(inWorker!.json().plan).toEqual(onThread!.json().plan)
      const infeasible = { ...example, goals: [example.goals[0], { ...example.goals[1], amount: '40' }] }
      const [a, b] = await Promise.all([app, pooled].map((server) => server.inject({ method: 'POST', url: '/v1/plans', payload: infeasible })))
      expect(b!.statusCode).toBe(422)
      expect(b!.json()).toEqual(a!.json())
      const unknownToken = await pooled.inject({ method: 'POST', url: '/v1/plans', payload: { ...example, sources: [{ chain: 'devnet-a', token: 'DOGE', amount: '1' }] } })
      expect(unknownToken.statusCode).toBe(404)
      expect(unknownToken.json()).toMatchObject({ code: 'UNKNOWN_TOKEN', field: 'body.sources[0].token' })
    } finally {
      await pooled.close()
    }
  })

  it('keeps each plan in the plans directory, so a restarted service still serves it', async () => {
    const plansDir = mkdtempSync(join(tmpdir(), 'accord-plans-'))
    try {
      const first = buildServer({ market, rateLimit: false, plansDir })
      const created = await first.inject({ method: 'POST', url: '/v1/plans', payload: example })
      expect(created.statusCode).toBe(200)
      const { id, plan } = created.json()
      await first.close()
      const second = buildServer({ market, rateLimit: false, plansDir })
      try {
        const again = await second.inject({ url: `/v1/plans/${id}` })
        expect(again.statusCode).toBe(200)
        expect(again.json()).toMatchObject({ id, status: 'planned', plan })
        // Not a file name of ours: never looked up on disk.
        expect((await second.inject({ url: '/v1/plans/..%2F..%2Fetc%2Fpasswd' })).statusCode).toBe(404)
      } finally {
        await second.close()
      }
    } finally {
      rmSync(plansDir, { recursive: true, force: true })
    }
  })
})
