// The service over real HTTP (listening on an ephemeral port, requests with fetch): the quote is the
// CLI's, a market update changes the answer, and every client mistake in the error table is a 4xx
// with `{ code, message, field }`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { quoteCommand } from '../../../src/cli/quoteCommand.ts'
import { buildServer } from '../../../src/server/buildServer.ts'
import { ErrorResponseSchema } from '../../../src/server/schemas/errorSchema.ts'
import { BASE_USDC_TO_ARB_WETH, loadSmallMarket, schemaErrors, SMALL_MARKET_FILE, OPEN_AUTH } from './helpers.ts'

const BODY_LIMIT = 16 * 1024
let app: FastifyInstance
let base: string

beforeAll(async () => {
  app = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false, bodyLimitBytes: BODY_LIMIT })
  base = await app.listen({ host: '127.0.0.1', port: 0 })
})
afterAll(() => app.close())

async function request(path: string, init: { method?: string; body?: unknown; raw?: string | Uint8Array; contentType?: string } = {}) {
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body))
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    ...(body === undefined ? {} : { body, headers: { 'content-type': init.contentType ?? 'application/json' } }),
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) }
}

describe('over HTTP', () => {
  it('quotes what the CLI quotes for the same input', async () => {
    const response = await request('/v1/quote', { body: BASE_USDC_TO_ARB_WETH })
    expect(response.status).toBe(200)
    let stdout = ''
    const code = await quoteCommand.run(
      ['--from', 'base:USDC', '--to', 'arbitrum:WETH', '--amount', '250000', '--deadline', '3600', '--market', SMALL_MARKET_FILE, '--json'],
      { stdout: (text) => (stdout += text), stderr: () => {} },
    )
    expect(code).toBe(0)
    expect(response.json().plan).toEqual(JSON.parse(stdout).plan)
  })

  it('serves the next quote on the new market version after an update', async () => {
    const body = { ...BASE_USDC_TO_ARB_WETH, amount: '5000' }
    const first = await request('/v1/quote', { body })
    expect((await request('/v1/quote', { body })).headers.get('x-accord-cache')).toBe('hit')
    const update = await request('/v1/market/updates', {
      body: { updates: [{ kind: 'network', chain: 'arbitrum', gasPriceWei: '2000000000' }] },
    })
    expect(update.status).toBe(200)
    const second = await request('/v1/quote', { body })
    expect(second.headers.get('x-accord-cache')).toBe('miss')
    expect(second.json().marketVersion).toBe(update.json().version)
    expect(second.json().marketVersion).not.toBe(first.json().marketVersion)
    // 200× the gas price on Arbitrum raises the cost of any step sent there.
    expect(second.json().plan.gasCostUsd).not.toBe(first.json().plan.gasCostUsd)
  })

  const valid = BASE_USDC_TO_ARB_WETH
  const errorTable: Array<[string, Parameters<typeof request>[1] & { path?: string }, number, string, string | null]> = [
    ['unknown chain', { body: { ...valid, from: { chain: 'solana', token: 'USDC' } } }, 404, 'UNKNOWN_NETWORK', 'body.from.chain'],
    ['unknown chain id', { body: { ...valid, to: { chain: 999, token: 'WETH' } } }, 404, 'UNKNOWN_NETWORK', 'body.to.chain'],
    ['unknown token', { body: { ...valid, to: { chain: 'arbitrum', token: 'DOGE' } } }, 404, 'UNKNOWN_TOKEN', 'body.to.token'],
    ['unknown token address', { body: { ...valid, from: { chain: 'base', token: `0x${'12'.repeat(20)}` } } }, 404, 'UNKNOWN_TOKEN', 'body.from.token'],
    ['unknown bridge', { body: { ...valid, allowBridges: ['wormhole'] } }, 404, 'UNKNOWN_VENUE', 'body.allowBridges[0]'],
    ['unknown network in a deny list', { body: { ...valid, denyNetworks: ['base', 'solana'] } }, 404, 'UNKNOWN_NETWORK', 'body.denyNetworks[1]'],
    ['amount as a number', { body: { ...valid, amount: 250000 } }, 400, 'INVALID_REQUEST', 'body.amount'],
    ['negative amount', { body: { ...valid, amount: '-5' } }, 400, 'INVALID_REQUEST', 'body.amount'],
    ['amount in exponent notation', { body: { ...valid, amount: '1e6' } }, 400, 'INVALID_REQUEST', 'body.amount'],
    ['more decimals than the token', { body: { ...valid, amount: '1.0000001' } }, 400, 'INVALID_AMOUNT', 'body.amount'],
    ['zero amount', { body: { ...valid, amount: '0.000' } }, 400, 'INVALID_AMOUNT', 'body.amount'],
    ['missing field', { body: { from: valid.from, amount: '1' } }, 400, 'INVALID_REQUEST', 'body.to'],
    ['unknown field', { body: { ...valid, slippage: 1 } }, 400, 'INVALID_REQUEST', 'body.slippage'],
    ['wrong nested type', { body: { ...valid, from: { chain: 'base', token: 7 } } }, 400, 'INVALID_REQUEST', 'body.from.token'],
    ['unknown objective', { body: { ...valid, objective: 'speed' } }, 400, 'INVALID_REQUEST', 'body.objective'],
    ['probability above one', { body: { ...valid, minProbability: 1.5 } }, 400, 'INVALID_REQUEST', 'body.minProbability'],
    ['same token on the same network', { body: { ...valid, to: valid.from } }, 400, 'INVALID_INTENT', 'body.to'],
    ['both a minimum and a slippage', { body: { ...valid, minAmountOut: '1', maxSlippageBps: 50 } }, 400, 'INVALID_INTENT', 'body.maxSlippageBps'],
    ['a body that is not an object', { body: ['from', 'to'] }, 400, 'INVALID_REQUEST', 'body'],
    ['malformed JSON', { raw: '{"from": {"chain": "base",' }, 400, 'INVALID_JSON', 'body'],
    ['empty JSON body', { raw: '', method: 'POST' }, 400, 'INVALID_JSON', 'body'],
    ['prototype poisoning', { raw: '{"__proto__": {"admin": true}}' }, 400, 'INVALID_JSON', 'body'],
    ['a body that is not JSON', { raw: 'from=base', contentType: 'application/x-www-form-urlencoded' }, 415, 'UNSUPPORTED_MEDIA_TYPE', 'headers.content-type'],
    ['an oversized body', { body: { ...valid, from: { chain: 'base', token: 'U'.repeat(BODY_LIMIT) } } }, 413, 'BODY_TOO_LARGE', 'body'],
    ['infeasible constraints', { body: { ...valid, objective: 'output', minProbability: 1 } }, 422, 'INFEASIBLE_CONSTRAINTS', 'body.minProbability'],
    ['no route within the step limit', { body: { ...valid, maxSteps: 1 } }, 422, 'NO_ROUTE', null],
    ['an unknown route', { path: '/v2/quote', body: valid }, 404, 'ROUTE_NOT_FOUND', 'url'],
    ['an unknown pool in an update', { path: '/v1/market/updates', body: { updates: [{ kind: 'poolReserves', pool: 'x', reserve0: '1', reserve1: '1' }] } }, 404, 'UNKNOWN_VENUE', 'body.updates[0].pool'],
  ]

  it.each(errorTable)('%s → %i %s', async (_name, init, status, code, field) => {
    const response = await request(init.path ?? '/v1/quote', init)
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const json = response.json()
    expect(schemaErrors(ErrorResponseSchema, { code: json.code, message: json.message, field: json.field })).toBe('')
    expect(json).toMatchObject({ code, field })
    expect(json.message.length).toBeGreaterThan(0)
  })

  it('limits requests per client when configured: 429 RATE_LIMITED', async () => {
    const limited = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: { max: 3, timeWindowMs: 60_000 } })
    const url = await limited.listen({ host: '127.0.0.1', port: 0 })
    const statuses: number[] = []
    let last: unknown
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${url}/v1/networks`)
      statuses.push(response.status)
      last = await response.json()
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    expect(last).toMatchObject({ code: 'RATE_LIMITED', field: null })
    expect((await fetch(`${url}/health`)).status).toBe(200)
    await limited.close()
  })
})
