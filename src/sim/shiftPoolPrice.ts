// Moves a pool along its invariant so that its mid price changes by a given factor: how the
// simulator lets an external arbitrageur carry a market price move into the pool (and undo the price
// impact of other traders' swaps).
import { BaseError } from '../../solver/errors.ts'
import type { MarketIndex } from '../../solver/market/indexMarket.ts'
import type { AssetKey, ConcentratedLiquidityPool, Pool } from '../../solver/market/types.ts'
import { resolveVenuePair } from '../../solver/venues/resolveVenuePair.ts'
import { getD, getXp, getY, PRECISION, stableSwapRates } from '../../solver/venues/stableSwap.ts'
import { getToken } from '../../solver/market/indexMarket.ts'
import { venueAssetKeys } from '../../solver/venues/resolveVenuePair.ts'
import { toStableSwapParameters } from '../../solver/venues/toStableSwapParameters.ts'
import { venueCurve } from '../../solver/venues/venueCurve.ts'
import { MAX_UINT256 } from '../../solver/venues/uniswapV3/fullMath.ts'
import { simulateSwap } from '../../solver/venues/uniswapV3/simulateSwap.ts'
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO } from '../../solver/venues/uniswapV3/tickMath.ts'

/** Fixed-point scale for applying a float factor to bigint reserves exactly. */
const SCALE_BITS = 52n
const SCALE = 1n << SCALE_BITS

/**
 * Returns the pool with the price of `tokenA` in units of `tokenB` multiplied by `factor` (> 0),
 * keeping its invariant: the trade a fee-less arbitrageur makes to bring the pool to a new market
 * price, as in the loss-versus-rebalancing model (Milionis, Moallemi, Roughgarden & Zhang,
 * "Automated market making and loss-versus-rebalancing", 2022, §3, where the pool's price tracks the
 * market's and the arbitrageur trades along the invariant).
 * - Constant product: the price of A in B is r_B/r_A, so r_A' = r_A/√f and r_B' = r_B·√f keep
 *   r_A·r_B = k (to one raw unit of rounding; √f is applied as a 52-bit fixed-point fraction).
 * - StableSwap: only the pair (A, B) moves. For f < 1 coin A is added: the amount x (token units)
 *   solves marginal_A→B(x) = f·marginal_A→B(0) on the constant-D curve (venueCurve, whose marginal
 *   at x is the rate at the state after selling x), found by bisection; B's new balance is the
 *   contract's get_y at the same D. For f > 1 the same with B added. The fee is not charged, so the
 *   factor is met to the bisection's precision (relative 1e-12) and the balances' rounding.
 * - Concentrated liquidity: √P moves by √f (or 1/√f); the state (tick, in-range liquidity across crossed ticks) is
 *   the pool's own swap run to that price limit with an unbounded input.
 * factor = 1 returns the pool itself. Throws INVALID_ARGUMENT for a factor that is not finite and
 * positive or a pool that does not hold both tokens.
 */
export function shiftPoolPrice(index: MarketIndex, pool: Pool, tokenA: AssetKey, tokenB: AssetKey, factor: number): Pool {
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new BaseError('INVALID_ARGUMENT', `Price factor must be finite and positive, got ${factor}.`, { field: 'factor' })
  const { indexIn: a, indexOut: b } = resolveVenuePair(pool, tokenA, tokenB)
  if (factor === 1) return pool
  if (pool.kind === 'constantProduct') {
    const root = BigInt(Math.round(Math.sqrt(factor) * Number(SCALE)))
    if (root <= 0n) throw new BaseError('INVALID_ARGUMENT', `Price factor ${factor} is too small to apply.`, { field: 'factor' })
    const reserves = [pool.reserve0, pool.reserve1] as [bigint, bigint]
    const next: [bigint, bigint] = [...reserves]
    next[a] = (reserves[a]! * SCALE) / root
    next[b] = (reserves[b]! * root) / SCALE
    if (next[0] <= 0n || next[1] <= 0n) throw new BaseError('INVALID_ARGUMENT', `Price factor ${factor} empties the pool.`, { field: 'factor' })
    return { ...pool, reserve0: next[0], reserve1: next[1] }
  }
  if (pool.kind === 'concentratedLiquidity') return shiftConcentratedPrice(pool, a, factor)
  // StableSwap: add coin `added` until the marginal rate added → other falls by `fall` (< 1).
  const [added, other, fall] = factor < 1 ? [a, b, factor] : [b, a, 1 / factor]
  const curve = factor < 1 ? venueCurve(index, pool, tokenA, tokenB) : venueCurve(index, pool, tokenB, tokenA)
  const target = fall * curve.marginal(0)
  let low = 0
  let high = Math.max(1e-18, curve.maxOutput * 1e-12)
  for (let doubling = 0; curve.marginal(high) > target; doubling++) {
    if (doubling > 200) throw new BaseError('INVALID_ARGUMENT', `Price factor ${factor} cannot be reached in pool ${pool.id}.`, { field: 'factor' })
    low = high
    high *= 2
  }
  while (high - low > 1e-12 * high) {
    const middle = (low + high) / 2
    if (curve.marginal(middle) > target) low = middle
    else high = middle
  }
  if (pool.kind === 'balancerWeighted' || pool.kind === 'balancerStable') {
    // Balancer: the fee-less trade along the float curve (output / γ), rounded to raw units; a simulation aid only.
    const units = (low + high) / 2
    const keys = venueAssetKeys(pool)
    const raw = (k: number, value: number) => BigInt(Math.round(value * 10 ** getToken(index, keys[k] as AssetKey).decimals))
    const gamma = 1 - Number(pool.swapFee) / 1e18
    const moved = pool.balances.map((balance, k) =>
      k === added ? balance + raw(k, units) : k === other ? balance - raw(k, curve.output(units) / gamma) : balance,
    )
    return { ...pool, balances: moved }
  }
  const parameters = toStableSwapParameters(index, pool)
  const rates = stableSwapRates(parameters)
  const xp = getXp(parameters.balances, parameters.decimals, rates)
  // Normalised units per token unit of the added coin (1 without rate multipliers).
  const unitAdded = (Number(rates[added]) * 10 ** (parameters.decimals[added] as number)) / 1e36
  const amount = BigInt(Math.round(((low + high) / 2) * unitAdded * 1e18))
  if (amount === 0n) return pool
  const D = getD(xp, parameters.amplification)
  const newAdded = xp[added]! + amount
  const newOther = getY(added, other, newAdded, xp, parameters.amplification, D)
  const balances = pool.balances.map((balance, k) =>
    k === added ? (newAdded * PRECISION) / rates[k]! : k === other ? (newOther * PRECISION) / rates[k]! : balance,
  )
  return { ...pool, balances }
}

function shiftConcentratedPrice(pool: ConcentratedLiquidityPool, a: number, factor: number): Pool {
  // The price of token0 in token1 is (√P)²; of A in B, f times larger means √P·√f when A is token0.
  const rootFactor = a === 0 ? Math.sqrt(factor) : 1 / Math.sqrt(factor)
  const root = BigInt(Math.round(rootFactor * Number(SCALE)))
  let target = (pool.sqrtPriceX96 * root) / SCALE
  if (target === pool.sqrtPriceX96) return pool
  target = target <= MIN_SQRT_RATIO ? MIN_SQRT_RATIO + 1n : target >= MAX_SQRT_RATIO ? MAX_SQRT_RATIO - 1n : target
  const swap = simulateSwap(pool, { zeroForOne: target < pool.sqrtPriceX96, amountSpecified: MAX_UINT256 >> 2n, sqrtPriceLimitX96: target })
  return { ...pool, sqrtPriceX96: swap.sqrtPriceX96, tick: swap.tick, liquidity: swap.liquidity }
}
