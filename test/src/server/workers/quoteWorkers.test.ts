// Issue 15: the planner ran on the event loop. With quote workers the answers are the planner's own
// (compared with planning on the test's thread), follow market updates, and overload is refused with
// a coded 503 + Retry-After instead of queueing without bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../../../src/server/buildServer.ts'
import { planQuote } from '../../../../src/server/workers/planQuote.ts'
import { resolveIntentRequest } from '../../../../solver/plan/resolveIntentRequest.ts'
import { applyMarketUpdates } from '../../../../src/server/applyMarketUpdates.ts'
import { BASE_USDC_TO_ARB_WETH, loadSmallMarket, OPEN_AUTH } from '../helpers.ts'

/** The parts of a quote that do not depend on when or where it was planned. */
function stable(body: string) {
  const { quoteId: _id, createdAt: _created, expiresAt: _expires, ...rest } = JSON.parse(body) as Record<string, unknown>
  return rest
}

let app: FastifyInstance
beforeAll(async () => {
  app = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false, quoteWorkers: 2 })
  await app.ready()
})
afterAll(async () => {
  await app.close()
})

describe('quotes in worker threads', () => {
  it('answers what the planner answers on this thread, and follows market updates', async () => {
    const market = loadSmallMarket()
    const expected = (m: typeof market, amount: string) =>
      stable((planQuote(m, resolveIntentRequest(m, { ...BASE_USDC_TO_ARB_WETH, amount }, 'body'), { maxAlternatives: 3, ttlMs: 1 }) as { entry: { body: string } }).entry.body)
    const first = await app.inject({ method: 'POST', url: '/v1/quote', payload: { ...BASE_USDC_TO_ARB_WETH, amount: '120000' } })
    expect(first.statusCode).toBe(200)
    expect(first.headers['x-accord-cache']).toBe('miss')
    expect(stable(first.body)).toEqual(expected(market, '120000'))

    const updates = [{ kind: 'network' as const, chain: 'arbitrum', gasPriceWei: '90000000000' }]
    const updated = await app.inject({ method: 'POST', url: '/v1/market/updates', payload: { updates } })
    expect(updated.statusCode).toBe(200)
    const edited = applyMarketUpdates(market, { updates })
    expect((updated.json() as { version: string }).version).toBe(edited.version)
    const second = await app.inject({ method: 'POST', url: '/v1/quote', payload: { ...BASE_USDC_TO_ARB_WETH, amount: '120000' } })
    expect(second.headers['x-accord-cache']).toBe('miss')
    expect(stable(second.body)).toEqual(expected(edited, '120000'))
  }, 60_000)

  it('keeps /health answering while quotes are planned', async () => {
    let settled = false
    const quotes = Promise.all(
      ['130001', '130002', '130003', '130004'].map((amount) => app.inject({ method: 'POST', url: '/v1/quote', payload: { ...BASE_USDC_TO_ARB_WETH, amount } })),
    ).then((responses) => {
      settled = true
      return responses
    })
    const health = await app.inject({ method: 'GET', url: '/health' })
    expect(health.statusCode).toBe(200)
    // On the event loop the health check would have waited for all four plans.
    expect(settled).toBe(false)
    expect((await quotes).map((response) => response.statusCode)).toEqual([200, 200, 200, 200])
  }, 60_000)

  it('sheds load with 503 OVERLOADED and Retry-After when the queue is full', async () => {
    const small = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false, quoteWorkers: 1, quoteQueue: 1 })
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => small.inject({ method: 'POST', url: '/v1/quote', payload: { ...BASE_USDC_TO_ARB_WETH, amount: `1400${i}` } })),
    )
    const shed = responses.filter((response) => response.statusCode === 503)
    expect(responses.filter((response) => response.statusCode === 200).length).toBeGreaterThanOrEqual(1)
    // One planning and one waiting at most: the other four are refused.
    expect(shed.length).toBeGreaterThanOrEqual(4)
    for (const response of shed) {
      expect(response.json()).toMatchObject({ code: 'OVERLOADED' })
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    }
    await small.close()
  }, 60_000)

  it('cancels a quote past its deadline with 503 DEADLINE_EXCEEDED', async () => {
    const hurried = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false, quoteWorkers: 1, quoteDeadlineMs: 1 })
    const response = await hurried.inject({ method: 'POST', url: '/v1/quote', payload: BASE_USDC_TO_ARB_WETH })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toMatchObject({ code: 'DEADLINE_EXCEEDED' })
    expect(response.headers['retry-after']).toBeDefined()
    await hurried.close()
  }, 60_000)

  it('charges planner time per client: 429 once the budget is spent, cached answers still served', async () => {
    const frugal = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false, plannerMsPerMinute: 1 })
    const first = await frugal.inject({ method: 'POST', url: '/v1/quote', payload: BASE_USDC_TO_ARB_WETH })
    expect(first.statusCode).toBe(200)
    const other = await frugal.inject({ method: 'POST', url: '/v1/quote', payload: { ...BASE_USDC_TO_ARB_WETH, amount: '150001' } })
    expect(other.statusCode).toBe(429)
    expect(other.json()).toMatchObject({ code: 'RATE_LIMITED' })
    expect(Number(other.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    const cached = await frugal.inject({ method: 'POST', url: '/v1/quote', payload: BASE_USDC_TO_ARB_WETH })
    expect(cached.statusCode).toBe(200)
    expect(cached.headers['x-accord-cache']).toBe('hit')
    await frugal.close()
  }, 60_000)
})
