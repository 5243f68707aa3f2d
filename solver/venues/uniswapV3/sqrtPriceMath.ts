// How √price moves for an amount of token0 or token1 at a given liquidity, and the amounts between two prices,
// with the contract's rounding (always in the pool's favour).
// Source: Uniswap/v3-core contracts/libraries/SqrtPriceMath.sol. Formulas (whitepaper §6.2.3):
//   token0: √P' = L·√P / (L ± Δx·√P);   token1: √P' = √P ± Δy/L;
//   Δx = L·(√B − √A)/(√A·√B);           Δy = L·(√B − √A).
import { BaseError } from '../../errors.ts'
import { divRoundingUp, MAX_UINT160, MAX_UINT256, mulDiv, mulDivRoundingUp, Q96 } from './fullMath.ts'

function revert(what: string): BaseError {
  return new BaseError('INVALID_ARGUMENT', `Uniswap V3 math: ${what} (the contract reverts here).`)
}

function toUint160(value: bigint): bigint {
  if (value > MAX_UINT160) throw revert('√price overflows uint160')
  return value
}

/** getNextSqrtPriceFromAmount0RoundingUp: adding (`add`) or removing `amount` of token0; rounds the price up. */
export function getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (amount === 0n) return sqrtPX96
  const numerator1 = liquidity << 96n
  // The contract's overflow test `(product = amount * sqrtP) / amount == sqrtP` on 256-bit words.
  const product = amount * sqrtPX96
  const productFits = product <= MAX_UINT256
  if (add) {
    if (productFits) {
      const denominator = numerator1 + product
      if (denominator <= MAX_UINT256) return mulDivRoundingUp(numerator1, sqrtPX96, denominator)
    }
    const denominator = numerator1 / sqrtPX96 + amount // LowGasSafeMath.add: reverts on overflow
    if (denominator > MAX_UINT256) throw revert('amount of token0 in overflows')
    return divRoundingUp(numerator1, denominator) // below √P, so the contract's uint160 cast never truncates

  }
  if (!productFits || numerator1 <= product) throw revert('amount of token0 out exceeds the virtual reserve')
  return toUint160(mulDivRoundingUp(numerator1, sqrtPX96, numerator1 - product))
}

/** getNextSqrtPriceFromAmount1RoundingDown: adding or removing `amount` of token1; rounds the price down. */
export function getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (add) {
    const quotient = amount <= MAX_UINT160 ? (amount << 96n) / liquidity : mulDiv(amount, Q96, liquidity)
    return toUint160(sqrtPX96 + quotient)
  }
  const quotient = amount <= MAX_UINT160 ? divRoundingUp(amount << 96n, liquidity) : mulDivRoundingUp(amount, Q96, liquidity)
  if (sqrtPX96 <= quotient) throw revert('amount of token1 out exceeds the virtual reserve')
  return sqrtPX96 - quotient
}

/** √price after `amountIn` enters (zeroForOne: token0 in, price falls). Throws for zero price or liquidity. */
export function getNextSqrtPriceFromInput(sqrtPX96: bigint, liquidity: bigint, amountIn: bigint, zeroForOne: boolean): bigint {
  if (sqrtPX96 <= 0n || liquidity <= 0n) throw revert('zero √price or liquidity')
  return zeroForOne
    ? getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity, amountIn, true)
    : getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity, amountIn, true)
}

/** √price after `amountOut` leaves (zeroForOne: token1 out, price falls). Throws when the pool cannot pay it. */
export function getNextSqrtPriceFromOutput(sqrtPX96: bigint, liquidity: bigint, amountOut: bigint, zeroForOne: boolean): bigint {
  if (sqrtPX96 <= 0n || liquidity <= 0n) throw revert('zero √price or liquidity')
  return zeroForOne
    ? getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity, amountOut, false)
    : getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity, amountOut, false)
}

/** Token0 between two √prices at `liquidity`: L·2^96·(√B − √A)/√B/√A, rounded up or down. */
export function getAmount0Delta(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint, roundUp: boolean): bigint {
  const [a, b] = sqrtRatioAX96 > sqrtRatioBX96 ? [sqrtRatioBX96, sqrtRatioAX96] : [sqrtRatioAX96, sqrtRatioBX96]
  if (a <= 0n) throw revert('zero √price')
  const numerator1 = liquidity << 96n
  const numerator2 = b - a
  return roundUp ? divRoundingUp(mulDivRoundingUp(numerator1, numerator2, b), a) : mulDiv(numerator1, numerator2, b) / a
}

/** Token1 between two √prices at `liquidity`: L·(√B − √A)/2^96, rounded up or down. */
export function getAmount1Delta(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint, roundUp: boolean): bigint {
  const [a, b] = sqrtRatioAX96 > sqrtRatioBX96 ? [sqrtRatioBX96, sqrtRatioAX96] : [sqrtRatioAX96, sqrtRatioBX96]
  return roundUp ? mulDivRoundingUp(liquidity, b - a, Q96) : mulDiv(liquidity, b - a, Q96)
}
