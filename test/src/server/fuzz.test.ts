// Fuzz: well over 1,000 generated malformed requests (wrong types, missing fields, huge strings,
// nested junk, negative and over-precise amounts, unknown tokens, broken JSON, odd content types).
// None may get a 5xx or crash the server; every error body is `{ code, message, field }`.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../../src/server/buildServer.ts'
import { ERROR_STATUS } from '../../../src/server/errorCatalogue.ts'
import { BASE_USDC_TO_ARB_WETH, loadSmallMarket, OPEN_AUTH } from './helpers.ts'

const BODY_LIMIT = 32 * 1024
let app: FastifyInstance
let sent = 0
const statuses = new Map<number, number>()

beforeAll(async () => {
  app = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false, bodyLimitBytes: BODY_LIMIT })
  await app.ready()
})
afterAll(() => app.close())

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }
const valid: Record<string, Json> = JSON.parse(JSON.stringify(BASE_USDC_TO_ARB_WETH))
const fields = ['from', 'to', 'amount', 'deadlineSeconds', 'minAmountOut', 'maxSlippageBps', 'objective', 'minProbability', 'maxSteps', 'allowBridges', 'denyBridges', 'allowNetworks', 'denyNetworks', 'maxAlternatives']

const junk: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(-1, 0, 1e308, -0.5, 2 ** 53 + 1, '', ' ', '0x', 'NaN', 'Infinity', [], {}, [[[[[]]]]], { __proto__: 1 } as Json),
  fc.integer({ min: 1, max: 40_000 }).map((n) => 'A'.repeat(n)),
  fc.letrec<{ tree: Json }>((tie) => ({ tree: fc.oneof({ depthSize: 'small' }, fc.string(), fc.array(tie('tree')), fc.dictionary(fc.string(), tie('tree'))) })).tree,
)
const amount = fc.oneof(
  fc.bigInt({ min: 1n, max: 10n ** 40n }).map((n) => `-${n}`),
  fc.tuple(fc.nat(), fc.stringMatching(/^[0-9]{7,60}$/)).map(([whole, fraction]) => `${whole}.${fraction}`),
  fc.double().map(String),
  fc.constantFrom('0', '0.0', '00', '.5', '5.', '1e6', '1_000', ' 1', '1,5', '+1', '0x10', '１'),
  fc.string({ maxLength: 80 }),
  fc.stringMatching(/^[0-9]{41,90}$/),
)
const asset = fc.record({ chain: fc.oneof(fc.string({ maxLength: 70 }), fc.integer(), junk), token: fc.oneof(fc.string({ maxLength: 70 }), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 40, maxLength: 40 }).map((h) => `0x${h}`), junk) }, { requiredKeys: [] })

/** A valid body broken in one or more ways. */
const malformedBody: fc.Arbitrary<Json> = fc.oneof(
  fc.record({ key: fc.constantFrom(...fields), value: junk }).map(({ key, value }) => ({ ...valid, [key]: value })),
  fc.subarray(['from', 'to', 'amount']).map((drop) => Object.fromEntries(Object.entries(valid).filter(([key]) => !drop.includes(key))) as Json),
  amount.map((value) => ({ ...valid, amount: value })),
  asset.map((from) => ({ ...valid, from: from as Json })),
  asset.map((to) => ({ ...valid, to: to as Json })),
  fc.record({ side: fc.constantFrom('from', 'to'), key: fc.string({ maxLength: 20 }), value: junk }).map(({ side, key, value }) => ({
    ...valid,
    [side]: { ...(valid[side] as Record<string, Json>), [key]: value },
  })),
  fc.dictionary(fc.string({ maxLength: 30 }), junk, { maxKeys: 8 }).map((extra) => ({ ...valid, ...extra })),
  fc.record(Object.fromEntries(fields.map((field) => [field, junk])), { requiredKeys: [] }).map((body) => ({ ...valid, ...body }) as Json),
  junk,
)

async function assertClientError(response: { statusCode: number; body: string }) {
  sent += 1
  statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
  expect(response.statusCode).toBeLessThan(500)
  if (response.statusCode >= 400) {
    const json = JSON.parse(response.body)
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['code', 'message', 'field']))
    expect(ERROR_STATUS[json.code as keyof typeof ERROR_STATUS]).toBe(response.statusCode)
    expect(typeof json.message).toBe('string')
    expect(json.field === null || typeof json.field === 'string').toBe(true)
  }
}

describe('fuzz', () => {
  it('answers generated malformed JSON bodies on /v1/quote with 4xx, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(malformedBody, async (body) => {
        await assertClientError(await app.inject({ method: 'POST', url: '/v1/quote', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }))
      }),
      { numRuns: 1200, seed: 20240601 },
    )
  })

  it('answers broken JSON and odd content types with 4xx', async () => {
    const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/octet-stream', 'multipart/form-data', '', 'application/json; charset=latin1')
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.json().map((text) => text.slice(0, -1))), contentType, async (payload, type) => {
        await assertClientError(
          await app.inject({ method: 'POST', url: '/v1/quote', payload, headers: type === '' ? {} : { 'content-type': type } }),
        )
      }),
      { numRuns: 300, seed: 7 },
    )
  })

  it('answers generated malformed market updates with 4xx', async () => {
    const update = fc.oneof(
      junk,
      fc.record({ kind: fc.constantFrom('poolReserves', 'poolBalances', 'bridge', 'network', 'tokenPrice', 'x'), pool: junk, bridge: junk, chain: junk, token: junk, reserve0: junk, reserve1: junk, balances: junk, latencyTiers: junk, priceUsd: junk, gasPriceWei: junk }, { requiredKeys: ['kind'] }),
    )
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.record({ updates: fc.array(update, { maxLength: 4 }) }), junk), async (body) => {
        await assertClientError(await app.inject({ method: 'POST', url: '/v1/market/updates', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }))
      }),
      { numRuns: 300, seed: 11 },
    )
  })

  // Amounts stop at 10^12 token units: beyond, the javascript-lp-solver backend can branch for minutes
  // (e.g. 2.2e29 USDC arbitrum → WETH ethereum with cctp denied) because it has no time budget; reported.
  it('plans legal but extreme intents without a 5xx', async () => {
    const tokens = ['base:USDC', 'base:WETH', 'arbitrum:USDC', 'arbitrum:WETH', 'ethereum:USDC', 'ethereum:USDT', 'ethereum:WETH'].map((pair) => {
      const [chain, token] = pair.split(':') as [string, string]
      return { chain, token }
    })
    const intent = fc.record(
      {
        from: fc.constantFrom(...tokens),
        to: fc.constantFrom(...tokens),
        amount: fc.oneof(fc.constantFrom('0.000001', '1', '1000000000'), fc.bigInt({ min: 1n, max: 10n ** 12n }).map(String)),
        deadlineSeconds: fc.oneof(fc.constant(1e-9), fc.double({ min: 1e-6, max: 30 * 24 * 3600, noNaN: true })),
        maxSlippageBps: fc.integer({ min: 0, max: 9999 }),
        objective: fc.constantFrom('probability', 'output'),
        minProbability: fc.double({ min: 0, max: 1, noNaN: true }),
        maxSteps: fc.integer({ min: 1, max: 8 }),
        denyBridges: fc.subarray(['across', 'cctp', 'stargate', 'cctp-fast', 'arbitrum-canonical']),
      },
      { requiredKeys: ['from', 'to', 'amount'] },
    )
    await fc.assert(
      fc.asyncProperty(intent, async (body) => {
        await assertClientError(await app.inject({ method: 'POST', url: '/v1/quote', payload: body }))
      }),
      { numRuns: 150, seed: 3 },
    )
  })

  it('still answers /health after all of it', async () => {
    expect(sent).toBeGreaterThanOrEqual(1000)
    // The generators reach every layer: schema (400), resolution (404), body limit (413), media type (415).
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([400, 404, 413, 415]))
    const health = await app.inject({ url: '/health' })
    expect(health.statusCode).toBe(200)
    expect(health.json().status).toBe('ok')
  })

  // Regression tests for the planner failures the property above found (reported to the planner's
  // owners): buildSteps throws SOLVER_FAILED "The allocation strands funds at …" for these, a 500.
  it.each([
    ['the smallest USDC amount', { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '0.000001' }],
    ['1 USDC with cctp denied', { from: { chain: 'base', token: 'USDC' }, to: { chain: 'ethereum', token: 'USDC' }, amount: '1', denyBridges: ['cctp'] }],
  ])('plans %s without a 5xx', async (_name, body) => {
    await assertClientError(await app.inject({ method: 'POST', url: '/v1/quote', payload: body }))
  })
})
