// Exact quotes of a Uniswap V3 pool for exact-input and exact-output trades, as SwapRouter and QuoterV2 get them
// from the pool: one UniswapV3Pool.swap with no price limit (Uniswap/v3-periphery contracts/SwapRouter.sol
// exactInputSingle / exactOutputSingle pass sqrtPriceLimitX96 = 0, i.e. MIN_SQRT_RATIO + 1 / MAX_SQRT_RATIO − 1).
import { BaseError } from '../errors.ts'
import type { ConcentratedLiquidityPool } from '../market/types.ts'
import { simulateSwap, type SimulateSwapReturnType } from './uniswapV3/simulateSwap.ts'

export interface ConcentratedQuote {
  /** Input the pool takes, fee included (raw units of the input token). */
  readonly amountInRaw: bigint
  /** Output the pool pays (raw units of the output token). */
  readonly amountOutRaw: bigint
  /** False when the pool cannot fill the whole request: it runs out of liquidity or leaves the known ticks. */
  readonly filled: boolean
  readonly swap: SimulateSwapReturnType
}

function amounts(zeroForOne: boolean, swap: SimulateSwapReturnType): { amountInRaw: bigint; amountOutRaw: bigint } {
  return zeroForOne ? { amountInRaw: swap.amount0, amountOutRaw: -swap.amount1 } : { amountInRaw: swap.amount1, amountOutRaw: -swap.amount0 }
}

/**
 * Exact input: `amountInRaw` of token0 (zeroForOne) or token1 into `pool`. amountInRaw = 0 quotes zero.
 * Throws BaseError `INVALID_ARGUMENT` for a negative amount or where the pool would revert.
 */
export function quoteConcentratedExactInput(pool: ConcentratedLiquidityPool, zeroForOne: boolean, amountInRaw: bigint): ConcentratedQuote {
  if (amountInRaw < 0n) throw new BaseError('INVALID_ARGUMENT', 'Amount in must not be negative.', { field: 'amountInRaw' })
  const swap = amountInRaw === 0n ? idle(pool) : simulateSwap(pool, { zeroForOne, amountSpecified: amountInRaw })
  const result = amounts(zeroForOne, swap)
  return { ...result, filled: swap.withinKnownTicks && result.amountInRaw === amountInRaw, swap }
}

/**
 * Exact output: receive `amountOutRaw` of token1 (zeroForOne) or token0 from `pool`; the input it costs.
 * `filled` is false when the pool cannot pay that much (SwapRouter.exactOutputSingle would revert).
 */
export function quoteConcentratedExactOutput(pool: ConcentratedLiquidityPool, zeroForOne: boolean, amountOutRaw: bigint): ConcentratedQuote {
  if (amountOutRaw < 0n) throw new BaseError('INVALID_ARGUMENT', 'Amount out must not be negative.', { field: 'amountOutRaw' })
  const swap = amountOutRaw === 0n ? idle(pool) : simulateSwap(pool, { zeroForOne, amountSpecified: -amountOutRaw })
  const result = amounts(zeroForOne, swap)
  return { ...result, filled: swap.withinKnownTicks && result.amountOutRaw === amountOutRaw, swap }
}

function idle(pool: ConcentratedLiquidityPool): SimulateSwapReturnType {
  return {
    amount0: 0n,
    amount1: 0n,
    sqrtPriceX96: pool.sqrtPriceX96,
    tick: pool.tick,
    liquidity: pool.liquidity,
    feeAmount: 0n,
    initializedTicksCrossed: 0,
    withinKnownTicks: true,
  }
}
