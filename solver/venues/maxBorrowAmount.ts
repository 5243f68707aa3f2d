// The largest variable-rate borrow the Pool accepts from a position that also leaves the health
// factor at or above a floor: a bisection over the exact check (borrowFromLendingMarket), which is
// monotone in the amount (every check compares a sum that grows with it against a fixed bound).
import type { Address, LendingMarket } from '../market/types.ts'
import { calculateUserAccountData, findLendingReserve, type LendingPosition } from './calculateUserAccountData.ts'
import { borrowFromLendingMarket, type LendingFailureCode } from './lendingActions.ts'

export interface MaxBorrowAmountReturnType {
  readonly amountRaw: bigint
  /** What stops a larger borrow: a contract check, or `HEALTH_FACTOR_FLOOR` for the caller's own floor. */
  readonly bindingConstraint: LendingFailureCode | 'HEALTH_FACTOR_FLOOR'
}

/**
 * @param minHealthFactorWad the caller's floor on the health factor after the borrow (wad; 1.5 = 15e17).
 * @example maxBorrowAmount(market, position, weth, now, 1_500_000_000_000_000_000n)
 */
export function maxBorrowAmount(
  market: LendingMarket,
  position: LendingPosition,
  token: Address,
  timestamp: number,
  minHealthFactorWad: bigint,
): MaxBorrowAmountReturnType {
  const reserve = findLendingReserve(market, token)
  const judge = (amount: bigint): LendingFailureCode | 'HEALTH_FACTOR_FLOOR' | undefined => {
    const result = borrowFromLendingMarket(market, position, token, amount, timestamp)
    if (!result.ok) return result.code
    return calculateUserAccountData(result.market, result.position, timestamp).healthFactorWad < minHealthFactorWad ? 'HEALTH_FACTOR_FLOOR' : undefined
  }
  let low = 0n
  let high = reserve.availableLiquidityRaw + 1n // fails: INSUFFICIENT_LIQUIDITY at the latest
  let binding = judge(high) ?? 'INSUFFICIENT_LIQUIDITY'
  while (high - low > 1n) {
    const middle = (low + high) / 2n
    const failure = judge(middle)
    if (failure === undefined) low = middle
    else {
      high = middle
      binding = failure
    }
  }
  return { amountRaw: low, bindingConstraint: binding }
}
