// StableSwap pools with rate multipliers (stored_rates): the exact math against an independent computation — the
// invariant's roots found by integer bisection on the rate-scaled balances — and the float curve against the exact
// quote. Issue 18: wstETH/WETH-style pools whose rates are not 10^(36 − decimals).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import type { Address, Market, StableSwapPool } from '../../../solver/market/types.ts'
import { quoteVenue } from '../../../solver/venues/quoteVenue.ts'
import { getDy, type StableSwapParameters } from '../../../solver/venues/stableSwap.ts'
import { venueCurve } from '../../../solver/venues/venueCurve.ts'
import { market as baseMarket } from './fixtureMarket.ts'

const E18 = 10n ** 18n
const product = (values: readonly bigint[]) => values.reduce((p, v) => p * v, 1n)
const sum = (values: readonly bigint[]) => values.reduce((s, v) => s + v, 0n)

// Balances in normalised units scaled by an extra 1e18 (balance·rate, no truncation), so the reference sees the
// exact rate-scaled state; roots by bisection on the invariant Ann·S + D = Ann·D + D^(n+1)/(n^n·Πx).
function rootD(x: readonly bigint[], Ann: bigint): bigint {
  const n = BigInt(x.length)
  const S = sum(x)
  const nnP = n ** n * product(x)
  const g = (D: bigint) => (Ann * S + D - Ann * D) * nnP - D ** (n + 1n)
  let [lo, hi] = [0n, S]
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n
    if (g(mid) > 0n) lo = mid
    else hi = mid
  }
  return lo
}

function rootY(after: readonly bigint[], j: number, D: bigint, Ann: bigint): bigint {
  const n = BigInt(after.length)
  const others = after.filter((_, k) => k !== j)
  const nnPp = n ** n * product(others)
  const h = (y: bigint) => (Ann * (sum(others) + y) + D - Ann * D) * y * nnPp - D ** (n + 1n)
  let [lo, hi] = [0n, D + 1n]
  while (h(hi) < 0n) hi *= 2n
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n
    if (h(mid) < 0n) lo = mid
    else hi = mid
  }
  return hi
}

/** Reference output: (x_j − y)·(1 − fee) converted back through rate_j, all at 36 extra digits. */
function referenceDy(p: StableSwapParameters & { rates: readonly bigint[] }, i: number, j: number, dx: bigint): bigint {
  const Ann = p.amplification * BigInt(p.balances.length)
  const x = p.balances.map((b, k) => b * (p.rates[k] as bigint))
  const D = rootD(x, Ann)
  const y = rootY(x.map((v, k) => (k === i ? v + dx * (p.rates[i] as bigint) : v)), j, D, Ann)
  return (((x[j] as bigint) - y) * (10n ** 10n - p.fee)) / 10n ** 10n / (p.rates[j] as bigint)
}

const ratedPool = fc
  .record({
    decimals: fc.array(fc.constantFrom(6, 8, 18), { minLength: 2, maxLength: 3 }),
    units: fc.array(fc.double({ min: 4, max: 6, noNaN: true }), { minLength: 3, maxLength: 3 }),
    // Rates between 0.5 and 3 with 18 significant digits (an oracle's price per share).
    rates: fc.array(fc.bigInt({ min: 5n * 10n ** 17n, max: 3n * E18 }), { minLength: 3, maxLength: 3 }),
    amplification: fc.bigInt({ min: 10n, max: 5_000n }),
    fee: fc.bigInt({ min: 0n, max: 50_000_000n }),
    i: fc.nat(2),
    dxShare: fc.double({ min: -6, max: 0, noNaN: true }),
  })
  .map(({ decimals, units, rates, amplification, fee, i, dxShare }) => {
    const n = decimals.length
    const balances = decimals.map((d, k) => BigInt(Math.floor(10 ** (units[k] as number))) * 10n ** BigInt(d))
    const storedRates = decimals.map((d, k) => (10n ** BigInt(36 - d) * (rates[k] as bigint)) / E18)
    const from = i % n
    const to = (from + 1) % n
    const dx = ((balances[from] as bigint) * BigInt(Math.floor(10 ** (dxShare + 9)))) / 1_000_000_000n + 1n
    return { parameters: { balances, decimals, amplification, fee, rates: storedRates }, from, to, dx }
  })

describe('StableSwap with rate multipliers', () => {
  // Bound as in stableSwap.test.ts: the contract's chained truncating divisions and its |ΔD| ≤ 1 stop drift from the
  // exact roots by a few 1e-18 units, more for imbalanced pools: 2 raw units plus 1e-20 of the output balance.
  it('pays what the invariant roots on the rate-scaled balances give, within 2 raw units + 1e-20 of the balance', () => {
    fc.assert(
      fc.property(ratedPool, ({ parameters, from, to, dx }) => {
        const dy = getDy(parameters, from, to, dx)
        const reference = referenceDy(parameters, from, to, dx)
        const gap = dy > reference ? dy - reference : reference - dy
        expect(gap <= 2n + (parameters.balances[to] as bigint) / 10n ** 20n, `dy ${dy}, reference ${reference}`).toBe(true)
      }),
      { numRuns: 150 },
    )
  })

  it('with rates equal to 10^(36 − decimals) pays exactly what the plain pool pays', () => {
    const plain: StableSwapParameters = { balances: [3n * 10n ** 24n, 2n * 10n ** 12n], decimals: [18, 6], amplification: 200n, fee: 4_000_000n }
    const rated = { ...plain, rates: [E18, 10n ** 30n] }
    for (const dx of [1n, 10n ** 15n, 10n ** 21n, 10n ** 24n]) expect(getDy(rated, 0, 1, dx)).toBe(getDy(plain, 0, 1, dx))
  })

  it('prices a wstETH/WETH pool at the stated rate and its float curve follows the exact quote', () => {
    const token = (n: number, symbol: string) => ({ chainId: 1, address: `0x${n.toString(16).padStart(40, '0')}` as Address, symbol, decimals: 18, priceUsd: 3000, annualVolatility: 0.6 })
    const tokens = [token(0xc1, 'wstETH'), token(0xc2, 'WETH')]
    const pool: StableSwapPool = {
      kind: 'stableSwap',
      id: 'wsteth-weth',
      chainId: 1,
      address: `0x${'c3'.padStart(40, '0')}` as Address,
      tokens: tokens.map((t) => t.address),
      balances: [20_000n * E18, 23_400n * E18],
      amplification: 100n,
      fee: 1_000_000n,
      rates: [1_170_000_000_000_000_000n, E18],
      gasUnits: 150_000,
    }
    const market: Market = { ...baseMarket, tokens: [...baseMarket.tokens, ...tokens], venues: [pool] }
    const index = indexMarket(market)
    const [a, b] = tokens.map((t) => assetKey(1, t.address))
    const out = quoteVenue(index, pool, a!, b!, E18).amountOutRaw
    expect(Number(out) / 1e18).toBeGreaterThan(1.1695)
    expect(Number(out) / 1e18).toBeLessThan(1.17)
    for (const [from, to] of [[a!, b!], [b!, a!]] as const) {
      const curve = venueCurve(index, pool, from, to)
      for (const units of [1e-6, 0.01, 1, 100, 5_000, 20_000]) {
        const exact = Number(quoteVenue(index, pool, from, to, BigInt(Math.round(units * 1e18))).amountOutRaw) / 1e18
        expect(Math.abs(curve.output(units) - exact)).toBeLessThanOrEqual(1e-9 * exact + 3e-18)
      }
      const h = 1e-3
      expect(curve.marginal(10)).toBeCloseTo((curve.output(10 + h) - curve.output(10 - h)) / (2 * h), 8)
    }
  })
})
