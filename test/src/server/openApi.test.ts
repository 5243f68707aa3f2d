// The OpenAPI document (/docs/json) as a client generator and Swagger UI use it: every operation has a
// unique operationId, the shared schemas are components that operations $ref, and every request
// example in it is accepted by its route (sent exactly as Swagger UI's "Try it out" sends it, with a
// key holding every role). Also: CORS headers for configured origins, none for others.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildServer } from '../../../src/server/buildServer.ts'
import { loadMarketFile } from '../../../src/market/loadMarketFile.ts'
import { DEFAULT_MARKET_FILE } from '../../../src/config/defaults.ts'
import { parseCorsOrigins } from '../../../src/server/corsPlugin.ts'
import { deriveOperationId } from '../../../src/server/routes/docs.ts'
import { hashApiKey } from '../../../src/server/auth/hashApiKey.ts'
import { ROLES } from '../../../src/server/auth/roles.ts'

const KEY = 'acc_openapi-test-key-0123456789abcdef0123456789ab'
type Operation = { operationId?: string; requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }>; example?: unknown }> } }
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } }

const markets = [
  ['realistic', DEFAULT_MARKET_FILE],
  ['small', new URL('../../../fixtures/markets/small.json', import.meta.url).pathname],
] as const

describe.each(markets)('the OpenAPI document on the %s market', (_name, file) => {
  let app: FastifyInstance
  let document: Document

  beforeAll(async () => {
    app = buildServer({
      market: await loadMarketFile(file),
      rateLimit: false,
      auth: { keys: [{ id: 'all', hash: hashApiKey(KEY), roles: [...ROLES] }], publicRoles: [] },
    })
    document = (await app.inject({ url: '/docs/json' })).json() as Document
  })
  afterAll(async () => {
    await app.close()
  })

  const operations = () => Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })))

  it('gives every operation a unique operationId', () => {
    const ids = operations().map(({ operation }) => operation.operationId)
    expect(ids.length).toBeGreaterThan(8)
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    expect(document.paths['/v1/quote']!.post!.operationId).toBe('createQuote')
  })

  it('publishes the shared schemas once and refers to them', () => {
    const text = JSON.stringify(document)
    for (const name of ['Plan', 'Amount', 'Asset', 'Step', 'Error', 'QuoteRequest', 'FrontierPoint']) {
      expect(document.components.schemas[name], name).toBeDefined()
      expect(text.split(`"#/components/schemas/${name}"`).length - 1, name).toBeGreaterThan(0)
    }
    // Every $ref resolves.
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) expect(document.components.schemas[name!], name).toBeDefined()
  })

  it('has request examples for the write routes, each accepted by its route', async () => {
    const examples = operations().flatMap(({ path, method, operation }) =>
      Object.values(operation.requestBody?.content ?? {}).flatMap((media) => [
        ...Object.values(media.examples ?? {}).map((example) => example.value),
        ...(media.example === undefined ? [] : [media.example]),
      ]).map((body) => ({ path, method, body })),
    )
    expect(examples.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(['post /v1/batches', 'post /v1/market/updates', 'post /v1/quote'])
    for (const { path, method, body } of examples) {
      const response = await app.inject({ method: method.toUpperCase() as 'POST', url: path, headers: { authorization: `Bearer ${KEY}` }, payload: body as object })
      expect(response.statusCode, `${method} ${path}: ${response.body.slice(0, 300)}`).toBeLessThan(300)
    }
  })

  it('shows no negative raw amount in any example', () => {
    const rawValues = [...JSON.stringify(document).matchAll(/"raw":"([^"]*)"/g)].map((match) => match[1])
    expect(rawValues.length).toBeGreaterThan(0)
    expect(rawValues.every((raw) => /^[0-9]+$/.test(raw!))).toBe(true)
  })
})

describe('deriveOperationId', () => {
  it('names routes without a declared id from method and path', () => {
    expect(deriveOperationId('GET', '/lifi/v1/advanced/routes/:id')).toBe('getLifiV1AdvancedRoutesById')
    expect(deriveOperationId('POST', '/v1/quote')).toBe('postV1Quote')
  })
})

describe('CORS', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = buildServer({ market: await loadMarketFile(DEFAULT_MARKET_FILE), rateLimit: false, corsOrigins: parseCorsOrigins('https://app.example, http://localhost:5173') })
  })
  afterAll(async () => {
    await app.close()
  })

  it('answers a preflight from an allowed origin, before authentication', async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/v1/quote',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    })
    expect(response.statusCode).toBe(204)
    expect(response.headers['access-control-allow-origin']).toBe('https://app.example')
    expect(String(response.headers['access-control-allow-methods'])).toContain('POST')
    expect(String(response.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization')
  })

  it('marks responses readable by an allowed origin only', async () => {
    const allowed = await app.inject({ url: '/v1/networks', headers: { origin: 'http://localhost:5173' } })
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173')
    expect(String(allowed.headers['access-control-expose-headers'])).toContain('x-accord-cache')
    const other = await app.inject({ url: '/v1/networks', headers: { origin: 'https://evil.example' } })
    expect(other.statusCode).toBe(200)
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('is off unless configured, and refuses malformed origins', async () => {
    const plain = buildServer({ market: await loadMarketFile(DEFAULT_MARKET_FILE), rateLimit: false })
    const response = await plain.inject({ url: '/v1/networks', headers: { origin: 'https://app.example' } })
    expect(response.headers['access-control-allow-origin']).toBeUndefined()
    await plain.close()
    expect(parseCorsOrigins('*')).toBe('*')
    expect(parseCorsOrigins('none')).toBeUndefined()
    expect(() => parseCorsOrigins('app.example')).toThrow(/scheme:\/\/host/)
    expect(() => parseCorsOrigins('https://app.example/path')).toThrow(/scheme:\/\/host/)
  })
})
