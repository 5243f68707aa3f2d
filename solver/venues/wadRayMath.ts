// Aave's fixed-point arithmetic in wads (18 decimals) and rays (27 decimals), rounding half up, with
// the contract's overflow reverts as errors. Source: aave/aave-v3-core
// contracts/protocol/libraries/math/WadRayMath.sol (the assembly there computes exactly these floors).
import { BaseError } from '../errors.ts'

export const WAD = 10n ** 18n
export const HALF_WAD = WAD / 2n
export const RAY = 10n ** 27n
export const HALF_RAY = RAY / 2n
export const WAD_RAY_RATIO = 10n ** 9n
const MAX_UINT256 = (1n << 256n) - 1n

function overflow(operation: string): never {
  throw new BaseError('INVALID_ARGUMENT', `${operation} overflows uint256 (the contract would revert).`)
}

/** `(a·b + HALF_WAD) / WAD`. */
export function wadMul(a: bigint, b: bigint): bigint {
  if (b !== 0n && a > (MAX_UINT256 - HALF_WAD) / b) overflow('wadMul')
  return (a * b + HALF_WAD) / WAD
}

/** `(a·WAD + b/2) / b`; reverts (throws) on b = 0. */
export function wadDiv(a: bigint, b: bigint): bigint {
  if (b === 0n || a > (MAX_UINT256 - b / 2n) / WAD) overflow('wadDiv')
  return (a * WAD + b / 2n) / b
}

/** `(a·b + HALF_RAY) / RAY`. */
export function rayMul(a: bigint, b: bigint): bigint {
  if (b !== 0n && a > (MAX_UINT256 - HALF_RAY) / b) overflow('rayMul')
  return (a * b + HALF_RAY) / RAY
}

/** `(a·RAY + b/2) / b`; reverts (throws) on b = 0. */
export function rayDiv(a: bigint, b: bigint): bigint {
  if (b === 0n || a > (MAX_UINT256 - b / 2n) / RAY) overflow('rayDiv')
  return (a * RAY + b / 2n) / b
}
