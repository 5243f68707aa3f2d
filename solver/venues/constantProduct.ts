// Exact Uniswap V2 (x·y = k) swap math in raw token units, with the fee in basis points.
// Source: UniswapV2Library.getAmountOut / getAmountIn, Uniswap/v2-periphery
// contracts/libraries/UniswapV2Library.sol (fee 997/1000 there; 9970/10000 = 997/1000 here with feeBps = 30,
// so numerator and denominator are both scaled by 10 and every floor is identical).
import { BaseError } from '../errors.ts'

const BPS = 10_000n

function assertFeeBps(feeBps: number): bigint {
  if (!Number.isInteger(feeBps) || feeBps < 0 || feeBps >= 10_000)
    throw new BaseError('INVALID_ARGUMENT', `Fee must be an integer number of basis points in [0, 10000), got ${feeBps}.`, {
      field: 'feeBps',
    })
  return BigInt(feeBps)
}

function assertReserves(reserveIn: bigint, reserveOut: bigint): void {
  if (reserveIn <= 0n || reserveOut <= 0n)
    throw new BaseError('INVALID_ARGUMENT', 'Pool reserves must be positive.', {
      details: `reserveIn = ${reserveIn}, reserveOut = ${reserveOut}`,
    })
}

/**
 * Output of a swap of `amountIn` (raw units of the input token) against reserves, rounded down, as
 * the pair pays it: `amountIn·(10000−feeBps)·reserveOut / (reserveIn·10000 + amountIn·(10000−feeBps))`.
 * Unlike the library, `amountIn = 0` returns 0 instead of reverting.
 * Throws BaseError `INVALID_ARGUMENT` for non-positive reserves, negative `amountIn` or a fee outside [0, 10000).
 *
 * @example getAmountOut(2n, 100n, 100n, 30) // 1n (v2-periphery router test 'getAmountOut')
 */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: number): bigint {
  const feeFactor = BPS - assertFeeBps(feeBps)
  assertReserves(reserveIn, reserveOut)
  if (amountIn < 0n) throw new BaseError('INVALID_ARGUMENT', 'Amount in must not be negative.', { field: 'amountIn' })
  const amountInWithFee = amountIn * feeFactor
  return (amountInWithFee * reserveOut) / (reserveIn * BPS + amountInWithFee)
}

/**
 * Smallest-but-one input that buys `amountOut` (raw units of the output token), as the library computes
 * it: `floor(reserveIn·amountOut·10000 / ((reserveOut−amountOut)·(10000−feeBps))) + 1` — the `+1`
 * rounds up (and adds one unit more when the division is exact, exactly like the library).
 * `amountOut = 0` returns 0 instead of reverting.
 * Throws BaseError `INVALID_ARGUMENT` for non-positive reserves, negative `amountOut`, `amountOut ≥ reserveOut`
 * (the pool cannot pay it) or a fee outside [0, 10000).
 *
 * @example getAmountIn(1n, 100n, 100n, 30) // 2n (v2-periphery router test 'getAmountIn')
 */
export function getAmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: number): bigint {
  const feeFactor = BPS - assertFeeBps(feeBps)
  assertReserves(reserveIn, reserveOut)
  if (amountOut < 0n) throw new BaseError('INVALID_ARGUMENT', 'Amount out must not be negative.', { field: 'amountOut' })
  if (amountOut >= reserveOut)
    throw new BaseError('INVALID_ARGUMENT', 'Amount out must be less than the output reserve.', {
      field: 'amountOut',
      details: `amountOut = ${amountOut}, reserveOut = ${reserveOut}`,
    })
  if (amountOut === 0n) return 0n
  return (reserveIn * amountOut * BPS) / ((reserveOut - amountOut) * feeFactor) + 1n
}

/**
 * Marginal price of an infinitesimal trade: output raw units per input raw unit at amountIn → 0,
 * `(1 − feeBps/10000)·reserveOut/reserveIn`. A float, for ranking and the optimiser only.
 * Throws like getAmountOut for bad reserves or fee.
 */
export function marginalRate(reserveIn: bigint, reserveOut: bigint, feeBps: number): number {
  assertFeeBps(feeBps)
  assertReserves(reserveIn, reserveOut)
  return ((10_000 - feeBps) / 10_000) * (Number(reserveOut) / Number(reserveIn))
}
