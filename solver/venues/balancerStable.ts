// Exact Balancer V2 stable pool math (StableMath with the fee taken from the input, unlike Curve's from the output).
//
// Sources (balancer/balancer-v2-monorepo):
//   - `pkg/pool-stable/contracts/StableMath.sol`: `_calculateInvariant`, `_calcOutGivenIn`,
//     `_getTokenBalanceGivenInvariantAndAllOtherBalances`; the amplification parameter carries
//     `_AMP_PRECISION = 1e3` (A = 200 is 200_000), at most 255 Newton rounds, converging within 1;
//   - `ComposableStablePool._onRegularSwap` / `StablePool.onSwap`: fee subtracted from the input (mulUp), balances and
//     input upscaled by the scaling factors (which include rate providers' rates), invariant of the current
//     balances, out = balanceOut − newBalanceOut − 1, downscaled rounding down.
// The legacy StablePool of 2021 rounded its invariant up instead; like CoW Protocol's solver
// (cowprotocol/services `crates/liquidity-sources/src/balancer_v2/swap/stable_math.rs`) we use the current library.
import { BaseError } from '../errors.ts'
import { divDown, mulDown } from './balancer/fixedPoint.ts'
import { balancerError } from './balancer/logExpMath.ts'
import { subtractSwapFee } from './balancerWeighted.ts'

export const AMP_PRECISION = 1000n
const MAX_ROUNDS = 255

/** State of a Balancer stable pool as the math needs it. */
export interface BalancerStableParameters {
  /** Raw balances per token, without the pool's own BPT (composable pools list it; it is not traded here). */
  readonly balances: readonly bigint[]
  /** `getScalingFactors()`: 1e18·10^(18 − decimals)·rate/1e18. */
  readonly scalingFactors: readonly bigint[]
  /** `getAmplificationParameter().value`: A·1000. */
  readonly amplificationParameter: bigint
  /** `getSwapFeePercentage()`, 18-decimal fixed point. */
  readonly swapFee: bigint
}

function converged(current: bigint, previous: bigint): boolean {
  return current > previous ? current - previous <= 1n : previous - current <= 1n
}

const divUpInt = (a: bigint, b: bigint): bigint => {
  if (b === 0n) throw balancerError('004', 'ZERO_DIVISION')
  return a === 0n ? 0n : (a - 1n) / b + 1n
}
const divDownInt = (a: bigint, b: bigint): bigint => {
  if (b === 0n) throw balancerError('004', 'ZERO_DIVISION')
  return a / b
}

/** `_calculateInvariant`: D of upscaled balances. Throws (details BAL#321) when Newton does not converge in 255 rounds. */
export function calculateInvariant(amplificationParameter: bigint, balances: readonly bigint[]): bigint {
  let sum = 0n
  for (const balance of balances) sum += balance
  if (sum === 0n) return 0n
  const numTokens = BigInt(balances.length)
  let invariant = sum
  const ampTimesTotal = amplificationParameter * numTokens
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let D_P = invariant
    for (const balance of balances) D_P = divDownInt(D_P * invariant, balance * numTokens)
    const prevInvariant = invariant
    invariant = divDownInt(
      (divDownInt(ampTimesTotal * sum, AMP_PRECISION) + D_P * numTokens) * invariant,
      divDownInt((ampTimesTotal - AMP_PRECISION) * invariant, AMP_PRECISION) + (numTokens + 1n) * D_P,
    )
    if (converged(invariant, prevInvariant)) return invariant
  }
  throw balancerError('321', 'STABLE_INVARIANT_DIDNT_CONVERGE')
}

/** `_getTokenBalanceGivenInvariantAndAllOtherBalances`: balance of `tokenIndex` that keeps the invariant (rounded up). */
export function getTokenBalanceGivenInvariantAndAllOtherBalances(
  amplificationParameter: bigint,
  balances: readonly bigint[],
  invariant: bigint,
  tokenIndex: number,
): bigint {
  const n = BigInt(balances.length)
  const ampTimesTotal = amplificationParameter * n
  let sum = balances[0] as bigint
  let P_D = (balances[0] as bigint) * n
  for (let j = 1; j < balances.length; j++) {
    P_D = divDownInt(P_D * (balances[j] as bigint) * n, invariant)
    sum += balances[j] as bigint
  }
  sum -= balances[tokenIndex] as bigint
  const inv2 = invariant * invariant
  const c = divUpInt(inv2, ampTimesTotal * P_D) * AMP_PRECISION * (balances[tokenIndex] as bigint)
  const b = sum + divDownInt(invariant, ampTimesTotal) * AMP_PRECISION
  let tokenBalance = divUpInt(inv2 + c, invariant + b)
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const previous = tokenBalance
    const denominator = tokenBalance * 2n + b
    if (denominator < invariant) throw balancerError('001', 'SUB_OVERFLOW')
    tokenBalance = divUpInt(tokenBalance * tokenBalance + c, denominator - invariant)
    if (converged(tokenBalance, previous)) return tokenBalance
  }
  throw balancerError('322', 'STABLE_GET_BALANCE_DIDNT_CONVERGE')
}

/** `StableMath._calcOutGivenIn` on upscaled amounts, with the invariant of `balances`. */
export function calcStableOutGivenIn(
  amplificationParameter: bigint,
  balances: readonly bigint[],
  indexIn: number,
  indexOut: number,
  amountIn: bigint,
  invariant: bigint = calculateInvariant(amplificationParameter, balances),
): bigint {
  const after = balances.map((balance, k) => (k === indexIn ? balance + amountIn : balance))
  const finalBalanceOut = getTokenBalanceGivenInvariantAndAllOtherBalances(amplificationParameter, after, invariant, indexOut)
  const balanceOut = balances[indexOut] as bigint
  if (balanceOut < finalBalanceOut + 1n) throw balancerError('001', 'SUB_OVERFLOW')
  return balanceOut - finalBalanceOut - 1n
}

/**
 * Raw units of token j the Vault pays for `amountIn` raw units of token i through a Balancer stable pool
 * (GIVEN_IN). Returns 0 for amountIn = 0. Throws BaseError where the contract reverts (details BAL#nnn).
 */
export function getBalancerStableAmountOut(pool: BalancerStableParameters, i: number, j: number, amountIn: bigint): bigint {
  const n = pool.balances.length
  if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= n || j >= n || i === j)
    throw new BaseError('INVALID_ARGUMENT', 'Token indices must be distinct and within the pool.', { details: `i = ${i}, j = ${j}, tokens = ${n}` })
  if (amountIn < 0n) throw new BaseError('INVALID_ARGUMENT', 'Amount in must not be negative.', { field: 'amountIn' })
  if (amountIn === 0n) return 0n
  const upscaled = pool.balances.map((balance, k) => mulDown(balance, pool.scalingFactors[k] as bigint))
  const amountInScaled = mulDown(subtractSwapFee(amountIn, pool.swapFee), pool.scalingFactors[i] as bigint)
  const out = calcStableOutGivenIn(pool.amplificationParameter, upscaled, i, j, amountInScaled)
  return divDown(out, pool.scalingFactors[j] as bigint)
}
