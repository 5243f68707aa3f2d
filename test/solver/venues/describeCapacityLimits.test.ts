// Issue 18: a trade above a Balancer weighted pool's 30 % max-in ratio is refused with that limit, not a generic
// "no route" — on the real GNO/COW pool of fixtures/markets/cow-mainnet.json.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { quoteVenue } from '../../../solver/venues/quoteVenue.ts'
import { parseMarket } from '../../../src/market/parseMarket.ts'

const market = parseMarket(JSON.parse(readFileSync(fileURLToPath(new URL('../../../fixtures/markets/cow-mainnet.json', import.meta.url)), 'utf8')))
const GNO = '0x6810e776880c02933d47db1b9fc05908e5386b96' as const
const COW = '0xdef1ca1fb7fbcdc777520aa7f396b4e015f497ab' as const

describe('describeCapacityLimits', () => {
  const pool = market.venues.find((venue) => venue.id === 'bal-weighted-92762b42')!
  if (pool.kind !== 'balancerWeighted') throw new Error('fixture changed')
  const [balance, fee] = [pool.balances[0]!, pool.swapFee]

  it('names the pool and its max-in limit, which is the contract boundary to the unit', () => {
    const result = quoteIntent(market, { from: { chainId: 1, token: GNO }, to: { chainId: 1, token: COW }, amountInRaw: 100_000n * 10n ** 18n })
    expect(result.status).toBe('noRoute')
    if (result.status !== 'noRoute') return
    const match = /bal-weighted-92762b42 takes at most ([0-9.]+) GNO per swap \(Balancer's max-in ratio: 30 % of its balance; the Vault reverts with BAL#304\)/.exec(result.reason)
    expect(match, result.reason).not.toBeNull()
    const [units, fraction = ''] = match![1]!.split('.')
    const limit = BigInt(units!) * 10n ** 18n + BigInt(fraction.padEnd(18, '0'))
    // Closed form: the fee-less input may be at most 30 % of the balance, so amountIn·(1 − fee) ≤ 0.3·balance.
    const closedForm = (balance * 3n * 10n ** 17n) / (10n ** 18n - fee)
    expect(limit - closedForm <= 2n && closedForm - limit <= 2n).toBe(true)
    const index = indexMarket(market)
    const [gno, cow] = [`1:${GNO}`, `1:${COW}`] as const
    expect(quoteVenue(index, pool, gno, cow, limit).exceedsCapacity).toBe(false)
    expect(quoteVenue(index, pool, gno, cow, limit + 1n).exceedsCapacity).toBe(true)
  })

  it('plans a size within the limit through the same pool', () => {
    const result = quoteIntent(market, { from: { chainId: 1, token: GNO }, to: { chainId: 1, token: COW }, amountInRaw: 10n ** 18n })
    expect(result.status).toBe('ok')
  })
})
