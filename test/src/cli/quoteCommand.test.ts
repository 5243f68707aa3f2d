// The `accord quote` command as a user runs it: a real child process through bin/accord.mjs.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { serializeQuoteResult } from '../../../src/format/serializePlan.ts'
import { fixturePath, loadMarketFixture } from '../../helpers/loadFixtures.ts'

const bin = fileURLToPath(new URL('../../../bin/accord.mjs', import.meta.url))
const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [bin, ...args], { timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}
const small = fixturePath('markets/small.json')

describe('accord quote', () => {
  it('prints the same plan as the library for the same input (--json)', async () => {
    const { code, stdout } = await run('quote', '--market', small, '--from', 'base:USDC', '--to', 'arbitrum:WETH', '--amount', '25000', '--deadline', '600', '--json')
    expect(code).toBe(0)
    const market = loadMarketFixture('small')
    const intent = resolveIntentRequest(market, { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '25000', deadlineSeconds: 600 })
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(serializeQuoteResult(market, quoteIntent(market, intent)))))
  })

  it('prints a readable table by default, accepting chain ids and token addresses', async () => {
    const { code, stdout } = await run('quote', '--market', small, '--from', '8453:0x833589fcd6edb6e08f4c7c32d4f71b54bda02913', '--to', '42161:WETH', '--amount', '1000')
    expect(code).toBe(0)
    expect(stdout).toMatch(/1000 USDC on base → WETH on arbitrum/)
    expect(stdout).toMatch(/outcome P\s+\d+\.\d+ %/)
  })

  it.each([
    [['--from', 'base:USDC', '--to', 'arbitrum:WETH', '--amount', '1.0000001'], 'INVALID_AMOUNT', 'amount'],
    [['--from', 'base:DOGE', '--to', 'arbitrum:WETH', '--amount', '1'], 'UNKNOWN_TOKEN', 'from.token'],
    [['--from', 'base', '--to', 'arbitrum:WETH', '--amount', '1'], 'INVALID_ARGUMENT', '--from'],
    [['--to', 'arbitrum:WETH', '--amount', '1'], 'INVALID_ARGUMENT', '--from'],
    [['--from', 'base:USDC', '--to', 'arbitrum:WETH', '--amount', '1', '--bogus'], 'INVALID_ARGUMENT', '--bogus'],
    [['--from', 'base:USDC', '--to', 'arbitrum:WETH', '--amount', '1', '--deadline', 'soon'], 'INVALID_ARGUMENT', '--deadline'],
  ])('exits 2 with a typed JSON error for %j', async (args, errorCode, field) => {
    const { code, stdout } = await run('quote', '--market', small, ...args, '--json')
    expect(code).toBe(2)
    expect(JSON.parse(stdout).error).toMatchObject({ code: errorCode, field })
  })

  it('exits 2 with the field path for an invalid market file', async () => {
    const { code, stderr } = await run('quote', '--market', fixturePath('intents/small-market.json'), '--from', 'base:USDC', '--to', 'arbitrum:WETH', '--amount', '1')
    expect(code).toBe(2)
    expect(stderr).toMatch(/error \[INVALID_MARKET\]/)
    expect(stderr).toMatch(/field: /)
  })

  it('exits 1 and says why when the constraints cannot be met', async () => {
    const { code, stderr } = await run('quote', '--market', small, '--from', 'base:USDC', '--to', 'arbitrum:WETH', '--amount', '1000', '--deadline', '1')
    expect(code).toBe(1)
    expect(stderr).toMatch(/error \[INFEASIBLE_CONSTRAINTS\] No plan completes within the 1 s deadline/)
  })

  it('has --help on the command and an overview', async () => {
    const help = await run('quote', '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/Usage: accord quote/)
    const overview = await run('--help')
    expect(overview.code).toBe(0)
    expect(overview.stdout).toMatch(/quote\s+plan one intent/)
  })
})
