// 512-bit-exact multiply-then-divide with the rounding of Uniswap V3's FullMath, and the uint256 bounds it enforces.
// Source: Uniswap/v3-core contracts/libraries/FullMath.sol (mulDiv, mulDivRoundingUp) and UnsafeMath.sol
// (divRoundingUp). bigint has no overflow, so the 512-bit trick is not needed: the result is exact; what must be
// reproduced is where the contract reverts (zero denominator, result ≥ 2^256).
import { BaseError } from '../../errors.ts'

export const MAX_UINT256 = (1n << 256n) - 1n
export const MAX_UINT160 = (1n << 160n) - 1n
export const MAX_UINT128 = (1n << 128n) - 1n
export const Q96 = 1n << 96n

function overflow(what: string): BaseError {
  return new BaseError('INVALID_ARGUMENT', `Uniswap V3 math: ${what} (the contract reverts here).`)
}

/** floor(a·b / denominator); throws where FullMath.mulDiv reverts (denominator 0 or result > 2^256 − 1). */
export function mulDiv(a: bigint, b: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw overflow('mulDiv by zero')
  const result = (a * b) / denominator
  if (result > MAX_UINT256) throw overflow('mulDiv result overflows uint256')
  return result
}

/** ceil(a·b / denominator); throws where FullMath.mulDivRoundingUp reverts. */
export function mulDivRoundingUp(a: bigint, b: bigint, denominator: bigint): bigint {
  const result = mulDiv(a, b, denominator)
  if ((a * b) % denominator > 0n) {
    if (result >= MAX_UINT256) throw overflow('mulDivRoundingUp result overflows uint256')
    return result + 1n
  }
  return result
}

/** ceil(x / y) for y > 0, as UnsafeMath.divRoundingUp (no overflow is possible for uint256 x). */
export function divRoundingUp(x: bigint, y: bigint): bigint {
  if (y <= 0n) throw overflow('divRoundingUp by zero')
  return x / y + (x % y > 0n ? 1n : 0n)
}
