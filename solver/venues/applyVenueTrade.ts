// The state a venue is left in after a trade, so a second use of the same venue in one plan is
// quoted against the reserves the first use left behind.
import type { AssetKey, Venue } from '../market/types.ts'
import { parseAssetKey } from '../market/assetKey.ts'
import { quoteConcentratedExactInput } from './concentratedLiquidity.ts'

/**
 * Returns the venue after `amountInRaw` of `tokenIn` was traded for `amountOutRaw` of `tokenOut`.
 * Constant product: both reserves move by the full amounts (the fee stays in the pool, as in
 * UniswapV2Pair.swap). StableSwap: balances move by dx and dy; the admin share of the fee, which
 * the contract removes from the balance, is not modelled (it is a fraction of the fee, so a second
 * trade in the same pool sees a balance too high by at most fee·adminFee·dy). Concentrated liquidity: slot0 and the
 * in-range liquidity after the swap of `amountInRaw` (re-run exactly; the ticks themselves do not change). Balancer pools:
 * the Vault's balances move by the full amounts in and out (the protocol's share of the fee is settled later, on joins
 * and exits). Bridge: its
 * remaining liquidity falls by the output.
 */
export function applyVenueTrade(venue: Venue, tokenIn: AssetKey, tokenOut: AssetKey, amountInRaw: bigint, amountOutRaw: bigint): Venue {
  const addressIn = parseAssetKey(tokenIn).token
  const addressOut = parseAssetKey(tokenOut).token
  switch (venue.kind) {
    case 'constantProduct': {
      const zeroForOne = venue.token0 === addressIn
      return zeroForOne
        ? { ...venue, reserve0: venue.reserve0 + amountInRaw, reserve1: venue.reserve1 - amountOutRaw }
        : { ...venue, reserve0: venue.reserve0 - amountOutRaw, reserve1: venue.reserve1 + amountInRaw }
    }
    case 'concentratedLiquidity': {
      const { swap } = quoteConcentratedExactInput(venue, venue.token0 === addressIn, amountInRaw)
      return { ...venue, sqrtPriceX96: swap.sqrtPriceX96, tick: swap.tick, liquidity: swap.liquidity }
    }
    case 'stableSwap':
    case 'balancerWeighted':
    case 'balancerStable': {
      const i = venue.tokens.indexOf(addressIn)
      const j = venue.tokens.indexOf(addressOut)
      return {
        ...venue,
        balances: venue.balances.map((balance, k) => (k === i ? balance + amountInRaw : k === j ? balance - amountOutRaw : balance)),
      }
    }
    case 'bridge':
      return { ...venue, liquidityCapRaw: venue.liquidityCapRaw > amountOutRaw ? venue.liquidityCapRaw - amountOutRaw : 0n }
  }
}
