// The market routes, /health and /docs through fastify.inject, checked against the fixture file
// read directly and against the documented response schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { parseMarket } from '../../../src/market/parseMarket.ts'
import { buildServer } from '../../../src/server/buildServer.ts'
import { HealthResponseSchema } from '../../../src/server/routes/health.ts'
import { MarketResponseSchema, NetworksResponseSchema, TokensResponseSchema } from '../../../src/server/routes/market.ts'
import { ErrorResponseSchema } from '../../../src/server/schemas/errorSchema.ts'
import { loadSmallMarket, readSmallMarketFile, schemaErrors, OPEN_AUTH } from './helpers.ts'

let app: FastifyInstance

beforeAll(async () => {
  app = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false })
  await app.ready()
})
afterAll(() => app.close())

/** Addresses lower-cased, as the market model keeps them. */
function lowerAddresses<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v) => (typeof v === 'string' && /^0x[0-9a-fA-F]{40}$/.test(v) ? v.toLowerCase() : v))
}

/** The fixture without the `source` notes, which the market model does not keep, and with lower-case addresses. */
function fixtureWithoutSources() {
  const file = lowerAddresses(readSmallMarketFile())
  const strip = <T extends { source?: string }>({ source: _source, ...rest }: T) => rest
  return { ...file, networks: file.networks.map(strip), pools: file.pools.map(strip), bridges: file.bridges.map(strip) }
}

describe('GET /v1/market', () => {
  it('is the market file the server loaded, with its version', async () => {
    const response = await app.inject({ url: '/v1/market' })
    expect(response.statusCode).toBe(200)
    const { version, ...file } = response.json()
    expect(schemaErrors(MarketResponseSchema, response.json())).toBe('')
    const { $schema: _schema, description: _description, ...fixture } = fixtureWithoutSources()
    expect(file).toEqual(fixture)
    // Round trip: the body, loaded as a market file, has the version the server reports.
    expect(parseMarket(file).version).toBe(version)
    expect(version).toBe(loadSmallMarket().version)
  })
})

describe('GET /v1/networks and /v1/tokens', () => {
  it('lists the networks of the fixture', async () => {
    const response = await app.inject({ url: '/v1/networks' })
    expect(schemaErrors(NetworksResponseSchema, response.json())).toBe('')
    expect(response.json().networks).toEqual(fixtureWithoutSources().networks)
  })

  it('lists every token, or the tokens of one network given by name or chain id', async () => {
    const fixture = readSmallMarketFile()
    const all = (await app.inject({ url: '/v1/tokens' })).json()
    expect(schemaErrors(TokensResponseSchema, all)).toBe('')
    expect(all.tokens.map((t: { chainId: number; symbol: string }) => `${t.chainId}:${t.symbol}`).sort()).toEqual(
      fixture.tokens.map((t) => `${t.chainId}:${t.symbol}`).sort(),
    )
    for (const chain of ['base', 'BASE', '8453']) {
      const { tokens } = (await app.inject({ url: `/v1/tokens?chain=${chain}` })).json()
      const expected = fixture.tokens.filter((t) => t.chainId === 8453)
      expect(tokens).toEqual(expected.map((t) => ({ ...t, address: t.address.toLowerCase(), chain: 'base' })))
    }
  })

  it.each([
    ['/v1/tokens?chain=solana', 404, 'UNKNOWN_NETWORK', 'query.chain'],
    ['/v1/tokens?chain=', 400, 'INVALID_REQUEST', 'query.chain'],
    ['/v1/tokens?color=red', 400, 'INVALID_REQUEST', 'query.color'],
    ['/v1/nothing', 404, 'ROUTE_NOT_FOUND', 'url'],
  ])('GET %s → %i %s', async (url, status, code, field) => {
    const response = await app.inject({ url })
    expect(response.statusCode).toBe(status)
    expect(schemaErrors(ErrorResponseSchema, response.json())).toBe('')
    expect(response.json()).toMatchObject({ code, field })
  })
})

describe('POST /v1/market/updates', () => {
  it.each([
    ['no updates', { updates: [] }, 400, 'INVALID_REQUEST', 'body.updates'],
    ['an unknown kind', { updates: [{ kind: 'volcano', pool: 'x' }] }, 400, 'INVALID_REQUEST', 'body.updates[0].kind'],
    ['a reserve that is a number', { updates: [{ kind: 'poolReserves', pool: 'eth-usdc-weth', reserve0: 1, reserve1: '1' }] }, 400, 'INVALID_REQUEST', 'body.updates[0].reserve0'],
    ['a negative reserve', { updates: [{ kind: 'poolReserves', pool: 'eth-usdc-weth', reserve0: '-1', reserve1: '1' }] }, 400, 'INVALID_REQUEST', 'body.updates[0].reserve0'],
    ['a field of another kind', { updates: [{ kind: 'network', chain: 'base', reserve0: '1' }] }, 400, 'INVALID_REQUEST', 'body.updates[0].reserve0'],
    ['an unknown pool', { updates: [{ kind: 'poolReserves', pool: 'nope', reserve0: '1', reserve1: '1' }] }, 404, 'UNKNOWN_VENUE', 'body.updates[0].pool'],
    ['a bridge whose p95 is below its median', { updates: [{ kind: 'bridge', bridge: 'cctp-usdc-eth-base', latencyTiers: [{ medianSeconds: 100, p95Seconds: 50 }] }] }, 400, 'INVALID_MARKET', 'body.updates[0].latencyTiers[0].p95Seconds'],
  ])('refuses %s', async (_name, payload, status, code, field) => {
    const before = (await app.inject({ url: '/health' })).json().marketVersion
    const response = await app.inject({ method: 'POST', url: '/v1/market/updates', payload })
    expect(response.statusCode).toBe(status)
    expect(schemaErrors(ErrorResponseSchema, response.json())).toBe('')
    expect(response.json()).toMatchObject({ code, field })
    expect((await app.inject({ url: '/health' })).json().marketVersion).toBe(before)
  })

  it('applies gas-price and bridge updates, visible in GET /v1/market', async () => {
    const server = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false })
    const response = await server.inject({
      method: 'POST',
      url: '/v1/market/updates',
      payload: {
        updates: [
          { kind: 'network', chain: 'arbitrum', gasPriceWei: '20000000' },
          { kind: 'bridge', bridge: 'across-usdc-base-arb', latencyTiers: [{ medianSeconds: 600, p95Seconds: 1200 }] },
        ],
      },
    })
    expect(response.statusCode).toBe(200)
    const market = (await server.inject({ url: '/v1/market' })).json()
    expect(market.version).toBe(response.json().version)
    expect(market.networks.find((n: { name: string }) => n.name === 'arbitrum').gasPriceWei).toBe('20000000')
    expect(market.bridges.find((b: { id: string }) => b.id === 'across-usdc-base-arb').latencyTiers).toEqual([{ medianSeconds: 600, p95Seconds: 1200 }])
    expect((await server.inject({ url: '/health' })).json().marketVersion).toBe(market.version)
    await server.close()
  })
})

describe('GET /health and /docs', () => {
  it('reports the market version', async () => {
    const response = await app.inject({ url: '/health' })
    expect(response.statusCode).toBe(200)
    expect(schemaErrors(HealthResponseSchema, response.json())).toBe('')
    expect(response.json().marketVersion).toBe(loadSmallMarket().version)
  })

  it('serves an OpenAPI 3.1 document of every route and a browsable UI', async () => {
    const document = (await app.inject({ url: '/docs/json' })).json()
    expect(document.openapi).toBe('3.1.0')
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    )
    for (const operation of ['POST /v1/quote', 'GET /v1/market', 'GET /v1/tokens', 'GET /v1/networks', 'POST /v1/market/updates', 'GET /health', 'GET /metrics'])
      expect(operations).toContain(operation)
    const quote = document.paths['/v1/quote'].post
    // Shared schemas are components the operations $ref (src/server/routes/docs.ts).
    const deref = (schema: { $ref?: string; properties?: object }) => (schema.$ref ? document.components.schemas[schema.$ref.split('/').pop()!] : schema)
    expect(Object.keys(deref(quote.requestBody.content['application/json'].schema).properties)).toEqual(
      expect.arrayContaining(['from', 'to', 'amount', 'deadlineSeconds', 'minAmountOut', 'maxSlippageBps', 'objective', 'minProbability', 'maxSteps']),
    )
    expect(Object.keys(quote.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '413', '422', '429']))
    const ui = await app.inject({ url: '/docs' })
    expect(ui.statusCode).toBe(200)
    expect(ui.headers['content-type']).toMatch(/^text\/html/)
    expect(ui.body).toContain('swagger-ui')
    // The UI's assets come from @fastify/static (engines asks for Node 22; it works on 20).
    const bundle = await app.inject({ url: '/docs/static/swagger-ui-bundle.js' })
    expect(bundle.statusCode).toBe(200)
    expect(bundle.headers['content-type']).toMatch(/javascript/)
  })
})
