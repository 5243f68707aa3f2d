import { describe, expect, it } from 'vitest'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import type { ConstantProductPool, StableSwapPool } from '../../../solver/market/types.ts'
import { createRandom } from '../../../solver/random.ts'
import { getD, getXp, stableMarginalRate } from '../../../solver/venues/stableSwap.ts'
import { toStableSwapParameters } from '../../../solver/venues/toStableSwapParameters.ts'
import { applyForeignTrades } from '../../../src/sim/applyForeignTrades.ts'
import { poolMidPrice } from '../../../src/sim/poolMidPrice.ts'
import { shiftPoolPrice } from '../../../src/sim/shiftPoolPrice.ts'
import { loadMarketFixture } from '../../helpers/loadFixtures.ts'

const market = loadMarketFixture('realistic')
const index = indexMarket(market)
const cp = market.venues.find((venue) => venue.id === 'ethereum-uniswap-v2-usdc-weth') as ConstantProductPool
const curve = market.venues.find((venue) => venue.kind === 'stableSwap' && venue.tokens.length === 3) as StableSwapPool
const key0 = assetKey(cp.chainId, cp.token0)
const key1 = assetKey(cp.chainId, cp.token1)

describe('shiftPoolPrice', () => {
  it.each([0.97, 0.999, 1.0004, 1.05])('constant product: multiplies the price of A in B by %d and keeps x·y', (factor) => {
    for (const [a, b] of [
      [key0, key1],
      [key1, key0],
    ] as const) {
      const shifted = shiftPoolPrice(index, cp, a, b, factor) as ConstantProductPool
      // Price of token0 in token1 (raw units) is reserve1/reserve0; of token1 in token0 its inverse.
      const before = Number(cp.reserve1) / Number(cp.reserve0)
      const after = Number(shifted.reserve1) / Number(shifted.reserve0)
      const expected = a === key0 ? factor : 1 / factor
      expect(after / before / expected - 1).toBeCloseTo(0, 12)
      const k = Number(cp.reserve0) * Number(cp.reserve1)
      expect((Number(shifted.reserve0) * Number(shifted.reserve1)) / k - 1).toBeCloseTo(0, 12)
    }
  })

  it.each([0.998, 0.9999, 1.0001, 1.003])('StableSwap: moves the marginal rate of the pair by %d at constant D', (factor) => {
    const [a, b] = [assetKey(curve.chainId, curve.tokens[0]!), assetKey(curve.chainId, curve.tokens[1]!)]
    const shifted = shiftPoolPrice(index, curve, a, b, factor) as StableSwapPool
    const before = toStableSwapParameters(index, curve)
    const after = toStableSwapParameters(index, shifted)
    // The contract-derived marginal rate (solver/venues/stableSwap.ts), not the curve the shift bisected on.
    expect(stableMarginalRate(after, 0, 1) / stableMarginalRate(before, 0, 1) / factor - 1).toBeCloseTo(0, 7)
    const D0 = getD(getXp(before.balances, before.decimals), before.amplification)
    const D1 = getD(getXp(after.balances, after.decimals), after.amplification)
    expect(Number(D1 - D0) / Number(D0)).toBeCloseTo(0, 12)
    expect(shifted.balances[2]).toBe(curve.balances[2]) // the third coin is untouched
  })

  it('returns the pool itself for factor 1 and rejects factors that are not positive and finite', () => {
    expect(shiftPoolPrice(index, cp, key0, key1, 1)).toBe(cp)
    for (const factor of [0, -1, Number.NaN, Infinity]) expect(() => shiftPoolPrice(index, cp, key0, key1, factor)).toThrow(/factor/)
  })
})

describe('applyForeignTrades', () => {
  it('is reproduced by its seed and reports the price move it caused', () => {
    const run = () => applyForeignTrades(index, cp, key0, key1, { tradesPerBlock: 3, sizeShareOfDepth: 0.001 }, createRandom(11))
    const first = run()
    expect(run()).toEqual(first)
    expect(first.trades).toBeGreaterThan(0)
    const moved = poolMidPrice(index, first.pool, key0, key1) / poolMidPrice(index, cp, key0, key1)
    expect(first.priceFactor).toBeCloseTo(moved, 12)
    // The independent measure: raw reserves.
    const pool = first.pool as ConstantProductPool
    expect(moved).toBeCloseTo(Number(pool.reserve1) / Number(pool.reserve0) / (Number(cp.reserve1) / Number(cp.reserve0)), 9)
    // Undoing the move restores the price.
    const undone = shiftPoolPrice(index, first.pool, key0, key1, 1 / first.priceFactor)
    expect(poolMidPrice(index, undone, key0, key1) / poolMidPrice(index, cp, key0, key1)).toBeCloseTo(1, 9)
  })

  it('with no trades per block leaves the pool alone', () => {
    const result = applyForeignTrades(index, cp, key0, key1, { tradesPerBlock: 0, sizeShareOfDepth: 0.01 }, createRandom(1))
    expect(result).toEqual({ pool: cp, trades: 0, priceFactor: 1 })
  })
})
