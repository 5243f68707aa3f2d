// The mid price of a pool between two of its tokens: what an infinitesimal trade pays, fee excluded.
import { getToken, type MarketIndex } from '../../solver/market/indexMarket.ts'
import type { AssetKey, Pool } from '../../solver/market/types.ts'
import { resolveVenuePair } from '../../solver/venues/resolveVenuePair.ts'
import { stableMarginalRate } from '../../solver/venues/stableSwap.ts'
import { toStableSwapParameters } from '../../solver/venues/toStableSwapParameters.ts'
import { venueCurve } from '../../solver/venues/venueCurve.ts'

/**
 * Price of one unit of `tokenA` in units of `tokenB` (token units, not raw) at the pool's current
 * state, without the fee: reserveB/reserveA for constant product (UniswapV2 marginal price), (√P)² for
 * concentrated liquidity, the
 * invariant's gradient ratio for StableSwap (stableMarginalRate divided by its fee factor). A float,
 * used only for ratios of prices. Throws INVALID_ARGUMENT when the pool does not hold both tokens.
 */
export function poolMidPrice(index: MarketIndex, pool: Pool, tokenA: AssetKey, tokenB: AssetKey): number {
  const { indexIn: a, indexOut: b } = resolveVenuePair(pool, tokenA, tokenB)
  const decimalsA = getToken(index, tokenA).decimals
  const decimalsB = getToken(index, tokenB).decimals
  if (pool.kind === 'constantProduct') {
    const reserves = [pool.reserve0, pool.reserve1]
    return (Number(reserves[b]) / 10 ** decimalsB) / (Number(reserves[a]) / 10 ** decimalsA)
  }
  if (pool.kind === 'concentratedLiquidity') {
    // Uniswap V3: raw token1 per raw token0 is (√P/2^96)² (whitepaper §6.1).
    const sqrt = Number(pool.sqrtPriceX96) / 2 ** 96
    const rawPrice = a === 0 ? sqrt * sqrt : 1 / (sqrt * sqrt)
    return rawPrice * 10 ** (decimalsA - decimalsB)
  }
  // Balancer: the optimiser's curve at 0, whose fee γ = 1 − swapFee multiplies the fee-less gradient.
  if (pool.kind === 'balancerWeighted' || pool.kind === 'balancerStable')
    return venueCurve(index, pool, tokenA, tokenB).marginal(0) / (1 - Number(pool.swapFee) / 1e18)
  const parameters = toStableSwapParameters(index, pool)
  const rawRate = stableMarginalRate(parameters, a, b) / (1 - Number(pool.fee) / 1e10)
  return rawRate * 10 ** (decimalsA - decimalsB)
}
