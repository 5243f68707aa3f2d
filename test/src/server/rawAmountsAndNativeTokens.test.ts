// Issue 16, point 3: `amountRaw` beside `amount` and the native coin's addresses in Accord's own API.
// A raw amount must give the very quote its decimal spelling gives (same cache entry, same plan); both
// or neither is a 400 naming the field; the native addresses quote as the wrapped token they trade as.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../../src/server/buildServer.ts'
import type { QuoteResponse } from '../../../src/server/routes/quote.ts'
import { BASE_USDC_TO_ARB_WETH, loadSmallMarket, OPEN_AUTH } from './helpers.ts'

let app: FastifyInstance

async function postQuote(body: object) {
  const response = await app.inject({ method: 'POST', url: '/v1/quote', payload: body })
  return { response, json: response.json() as QuoteResponse & { code?: string; field?: string; message?: string } }
}

beforeAll(async () => {
  app = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false })
  await app.ready()
})
afterAll(() => app.close())

describe('amountRaw', () => {
  it('is the same intent as its decimal spelling: the same cached quote', async () => {
    const decimal = await postQuote({ ...BASE_USDC_TO_ARB_WETH, amount: '2500.5' })
    const { amount: _, ...withoutAmount } = BASE_USDC_TO_ARB_WETH
    // 2500.5 USDC with USDC's 6 decimals.
    const raw = await postQuote({ ...withoutAmount, amountRaw: '2500500000' })
    expect(decimal.response.statusCode).toBe(200)
    expect(raw.response.statusCode).toBe(200)
    expect(raw.response.headers['x-accord-cache']).toBe('hit')
    expect(raw.json.quoteId).toBe(decimal.json.quoteId)
    expect(raw.json.plan.amountIn).toEqual({ raw: '2500500000', amount: '2500.5', symbol: 'USDC' })
  })

  it('minAmountOutRaw is minAmountOut in base units', async () => {
    const decimal = await postQuote({ ...BASE_USDC_TO_ARB_WETH, amount: '1000', minAmountOut: '0.25' })
    const raw = await postQuote({ ...BASE_USDC_TO_ARB_WETH, amount: '1000', minAmountOutRaw: '250000000000000000' })
    expect(raw.json.quoteId).toBe(decimal.json.quoteId)
    expect(raw.json.minAmountOut.raw).toBe('250000000000000000')
  })

  it('both or neither of amount and amountRaw is a 400 naming the field', async () => {
    const both = await postQuote({ ...BASE_USDC_TO_ARB_WETH, amountRaw: '250000000000' })
    expect(both.response.statusCode).toBe(400)
    expect(both.json).toMatchObject({ code: 'INVALID_INTENT', field: 'body.amountRaw' })
    expect(both.json.message).toMatch(/not both/)
    const { amount: _, ...neither } = BASE_USDC_TO_ARB_WETH
    const none = await postQuote(neither)
    expect(none.response.statusCode).toBe(400)
    expect(none.json).toMatchObject({ code: 'INVALID_INTENT', field: 'body.amount' })
    const bothMinimums = await postQuote({ ...BASE_USDC_TO_ARB_WETH, minAmountOut: '1', minAmountOutRaw: '1' })
    expect(bothMinimums.json).toMatchObject({ code: 'INVALID_INTENT', field: 'body.minAmountOutRaw' })
  })

  it('rejects what is not a whole number of base units, and raw amounts past a uint256', async () => {
    const { amount: _, ...withoutAmount } = BASE_USDC_TO_ARB_WETH
    for (const amountRaw of ['1.5', '-1', '1e6', '']) {
      const { response, json } = await postQuote({ ...withoutAmount, amountRaw })
      expect(response.statusCode, amountRaw).toBe(400)
      expect(json.field, amountRaw).toBe('body.amountRaw')
    }
    const tooLarge = await postQuote({ ...withoutAmount, amountRaw: (2n ** 256n).toString() })
    expect(tooLarge.response.statusCode).toBe(400)
    expect(tooLarge.json).toMatchObject({ code: 'INVALID_AMOUNT', field: 'body.amountRaw' })
    const zero = await postQuote({ ...withoutAmount, amountRaw: '0' })
    expect(zero.json).toMatchObject({ code: 'INVALID_AMOUNT', field: 'body.amountRaw' })
  })
})

describe('native token addresses', () => {
  it.each(['0x0000000000000000000000000000000000000000', '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE'])('%s on base is quoted as WETH, 1:1', async (native) => {
    const weth = await postQuote({ from: { chain: 'base', token: 'WETH' }, to: { chain: 'arbitrum', token: 'USDC' }, amount: '10' })
    const eth = await postQuote({ from: { chain: 'base', token: native }, to: { chain: 'arbitrum', token: 'USDC' }, amount: '10' })
    expect(eth.response.statusCode).toBe(200)
    expect(eth.json.plan.from.symbol).toBe('WETH')
    expect(eth.json.quoteId).toBe(weth.json.quoteId)
    const toNative = await postQuote({ from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: native }, amount: '1000' })
    expect(toNative.response.statusCode).toBe(200)
    expect(toNative.json.plan.to).toMatchObject({ symbol: 'WETH', token: '0x82af49447d8a07e3bd95bd0d56f35241523fbab1' })
  })

  it('is an unknown token, named as native, on a network that lists no wrapped native token', async () => {
    const market = loadSmallMarket()
    const server = buildServer({
      auth: OPEN_AUTH,
      rateLimit: false,
      market: { ...market, tokens: market.tokens.filter((token) => !(token.chainId === 8453 && token.symbol === 'WETH')), venues: market.venues.filter((venue) => !JSON.stringify(venue, (_, value: unknown) => (typeof value === 'bigint' ? String(value) : value)).includes('0x4200000000000000000000000000000000000006')) },
    })
    const response = await server.inject({
      method: 'POST',
      url: '/v1/quote',
      payload: { from: { chain: 'base', token: '0x0000000000000000000000000000000000000000' }, to: { chain: 'arbitrum', token: 'USDC' }, amount: '1' },
    })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ code: 'UNKNOWN_TOKEN', field: 'body.from.token' })
    expect(response.json().message).toMatch(/native ETH/)
    await server.close()
  })
})
