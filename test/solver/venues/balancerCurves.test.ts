// The optimiser's float curves of Balancer pools against the exact integer quotes (balancerMath.test.ts pins those to
// the contracts' vectors), and the exact quote's bookkeeping through quoteVenue/applyVenueTrade.
import { describe, expect, it } from 'vitest'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import type { Address, AssetKey, BalancerStablePool, BalancerWeightedPool, Market, Venue } from '../../../solver/market/types.ts'
import { applyVenueTrade } from '../../../solver/venues/applyVenueTrade.ts'
import { maxWeightedAmountIn } from '../../../solver/venues/balancerWeighted.ts'
import { quoteVenue } from '../../../solver/venues/quoteVenue.ts'
import { venueCurve } from '../../../solver/venues/venueCurve.ts'
import { listVenueEdges } from '../../../solver/venues/venueEdges.ts'
import { market as baseMarket } from './fixtureMarket.ts'

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address
const E18 = 10n ** 18n
const tokens = [
  { chainId: 1, address: address(0xb1), symbol: 'WETH', decimals: 18, priceUsd: 3000, annualVolatility: 0.6 },
  { chainId: 1, address: address(0xb2), symbol: 'USDC', decimals: 6, priceUsd: 1, annualVolatility: 0.01 },
  { chainId: 1, address: address(0xb3), symbol: 'wstETH', decimals: 18, priceUsd: 3500, annualVolatility: 0.6 },
]
const [WETH, USDC, WSTETH] = tokens.map((t) => t.address) as [Address, Address, Address]

const weighted = (version: 'v0' | 'v3Plus', weightIn: bigint): BalancerWeightedPool => ({
  kind: 'balancerWeighted',
  id: `weighted-${version}-${weightIn}`,
  chainId: 1,
  address: address(0x501),
  tokens: [WETH, USDC],
  balances: [4_000n * E18, 9_000_000n * 10n ** 6n],
  weights: [weightIn, E18 - weightIn],
  scalingFactors: [E18, 10n ** 30n],
  swapFee: 3n * 10n ** 15n,
  version,
  gasUnits: 100_000,
})

// wstETH/WETH with wstETH's rate provider at 1.17 folded into its scaling factor, as ComposableStablePool does.
const stable: BalancerStablePool = {
  kind: 'balancerStable',
  id: 'wsteth-weth',
  chainId: 1,
  address: address(0x502),
  tokens: [WSTETH, WETH],
  balances: [30_000n * E18, 36_000n * E18],
  scalingFactors: [1_170_000_000_000_000_000n, E18],
  amplificationParameter: 50_000n,
  swapFee: 10n ** 14n,
  gasUnits: 180_000,
}

function marketWith(venue: Venue): Market {
  return { ...baseMarket, tokens: [...baseMarket.tokens, ...tokens], venues: [venue] }
}

function checkCurve(venue: BalancerWeightedPool | BalancerStablePool): void {
  const index = indexMarket(marketWith(venue))
  for (const { from, to } of listVenueEdges(venue)) {
    const curve = venueCurve(index, venue, from, to)
    const i = venue.tokens.findIndex((t) => assetKey(1, t) === from)
    const j = venue.tokens.findIndex((t) => assetKey(1, t) === to)
    const decimalsIn = index.tokens.get(from)?.decimals as number
    const decimalsOut = index.tokens.get(to)?.decimals as number
    const balanceOut = Number(venue.balances[j]) / 10 ** decimalsOut
    const maxRaw = venue.kind === 'balancerWeighted' ? maxWeightedAmountIn(venue, i) : (venue.balances[i] as bigint) * 3n
    let previous = { output: 0, marginal: Infinity }
    for (let exponent = 0; ; exponent += 0.25) {
      const raw = BigInt(Math.floor(10 ** exponent))
      if (raw > maxRaw) break
      const x = Number(raw) / 10 ** decimalsIn
      const quote = quoteVenue(index, venue, from, to, raw)
      // StableMath reverts (BAL#001) when an input too small to move the invariant meets the 1-unit guard: out 0.
      if (quote.exceedsCapacity) expect(venue.kind === 'balancerStable' && raw < 10n ** 6n, `${venue.id} ${i}→${j} raw ${raw} reverts`).toBe(true)
      const exact = Number(quote.amountOutRaw) / 10 ** decimalsOut
      // Exact math rounds in raw units (the fee rounds up by up to one raw input unit) and LogExpMath.pow carries up
      // to 1e-14 relative error (powUp adds it).
      const tolerance = 1e-9 * exact + 3 / 10 ** decimalsOut + curve.marginal(0) / 10 ** decimalsIn + 3e-14 * balanceOut
      expect(Math.abs(curve.output(x) - exact), `${venue.id} ${i}→${j} x = ${x}`).toBeLessThanOrEqual(tolerance)
      const h = x * 1e-4
      const difference = (curve.output(x + h) - curve.output(x - h)) / (2 * h)
      expect(Math.abs(curve.marginal(x) - difference), `${venue.id} marginal at ${x}`).toBeLessThanOrEqual(1e-6 * difference + 1e-9)
      expect(curve.output(x)).toBeGreaterThanOrEqual(previous.output)
      expect(curve.marginal(x)).toBeLessThanOrEqual(previous.marginal * (1 + 1e-12))
      previous = { output: curve.output(x), marginal: curve.marginal(x) }
    }
    if (venue.kind === 'balancerWeighted') {
      // The 30 % rule: maxOutput is the output at the largest accepted input; one more raw unit reverts.
      const atMax = Number(quoteVenue(index, venue, from, to, maxRaw).amountOutRaw) / 10 ** decimalsOut
      expect(Math.abs(curve.maxOutput - atMax)).toBeLessThanOrEqual(1e-6 * atMax)
      expect(quoteVenue(index, venue, from, to, maxRaw + 1n)).toMatchObject({ amountOutRaw: 0n, exceedsCapacity: true })
    } else expect(curve.output(1e30)).toBeLessThanOrEqual(curve.maxOutput * (1 + 1e-12))
  }
}

describe('Balancer venue curves', () => {
  it('weighted 50/50 (v3+, exact square powers) follows the exact quote', () => checkCurve(weighted('v3Plus', E18 / 2n)))
  it('weighted 80/20 (v0, every power through LogExpMath) follows the exact quote', () => checkCurve(weighted('v0', 8n * 10n ** 17n)))
  it('weighted 80/20 (v3+) follows the exact quote', () => checkCurve(weighted('v3Plus', 8n * 10n ** 17n)))
  it('stable with a rate-scaled coin follows the exact quote', () => checkCurve(stable))

  it('prices the rate: 1 wstETH buys about 1.17 WETH in a balanced rate-scaled pool', () => {
    const index = indexMarket(marketWith(stable))
    const out = quoteVenue(index, stable, assetKey(1, WSTETH), assetKey(1, WETH), E18).amountOutRaw
    // Upscaled balances are 35 100 vs 36 000: near balance, the rate dominates; the fee is 0.01 %.
    expect(Number(out) / 1e18).toBeGreaterThan(1.169)
    expect(Number(out) / 1e18).toBeLessThan(1.1705)
  })

  it('quotes the fee on the input and moves the Vault balances by the full amounts', () => {
    const pool = weighted('v3Plus', E18 / 2n)
    const index = indexMarket(marketWith(pool))
    const amountIn = 10n * E18
    const quote = quoteVenue(index, pool, assetKey(1, WETH), assetKey(1, USDC), amountIn)
    expect(quote.feeRaw).toBe(3n * 10n ** 16n) // 10 WETH · 0.3 %, rounded up (mulUp)
    expect(quote.feeOutRaw).toBe(0n)
    const after = applyVenueTrade(pool, assetKey(1, WETH), assetKey(1, USDC), amountIn, quote.amountOutRaw) as BalancerWeightedPool
    expect(after.balances).toEqual([pool.balances[0]! + amountIn, pool.balances[1]! - quote.amountOutRaw])
    // Closed form of a 50/50 pool with the fee on the input: out = B_o·γx/(B_i + γx).
    const gammaX = 10 * 0.997
    expect(Number(quote.amountOutRaw) / 1e6).toBeCloseTo((9_000_000 * gammaX) / (4_000 + gammaX), 4)
  })
})

