// Exact Curve StableSwap math in integers, reproducing the Vyper pool contract step by step.
//
// Followed: curvefi/curve-contract `contracts/pools/3pool/StableSwap3Pool.vy` (Vyper 0.2.4, the DAI/USDC/USDT
// pool), generalised to n coins and any decimals ≤ 18:
//   - RATES[i] = 10^(36 − decimals[i]) and `_xp_mem`: xp[i] = balances[i]·RATES[i] / PRECISION (PRECISION = 1e18),
//   - `get_D` with `Ann = amp·N_COINS` (amp is the contract's `A()`, no A_PRECISION), at most 255 Newton rounds,
//     stopping when |D − Dprev| ≤ 1 (the 3pool returns the last D if it never converges; so do we),
//   - `get_y` (Newton on y² + (b − D)·y = c, same stopping rule),
//   - the amount `exchange()` pays: dy = xp[j] − y − 1; dy_fee = dy·fee / FEE_DENOMINATOR (1e10);
//     out = (dy − dy_fee)·PRECISION / RATES[j].
// The 3pool's `get_dy` view converts to raw units before taking the fee, which can differ from what `exchange()`
// pays by one raw unit for tokens with fewer than 18 decimals; we follow `exchange()` (what is delivered), which is
// also exactly the later template's `get_dy` (`contracts/pool-templates/base/SwapTemplateBase.vy`).
// Rate multipliers: pools of yield-bearing or liquid-staking coins scale balances by `stored_rates()` instead of the
// constant RATES (curvefi/curve-contract `contracts/pools/compound/StableSwapCompound.vy` `_stored_rates`,
// curvefi/stableswap-ng `CurveStableSwapNG.vy` `_stored_rates`: rate_multiplier·oracle_rate / 1e18). With `rates`
// given, xp[i] = balances[i]·rates[i] / 1e18 and out = (dy − dy_fee)·1e18 / rates[j], as those contracts compute.
// (stableswap-ng's off-peg fee multiplier is not modelled: the fee is the pool's base `fee`.) That template
// keeps A multiplied by A_PRECISION = 100 inside get_D/get_y; with A given as `A()` the 3pool formulas are the ones
// that apply, and the two agree up to integer rounding.
import { BaseError } from '../errors.ts'

/** Fee denominator of the contract: `fee = 4_000_000` is 0.04 %. */
export const FEE_DENOMINATOR = 10n ** 10n
/** The contract's PRECISION: balances are normalised to 18 decimals. */
export const PRECISION = 10n ** 18n

const MAX_ROUNDS = 255

/** State of a StableSwap pool as the math needs it. */
export interface StableSwapParameters {
  /** Raw balances per coin (the contract's `balances(i)`). */
  readonly balances: readonly bigint[]
  /** Decimals per coin, each in [0, 18]. */
  readonly decimals: readonly number[]
  /** The contract's `A()` (not multiplied by A_PRECISION). */
  readonly amplification: bigint
  /** The contract's `fee()`, denominator 1e10. */
  readonly fee: bigint
  /** `stored_rates()` at snapshot time (1e18 precision, decimals included); absent: 10^(36 − decimals). */
  readonly rates?: readonly bigint[]
}

function invalid(message: string, field?: string, details?: string): BaseError {
  return new BaseError('INVALID_ARGUMENT', message, { field, details })
}

function assertAmplification(amplification: bigint): void {
  if (amplification < 1n) throw invalid('Amplification must be at least 1.', 'amplification', `got ${amplification}`)
}

function assertIndices(n: number, i: number, j: number): void {
  if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= n || j >= n || i === j)
    throw invalid('Coin indices must be distinct and within the pool.', undefined, `i = ${i}, j = ${j}, coins = ${n}`)
}

function assertParameters(parameters: StableSwapParameters): void {
  const { balances, decimals, amplification, fee } = parameters
  if (balances.length < 2 || balances.length !== decimals.length)
    throw invalid('A StableSwap pool needs at least two coins with one decimals entry each.', 'balances')
  for (const [k, balance] of balances.entries())
    if (balance <= 0n) throw invalid('StableSwap balances must be positive.', `balances[${k}]`, `got ${balance}`)
  for (const [k, d] of decimals.entries())
    if (!Number.isInteger(d) || d < 0 || d > 18) throw invalid('Decimals must be an integer in [0, 18].', `decimals[${k}]`, `got ${d}`)
  assertAmplification(amplification)
  if (parameters.rates !== undefined) {
    if (parameters.rates.length !== balances.length) throw invalid('A StableSwap pool needs one rate per coin.', 'rates')
    for (const [k, rate] of parameters.rates.entries()) if (rate <= 0n) throw invalid('StableSwap rates must be positive.', `rates[${k}]`, `got ${rate}`)
  }
  if (fee < 0n || fee >= FEE_DENOMINATOR) throw invalid('Fee must be in [0, 1e10).', 'fee', `got ${fee}`)
}

/** RATES of the contract: 10^(36 − decimals), so that balance·rate / 1e18 has 18 decimals. */
export function getRates(decimals: readonly number[]): bigint[] {
  return decimals.map((d) => 10n ** BigInt(36 - d))
}

/** The pool's rate per coin: its stored rates where given, else RATES from the decimals. */
export function stableSwapRates(parameters: StableSwapParameters): readonly bigint[] {
  return parameters.rates ?? getRates(parameters.decimals)
}

/**
 * `_xp_mem`: balances normalised to 18 decimals, `balance·rate[i] / PRECISION` (exact for decimals ≤ 18 without
 * rates). Pass `rates` for a pool with rate multipliers.
 */
export function getXp(balances: readonly bigint[], decimals: readonly number[], rates: readonly bigint[] = getRates(decimals)): bigint[] {
  return balances.map((balance, k) => (balance * (rates[k] as bigint)) / PRECISION)
}

/**
 * The invariant D of normalised balances `xp` (18-decimal units), by the contract's `get_D`:
 * D solves Ann·S + D = Ann·D + D^(n+1) / (n^n·Πxp) with Ann = amplification·n.
 * Returns 0 when all balances are 0. Throws BaseError `INVALID_ARGUMENT` for a zero or negative entry among
 * non-zero ones (the contract divides by it) or amplification < 1.
 */
export function getD(xp: readonly bigint[], amplification: bigint): bigint {
  assertAmplification(amplification)
  const n = BigInt(xp.length)
  let S = 0n
  for (const x of xp) S += x
  if (S === 0n) return 0n
  for (const [k, x] of xp.entries()) if (x <= 0n) throw invalid('Normalised balances must be positive.', `xp[${k}]`)
  let D = S
  const Ann = amplification * n
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let D_P = D
    for (const x of xp) D_P = (D_P * D) / (x * n)
    const Dprev = D
    D = ((Ann * S + D_P * n) * D) / ((Ann - 1n) * D + (n + 1n) * D_P)
    if (D > Dprev ? D - Dprev <= 1n : Dprev - D <= 1n) break
  }
  return D
}

/**
 * The contract's `get_y`: the new normalised balance of coin j when coin i's normalised balance becomes `x`,
 * keeping D of `xp`. Pass `D` when already known (it must be `getD(xp, amplification)`).
 * Throws BaseError `INVALID_ARGUMENT` for bad indices or a non-positive `x`.
 */
export function getY(
  i: number,
  j: number,
  x: bigint,
  xp: readonly bigint[],
  amplification: bigint,
  D: bigint = getD(xp, amplification),
): bigint {
  assertIndices(xp.length, i, j)
  if (x <= 0n) throw invalid('The new balance of coin i must be positive.', 'x')
  const n = BigInt(xp.length)
  const Ann = amplification * n
  let c = D
  let S_ = 0n
  for (let k = 0; k < xp.length; k++) {
    if (k === j) continue
    const _x = k === i ? x : (xp[k] as bigint)
    S_ += _x
    c = (c * D) / (_x * n)
  }
  c = (c * D) / (Ann * n)
  const b = S_ + D / Ann // − D, subtracted in the loop as the contract does
  let y = D
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const yPrev = y
    y = (y * y + c) / (2n * y + b - D)
    if (y > yPrev ? y - yPrev <= 1n : yPrev - y <= 1n) break
  }
  return y
}

export interface GetDyWithFeeReturnType {
  /** Raw units of coin j the caller receives. */
  readonly dy: bigint
  /** The pool's fee, `dy_fee` of the contract, in raw units of coin j (floor). */
  readonly feeRaw: bigint
  /** The pool's fee in normalised 18-decimal units, exactly as the contract computes it. */
  readonly feeXp: bigint
}

/**
 * What `exchange(i, j, dx)` pays for `dx` raw units of coin i, with the fee it keeps.
 * Returns zeros for dx = 0 (and whenever the contract's `xp[j] − y − 1` would underflow, where it reverts).
 * Throws BaseError `INVALID_ARGUMENT` for invalid pool parameters, indices or a negative dx.
 */
export function getDyWithFee(parameters: StableSwapParameters, i: number, j: number, dx: bigint): GetDyWithFeeReturnType {
  assertParameters(parameters)
  assertIndices(parameters.balances.length, i, j)
  if (dx < 0n) throw invalid('dx must not be negative.', 'dx')
  if (dx === 0n) return { dy: 0n, feeRaw: 0n, feeXp: 0n }
  const rates = stableSwapRates(parameters)
  const xp = getXp(parameters.balances, parameters.decimals, rates)
  const x = (xp[i] as bigint) + (dx * (rates[i] as bigint)) / PRECISION
  const y = getY(i, j, x, xp, parameters.amplification)
  const xpj = xp[j] as bigint
  if (xpj <= y + 1n) return { dy: 0n, feeRaw: 0n, feeXp: 0n }
  const dyXp = xpj - y - 1n // −1 "just in case there were some rounding errors" (contract comment)
  const feeXp = (dyXp * parameters.fee) / FEE_DENOMINATOR
  const rate = rates[j] as bigint
  return { dy: ((dyXp - feeXp) * PRECISION) / rate, feeRaw: (feeXp * PRECISION) / rate, feeXp }
}

/**
 * Raw units of coin j received for `dx` raw units of coin i, as `exchange()` pays them (see file header).
 *
 * @example getDy({ balances: [10n ** 24n, 10n ** 12n], decimals: [18, 6], amplification: 100n, fee: 4_000_000n }, 0, 1, 10n ** 18n) // 999_599n (0.9996 USDC: 0.04 % fee, less the contract’s 1-unit rounding guard)
 */
export function getDy(parameters: StableSwapParameters, i: number, j: number, dx: bigint): bigint {
  return getDyWithFee(parameters, i, j, dx).dy
}

/**
 * Marginal rate at dx → 0, raw units of coin j per raw unit of coin i, fee included. A float for ranking and
 * the optimiser: from the invariant's gradient at constant D, dy/dx = (Ann + D_P/x_i) / (Ann + D_P/x_j) with
 * D_P = D^(n+1)/(n^n·Πx), times (1 − fee/1e10), times 10^(decimals_j − decimals_i) for raw units.
 */
export function stableMarginalRate(parameters: StableSwapParameters, i: number, j: number): number {
  assertParameters(parameters)
  assertIndices(parameters.balances.length, i, j)
  const rates = stableSwapRates(parameters)
  const xpBig = getXp(parameters.balances, parameters.decimals, rates)
  const n = xpBig.length
  const D = Number(getD(xpBig, parameters.amplification)) / 1e18
  const xp = xpBig.map((x) => Number(x) / 1e18)
  const Ann = Number(parameters.amplification) * n
  let D_P = D
  for (const x of xp) D_P *= D / (x * n)
  const rate = (Ann + D_P / (xp[i] as number)) / (Ann + D_P / (xp[j] as number))
  const feeFactor = 1 - Number(parameters.fee) / 1e10
  // d(raw_j)/d(raw_i) = d(xp_j)/d(xp_i) · rate_i / rate_j (1e18 · 10^(d_j − d_i) without rate multipliers).
  return rate * feeFactor * (Number(rates[i] as bigint) / Number(rates[j] as bigint))
}
