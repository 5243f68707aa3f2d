// Balancer V2's fixed-point natural logarithm, exponential and power, reproduced integer operation by integer
// operation so that pools priced with it quote exactly what the contract pays.
//
// Source: balancer/balancer-v2-monorepo `pkg/solidity-utils/contracts/math/LogExpMath.sol` (Fernando Martinelli,
// Sergio Yuhjtman, Daniel Fernandez). 18-decimal fixed point inputs and outputs; `exp` keeps 20 decimals inside and
// `ln` of arguments near 1 keeps 36. Solidity's signed division truncates toward zero, as bigint division does.
import { BaseError } from '../../errors.ts'

const ONE_18 = 10n ** 18n
const ONE_20 = 10n ** 20n
const ONE_36 = 10n ** 36n

const MAX_NATURAL_EXPONENT = 130n * ONE_18
const MIN_NATURAL_EXPONENT = -41n * ONE_18
const LN_36_LOWER_BOUND = ONE_18 - 10n ** 17n
const LN_36_UPPER_BOUND = ONE_18 + 10n ** 17n
const MILD_EXPONENT_BOUND = 2n ** 254n / ONE_20

// 18 decimal constants (x0, x1) and their exponentials without decimals (a0, a1).
const x0 = 128000000000000000000n // 2^7
const a0 = 38877084059945950922200000000000000000000000000000000000n // e^(x0)
const x1 = 64000000000000000000n // 2^6
const a1 = 6235149080811616882910000000n // e^(x1)
// 20 decimal constants.
const x2 = 3200000000000000000000n // 2^5
const a2 = 7896296018268069516100000000000000n
const x3 = 1600000000000000000000n // 2^4
const a3 = 888611052050787263676000000n
const x4 = 800000000000000000000n // 2^3
const a4 = 298095798704172827474000n
const x5 = 400000000000000000000n // 2^2
const a5 = 5459815003314423907810n
const x6 = 200000000000000000000n // 2^1
const a6 = 738905609893065022723n
const x7 = 100000000000000000000n // 2^0
const a7 = 271828182845904523536n
const x8 = 50000000000000000000n // 2^-1
const a8 = 164872127070012814685n
const x9 = 25000000000000000000n // 2^-2
const a9 = 128402541668774148407n
const x10 = 12500000000000000000n // 2^-3
const a10 = 113314845306682631683n
const x11 = 6250000000000000000n // 2^-4
const a11 = 106449445891785942956n

/** Balancer error codes (BalancerErrors.sol) raised by this library, carried in `details` as `BAL#nnn`. */
export function balancerError(code: string, name: string): BaseError {
  return new BaseError('INVALID_ARGUMENT', `Balancer math reverts: ${name}.`, { details: `BAL#${code}` })
}

/**
 * x^y for 18-decimal fixed point x and y, as `LogExpMath.pow`: exp(ln(x)·y), with ln at 36 decimals when x is
 * within 10 % of 1. Throws BaseError (details BAL#006 X_OUT_OF_BOUNDS, BAL#007 Y_OUT_OF_BOUNDS,
 * BAL#008 PRODUCT_OUT_OF_BOUNDS) where the contract reverts.
 */
export function pow(x: bigint, y: bigint): bigint {
  if (y === 0n) return ONE_18
  if (x === 0n) return 0n
  if (x >> 255n !== 0n) throw balancerError('006', 'X_OUT_OF_BOUNDS')
  if (!(y < MILD_EXPONENT_BOUND)) throw balancerError('007', 'Y_OUT_OF_BOUNDS')
  let logxTimesY: bigint
  if (LN_36_LOWER_BOUND < x && x < LN_36_UPPER_BOUND) {
    const ln36x = ln36(x)
    // ln_36_x has 36 decimals; split it to keep 18 extra digits of precision without overflowing.
    logxTimesY = (ln36x / ONE_18) * y + ((ln36x % ONE_18) * y) / ONE_18
  } else {
    logxTimesY = lnPrivate(x) * y
  }
  logxTimesY /= ONE_18
  if (!(MIN_NATURAL_EXPONENT <= logxTimesY && logxTimesY <= MAX_NATURAL_EXPONENT)) throw balancerError('008', 'PRODUCT_OUT_OF_BOUNDS')
  return exp(logxTimesY)
}

/** e^x for 18-decimal fixed point x in [−41, 130], as `LogExpMath.exp`. Throws BaseError (BAL#009 INVALID_EXPONENT). */
export function exp(x: bigint): bigint {
  if (!(x >= MIN_NATURAL_EXPONENT && x <= MAX_NATURAL_EXPONENT)) throw balancerError('009', 'INVALID_EXPONENT')
  if (x < 0n) return (ONE_18 * ONE_18) / exp(-x)
  let firstAN: bigint
  if (x >= x0) {
    x -= x0
    firstAN = a0
  } else if (x >= x1) {
    x -= x1
    firstAN = a1
  } else {
    firstAN = 1n
  }
  x *= 100n // 20 decimals from here
  let product = ONE_20
  for (const [xn, an] of [
    [x2, a2],
    [x3, a3],
    [x4, a4],
    [x5, a5],
    [x6, a6],
    [x7, a7],
    [x8, a8],
    [x9, a9],
  ] as const) {
    if (x >= xn) {
      x -= xn
      product = (product * an) / ONE_20
    }
  }
  // Taylor series of e^x for the remainder (x < 2^-2 here), twelve terms.
  let seriesSum = ONE_20
  let term = x
  seriesSum += term
  for (let n = 2n; n <= 12n; n++) {
    term = (term * x) / ONE_20 / n
    seriesSum += term
  }
  return (((product * seriesSum) / ONE_20) * firstAN) / 100n
}

/** Natural logarithm of 18-decimal fixed point a > 0, as `LogExpMath.ln`. */
export function ln(a: bigint): bigint {
  if (!(a > 0n)) throw balancerError('010', 'OUT_OF_BOUNDS')
  if (LN_36_LOWER_BOUND < a && a < LN_36_UPPER_BOUND) return ln36(a) / ONE_18
  return lnPrivate(a)
}

/** `_ln`: 18-decimal natural logarithm by the same decomposition as exp, then an atanh series. */
export function lnPrivate(a: bigint): bigint {
  if (a < ONE_18) return -lnPrivate((ONE_18 * ONE_18) / a)
  let sum = 0n
  if (a >= a0 * ONE_18) {
    a /= a0
    sum += x0
  }
  if (a >= a1 * ONE_18) {
    a /= a1
    sum += x1
  }
  sum *= 100n
  a *= 100n
  for (const [xn, an] of [
    [x2, a2],
    [x3, a3],
    [x4, a4],
    [x5, a5],
    [x6, a6],
    [x7, a7],
    [x8, a8],
    [x9, a9],
    [x10, a10],
    [x11, a11],
  ] as const) {
    if (a >= an) {
      a = (a * ONE_20) / an
      sum += xn
    }
  }
  // ln(a) = 2·atanh(z), z = (a − 1)/(a + 1), five odd terms.
  const z = ((a - ONE_20) * ONE_20) / (a + ONE_20)
  const zSquared = (z * z) / ONE_20
  let num = z
  let seriesSum = num
  for (const d of [3n, 5n, 7n, 9n, 11n]) {
    num = (num * zSquared) / ONE_20
    seriesSum += num / d
  }
  seriesSum *= 2n
  return (sum + seriesSum) / 100n
}

/** `_ln_36`: ln of 18-decimal x near 1 with 36 decimals of result, atanh series of eight odd terms. */
export function ln36(x: bigint): bigint {
  x *= ONE_18
  const z = ((x - ONE_36) * ONE_36) / (x + ONE_36)
  const zSquared = (z * z) / ONE_36
  let num = z
  let seriesSum = num
  for (const d of [3n, 5n, 7n, 9n, 11n, 13n, 15n]) {
    num = (num * zSquared) / ONE_36
    seriesSum += num / d
  }
  return seriesSum * 2n
}
