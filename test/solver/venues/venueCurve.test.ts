import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { indexMarket, type MarketIndex } from '../../../solver/market/indexMarket.ts'
import type { Address, AssetKey, Market, Venue } from '../../../solver/market/types.ts'
import { quoteVenue } from '../../../solver/venues/quoteVenue.ts'
import { venueCurve } from '../../../solver/venues/venueCurve.ts'
import { listVenueEdges } from '../../../solver/venues/venueEdges.ts'
import { bridgeUp, cpPool, index, market, stablePool } from './fixtureMarket.ts'

const decimalsOf = (marketIndex: MarketIndex, key: AssetKey) => marketIndex.tokens.get(key)?.decimals as number

/** Input amounts from 1 raw unit up to `maxRaw`, about four per decade. */
function rawGrid(maxRaw: bigint): bigint[] {
  const amounts: bigint[] = []
  for (let exponent = 0; ; exponent += 0.25) {
    const raw = BigInt(Math.floor(10 ** exponent))
    if (raw > maxRaw) break
    if (amounts.at(-1) !== raw) amounts.push(raw)
  }
  return amounts
}

function inputBalance(venue: Venue, from: AssetKey): bigint {
  if (venue.kind === 'constantProduct') return assetKey(venue.chainId, venue.token0) === from ? venue.reserve0 : venue.reserve1
  if (venue.kind === 'bridge') return venue.liquidityCapRaw
  if (venue.kind === 'concentratedLiquidity') throw new Error(`no input balance for ${venue.kind}`)
  return venue.balances[venue.tokens.findIndex((token) => assetKey(venue.chainId, token) === from)] as bigint
}

/**
 * Checks the float curve of every direction of `venue` against the exact integer quote: output within 1e-9
 * relative (plus the integer math's rounding, a few raw units), marginal against a central finite difference,
 * output increasing and marginal non-increasing (concavity).
 */
function checkCurves(marketIndex: MarketIndex, venue: Venue): void {
  for (const { from, to } of listVenueEdges(venue)) {
    const curve = venueCurve(marketIndex, venue, from, to)
    const decimalsIn = decimalsOf(marketIndex, from)
    const decimalsOut = decimalsOf(marketIndex, to)
    // Rounding of the exact math: the output floors (and the contract's 1-unit guard) in output raw units; a
    // bridge also floors its proportional fee in input raw units.
    const roundingUnits = 3 / 10 ** decimalsOut + (venue.kind === 'bridge' ? 2 / 10 ** decimalsIn : 0)
    const maxRaw = venue.kind === 'bridge' ? 10n ** BigInt(decimalsIn + 7) : inputBalance(venue, from) * 3n
    let previousOutput = 0
    let previousMarginal = Infinity
    for (const raw of rawGrid(maxRaw)) {
      const x = Number(raw) / 10 ** decimalsIn
      const exact = Number(quoteVenue(marketIndex, venue, from, to, raw).amountOutRaw) / 10 ** decimalsOut
      const float = curve.output(Math.max(0, x - curve.fixedFee))
      expect(Math.abs(float - exact), `${venue.id} ${from}→${to} x = ${x}: float ${float}, exact ${exact}`).toBeLessThanOrEqual(
        1e-9 * exact + roundingUnits,
      )

      // Five-point central differences at h and h/2: truncation error ~(h/x)⁴·(curvature), estimated by how much
      // the two disagree (large near a StableSwap pool's depletion "wall"); float noise ~1e-12 of the output / h.
      const f = (t: number) => curve.output(t)
      const stencil = (h: number) => (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)
      const h = x * 1e-3
      const coarse = stencil(h)
      const fine = stencil(h / 2)
      const tolerance = 1e-7 * fine + 2 * Math.abs(coarse - fine) + (1e-12 * f(x + h)) / (h / 2)
      expect(Math.abs(curve.marginal(x) - fine), `${venue.id} marginal at ${x}`).toBeLessThan(tolerance)

      expect(curve.output(x)).toBeGreaterThanOrEqual(previousOutput)
      expect(curve.marginal(x)).toBeLessThanOrEqual(previousMarginal * (1 + 1e-12))
      previousOutput = curve.output(x)
      previousMarginal = curve.marginal(x)
    }
    expect(curve.output(0)).toBe(0)
    // A pool never pays out its whole balance (up to float rounding of the curve).
    if (venue.kind !== 'bridge') expect(curve.output(1e30)).toBeLessThanOrEqual(curve.maxOutput * (1 + 1e-12))
  }
}

describe('venueCurve', () => {
  it('follows the exact constant-product quote in both directions', () => checkCurves(index, cpPool))
  it('follows the exact StableSwap quote in every direction of a 3-coin pool with 6 and 18 decimals', () => checkCurves(index, stablePool))
  it('follows the exact bridge quote after the fixed fee', () => checkCurves(index, bridgeUp))

  it('exposes reserves, liquidity cap and fixed fee in token units', () => {
    const usdc = assetKey(1, cpPool.token0)
    const weth = assetKey(1, cpPool.token1)
    expect(venueCurve(index, cpPool, usdc, weth).maxOutput).toBe(10_000)
    expect(venueCurve(index, cpPool, weth, usdc).maxOutput).toBe(30_000_000)
    expect(venueCurve(index, cpPool, weth, usdc).fixedFee).toBe(0)
    const bridge = venueCurve(index, bridgeUp, assetKey(1, bridgeUp.from.token), assetKey(10, bridgeUp.to.token))
    expect(bridge.maxOutput).toBe(2_000_000)
    expect(bridge.fixedFee).toBe(1.5)
    expect(bridge.marginal(123)).toBe(1 - 5 / 10_000)
    const dai = assetKey(1, stablePool.tokens[0] as string)
    const usdt = assetKey(1, stablePool.tokens[2] as string)
    expect(venueCurve(index, stablePool, dai, usdt).maxOutput).toBe(50_000_000)
  })

  it('follows the exact quote over random constant-product and StableSwap pools', () => {
    const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address
    const tokens = [6, 18, 6, 18].map((decimals, n) => ({
      chainId: 1,
      address: address(0xa0 + n),
      symbol: `T${n}`,
      decimals,
      priceUsd: 1,
      annualVolatility: 0.1,
    }))
    const venueArbitrary = fc.oneof(
      fc
        .record({
          tokenIndices: fc.constantFrom([0, 1], [1, 0], [0, 2], [1, 3]),
          reserves: fc.tuple(fc.double({ min: 2, max: 12, noNaN: true }), fc.double({ min: 2, max: 12, noNaN: true })),
          feeBps: fc.integer({ min: 0, max: 100 }),
        })
        .map(({ tokenIndices, reserves, feeBps }): Venue => {
          const [a, b] = tokenIndices.map((k) => tokens[k] as (typeof tokens)[number])
          return {
            ...cpPool,
            id: 'random-cp',
            token0: (a as (typeof tokens)[number]).address,
            token1: (b as (typeof tokens)[number]).address,
            reserve0: BigInt(Math.floor(10 ** reserves[0])) * 10n ** BigInt((a as (typeof tokens)[number]).decimals),
            reserve1: BigInt(Math.floor(10 ** reserves[1])) * 10n ** BigInt((b as (typeof tokens)[number]).decimals),
            feeBps,
          }
        }),
      fc
        .record({
          coins: fc.constantFrom([0, 1], [0, 2], [1, 3], [0, 1, 2], [1, 0, 3]),
          largest: fc.double({ min: 5, max: 10, noNaN: true }),
          down: fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }),
          amplification: fc.bigInt({ min: 1n, max: 5_000n }),
          fee: fc.bigInt({ min: 0n, max: 50_000_000n }),
        })
        .map(({ coins, largest, down, amplification, fee }): Venue => ({
          ...stablePool,
          id: 'random-stable',
          tokens: coins.map((k) => (tokens[k] as (typeof tokens)[number]).address),
          balances: coins.map(
            (k, position) => BigInt(Math.floor(10 ** (largest - (down[position] as number)))) * 10n ** BigInt((tokens[k] as (typeof tokens)[number]).decimals),
          ),
          amplification,
          fee,
        })),
    )
    fc.assert(
      fc.property(venueArbitrary, (venue) => {
        const randomMarket: Market = { ...market, tokens, venues: [venue] }
        checkCurves(indexMarket(randomMarket), venue)
      }),
      { numRuns: 60 },
    )
  })
})
