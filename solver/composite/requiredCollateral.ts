// Whether a borrow goal can be met from the collateral the plan supplies, and if not, how much of
// the supply goal's token must be supplied instead — with the Pool's exact checks
// (solver/venues/lendingActions.ts) and the goal's health-factor floor.
import type { Address, LendingMarket } from '../market/types.ts'
import { calculateUserAccountData, type LendingPosition } from '../venues/calculateUserAccountData.ts'
import { percentMul } from '../venues/percentageMath.ts'
import { wadDiv } from '../venues/wadRayMath.ts'
import { borrowFromLendingMarket, supplyToLendingMarket, type LendingFailureCode } from '../venues/lendingActions.ts'

export interface SimulatedBorrow {
  readonly ok: boolean
  /** The failing check, or HEALTH_FACTOR_FLOOR when the Pool accepts it but the goal's floor does not. */
  readonly failure?: LendingFailureCode | 'HEALTH_FACTOR_FLOOR'
  readonly message?: string
  readonly healthFactorWad?: bigint
  readonly market?: LendingMarket
  readonly position?: LendingPosition
}

/** Supplies `supplies` (in order) to an empty position, then borrows; all in a block at `timestamp`. */
export function simulateSupplyAndBorrow(
  market: LendingMarket,
  supplies: readonly { token: Address; amountRaw: bigint }[],
  borrow: { token: Address; amountRaw: bigint; minHealthFactorWad: bigint } | undefined,
  timestamp: number,
): SimulatedBorrow {
  let state = market
  let position: LendingPosition = []
  for (const supply of supplies) {
    const result = supplyToLendingMarket(state, position, supply.token, supply.amountRaw, timestamp)
    if (!result.ok) return { ok: false, failure: result.code, message: result.message }
    state = result.market
    position = result.position
  }
  if (!borrow) return { ok: true, market: state, position }
  const result = borrowFromLendingMarket(state, position, borrow.token, borrow.amountRaw, timestamp)
  if (!result.ok) {
    // The health factor the borrow would leave, for the reason (computed without the Pool's checks).
    const healthFactorWad = healthFactorIfBorrowed(state, position, borrow.token, borrow.amountRaw, timestamp)
    return { ok: false, failure: result.code, message: result.message, ...(healthFactorWad === undefined ? {} : { healthFactorWad }) }
  }
  const healthFactorWad = calculateUserAccountData(result.market, result.position, timestamp).healthFactorWad
  if (healthFactorWad < borrow.minHealthFactorWad)
    return { ok: false, failure: 'HEALTH_FACTOR_FLOOR', healthFactorWad, market: result.market, position: result.position }
  return { ok: true, healthFactorWad, market: result.market, position: result.position }
}

/**
 * Health factor a borrow would leave, without the Pool's LTV check (the figure a reason quotes):
 * (collateral · liquidation threshold) / (existing debt + price · amount / unit), as
 * GenericLogic.calculateUserAccountData computes it, the new debt valued at its nominal amount.
 */
function healthFactorIfBorrowed(market: LendingMarket, position: LendingPosition, token: Address, amountRaw: bigint, timestamp: number): bigint | undefined {
  const reserve = market.reserves.find((candidate) => candidate.token === token)
  if (!reserve) return undefined
  const account = calculateUserAccountData(market, position, timestamp)
  const debtBase = account.totalDebtBase + (reserve.priceBase * amountRaw) / 10n ** BigInt(reserve.decimals)
  if (debtBase === 0n) return undefined
  return wadDiv(percentMul(account.totalCollateralBase, account.liquidationThresholdBps), debtBase)
}

/** Failures more collateral can cure. */
export function isCollateralBound(failure: SimulatedBorrow['failure']): boolean {
  return failure === 'COLLATERAL_CANNOT_COVER_NEW_BORROW' || failure === 'HEALTH_FACTOR_FLOOR' || failure === 'COLLATERAL_BALANCE_IS_ZERO'
}

/**
 * The smallest amount of `supplies[adjust]` (at least its current amount) for which the borrow
 * passes; undefined when even `ceilingRaw` does not. Bisection over the exact simulation, which is
 * monotone in the collateral.
 */
export function requiredSupplyAmount(
  market: LendingMarket,
  supplies: readonly { token: Address; amountRaw: bigint }[],
  adjust: number,
  borrow: { token: Address; amountRaw: bigint; minHealthFactorWad: bigint },
  timestamp: number,
  ceilingRaw: bigint,
): bigint | undefined {
  const passes = (amountRaw: bigint) =>
    simulateSupplyAndBorrow(market, supplies.map((supply, i) => (i === adjust ? { ...supply, amountRaw } : supply)), borrow, timestamp).ok
  let low = supplies[adjust]!.amountRaw
  if (passes(low)) return low
  if (!passes(ceilingRaw)) return undefined
  let high = ceilingRaw
  while (high - low > 1n) {
    const middle = (low + high) / 2n
    if (passes(middle)) high = middle
    else low = middle
  }
  return high
}

/**
 * The least extra `collateralToken` to supply into an existing `position` (as read from the Pool) so
 * that the borrow then passes the Pool's checks and leaves the health factor ≥ the floor: what the
 * executor supplies when the borrow check fails on fresh state (an oracle move since planning).
 * 0 when the borrow already passes; undefined when even `ceilingRaw` more does not (or the supply
 * itself would revert, e.g. over the supply cap). Bisection over the exact simulation, monotone in
 * the collateral.
 */
export function additionalCollateral(
  market: LendingMarket,
  position: LendingPosition,
  collateralToken: Address,
  borrow: { token: Address; amountRaw: bigint; minHealthFactorWad: bigint },
  timestamp: number,
  ceilingRaw: bigint,
): { extraRaw: bigint; healthFactorWad: bigint } | undefined {
  const attempt = (extraRaw: bigint): bigint | undefined => {
    let state = market
    let current = position
    if (extraRaw > 0n) {
      const supplied = supplyToLendingMarket(state, current, collateralToken, extraRaw, timestamp)
      if (!supplied.ok) return undefined
      state = supplied.market
      current = supplied.position
    }
    const borrowed = borrowFromLendingMarket(state, current, borrow.token, borrow.amountRaw, timestamp)
    if (!borrowed.ok) return undefined
    const healthFactorWad = calculateUserAccountData(borrowed.market, borrowed.position, timestamp).healthFactorWad
    return healthFactorWad >= borrow.minHealthFactorWad ? healthFactorWad : undefined
  }
  const now = attempt(0n)
  if (now !== undefined) return { extraRaw: 0n, healthFactorWad: now }
  const top = attempt(ceilingRaw)
  if (top === undefined) return undefined
  let low = 0n
  let high = ceilingRaw
  let best = top
  while (high - low > 1n) {
    const middle = (low + high) / 2n
    const result = attempt(middle)
    if (result === undefined) low = middle
    else {
      high = middle
      best = result
    }
  }
  return { extraRaw: high, healthFactorWad: best }
}
