// The concentrated-liquidity venue: exact quotes through quoteVenue / applyVenueTrade, and the optimiser's float curve
// against them (the exact simulation is itself checked against the pool contract in test/src/devnet/uniswapV3Swaps).
import { describe, expect, it } from 'vitest'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import type { Address, ConcentratedLiquidityPool, Market } from '../../../solver/market/types.ts'
import { createRandom } from '../../../solver/random.ts'
import { applyVenueTrade } from '../../../solver/venues/applyVenueTrade.ts'
import { quoteVenue } from '../../../solver/venues/quoteVenue.ts'
import { simulateSwap } from '../../../solver/venues/uniswapV3/simulateSwap.ts'
import { getSqrtRatioAtTick } from '../../../solver/venues/uniswapV3/tickMath.ts'
import { venueCurve } from '../../../solver/venues/venueCurve.ts'

const USDC = '0x00000000000000000000000000000000000000c1' as Address
const WETH = '0x00000000000000000000000000000000000000e1' as Address

/** A USDC/WETH 0.05 % pool near 3,000 USDC per WETH with 40 seeded positions; ticks and liquidity from the positions. */
function seededPool(seed: number): ConcentratedLiquidityPool {
  const random = createRandom(seed)
  const spacing = 10
  // token0 = USDC (6 decimals), token1 = WETH (18): raw WETH per raw USDC = 1e12/3000.
  const tick = Math.floor(Math.log(1e12 / 3000) / Math.log(1.0001))
  const nets = new Map<number, bigint>()
  let liquidity = 0n
  for (let i = 0; i < 40; i++) {
    const center = tick + (random() - 0.5) * 8000
    const width = spacing * Math.max(1, Math.round(Math.exp(random() * Math.log(400))))
    const lower = Math.round((center - width / 2) / spacing) * spacing
    const upper = lower + width
    const amount = BigInt(Math.floor((0.2 + random()) * 1e16))
    nets.set(lower, (nets.get(lower) ?? 0n) + amount)
    nets.set(upper, (nets.get(upper) ?? 0n) - amount)
    if (lower <= tick && tick < upper) liquidity += amount
  }
  const ticks = [...nets.entries()].filter(([, net]) => net !== 0n).sort(([a], [b]) => a - b).map(([t, liquidityNet]) => ({ tick: t, liquidityNet }))
  return {
    kind: 'concentratedLiquidity',
    id: 'usdc-weth-500',
    chainId: 1,
    address: '0x0000000000000000000000000000000000000301',
    token0: USDC,
    token1: WETH,
    fee: 500,
    tickSpacing: spacing,
    sqrtPriceX96: getSqrtRatioAtTick(tick) + 123_456_789n,
    tick,
    liquidity,
    ticks,
    gasUnits: 104_000,
    gasPerTickCrossed: 28_500,
  }
}

function marketWith(pool: ConcentratedLiquidityPool): Market {
  return {
    name: 'v3',
    timestamp: 0,
    version: 'test',
    networks: [{ chainId: 1, name: 'ethereum', displayName: 'Ethereum', blockTimeMs: 12_000, finalitySeconds: 900, gasPriceWei: 10n ** 9n, nativeSymbol: 'ETH', nativePriceUsd: 3000, congestion: 0.2 }],
    tokens: [
      { chainId: 1, address: USDC, symbol: 'USDC', decimals: 6, priceUsd: 1, annualVolatility: 0.01 },
      { chainId: 1, address: WETH, symbol: 'WETH', decimals: 18, priceUsd: 3000, annualVolatility: 0.6 },
    ],
    venues: [pool],
  }
}

const usdc = assetKey(1, USDC)
const weth = assetKey(1, WETH)

describe('concentrated liquidity venue', () => {
  const pool = seededPool(5)
  const index = indexMarket(marketWith(pool))
  const directions = [
    { name: 'USDC → WETH', tokenIn: usdc, tokenOut: weth, decimalsIn: 6, decimalsOut: 18, zeroForOne: true },
    { name: 'WETH → USDC', tokenIn: weth, tokenOut: usdc, decimalsIn: 18, decimalsOut: 6, zeroForOne: false },
  ] as const

  it.each(directions)('$name: quoteVenue is the pool swap; applyVenueTrade leaves the swapped state', ({ tokenIn, tokenOut, zeroForOne }) => {
    const amountInRaw = zeroForOne ? 300_000n * 10n ** 6n : 100n * 10n ** 18n
    const quote = quoteVenue(index, pool, tokenIn, tokenOut, amountInRaw)
    const swap = simulateSwap(pool, { zeroForOne, amountSpecified: amountInRaw })
    expect(quote.amountOutRaw).toBe(zeroForOne ? -swap.amount1 : -swap.amount0)
    expect(quote.feeRaw).toBe(swap.feeAmount)
    expect(quote.ticksCrossed).toBeGreaterThan(0)
    expect(quote.exceedsCapacity).toBe(false)
    const after = applyVenueTrade(pool, tokenIn, tokenOut, amountInRaw, quote.amountOutRaw) as ConcentratedLiquidityPool
    expect([after.sqrtPriceX96, after.tick, after.liquidity]).toEqual([swap.sqrtPriceX96, swap.tick, swap.liquidity])
    // A zero trade quotes zero and leaves the pool as it was.
    expect(quoteVenue(index, pool, tokenIn, tokenOut, 0n).amountOutRaw).toBe(0n)
  })

  it.each(directions)('$name: the float curve follows the exact swap across ticks (relative 1e-9 plus the rounding of the contract)', ({ tokenIn, tokenOut, decimalsIn, decimalsOut, zeroForOne }) => {
    const curve = venueCurve(index, pool, tokenIn, tokenOut)
    const random = createRandom(11)
    const reach = simulateSwap(pool, { zeroForOne, amountSpecified: 1n << 200n, sqrtPriceLimitX96: getSqrtRatioAtTick(pool.tick + (zeroForOne ? -3000 : 3000)) })
    const maxIn = Number(zeroForOne ? reach.amount0 : reach.amount1)
    for (let k = 0; k < 200; k++) {
      const amountInRaw = BigInt(Math.floor(maxIn * 10 ** (-6 * random()))) + 1n
      const quote = quoteVenue(index, pool, tokenIn, tokenOut, amountInRaw)
      const exact = Number(quote.amountOutRaw) / 10 ** decimalsOut
      const approx = curve.output(Number(amountInRaw) / 10 ** decimalsIn)
      // Float error, plus the contract's rounding: per swap step (two per tick crossed) at most one raw unit of output
      // and one raw unit of input (the fee and the amounts round up), worth exact/amountIn each.
      const steps = 2 * (quote.ticksCrossed ?? 0) + 2
      const rounding = steps / 10 ** decimalsOut + (steps * exact) / Number(amountInRaw)
      expect(Math.abs(approx - exact)).toBeLessThanOrEqual(1e-9 * exact + rounding)
    }
  })

  it.each(directions)('$name: the marginal is the derivative, non-increasing (concave), and 0 past the known liquidity', ({ tokenIn, tokenOut, zeroForOne }) => {
    const curve = venueCurve(index, pool, tokenIn, tokenOut)
    const scale = zeroForOne ? 1e7 : 3e3 // about the input that crosses the whole seeded range
    let previous = Infinity
    for (let k = 1; k <= 400; k++) {
      const x = (scale * k) / 400
      const marginal = curve.marginal(x)
      expect(marginal).toBeLessThanOrEqual(previous * (1 + 1e-12))
      previous = marginal
      const h = x * 1e-6
      const numeric = (curve.output(x + h) - curve.output(x - h)) / (2 * h)
      if (marginal > 0) expect(Math.abs(numeric - marginal) / marginal).toBeLessThan(1e-4)
    }
    expect(curve.output(1e30)).toBeCloseTo(curve.maxOutput, 6)
    expect(curve.marginal(1e30)).toBe(0)
  })

  it('marks a swap that leaves the known ticks as beyond capacity', () => {
    const windowed: ConcentratedLiquidityPool = { ...pool, tickRange: { lower: pool.tick - 2560, upper: pool.tick + 2560 } }
    const windowedIndex = indexMarket(marketWith(windowed))
    const big = quoteVenue(windowedIndex, windowed, usdc, weth, 10n ** 15n)
    expect(big.exceedsCapacity).toBe(true)
    const small = quoteVenue(windowedIndex, windowed, usdc, weth, 10n ** 6n)
    expect(small.exceedsCapacity).toBe(false)
    expect(small.amountOutRaw).toBe(quoteVenue(index, pool, usdc, weth, 10n ** 6n).amountOutRaw)
    // The float curve stops at the same edge.
    const curve = venueCurve(windowedIndex, windowed, usdc, weth)
    expect(curve.maxOutput).toBeLessThan(venueCurve(index, pool, usdc, weth).maxOutput)
  })
})
