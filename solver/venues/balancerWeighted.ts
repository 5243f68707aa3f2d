// Exact Balancer V2 weighted pool math: what the Vault pays for a GIVEN_IN swap through a weighted pool.
//
// Sources (balancer/balancer-v2-monorepo):
//   - `pkg/pool-weighted/contracts/WeightedMath.sol` `_calcOutGivenIn` / `_calcInGivenOut`, with
//     `_MAX_IN_RATIO = _MAX_OUT_RATIO = 0.3e18` (a swap may not move more than 30 % of a balance);
//   - `pkg/pool-utils/contracts/BasePool.sol` `_subtractSwapFeeAmount` (fee = amount.mulUp(swapFee), taken from the
//     input before scaling), `_upscale` (mulDown by the scaling factor), `_downscaleDown` (divDown);
//   - `BaseMinimalSwapInfoPool.onSwap` for the order: fee, upscale, math, downscale.
// Pools of the first weighted factories ("v0") compute every power through LogExpMath; later ones ("v3Plus")
// short-cut exponents 1, 2 and 4 (FixedPoint.powUp), as CoW Protocol's solver distinguishes them
// (cowprotocol/services `crates/liquidity-sources/src/balancer_v2/swap/weighted_math.rs`).
import { BaseError } from '../errors.ts'
import { add, complement, divDown, divUp, mulDown, mulUp, ONE, powUp, sub } from './balancer/fixedPoint.ts'
import { balancerError } from './balancer/logExpMath.ts'

export const MAX_IN_RATIO = 3n * 10n ** 17n
export const MAX_OUT_RATIO = 3n * 10n ** 17n

export type WeightedPoolVersion = 'v0' | 'v3Plus'

/** State of a weighted pool as the math needs it; every value is an 18-decimal fixed point but balances (raw). */
export interface WeightedPoolParameters {
  /** Raw balances per token (the Vault's `getPoolTokens`). */
  readonly balances: readonly bigint[]
  /** Normalised weights, 18-decimal fixed point summing to 1e18 (`getNormalizedWeights`). */
  readonly weights: readonly bigint[]
  /** `getScalingFactors()`: 1e18·10^(18 − decimals) (times a token rate where the pool has one). */
  readonly scalingFactors: readonly bigint[]
  /** `getSwapFeePercentage()`, 18-decimal fixed point (0.003e18 = 0.3 %). */
  readonly swapFee: bigint
  readonly version: WeightedPoolVersion
}

/** `WeightedMath._calcOutGivenIn` on upscaled amounts. Throws (details BAL#304 MAX_IN_RATIO) beyond 30 % of balanceIn. */
export function calcOutGivenIn(
  balanceIn: bigint,
  weightIn: bigint,
  balanceOut: bigint,
  weightOut: bigint,
  amountIn: bigint,
  version: WeightedPoolVersion = 'v3Plus',
): bigint {
  if (amountIn > mulDown(balanceIn, MAX_IN_RATIO)) throw balancerError('304', 'MAX_IN_RATIO')
  const denominator = add(balanceIn, amountIn)
  const base = divUp(balanceIn, denominator)
  const exponent = divDown(weightIn, weightOut)
  const power = powUp(base, exponent, version === 'v3Plus')
  return mulDown(balanceOut, complement(power))
}

/** `WeightedMath._calcInGivenOut` on upscaled amounts. Throws (details BAL#305 MAX_OUT_RATIO) beyond 30 % of balanceOut. */
export function calcInGivenOut(
  balanceIn: bigint,
  weightIn: bigint,
  balanceOut: bigint,
  weightOut: bigint,
  amountOut: bigint,
  version: WeightedPoolVersion = 'v3Plus',
): bigint {
  if (amountOut > mulDown(balanceOut, MAX_OUT_RATIO)) throw balancerError('305', 'MAX_OUT_RATIO')
  const base = divUp(balanceOut, sub(balanceOut, amountOut))
  const exponent = divUp(weightOut, weightIn)
  const power = powUp(base, exponent, version === 'v3Plus')
  return mulUp(balanceIn, sub(power, ONE))
}

function assertPair(n: number, i: number, j: number): void {
  if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= n || j >= n || i === j)
    throw new BaseError('INVALID_ARGUMENT', 'Token indices must be distinct and within the pool.', { details: `i = ${i}, j = ${j}, tokens = ${n}` })
}

/** `_subtractSwapFeeAmount`: the input left after the swap fee, which is rounded up. */
export function subtractSwapFee(amount: bigint, swapFee: bigint): bigint {
  return sub(amount, mulUp(amount, swapFee))
}

/**
 * Raw units of token j the Vault pays for `amountIn` raw units of token i (GIVEN_IN), fee taken from the input.
 * Returns 0 for amountIn = 0. Throws BaseError (details BAL#304) when the fee-less input exceeds 30 % of the
 * balance, as the contract reverts, and for invalid indices.
 */
export function getWeightedAmountOut(pool: WeightedPoolParameters, i: number, j: number, amountIn: bigint): bigint {
  assertPair(pool.balances.length, i, j)
  if (amountIn < 0n) throw new BaseError('INVALID_ARGUMENT', 'Amount in must not be negative.', { field: 'amountIn' })
  if (amountIn === 0n) return 0n
  const scaleIn = pool.scalingFactors[i] as bigint
  const scaleOut = pool.scalingFactors[j] as bigint
  const amountInScaled = mulDown(subtractSwapFee(amountIn, pool.swapFee), scaleIn)
  const out = calcOutGivenIn(
    mulDown(pool.balances[i] as bigint, scaleIn),
    pool.weights[i] as bigint,
    mulDown(pool.balances[j] as bigint, scaleOut),
    pool.weights[j] as bigint,
    amountInScaled,
    pool.version,
  )
  return divDown(out, scaleOut)
}

/**
 * The largest raw input of token i the pool accepts (GIVEN_IN): after the fee and upscaling it must stay within
 * 30 % of the upscaled balance. Found by bisection on the exact check, so it is the contract's limit to the unit.
 */
export function maxWeightedAmountIn(pool: WeightedPoolParameters, i: number): bigint {
  const scaleIn = pool.scalingFactors[i] as bigint
  const limit = mulDown(mulDown(pool.balances[i] as bigint, scaleIn), MAX_IN_RATIO)
  const accepts = (amount: bigint) => mulDown(subtractSwapFee(amount, pool.swapFee), scaleIn) <= limit
  let low = 0n
  let high = (pool.balances[i] as bigint) + 1n
  while (accepts(high)) high *= 2n
  while (high - low > 1n) {
    const middle = (low + high) / 2n
    if (accepts(middle)) low = middle
    else high = middle
  }
  return low
}
