// Float output curves of venues for the split optimiser, in token units (raw / 10^decimals). They mirror the
// exact integer math of constantProduct.ts, stableSwap.ts, uniswapV3/ (concentratedLiquidityCurve.ts),
// balancerWeighted.ts, balancerStable.ts and bridge.ts up to rounding, and are cheap enough to be
// evaluated thousands of times per quote (closed forms; no iteration per call).
import { getToken, type MarketIndex } from '../market/indexMarket.ts'
import type { AssetKey, BalancerStablePool, BalancerWeightedPool, Bridge, ConstantProductPool, StableSwapPool, Venue } from '../market/types.ts'
import { concentratedLiquidityCurve } from './concentratedLiquidityCurve.ts'
import { AMP_PRECISION, calculateInvariant } from './balancerStable.ts'
import { MAX_IN_RATIO } from './balancerWeighted.ts'
import { mulDown } from './balancer/fixedPoint.ts'
import { resolveVenuePair, venueAssetKeys } from './resolveVenuePair.ts'
import { getD, getXp, stableSwapRates } from './stableSwap.ts'
import { toStableSwapParameters } from './toStableSwapParameters.ts'

export interface VenueCurve {
  /** Output (tokenOut units) for input `x` (tokenIn units, after `fixedFee`); concave, increasing, output(0) = 0. */
  output(x: number): number
  /** d output / dx at x ≥ 0. */
  marginal(x: number): number
  /** Largest output the venue can deliver, tokenOut units: a pool's tokenOut balance, a bridge's liquidity cap. */
  readonly maxOutput: number
  /**
   * Fixed fee in tokenIn units, charged before `output` applies (bridges; 0 for pools). The exact output is
   * `output(max(0, x − fixedFee))`, which has a kink at x = fixedFee and is not concave there, so the LP treats the
   * fixed fee as a fixed cost of using the edge (a binary variable) and sees only the concave `output`.
   */
  readonly fixedFee: number
}

/**
 * The curve of `venue` in the direction tokenIn → tokenOut.
 * Throws BaseError `INVALID_ARGUMENT` when the venue does not trade that pair, UnknownTokenError when a token is
 * missing from the market.
 */
export function venueCurve(index: MarketIndex, venue: Venue, tokenIn: AssetKey, tokenOut: AssetKey): VenueCurve {
  const { indexIn, indexOut } = resolveVenuePair(venue, tokenIn, tokenOut)
  const keys = venueAssetKeys(venue)
  const decimalsIn = getToken(index, keys[indexIn] as AssetKey).decimals
  const decimalsOut = getToken(index, keys[indexOut] as AssetKey).decimals
  switch (venue.kind) {
    case 'constantProduct':
      return constantProductCurve(venue, indexIn, decimalsIn, decimalsOut)
    case 'concentratedLiquidity':
      return concentratedLiquidityCurve(venue, indexIn === 0, decimalsIn, decimalsOut)
    case 'stableSwap':
      return stableSwapCurve(index, venue, indexIn, indexOut)
    case 'balancerWeighted':
      return balancerWeightedCurve(venue, indexIn, indexOut, decimalsIn, decimalsOut)
    case 'balancerStable':
      return balancerStableCurve(venue, indexIn, indexOut, decimalsIn, decimalsOut)
    case 'bridge':
      return bridgeCurve(venue, decimalsIn, decimalsOut)
  }
}

/** x·y = k with the fee on the input (UniswapV2Library.getAmountOut): out = γx·R_out/(R_in + γx), γ = 1 − fee. */
function constantProductCurve(pool: ConstantProductPool, indexIn: number, decimalsIn: number, decimalsOut: number): VenueCurve {
  const [rawIn, rawOut] = indexIn === 0 ? [pool.reserve0, pool.reserve1] : [pool.reserve1, pool.reserve0]
  const reserveIn = Number(rawIn) / 10 ** decimalsIn
  const reserveOut = Number(rawOut) / 10 ** decimalsOut
  const gamma = (10_000 - pool.feeBps) / 10_000
  return {
    output: (x) => (x > 0 ? (gamma * x * reserveOut) / (reserveIn + gamma * x) : 0),
    marginal: (x) => {
      const denominator = reserveIn + gamma * Math.max(0, x)
      return (gamma * reserveIn * reserveOut) / (denominator * denominator)
    },
    maxOutput: reserveOut,
    fixedFee: 0,
  }
}

/**
 * StableSwap at constant D (computed once, exactly, by the contract's get_D). With the other balances fixed the
 * contract's get_y equation y² + (b − D)·y = c is a quadratic in y with b = S' + D/Ann and
 * c = D^(n+1)/(n^n·Π'·Ann), where S', Π' are the sum and product over coins other than j (see StableSwap3Pool.vy
 * get_y). Raising x_i by x multiplies c by x_i/(x_i + x) and adds x to b, so the new y is a closed-form root.
 * The output y0 − y1 is computed without cancellation from the difference of the two quadratics:
 *   (y0 − y1)·(y0 + y1 + b0 − D) = x·y1 + c0·x/(x_i + x).
 * The fee (fee/1e10 of the output, as exchange() takes it) is a constant factor. Rate multipliers scale token units
 * to normalised units: one token of coin k is rate_k·10^decimals_k / 1e36 normalised units.
 */
function stableSwapCurve(index: MarketIndex, pool: StableSwapPool, i: number, j: number): VenueCurve {
  const parameters = toStableSwapParameters(index, pool)
  const rates = stableSwapRates(parameters)
  const xpRaw = getXp(parameters.balances, parameters.decimals, rates)
  // Normalised 18-decimal balances in units of 1e18.
  const D = Number(getD(xpRaw, parameters.amplification)) / 1e18
  const xp = xpRaw.map((value) => Number(value) / 1e18)
  const unit = (k: number) => (Number(rates[k] as bigint) * 10 ** (parameters.decimals[k] as number)) / 1e36
  const curve = invariantCurve(xp, D, Number(parameters.amplification) * xp.length, i, j)
  const feeFactor = 1 - Number(parameters.fee) / 1e10
  const [unitIn, unitOut] = [unit(i), unit(j)]
  return {
    output: (x) => (x > 0 ? (feeFactor * curve.output(x * unitIn)) / unitOut : 0),
    marginal: (x) => (feeFactor * curve.marginal(Math.max(0, x) * unitIn) * unitIn) / unitOut,
    maxOutput: (xp[j] as number) / unitOut,
    fixedFee: 0,
  }
}

/**
 * The fee-less output of the StableSwap invariant (Curve's and Balancer's StableMath: Ann·S + D = Ann·D +
 * D^(n+1)/(n^n·Πx)) at constant D for an input x of coin i, in normalised units; see stableSwapCurve.
 */
function invariantCurve(xp: readonly number[], D: number, Ann: number, i: number, j: number): { output(x: number): number; marginal(x: number): number } {
  const n = xp.length
  let c0 = D
  let sum = 0
  for (let k = 0; k < n; k++) {
    if (k === j) continue
    const value = xp[k] as number
    sum += value
    c0 *= D / (value * n)
  }
  c0 *= D / (Ann * n)
  const beta0 = sum + D / Ann - D
  const xi = xp[i] as number
  // Positive root y of y² + β·y − c = 0 and s = √(β² + 4c) = 2y + β, in forms that avoid cancellation for
  // either sign of β.
  const solve = (beta: number, c: number): { y: number; s: number } => {
    const s = Math.sqrt(beta * beta + 4 * c)
    return { y: beta >= 0 ? (2 * c) / (beta + s) : (s - beta) / 2, s }
  }
  const y0 = solve(beta0, c0).y
  return {
    output: (x) => {
      if (!(x > 0)) return 0
      const y1 = solve(beta0 + x, (c0 * xi) / (xi + x)).y
      return (x * (y1 + c0 / (xi + x))) / (y0 + y1 + beta0)
    },
    // Implicit derivative of y² + (β0 + x)·y − c0·x_i/(x_i + x) = 0: −dy/dx = (y + c/(x_i + x)) / (2y + β).
    marginal: (x) => {
      const t = Math.max(0, x)
      const c = (c0 * xi) / (xi + t)
      const { y, s } = solve(beta0 + t, c)
      return (y + c / (xi + t)) / s
    },
  }
}

/** Token units → upscaled units of coin k: one token is scalingFactor·10^decimals / 1e36 upscaled units. */
function balancerUnit(scalingFactor: bigint, decimals: number): number {
  return (Number(scalingFactor) * 10 ** decimals) / 1e36
}

/**
 * Balancer weighted pool, WeightedMath._calcOutGivenIn in token units with the fee γ = 1 − swapFee on the input:
 * out = b_o·(1 − (b_i / (b_i + γx))^(w_i/w_o)), concave and increasing. The contract refuses inputs whose fee-less
 * part exceeds 30 % of the balance (BAL#304); maxOutput is the output at that input, so the optimiser stays within.
 */
function balancerWeightedCurve(pool: BalancerWeightedPool, i: number, j: number, decimalsIn: number, decimalsOut: number): VenueCurve {
  const unitIn = balancerUnit(pool.scalingFactors[i] as bigint, decimalsIn)
  const unitOut = balancerUnit(pool.scalingFactors[j] as bigint, decimalsOut)
  const scaled = (k: number) => Number(mulDown(pool.balances[k] as bigint, pool.scalingFactors[k] as bigint)) / 1e18
  const balanceIn = scaled(i) / unitIn
  const balanceOut = scaled(j) / unitOut
  const ratio = Number(pool.weights[i]) / Number(pool.weights[j])
  const gamma = 1 - Number(pool.swapFee) / 1e18
  const output = (x: number) => (x > 0 ? balanceOut * -Math.expm1(ratio * Math.log1p(-(gamma * x) / (balanceIn + gamma * x))) : 0)
  const maxInput = ((balanceIn * Number(MAX_IN_RATIO)) / 1e18 / gamma) * (1 - 1e-9)
  return {
    output,
    marginal: (x) => {
      const t = Math.max(0, x)
      const base = balanceIn / (balanceIn + gamma * t)
      return (balanceOut * ratio * base ** ratio * gamma) / (balanceIn + gamma * t)
    },
    maxOutput: output(maxInput),
    fixedFee: 0,
  }
}

/** Balancer stable pool: the StableSwap invariant at constant D (amp / AMP_PRECISION as A) with the fee on the input. */
function balancerStableCurve(pool: BalancerStablePool, i: number, j: number, decimalsIn: number, decimalsOut: number): VenueCurve {
  const upscaled = pool.balances.map((balance, k) => mulDown(balance, pool.scalingFactors[k] as bigint))
  const D = Number(calculateInvariant(pool.amplificationParameter, upscaled)) / 1e18
  const xp = upscaled.map((value) => Number(value) / 1e18)
  const Ann = (Number(pool.amplificationParameter) / Number(AMP_PRECISION)) * xp.length
  const curve = invariantCurve(xp, D, Ann, i, j)
  const unitIn = balancerUnit(pool.scalingFactors[i] as bigint, decimalsIn)
  const unitOut = balancerUnit(pool.scalingFactors[j] as bigint, decimalsOut)
  const gamma = 1 - Number(pool.swapFee) / 1e18
  return {
    output: (x) => (x > 0 ? curve.output(gamma * x * unitIn) / unitOut : 0),
    marginal: (x) => (curve.marginal(gamma * Math.max(0, x) * unitIn) * gamma * unitIn) / unitOut,
    maxOutput: (xp[j] as number) / unitOut,
    fixedFee: 0,
  }
}

/** Linear after the fixed fee: out = (x − fixed)·(1 − feeBps/10000), decimals cancel in token units. */
function bridgeCurve(bridge: Bridge, decimalsIn: number, decimalsOut: number): VenueCurve {
  const rate = (10_000 - bridge.feeBps) / 10_000
  return {
    output: (x) => (x > 0 ? rate * x : 0),
    marginal: () => rate,
    maxOutput: Number(bridge.liquidityCapRaw) / 10 ** decimalsOut,
    fixedFee: Number(bridge.feeFixedRaw) / 10 ** decimalsIn,
  }
}
