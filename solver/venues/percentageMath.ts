// Aave's percentage arithmetic (two decimals: 10000 = 100.00 %), rounding half up.
// Source: aave/aave-v3-core contracts/protocol/libraries/math/PercentageMath.sol.
import { BaseError } from '../errors.ts'

export const PERCENTAGE_FACTOR = 10_000n
export const HALF_PERCENTAGE_FACTOR = 5_000n
const MAX_UINT256 = (1n << 256n) - 1n

/** `(value·percentage + 5000) / 10000`. */
export function percentMul(value: bigint, percentage: bigint): bigint {
  if (percentage !== 0n && value > (MAX_UINT256 - HALF_PERCENTAGE_FACTOR) / percentage)
    throw new BaseError('INVALID_ARGUMENT', 'percentMul overflows uint256 (the contract would revert).')
  return (value * percentage + HALF_PERCENTAGE_FACTOR) / PERCENTAGE_FACTOR
}

/** `(value·10000 + percentage/2) / percentage`; throws on percentage = 0 as the contract reverts. */
export function percentDiv(value: bigint, percentage: bigint): bigint {
  if (percentage === 0n || value > (MAX_UINT256 - percentage / 2n) / PERCENTAGE_FACTOR)
    throw new BaseError('INVALID_ARGUMENT', 'percentDiv overflows or divides by zero (the contract would revert).')
  return (value * PERCENTAGE_FACTOR + percentage / 2n) / percentage
}
