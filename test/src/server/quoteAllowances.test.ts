// Issue 12: a wallet with standing approvals gets the schedule its execution will have. POST /v1/quote
// and `accord quote` take the account's allowances (`allowances`, `--allowances`); the steps they
// cover list no approval and the plan's timing leaves it out, the others keep theirs; bad entries are
// 4xx with the entry's field path (CLI: non-zero exit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { quoteCommand } from '../../../src/cli/quoteCommand.ts'
import type { SerializedPlan } from '../../../src/format/serializePlan.ts'
import { buildServer } from '../../../src/server/buildServer.ts'
import { BASE_USDC_TO_ARB_WETH, loadSmallMarket, SMALL_MARKET_FILE, OPEN_AUTH } from './helpers.ts'

let app: FastifyInstance
beforeAll(async () => {
  app = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false })
  await app.ready()
})
afterAll(() => app.close())

const post = async (body: unknown) => {
  const response = await app.inject({ method: 'POST', url: '/v1/quote', payload: body as object })
  return { status: response.statusCode, json: response.json() as { plan: SerializedPlan; code?: string; field?: string | null; message?: string } }
}
const MAX = 2n ** 256n - 1n
const unlimitedOnBaseUsdc = ['swapRouter', 'concentratedLiquidityRouter', 'bridgeSpoke'].map((spender) => ({ chain: 'base', token: 'USDC', spender, amountRaw: 'max' }))
const purposes = (plan: SerializedPlan) => plan.schedule.steps.map((scheduled) => scheduled.transactions.map((tx) => tx.purpose))
const spendsBaseUsdc = (plan: SerializedPlan, stepIndex: number) => {
  const step = plan.steps.find((candidate) => candidate.index === stepIndex)!
  return step.chainId === 8453 && step.tokenIn.symbol === 'USDC'
}

describe('allowances in a quote', () => {
  it('steps spending base USDC send no approval with unlimited allowances on it, the others still approve, and the plan is expected sooner', async () => {
    const deadlineSeconds = 3600
    const without = await post({ ...BASE_USDC_TO_ARB_WETH, deadlineSeconds })
    const withAllowances = await post({ ...BASE_USDC_TO_ARB_WETH, deadlineSeconds, allowances: unlimitedOnBaseUsdc })
    expect(without.status).toBe(200)
    expect(withAllowances.status).toBe(200)
    const plan = withAllowances.json.plan
    expect(purposes(without.json.plan).every((list) => list[0] === 'approve')).toBe(true)
    // Same route, fewer transactions: only the steps the allowances cover lose their approval.
    expect(plan.steps.map((step) => step.venueId)).toEqual(without.json.plan.steps.map((step) => step.venueId))
    const covered = plan.schedule.steps.filter((scheduled) => spendsBaseUsdc(plan, scheduled.stepIndex))
    expect(covered.length).toBeGreaterThan(0)
    for (const scheduled of plan.schedule.steps)
      expect(scheduled.transactions.map((tx) => tx.purpose).includes('approve')).toBe(!spendsBaseUsdc(plan, scheduled.stepIndex))
    expect(plan.expectedDurationSeconds).toBeLessThan(without.json.plan.expectedDurationSeconds)
  })

  it('an allowance smaller than what a step spends does not cover it; one in token units that does, does', async () => {
    const amountIn = BigInt(BASE_USDC_TO_ARB_WETH.amount) * 10n ** 6n
    const short = await post({ ...BASE_USDC_TO_ARB_WETH, allowances: unlimitedOnBaseUsdc.map((a) => ({ ...a, amountRaw: '1' })) })
    expect(purposes(short.json.plan).every((list) => list[0] === 'approve')).toBe(true)
    const enough = await post({ ...BASE_USDC_TO_ARB_WETH, allowances: unlimitedOnBaseUsdc.map(({ amountRaw: _raw, ...a }) => ({ ...a, amount: String(amountIn / 10n ** 6n) })) })
    expect(enough.status).toBe(200)
    expect(purposes(enough.json.plan).some((list) => list[0] !== 'approve')).toBe(true)
  })

  it.each([
    ['an unknown spender', [{ chain: 'base', token: 'USDC', spender: 'permit2', amountRaw: 'max' }], 400, 'INVALID_REQUEST', 'body.allowances[0].spender'],
    ['an unknown token', [unlimitedOnBaseUsdc[0], { chain: 'base', token: 'DOGE', spender: 'swapRouter', amountRaw: '1' }], 404, 'UNKNOWN_TOKEN', 'body.allowances[1].token'],
    ['an unknown network', [{ chain: 'solana', token: 'USDC', spender: 'swapRouter', amountRaw: '1' }], 404, 'UNKNOWN_NETWORK', 'body.allowances[0].chain'],
    ['a malformed raw amount', [{ chain: 'base', token: 'USDC', spender: 'swapRouter', amountRaw: 'lots' }], 400, 'INVALID_REQUEST', 'body.allowances[0].amountRaw'],
    ['no amount', [{ chain: 'base', token: 'USDC', spender: 'swapRouter' }], 400, 'INVALID_INTENT', 'body.allowances[0].amount'],
    ['a raw amount past uint256', [{ chain: 'base', token: 'USDC', spender: 'swapRouter', amountRaw: MAX.toString().replace(/^1/, '2') }], 400, 'INVALID_AMOUNT', 'body.allowances[0].amountRaw'],
    ['the same allowance twice', [unlimitedOnBaseUsdc[0], unlimitedOnBaseUsdc[0]], 400, 'INVALID_INTENT', 'body.allowances[1]'],
    ['an unknown field', [{ ...unlimitedOnBaseUsdc[0], owner: '0x' }], 400, 'INVALID_REQUEST', 'body.allowances[0].owner'],
  ])('%s → %i %s at %s', async (_name, allowances, status, code, field) => {
    const { status: got, json } = await post({ ...BASE_USDC_TO_ARB_WETH, allowances })
    expect({ status: got, code: json.code, field: json.field }).toEqual({ status, code, field })
  })
})

describe('accord quote --allowances', () => {
  const run = async (args: string[]) => {
    let stdout = ''
    let stderr = ''
    const code = await quoteCommand.run([...args, '--market', SMALL_MARKET_FILE], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) })
    return { code, stdout, stderr }
  }
  const base = ['--from', 'base:USDC', '--to', 'arbitrum:WETH', '--amount', '250000', '--deadline', '3600']

  it('gives the plan POST /v1/quote gives for the same allowances', async () => {
    const cli = await run([...base, '--json', '--allowances', unlimitedOnBaseUsdc.map((a) => `${a.chain}:${a.token}:${a.spender}:${a.amountRaw}`).join(',')])
    expect(cli.code, cli.stderr).toBe(0)
    const http = await post({ ...BASE_USDC_TO_ARB_WETH, deadlineSeconds: 3600, allowances: unlimitedOnBaseUsdc })
    expect((JSON.parse(cli.stdout) as { plan: SerializedPlan }).plan).toEqual(http.json.plan)
  })

  it.each([
    ['base:USDC:swapRouter', /CHAIN:TOKEN:SPENDER:AMOUNT_RAW/],
    ['base:USDC:permit2:max', /--allowances/],
    ['base:DOGE:swapRouter:max', /DOGE/],
  ])('rejects %s with a non-zero exit', async (value, message) => {
    const { code, stderr } = await run([...base, '--allowances', value])
    expect(code).not.toBe(0)
    expect(stderr).toMatch(message)
  })
})
