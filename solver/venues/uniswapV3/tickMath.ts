// Tick ↔ √price conversions of Uniswap V3, bit for bit as the contract computes them.
// Source: Uniswap/v3-core contracts/libraries/TickMath.sol (getSqrtRatioAtTick, getTickAtSqrtRatio): √(1.0001^tick)
// as a Q64.96, built from precomputed Q128.128 factors, and its inverse via a 14-bit log2 approximation with a
// final correction against getSqrtRatioAtTick.
import { BaseError } from '../../errors.ts'
import { MAX_UINT256 } from './fullMath.ts'

export const MIN_TICK = -887272
export const MAX_TICK = 887272
/** getSqrtRatioAtTick(MIN_TICK). */
export const MIN_SQRT_RATIO = 4295128739n
/** getSqrtRatioAtTick(MAX_TICK). */
export const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n

/** 1/√1.0001^(2^i) in Q128.128 for bit i = 1 … 19 of |tick| (bit 0 is the start value), from TickMath.sol. */
const FACTORS: readonly bigint[] = [
  0xfff97272373d413259a46990580e213an,
  0xfff2e50f5f656932ef12357cf3c7fdccn,
  0xffe5caca7e10e4e61c3624eaa0941cd0n,
  0xffcb9843d60f6159c9db58835c926644n,
  0xff973b41fa98c081472e6896dfb254c0n,
  0xff2ea16466c96a3843ec78b326b52861n,
  0xfe5dee046a99a2a811c461f1969c3053n,
  0xfcbe86c7900a88aedcffc83b479aa3a4n,
  0xf987a7253ac413176f2b074cf7815e54n,
  0xf3392b0822b70005940c7a398e4b70f3n,
  0xe7159475a2c29b7443b29c7fa6e889d9n,
  0xd097f3bdfd2022b8845ad8f792aa5825n,
  0xa9f746462d870fdf8a65dc1f90e061e5n,
  0x70d869a156d2a1b890bb3df62baf32f7n,
  0x31be135f97d08fd981231505542fcfa6n,
  0x9aa508b5b7a84e1c677de54f3e99bc9n,
  0x5d6af8dedb81196699c329225ee604n,
  0x2216e584f5fa1ea926041bedfe98n,
  0x48a170391f7dc42444e8fa2n,
]

/**
 * √(1.0001^tick)·2^96, rounded up, as TickMath.getSqrtRatioAtTick.
 * Throws BaseError `INVALID_ARGUMENT` for a non-integer tick or |tick| > MAX_TICK (the contract's 'T').
 *
 * @example getSqrtRatioAtTick(0) // 79228162514264337593543950336n (2^96)
 */
export function getSqrtRatioAtTick(tick: number): bigint {
  if (!Number.isInteger(tick) || Math.abs(tick) > MAX_TICK)
    throw new BaseError('INVALID_ARGUMENT', `Tick must be an integer in [${MIN_TICK}, ${MAX_TICK}], got ${tick}.`, { field: 'tick' })
  const absTick = Math.abs(tick)
  let ratio = (absTick & 1) !== 0 ? 0xfffcb933bd6fad37aa2d162d1a594001n : 0x100000000000000000000000000000000n
  for (let bit = 1; bit < 20; bit++) if ((absTick & (1 << bit)) !== 0) ratio = (ratio * (FACTORS[bit - 1] as bigint)) >> 128n
  if (tick > 0) ratio = MAX_UINT256 / ratio
  return (ratio >> 32n) + (ratio % (1n << 32n) === 0n ? 0n : 1n)
}

/**
 * The greatest tick whose √price is ≤ `sqrtPriceX96`, computed as TickMath.getTickAtSqrtRatio does.
 * Throws BaseError `INVALID_ARGUMENT` outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO) (the contract's 'R').
 */
export function getTickAtSqrtRatio(sqrtPriceX96: bigint): number {
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO)
    throw new BaseError('INVALID_ARGUMENT', `√price must be in [MIN_SQRT_RATIO, MAX_SQRT_RATIO), got ${sqrtPriceX96}.`, {
      field: 'sqrtPriceX96',
    })
  const ratio = sqrtPriceX96 << 32n
  const msb = BigInt(ratio.toString(2).length - 1)
  let r = msb >= 128n ? ratio >> (msb - 127n) : ratio << (127n - msb)
  let log2 = (msb - 128n) << 64n
  for (let shift = 63n; shift >= 50n; shift--) {
    r = (r * r) >> 127n
    const f = r >> 128n
    log2 |= f << shift
    r >>= f
  }
  const logSqrt10001 = log2 * 255738958999603826347141n // 128.128 number
  const tickLow = Number((logSqrt10001 - 3402992956809132418596140100660247210n) >> 128n)
  const tickHigh = Number((logSqrt10001 + 291339464771989622907027621153398088495n) >> 128n)
  return tickLow === tickHigh ? tickLow : getSqrtRatioAtTick(tickHigh) <= sqrtPriceX96 ? tickHigh : tickLow
}
