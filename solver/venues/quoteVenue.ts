// Exact quote of one trade through one venue, computed as the venue's contract computes it: the amounts
// the planner reports in its steps.
import { BaseError, InvalidAmountError } from '../errors.ts'
import { assetKeyOf } from '../market/assetKey.ts'
import { getToken, type MarketIndex } from '../market/indexMarket.ts'
import type { AssetKey, Venue } from '../market/types.ts'
import { getBridgeAmountOut, getBridgeFeeRaw } from './bridge.ts'
import { quoteConcentratedExactInput } from './concentratedLiquidity.ts'
import { getAmountOut } from './constantProduct.ts'
import { resolveVenuePair } from './resolveVenuePair.ts'
import { getDyWithFee, PRECISION, stableSwapRates } from './stableSwap.ts'
import { toStableSwapParameters } from './toStableSwapParameters.ts'
import { quoteBalancerPool } from './quoteBalancerPool.ts'

/** Uniswap V2 stores reserves as uint112 (UniswapV2Pair.sol). */
export const MAX_UINT112 = 2n ** 112n - 1n

export interface QuoteVenueReturnType {
  /** Raw units of tokenOut received (for a bridge: before checking its liquidity cap). */
  readonly amountOutRaw: bigint
  /**
   * Venue fee in tokenIn raw units. Constant product: floor(amountIn·feeBps/10000), the part of the input the
   * pool keeps. Bridge: fixed + proportional fee, exactly. StableSwap: approximate — the contract takes its fee
   * from the output (`feeOutRaw`); here it is converted to tokenIn at the invariant's 1:1 peg of normalised units.
   * Balancer: `amountIn.mulUp(swapFee)`, exactly (the Vault takes the fee from the input).
   */
  readonly feeRaw: bigint
  /** StableSwap: the contract's fee in tokenOut raw units (floor), exact. Constant product and bridge: 0n. */
  readonly feeOutRaw: bigint
  /**
   * True when the venue cannot deliver amountOutRaw: a bridge output above `liquidityCapRaw`; a concentrated-liquidity
   * pool that runs out of liquidity or past its known ticks; a Balancer swap the contract refuses (input above 30 % of
   * the balance: amountOutRaw is then 0). Constant-product and StableSwap pools never exceed.
   */
  readonly exceedsCapacity: boolean
  /** Concentrated liquidity: initialized ticks the swap crosses (gas, see venueGasUnits). Other venues: absent. */
  readonly ticksCrossed?: number
}

/**
 * Quotes `amountInRaw` of `tokenIn` → `tokenOut` through `venue` with exact integer math:
 * Uniswap V2 `getAmountOut` for constant product, UniswapV3Pool.swap for concentrated liquidity, the Curve pool's `exchange()` for StableSwap, the bridge's
 * fee schedule for bridges. Token decimals come from `index`. amountInRaw = 0 quotes zero.
 * Throws BaseError `INVALID_ARGUMENT` when the venue does not trade tokenIn → tokenOut or amountInRaw < 0,
 * UnknownTokenError when a token the venue needs is not in the market.
 */
export function quoteVenue(index: MarketIndex, venue: Venue, tokenIn: AssetKey, tokenOut: AssetKey, amountInRaw: bigint): QuoteVenueReturnType {
  const { indexIn, indexOut } = resolveVenuePair(venue, tokenIn, tokenOut)
  if (amountInRaw < 0n) throw new BaseError('INVALID_ARGUMENT', 'Amount in must not be negative.', { field: 'amountInRaw' })
  switch (venue.kind) {
    case 'constantProduct': {
      const [reserveIn, reserveOut] = indexIn === 0 ? [venue.reserve0, venue.reserve1] : [venue.reserve1, venue.reserve0]
      // UniswapV2Pair._update: require(balance0 <= uint112(-1) && balance1 <= uint112(-1), 'UniswapV2: OVERFLOW').
      if (reserveIn + amountInRaw > MAX_UINT112)
        throw new InvalidAmountError(`The swap would take the ${venue.id} reserve past uint112; the pair reverts with "UniswapV2: OVERFLOW".`, { field: 'amount' })
      return {
        amountOutRaw: getAmountOut(amountInRaw, reserveIn, reserveOut, venue.feeBps),
        feeRaw: (amountInRaw * BigInt(venue.feeBps)) / 10_000n,
        feeOutRaw: 0n,
        exceedsCapacity: false,
      }
    }
    case 'concentratedLiquidity': {
      const quote = quoteConcentratedExactInput(venue, indexIn === 0, amountInRaw)
      return {
        amountOutRaw: quote.amountOutRaw,
        feeRaw: quote.swap.feeAmount,
        feeOutRaw: 0n,
        exceedsCapacity: !quote.filled,
        ticksCrossed: quote.swap.initializedTicksCrossed,
      }
    }
    case 'stableSwap': {
      const parameters = toStableSwapParameters(index, venue)
      const { dy, feeRaw: feeOutRaw, feeXp } = getDyWithFee(parameters, indexIn, indexOut, amountInRaw)
      const rateIn = stableSwapRates(parameters)[indexIn] as bigint
      return { amountOutRaw: dy, feeRaw: (feeXp * PRECISION) / rateIn, feeOutRaw, exceedsCapacity: false }
    }
    case 'balancerWeighted':
    case 'balancerStable':
      return quoteBalancerPool(venue, indexIn, indexOut, amountInRaw)
    case 'bridge': {
      const fromDecimals = getToken(index, assetKeyOf(venue.from), `${venue.id}.from`).decimals
      const toDecimals = getToken(index, assetKeyOf(venue.to), `${venue.id}.to`).decimals
      const amountOutRaw = getBridgeAmountOut(venue, amountInRaw, fromDecimals, toDecimals)
      return {
        amountOutRaw,
        feeRaw: getBridgeFeeRaw(venue, amountInRaw),
        feeOutRaw: 0n,
        exceedsCapacity: amountOutRaw > venue.liquidityCapRaw,
      }
    }
  }
}
