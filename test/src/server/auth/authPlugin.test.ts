// Issue 15: anonymous writes moved the quoted market, /metrics was open and the Host header was not
// checked. Keys are looked up by their SHA-256 (checked against node:crypto's digest of the printed key).
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../../../src/server/buildServer.ts'
import { generateApiKey, hashApiKey } from '../../../../src/server/auth/hashApiKey.ts'
import { BASE_USDC_TO_ARB_WETH, loadSmallMarket } from '../helpers.ts'

const writerKey = generateApiKey()
const quoterKey = generateApiKey()
const limitedKey = generateApiKey()
const keys = [
  { id: 'writer', hash: hashApiKey(writerKey), roles: ['market:write', 'metrics', 'batch'] as const },
  { id: 'quoter', hash: hashApiKey(quoterKey), roles: ['quote'] as const },
  { id: 'limited', hash: hashApiKey(limitedKey), roles: ['quote'] as const, quota: { requestsPerMinute: 2 } },
]
const gasUpdate = { updates: [{ kind: 'network', chain: 'base', gasPriceWei: '500000000' }] }

let app: FastifyInstance
beforeAll(async () => {
  app = buildServer({ market: loadSmallMarket(), rateLimit: { max: 1000, timeWindowMs: 60_000 }, auth: { keys: keys.map((k) => ({ ...k, roles: [...k.roles] })), allowedHosts: ['localhost', '127.0.0.1'] } })
  await app.ready()
})
afterAll(async () => {
  await app.close()
})

describe('API keys and roles', () => {
  it('stores keys as sha256 hex of the key text', () => {
    expect(hashApiKey(writerKey)).toBe(`sha256:${createHash('sha256').update(writerKey).digest('hex')}`)
    expect(writerKey).toMatch(/^acc_[A-Za-z0-9_-]{43}$/)
  })

  it('keeps quotes public by default and refuses anonymous writes, batches and metrics with 401', async () => {
    const quote = await app.inject({ method: 'POST', url: '/v1/quote', payload: BASE_USDC_TO_ARB_WETH })
    expect(quote.statusCode).toBe(200)
    for (const [method, url, payload] of [
      ['POST', '/v1/market/updates', gasUpdate],
      ['POST', '/v1/batches', { intents: [{ id: 'a', ...BASE_USDC_TO_ARB_WETH }] }],
      ['GET', '/metrics', undefined],
    ] as const) {
      const response = await app.inject({ method, url, ...(payload ? { payload } : {}) })
      expect(response.statusCode, url).toBe(401)
      expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED', field: 'headers.authorization' })
    }
    const market = await app.inject({ method: 'GET', url: '/v1/market' })
    expect(market.statusCode).toBe(200)
  })

  it('answers 403 to a key without the role, 401 to an unknown key, and applies the write of a key with it', async () => {
    const before = (await app.inject({ method: 'GET', url: '/health' })).json() as { marketVersion: string }
    const forbidden = await app.inject({ method: 'POST', url: '/v1/market/updates', payload: gasUpdate, headers: { authorization: `Bearer ${quoterKey}` } })
    expect(forbidden.statusCode).toBe(403)
    expect(forbidden.json()).toMatchObject({ code: 'FORBIDDEN' })
    const unknown = await app.inject({ method: 'POST', url: '/v1/market/updates', payload: gasUpdate, headers: { authorization: `Bearer ${generateApiKey()}` } })
    expect(unknown.statusCode).toBe(401)
    const unchanged = (await app.inject({ method: 'GET', url: '/health' })).json() as { marketVersion: string }
    expect(unchanged.marketVersion).toBe(before.marketVersion)

    const applied = await app.inject({ method: 'POST', url: '/v1/market/updates', payload: gasUpdate, headers: { 'x-api-key': writerKey } })
    expect(applied.statusCode).toBe(200)
    expect(applied.json()).toMatchObject({ previousVersion: before.marketVersion, changed: true })
    const metrics = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${writerKey}` } })
    expect(metrics.statusCode).toBe(200)
  })

  it('limits each key by its own quota', async () => {
    const ask = (key: string) => app.inject({ method: 'GET', url: '/v1/networks', headers: { authorization: `Bearer ${key}` } })
    expect((await ask(limitedKey)).statusCode).toBe(200)
    expect((await ask(limitedKey)).statusCode).toBe(200)
    const third = await ask(limitedKey)
    expect(third.statusCode).toBe(429)
    expect(third.json()).toMatchObject({ code: 'RATE_LIMITED' })
    expect((await ask(quoterKey)).statusCode).toBe(200)
  })

  it('refuses Host names outside the allow-list (DNS rebinding) with 421', async () => {
    const rebound = await app.inject({ method: 'GET', url: '/v1/market', headers: { host: 'evil.example:8080' } })
    expect(rebound.statusCode).toBe(421)
    expect(rebound.json()).toMatchObject({ code: 'HOST_NOT_ALLOWED', field: 'headers.host' })
    const local = await app.inject({ method: 'GET', url: '/v1/market', headers: { host: '127.0.0.1:8080' } })
    expect(local.statusCode).toBe(200)
  })

  it('declares the security scheme and each guarded route in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      components: { securitySchemes: Record<string, { type: string; scheme: string }> }
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>
    }
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(document.paths['/v1/market/updates']?.post?.security).toEqual([{ apiKey: [] }])
    expect(document.paths['/v1/market/updates']?.post?.responses).toHaveProperty('403')
    // quote is public here: the key is optional.
    expect(document.paths['/v1/quote']?.post?.security).toEqual([{}, { apiKey: [] }])
    expect(document.paths['/metrics']?.get?.security).toEqual([{ apiKey: [] }])
  })

  it('makes quotes need a key when no role is public', async () => {
    const closed = buildServer({ market: loadSmallMarket(), rateLimit: false, auth: { keys: keys.map((k) => ({ ...k, roles: [...k.roles] })), publicRoles: [] } })
    const anonymous = await closed.inject({ method: 'POST', url: '/v1/quote', payload: BASE_USDC_TO_ARB_WETH })
    expect(anonymous.statusCode).toBe(401)
    const keyed = await closed.inject({ method: 'POST', url: '/v1/quote', payload: BASE_USDC_TO_ARB_WETH, headers: { authorization: `Bearer ${quoterKey}` } })
    expect(keyed.statusCode).toBe(200)
    await closed.close()
  })

  it('counts clients by X-Forwarded-For only when the proxy is trusted', async () => {
    const servers = [false, true].map((trustProxy) => buildServer({ market: loadSmallMarket(), trustProxy, rateLimit: { max: 1, timeWindowMs: 60_000 } }))
    const statuses = []
    for (const server of servers) {
      const first = await server.inject({ method: 'GET', url: '/v1/networks', headers: { 'x-forwarded-for': '203.0.113.1' } })
      const second = await server.inject({ method: 'GET', url: '/v1/networks', headers: { 'x-forwarded-for': '203.0.113.2' } })
      statuses.push([first.statusCode, second.statusCode])
      await server.close()
    }
    expect(statuses).toEqual([
      [200, 429],
      [200, 200],
    ])
  })
})
