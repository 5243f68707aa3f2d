// Adapts a market StableSwap pool to the exact math's parameters, taking coin decimals from the market.
import { assetKey } from '../market/assetKey.ts'
import { getToken, type MarketIndex } from '../market/indexMarket.ts'
import type { StableSwapPool } from '../market/types.ts'
import type { StableSwapParameters } from './stableSwap.ts'

/** Throws UnknownTokenError when a coin of the pool is not among the market's tokens. */
export function toStableSwapParameters(index: MarketIndex, pool: StableSwapPool): StableSwapParameters {
  return {
    balances: pool.balances,
    decimals: pool.tokens.map((token, k) => getToken(index, assetKey(pool.chainId, token), `${pool.id}.tokens[${k}]`).decimals),
    amplification: pool.amplification,
    fee: pool.fee,
    ...(pool.rates === undefined ? {} : { rates: pool.rates }),
  }
}
