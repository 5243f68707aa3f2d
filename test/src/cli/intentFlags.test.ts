// CLI parity (issue 11, item 8): `accord quote` takes every field of the HTTP quote body as a flag, with
// the same limits, and its --json answer is the HTTP answer without the cache envelope. Checked against
// the HTTP route itself (fastify.inject) on the same market.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { quoteCommand } from '../../../src/cli/quoteCommand.ts'
import { INTENT_FLAG_NAMES, intentRequestFromFlags } from '../../../src/cli/intentFlags.ts'
import { QuoteRequestSchema } from '../../../src/market/intentSchema.ts'
import { buildServer } from '../../../src/server/buildServer.ts'
import { loadSmallMarket, SMALL_MARKET_FILE } from '../server/helpers.ts'

async function quoteWithCli(args: string[]) {
  let stdout = ''
  const code = await quoteCommand.run([...args, '--market', SMALL_MARKET_FILE, '--json'], { stdout: (text) => (stdout += text), stderr: () => {} })
  return { code, json: JSON.parse(stdout) as Record<string, unknown> }
}

let app: FastifyInstance
beforeAll(async () => {
  app = buildServer({ market: loadSmallMarket(), rateLimit: false })
  await app.ready()
})
afterAll(() => app.close())

describe('accord quote flags', () => {
  it('has a flag for every field of the HTTP quote body', () => {
    const flagged = [...Object.keys(INTENT_FLAG_NAMES), 'maxAlternatives'].sort()
    expect(flagged).toEqual(Object.keys(QuoteRequestSchema.properties).sort())
  })

  it('turns flags into the request body the HTTP API takes', () => {
    const request = intentRequestFromFlags({
      from: 'base:USDC',
      to: '42161:WETH',
      amount: '1000',
      deadline: '900',
      'max-slippage-bps': '30',
      objective: 'output',
      'min-probability': '0.5',
      'max-steps': '3',
      'allow-bridges': 'across, cctp',
      'deny-networks': 'ethereum',
    })
    expect(request).toEqual({
      from: { chain: 'base', token: 'USDC' },
      to: { chain: '42161', token: 'WETH' },
      amount: '1000',
      deadlineSeconds: 900,
      maxSlippageBps: 30,
      objective: 'output',
      minProbability: 0.5,
      maxSteps: 3,
      allowBridges: ['across', 'cctp'],
      denyNetworks: ['ethereum'],
    })
  })

  it.each([
    [{ 'max-steps': '9' }, '--max-steps'],
    [{ 'max-slippage-bps': '10000' }, '--max-slippage-bps'],
    [{ deadline: String(31 * 24 * 3600) }, '--deadline'],
    [{ objective: 'fastest' }, '--objective'],
    [{ amount: '1e5' }, '--amount'],
  ])('rejects %j as the HTTP body rejects it, naming the flag', async (flags, flag) => {
    const values = { from: 'base:USDC', to: 'arbitrum:WETH', amount: '1000', ...flags }
    let field: string | undefined
    try {
      intentRequestFromFlags(values)
    } catch (error) {
      expect((error as { code: string }).code).toBe('INVALID_ARGUMENT')
      field = (error as { field?: string }).field
    }
    expect(field).toBe(flag)
    const body = { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '1000' }
    const fieldOf = { '--max-steps': 'maxSteps', '--max-slippage-bps': 'maxSlippageBps', '--deadline': 'deadlineSeconds', '--objective': 'objective', '--amount': 'amount' }[flag]!
    const value = Object.values(flags)[0]!
    const typed = flag === '--objective' || flag === '--amount' ? value : Number(value)
    const response = await app.inject({ method: 'POST', url: '/v1/quote', payload: { ...body, [fieldOf]: typed } })
    expect(response.statusCode).toBe(400)
    expect(response.json().field).toBe(`body.${fieldOf}`)
  })

  it('answers --json in the HTTP shape, honouring the list options and --max-alternatives', async () => {
    const args = ['--from', 'base:USDC', '--to', 'arbitrum:WETH', '--amount', '25000', '--deadline', '3600', '--deny-bridges', 'cctp-fast', '--deny-networks', 'ethereum', '--max-alternatives', '1']
    const cli = await quoteWithCli(args)
    expect(cli.code).toBe(0)
    const body = {
      from: { chain: 'base', token: 'USDC' },
      to: { chain: 'arbitrum', token: 'WETH' },
      amount: '25000',
      deadlineSeconds: 3600,
      denyBridges: ['cctp-fast'],
      denyNetworks: ['ethereum'],
      maxAlternatives: 1,
    }
    const http = (await app.inject({ method: 'POST', url: '/v1/quote', payload: body })).json() as Record<string, unknown>
    const { quoteId: _id, createdAt: _created, expiresAt: _expires, ...answer } = http
    expect(cli.json).toEqual(answer)
    expect((cli.json.alternatives as unknown[]).length).toBeLessThanOrEqual(1)
    const venues = JSON.stringify(cli.json.plan)
    expect(venues).not.toMatch(/cctp-fast/)
    expect(venues).not.toMatch(/"chainId":1,/)
  })
})

describe('amount flags (issue 16)', () => {
  it('--amount-raw is the same request in base units; neither amount flag names --amount', async () => {
    const decimal = await quoteWithCli(['--from', 'base:USDC', '--to', 'arbitrum:WETH', '--amount', '1234.5', '--deadline', '3600'])
    const raw = await quoteWithCli(['--from', 'base:USDC', '--to', 'arbitrum:WETH', '--amount-raw', '1234500000', '--deadline', '3600'])
    expect(raw.code).toBe(0)
    expect(raw.json.plan).toEqual(decimal.json.plan)
    expect(() => intentRequestFromFlags({ from: 'base:USDC', to: 'arbitrum:WETH' })).toThrow(/--amount \(or --amount-raw\) is required/)
  })
})
