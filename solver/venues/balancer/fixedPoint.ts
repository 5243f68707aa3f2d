// Balancer V2's 18-decimal fixed-point arithmetic on uint256, with the contract's rounding and its reverts.
//
// Source: balancer/balancer-v2-monorepo `pkg/solidity-utils/contracts/math/FixedPoint.sol`. `powUp`/`powDown`
// short-cut exponents 1, 2 and 4 as the library does since the weighted pools of factory V3 (and as
// CoW Protocol's `pow_up_v3` does); pools of the first factories ("v0") always go through LogExpMath — pass
// `exactPowers: false` for those.
import { balancerError, pow } from './logExpMath.ts'

export const ONE = 10n ** 18n
const TWO = 2n * ONE
const FOUR = 4n * ONE
/** Relative error bound of LogExpMath.pow used to round its result: 10^-14. */
const MAX_POW_RELATIVE_ERROR = 10000n
const MAX_UINT256 = 2n ** 256n - 1n

function checkedUint(value: bigint, code: string, name: string): bigint {
  if (value > MAX_UINT256) throw balancerError(code, name)
  return value
}

export function add(a: bigint, b: bigint): bigint {
  return checkedUint(a + b, '000', 'ADD_OVERFLOW')
}

export function sub(a: bigint, b: bigint): bigint {
  if (b > a) throw balancerError('001', 'SUB_OVERFLOW')
  return a - b
}

export function mulDown(a: bigint, b: bigint): bigint {
  return checkedUint(a * b, '003', 'MUL_OVERFLOW') / ONE
}

export function mulUp(a: bigint, b: bigint): bigint {
  const product = checkedUint(a * b, '003', 'MUL_OVERFLOW')
  return product === 0n ? 0n : (product - 1n) / ONE + 1n
}

export function divDown(a: bigint, b: bigint): bigint {
  if (b === 0n) throw balancerError('004', 'ZERO_DIVISION')
  return checkedUint(a * ONE, '005', 'DIV_INTERNAL') / b
}

export function divUp(a: bigint, b: bigint): bigint {
  if (b === 0n) throw balancerError('004', 'ZERO_DIVISION')
  const aInflated = checkedUint(a * ONE, '005', 'DIV_INTERNAL')
  return aInflated === 0n ? 0n : (aInflated - 1n) / b + 1n
}

/** x^y rounded up: LogExpMath.pow plus its maximum relative error (and 1). */
export function powUp(x: bigint, y: bigint, exactPowers = true): bigint {
  if (exactPowers) {
    if (y === ONE) return x
    if (y === TWO) return mulUp(x, x)
    if (y === FOUR) {
      const square = mulUp(x, x)
      return mulUp(square, square)
    }
  }
  const raw = pow(x, y)
  const maxError = add(mulUp(raw, MAX_POW_RELATIVE_ERROR), 1n)
  return add(raw, maxError)
}

/** x^y rounded down: LogExpMath.pow minus its maximum relative error (and 1), floored at 0. */
export function powDown(x: bigint, y: bigint, exactPowers = true): bigint {
  if (exactPowers) {
    if (y === ONE) return x
    if (y === TWO) return mulDown(x, x)
    if (y === FOUR) {
      const square = mulDown(x, x)
      return mulDown(square, square)
    }
  }
  const raw = pow(x, y)
  const maxError = add(mulUp(raw, MAX_POW_RELATIVE_ERROR), 1n)
  return raw < maxError ? 0n : sub(raw, maxError)
}

/** 1 − x, floored at 0. */
export function complement(x: bigint): bigint {
  return x < ONE ? ONE - x : 0n
}
