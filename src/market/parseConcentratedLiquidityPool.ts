// The checks of a Uniswap V3 pool entry of a market file that its schema cannot express, each with its field path.
import type { Static } from '@sinclair/typebox'
import { InvalidMarketError } from '../../solver/errors.ts'
import type { Address, ConcentratedLiquidityPool } from '../../solver/market/types.ts'
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO, getTickAtSqrtRatio } from '../../solver/venues/uniswapV3/tickMath.ts'
import type { ConcentratedLiquidityPoolSchema } from './marketSchema.ts'

const MAX_UINT128 = (1n << 128n) - 1n

/**
 * Builds the pool from its file entry at `at` (`pools[i]`): tokens listed and distinct, √price within TickMath's
 * range and consistent with `tick` (the pool keeps tick = getTickAtSqrtRatio(√price), except right after crossing a
 * tick downward, where it is one less), ticks ascending multiples of tickSpacing, liquidity within uint128.
 * Throws InvalidMarketError.
 */
export function parseConcentratedLiquidityPool(
  p: Static<typeof ConcentratedLiquidityPoolSchema>,
  at: string,
  requireToken: (chainId: number, address: string, field: string) => void,
): ConcentratedLiquidityPool {
  const lower = (address: string) => address.toLowerCase() as Address
  requireToken(p.chainId, p.token0, `${at}.token0`)
  requireToken(p.chainId, p.token1, `${at}.token1`)
  if (lower(p.token0) === lower(p.token1)) throw new InvalidMarketError(`Pool ${p.id} trades a token against itself.`, { field: `${at}.token1` })
  const sqrtPriceX96 = BigInt(p.sqrtPriceX96)
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO)
    throw new InvalidMarketError(`Pool ${p.id}: sqrtPriceX96 is outside the range of TickMath.`, { field: `${at}.sqrtPriceX96` })
  const priceTick = getTickAtSqrtRatio(sqrtPriceX96)
  if (p.tick !== priceTick && p.tick !== priceTick - 1)
    throw new InvalidMarketError(`Pool ${p.id}: tick ${p.tick} does not match sqrtPriceX96 (tick ${priceTick}).`, { field: `${at}.tick` })
  const liquidity = BigInt(p.liquidity)
  if (liquidity > MAX_UINT128) throw new InvalidMarketError(`Pool ${p.id}: liquidity exceeds uint128.`, { field: `${at}.liquidity` })
  let previous = -Infinity
  const ticks = p.ticks.map((t, j) => {
    const field = `${at}.ticks[${j}]`
    if (t.tick % p.tickSpacing !== 0)
      throw new InvalidMarketError(`Pool ${p.id}: tick ${t.tick} is not a multiple of tickSpacing ${p.tickSpacing}.`, { field: `${field}.tick` })
    if (t.tick <= previous) throw new InvalidMarketError(`Pool ${p.id}: ticks must be strictly ascending.`, { field: `${field}.tick` })
    previous = t.tick
    const liquidityNet = BigInt(t.liquidityNet)
    if (liquidityNet === 0n) throw new InvalidMarketError(`Pool ${p.id}: an initialized tick has liquidityNet 0.`, { field: `${field}.liquidityNet` })
    if (liquidityNet > MAX_UINT128 || -liquidityNet > MAX_UINT128)
      throw new InvalidMarketError(`Pool ${p.id}: liquidityNet exceeds int128.`, { field: `${field}.liquidityNet` })
    return { tick: t.tick, liquidityNet }
  })
  if (p.tickRange !== undefined && p.tickRange.lower > p.tickRange.upper)
    throw new InvalidMarketError(`Pool ${p.id}: tickRange.lower is above tickRange.upper.`, { field: `${at}.tickRange` })
  return {
    kind: 'concentratedLiquidity',
    id: p.id,
    chainId: p.chainId,
    address: lower(p.address),
    token0: lower(p.token0),
    token1: lower(p.token1),
    fee: p.fee,
    tickSpacing: p.tickSpacing,
    sqrtPriceX96,
    tick: p.tick,
    liquidity,
    ticks,
    ...(p.tickRange === undefined ? {} : { tickRange: { lower: p.tickRange.lower, upper: p.tickRange.upper } }),
    gasUnits: p.gasUnits,
    gasPerTickCrossed: p.gasPerTickCrossed,
  }
}
