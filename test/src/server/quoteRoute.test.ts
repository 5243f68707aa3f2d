// POST /v1/quote through fastify.inject: the answer is the CLI's answer for the same input, cached
// answers are the same quote, a market update makes the next answer the one planned on the edited
// market, and the alternatives are distinct and each wins the label it carries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { quoteCommand } from '../../../src/cli/quoteCommand.ts'
import { serializePlan, type SerializedPlan } from '../../../src/format/serializePlan.ts'
import { parseMarket } from '../../../src/market/parseMarket.ts'
import { buildServer } from '../../../src/server/buildServer.ts'
import { QuoteResponseSchema, type QuoteResponse } from '../../../src/server/routes/quote.ts'
import { QuoteErrorResponseSchema } from '../../../src/server/schemas/errorSchema.ts'
import { BASE_USDC_TO_ARB_WETH, loadSmallMarket, readSmallMarketFile, schemaErrors, SMALL_MARKET_FILE, OPEN_AUTH } from './helpers.ts'
import { parsePrometheusText, sampleValue } from './prometheusText.ts'

/** Runs `accord quote … --json` on the small market and returns its JSON output. */
async function quoteWithCli(args: string[], market = SMALL_MARKET_FILE) {
  let stdout = ''
  const code = await quoteCommand.run([...args, '--market', market, '--json'], { stdout: (text) => (stdout += text), stderr: () => {} })
  return { code, json: JSON.parse(stdout) as { status: string; plan: SerializedPlan; alternatives: Array<{ labels: string[]; plan: SerializedPlan }> } }
}

let app: FastifyInstance

async function postQuote(body: unknown, server = app) {
  const response = await server.inject({ method: 'POST', url: '/v1/quote', payload: body as object })
  return { response, json: response.json() as QuoteResponse }
}

beforeAll(async () => {
  app = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false })
  await app.ready()
})
afterAll(() => app.close())

describe('POST /v1/quote', () => {
  it('returns the plan and alternatives the CLI prints for the same input', async () => {
    const { response, json } = await postQuote(BASE_USDC_TO_ARB_WETH)
    expect(response.statusCode).toBe(200)
    expect(schemaErrors(QuoteResponseSchema, json)).toBe('')

    const cli = await quoteWithCli(['--from', 'base:USDC', '--to', 'arbitrum:WETH', '--amount', '250000', '--deadline', '3600'])
    expect(cli.code).toBe(0)
    expect(json.plan).toEqual(cli.json.plan)
    // CLI parity (issue 11, item 8): `accord quote --json` answers in the API's shape, without the cache envelope.
    expect({ ...json, quoteId: undefined, createdAt: undefined, expiresAt: undefined }).toEqual({ ...cli.json, quoteId: undefined, createdAt: undefined, expiresAt: undefined })
    expect(json.outcomeProbability).toBe(cli.json.plan.outcomeProbability.total)
    expect(json.expectedAmountOut).toEqual(cli.json.plan.expectedAmountOut)
    expect(json.minAmountOut).toEqual(cli.json.plan.minAmountOut)
    expect(json.expectedDurationSeconds).toBe(cli.json.plan.expectedDurationSeconds)
    expect(json.marketVersion).toBe(loadSmallMarket().version)
  })

  it('answers the same intent, however it is spelt, from cache until the quote expires', async () => {
    const server = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false, cache: { ttlMs: 200 } })
    const body = { ...BASE_USDC_TO_ARB_WETH, amount: '1234.5' }
    const first = await postQuote(body, server)
    expect(first.response.headers['x-accord-cache']).toBe('miss')
    const usdcOnBase = readSmallMarketFile().tokens.find((token) => token.chainId === 8453 && token.symbol === 'USDC')!
    // Chain id instead of name, address instead of symbol, trailing zeros: the same intent.
    const respelt = { ...body, from: { chain: 8453, token: usdcOnBase.address.toUpperCase().replace('0X', '0x') }, amount: '1234.500' }
    const second = await postQuote(respelt, server)
    expect(second.response.headers['x-accord-cache']).toBe('hit')
    expect(second.response.body).toBe(first.response.body)
    const lifetime = Date.parse(first.json.expiresAt) - Date.parse(first.json.createdAt)
    expect(lifetime).toBe(200)

    await new Promise((resolve) => setTimeout(resolve, 300))
    const third = await postQuote(body, server)
    expect(third.response.headers['x-accord-cache']).toBe('miss')
    expect(third.json.quoteId).not.toBe(first.json.quoteId)
    expect(third.json.plan).toEqual(first.json.plan)
    await server.close()
  })

  it('after a market update, never serves the old quote and answers as planned on the edited market', async () => {
    const server = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false })
    const before = await postQuote(BASE_USDC_TO_ARB_WETH, server)
    expect((await postQuote(BASE_USDC_TO_ARB_WETH, server)).response.headers['x-accord-cache']).toBe('hit')

    // Make every pool the best plan swaps in ten times shallower.
    const file = readSmallMarketFile()
    const updates = []
    for (const step of before.json.plan.steps.filter((s) => s.action === 'swap')) {
      const pool = file.pools.find((p) => p.id === step.venueId)!
      if (pool.kind === 'constantProduct') {
        pool.reserve0 = String(BigInt(pool.reserve0) / 10n)
        pool.reserve1 = String(BigInt(pool.reserve1) / 10n)
        updates.push({ kind: 'poolReserves', pool: pool.id, reserve0: pool.reserve0, reserve1: pool.reserve1 })
      } else if (pool.kind === 'stableSwap') {
        pool.balances = pool.balances.map((balance) => String(BigInt(balance) / 10n))
        updates.push({ kind: 'poolBalances', pool: pool.id, balances: pool.balances })
      }
    }
    expect(updates.length).toBeGreaterThan(0)
    const edited = parseMarket(file)
    const update = await server.inject({ method: 'POST', url: '/v1/market/updates', payload: { updates } })
    expect(update.statusCode).toBe(200)
    expect(update.json()).toEqual({ previousVersion: before.json.marketVersion, version: edited.version, changed: true, applied: updates.length })

    const after = await postQuote(BASE_USDC_TO_ARB_WETH, server)
    expect(after.response.headers['x-accord-cache']).toBe('miss')
    expect(after.json.marketVersion).toBe(edited.version)
    expect(after.json.plan).not.toEqual(before.json.plan)
    // Independent path to the same answer: plan directly on the market built from the edited file.
    const direct = quoteIntent(edited, resolveIntentRequest(edited, BASE_USDC_TO_ARB_WETH))
    if (direct.status !== 'ok') throw new Error(direct.reason)
    expect(after.json.plan).toEqual(serializePlan(edited, direct.plan))
    await server.close()
  })

  it('returns distinct alternatives, ordered cheapest, fastest, safest, each winning its label', async () => {
    const tokens = (await app.inject({ url: '/v1/tokens' })).json() as { tokens: Array<{ chain: string; symbol: string; priceUsd: number }> }
    const intents = [
      BASE_USDC_TO_ARB_WETH,
      { ...BASE_USDC_TO_ARB_WETH, amount: '1000' },
      { from: { chain: 'ethereum', token: 'WETH' }, to: { chain: 'arbitrum', token: 'USDC' }, amount: '17', deadlineSeconds: 3600 },
      { from: { chain: 'arbitrum', token: 'USDC' }, to: { chain: 'ethereum', token: 'WETH' }, amount: '250000', deadlineSeconds: 3600 },
    ]
    let mostAlternatives = 0
    for (const intent of intents) {
      const { response, json } = await postQuote(intent)
      expect(response.statusCode).toBe(200)
      const outPrice = tokens.tokens.find((token) => token.chain === intent.to.chain && token.symbol === intent.to.token)!.priceUsd
      const all = [{ labels: json.labels, plan: json.plan }, ...json.alternatives]
      mostAlternatives = Math.max(mostAlternatives, json.alternatives.length)

      // Distinct: no two returned plans take the same steps with the same amounts.
      const signature = (plan: SerializedPlan) => JSON.stringify(plan.steps.map((s) => [s.venueId, s.tokenIn.token, s.tokenOut.token, s.amountIn.raw]))
      expect(new Set(all.map(({ plan }) => signature(plan))).size).toBe(all.length)
      // Every label exactly once, the best plan carrying `best`.
      expect(all.flatMap(({ labels }) => labels).sort()).toEqual(['best', 'cheapest', 'fastest', 'safest'])
      expect(json.labels[0]).toBe('best')
      // Ordered by the first label each alternative carries.
      const order = ['cheapest', 'fastest', 'safest']
      const firsts = json.alternatives.map(({ labels }) => order.indexOf(labels[0]!))
      expect(firsts).toEqual([...firsts].sort((a, b) => a - b))

      // Each label's holder is at least as good as every returned plan on that label's measure,
      // recomputed here from the serialised numbers (rounded to 1e-6 USD and 1 ms, hence the slack).
      const netOutput = (plan: SerializedPlan) => Number(plan.expectedAmountOut.amount) - plan.gasCostUsd / outPrice
      const holder = (label: string) => all.find(({ labels }) => labels.includes(label as never))!.plan
      for (const { plan } of all) {
        expect(netOutput(holder('cheapest'))).toBeGreaterThanOrEqual(netOutput(plan) - 1e-6 / outPrice)
        expect(holder('fastest').expectedDurationSeconds).toBeLessThanOrEqual(plan.expectedDurationSeconds + 1e-3)
        expect(holder('safest').outcomeProbability.total).toBeGreaterThanOrEqual(plan.outcomeProbability.total - 1e-6)
      }
    }
    // The ordering check means something only if some answer has several alternatives.
    expect(mostAlternatives).toBeGreaterThanOrEqual(2)
  })

  it('returns at most maxAlternatives alternatives', async () => {
    const full = await postQuote(BASE_USDC_TO_ARB_WETH)
    for (const maxAlternatives of [0, 1, 2]) {
      const { json } = await postQuote({ ...BASE_USDC_TO_ARB_WETH, maxAlternatives })
      expect(json.alternatives).toEqual(full.json.alternatives.slice(0, maxAlternatives))
      expect(json.plan).toEqual(full.json.plan)
    }
  })

  it('answers infeasible constraints with 422, the planner reason and its best plan', async () => {
    const market = loadSmallMarket()
    const cases = [
      [{ ...BASE_USDC_TO_ARB_WETH, objective: 'output', minProbability: 1 }, 'body.minProbability'],
      [{ ...BASE_USDC_TO_ARB_WETH, minAmountOut: '1000000' }, 'body.minAmountOut'],
      [{ ...BASE_USDC_TO_ARB_WETH, deadlineSeconds: 1 }, 'body.deadlineSeconds'],
    ] as const
    for (const [body, field] of cases) {
      const { response } = await postQuote(body)
      const json = response.json()
      expect(response.statusCode).toBe(422)
      expect(schemaErrors(QuoteErrorResponseSchema, json)).toBe('')
      const direct = quoteIntent(market, resolveIntentRequest(market, body))
      if (direct.status === 'ok') throw new Error('expected the planner to refuse')
      expect(json).toMatchObject({ code: 'INFEASIBLE_CONSTRAINTS', message: direct.reason, field })
      expect(json.bestPlan).toEqual(serializePlan(market, direct.bestPlan!))
    }
    const noRoute = await postQuote({ ...BASE_USDC_TO_ARB_WETH, maxSteps: 1 })
    expect(noRoute.response.statusCode).toBe(422)
    expect(noRoute.response.json()).toMatchObject({ code: 'NO_ROUTE', field: null })
  })

  it('counts requests, cache hits and planner runs in /metrics', async () => {
    const server = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false })
    const amounts = ['100', '200', '100', '100', '300']
    for (const amount of amounts) await postQuote({ ...BASE_USDC_TO_ARB_WETH, amount }, server)
    await postQuote({ ...BASE_USDC_TO_ARB_WETH, amount: 'x' }, server)
    const metrics = await server.inject({ url: '/metrics' })
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    const samples = parsePrometheusText(metrics.body)
    const distinct = new Set(amounts).size
    expect(sampleValue(samples, 'accord_http_requests_total', { route: '/v1/quote', status: '200' })).toBe(amounts.length)
    expect(sampleValue(samples, 'accord_http_requests_total', { route: '/v1/quote', status: '400' })).toBe(1)
    expect(sampleValue(samples, 'accord_http_request_duration_seconds_count', { route: '/v1/quote' })).toBe(amounts.length + 1)
    expect(sampleValue(samples, 'accord_quote_cache_lookups_total', { result: 'hit' })).toBe(amounts.length - distinct)
    expect(sampleValue(samples, 'accord_quote_cache_lookups_total', { result: 'miss' })).toBe(distinct)
    expect(sampleValue(samples, 'accord_solver_duration_seconds_count', { status: 'ok' })).toBe(distinct)
    expect(sampleValue(samples, 'accord_quote_cache_entries')).toBe(distinct)
    await server.close()
  })
})
