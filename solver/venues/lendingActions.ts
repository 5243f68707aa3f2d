// Supply and variable-rate borrow on an Aave V3 market, applied to the planner's copy of the market
// and of the user's position with the contract's checks and integer math, so a plan never contains
// an action the Pool would revert. Sources: aave/aave-v3-core SupplyLogic.executeSupply,
// BorrowLogic.executeBorrow, ValidationLogic.validateSupply / validateBorrow, AToken.mint and
// VariableDebtToken.mint (ScaledBalanceTokenBase._mintScaled: scaled = amount.rayDiv(index), ≠ 0).
// Not modelled: the interest-rate update after the action (rates stay as read; they only matter for
// accrual over the seconds between steps) and the treasury accrual in the supply-cap check.
import type { Address, LendingMarket, LendingReserve } from '../market/types.ts'
import { getNormalizedDebt, getNormalizedIncome } from './aaveInterest.ts'
import { calculateUserAccountData, findLendingReserve, type LendingPosition, type LendingPositionEntry } from './calculateUserAccountData.ts'
import { percentDiv } from './percentageMath.ts'
import { WAD, rayDiv, rayMul } from './wadRayMath.ts'

/** Aave's error names (Errors.sol) for the checks reproduced here, plus the token transfer that fails without liquidity. */
export type LendingFailureCode =
  | 'INVALID_AMOUNT'
  | 'RESERVE_INACTIVE'
  | 'RESERVE_PAUSED'
  | 'RESERVE_FROZEN'
  | 'BORROWING_NOT_ENABLED'
  | 'SUPPLY_CAP_EXCEEDED'
  | 'BORROW_CAP_EXCEEDED'
  | 'COLLATERAL_BALANCE_IS_ZERO'
  | 'LTV_VALIDATION_FAILED'
  | 'HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD'
  | 'COLLATERAL_CANNOT_COVER_NEW_BORROW'
  | 'INSUFFICIENT_LIQUIDITY'
  | 'INVALID_MINT_AMOUNT'

export type LendingActionResult =
  | { readonly ok: true; readonly market: LendingMarket; readonly position: LendingPosition; readonly scaledAmountRaw: bigint }
  | { readonly ok: false; readonly code: LendingFailureCode; readonly message: string }

/** HEALTH_FACTOR_LIQUIDATION_THRESHOLD = 1e18 (ValidationLogic). */
export const HEALTH_FACTOR_LIQUIDATION_THRESHOLD = WAD

function fail(code: LendingFailureCode, message: string): LendingActionResult {
  return { ok: false, code, message }
}

/** ReserveLogic.updateState at `timestamp`: both indexes accrued and stored. */
function accrue(reserve: LendingReserve, timestamp: number): LendingReserve {
  return {
    ...reserve,
    liquidityIndexRay: getNormalizedIncome(reserve, timestamp),
    variableBorrowIndexRay: getNormalizedDebt(reserve, timestamp),
    lastUpdateTimestamp: Math.max(reserve.lastUpdateTimestamp, Math.floor(timestamp)),
  }
}

function replaceReserve(market: LendingMarket, reserve: LendingReserve): LendingMarket {
  return { ...market, reserves: market.reserves.map((candidate) => (candidate.token === reserve.token ? reserve : candidate)) }
}

function updateEntry(position: LendingPosition, token: Address, update: (entry: LendingPositionEntry) => LendingPositionEntry): LendingPosition {
  const existing = position.find((entry) => entry.token === token)
  const base = existing ?? { token, scaledSupplyRaw: 0n, scaledVariableDebtRaw: 0n, collateralEnabled: false }
  const next = update(base)
  return existing ? position.map((entry) => (entry === existing ? next : entry)) : [...position, next]
}

function checkFlags(reserve: LendingReserve): LendingActionResult | undefined {
  if (!reserve.active) return fail('RESERVE_INACTIVE', `Reserve ${reserve.token} is not active.`)
  if (reserve.paused) return fail('RESERVE_PAUSED', `Reserve ${reserve.token} is paused.`)
  if (reserve.frozen) return fail('RESERVE_FROZEN', `Reserve ${reserve.token} is frozen.`)
  return undefined
}

/**
 * `Pool.supply(token, amountRaw, onBehalfOf = user)` in a block at `timestamp`. The first supply of
 * an asset with LTV ≠ 0 enables it as collateral (SupplyLogic, validateUseAsCollateral without isolation mode).
 */
export function supplyToLendingMarket(
  market: LendingMarket,
  position: LendingPosition,
  token: Address,
  amountRaw: bigint,
  timestamp: number,
): LendingActionResult {
  if (amountRaw <= 0n) return fail('INVALID_AMOUNT', 'Supply amount must be positive.')
  const reserve = accrue(findLendingReserve(market, token), timestamp)
  const flags = checkFlags(reserve)
  if (flags) return flags
  const unit = 10n ** BigInt(reserve.decimals)
  if (reserve.supplyCapTokens !== 0n && rayMul(reserve.scaledSuppliedRaw, reserve.liquidityIndexRay) + amountRaw > reserve.supplyCapTokens * unit)
    return fail('SUPPLY_CAP_EXCEEDED', `Supplying ${amountRaw} would exceed the supply cap of ${reserve.supplyCapTokens} tokens.`)
  const scaledAmountRaw = rayDiv(amountRaw, reserve.liquidityIndexRay)
  if (scaledAmountRaw === 0n) return fail('INVALID_MINT_AMOUNT', 'Supply amount rounds to zero aToken units.')
  const nextReserve = {
    ...reserve,
    scaledSuppliedRaw: reserve.scaledSuppliedRaw + scaledAmountRaw,
    availableLiquidityRaw: reserve.availableLiquidityRaw + amountRaw,
  }
  const nextPosition = updateEntry(position, reserve.token, (entry) => ({
    ...entry,
    scaledSupplyRaw: entry.scaledSupplyRaw + scaledAmountRaw,
    collateralEnabled: entry.collateralEnabled || (entry.scaledSupplyRaw === 0n && reserve.ltvBps !== 0),
  }))
  return { ok: true, market: replaceReserve(market, nextReserve), position: nextPosition, scaledAmountRaw }
}

/**
 * `Pool.borrow(token, amountRaw, 2 /* variable *\/, 0, onBehalfOf = user)` in a block at `timestamp`,
 * with ValidationLogic.validateBorrow's checks in the contract's order (no e-mode, isolation or siloed
 * borrowing), then the transfer of the underlying out of the aToken (fails without liquidity).
 */
export function borrowFromLendingMarket(
  market: LendingMarket,
  position: LendingPosition,
  token: Address,
  amountRaw: bigint,
  timestamp: number,
): LendingActionResult {
  if (amountRaw <= 0n) return fail('INVALID_AMOUNT', 'Borrow amount must be positive.')
  const reserve = accrue(findLendingReserve(market, token), timestamp)
  const flags = checkFlags(reserve)
  if (flags) return flags
  if (!reserve.borrowingEnabled) return fail('BORROWING_NOT_ENABLED', `Borrowing ${reserve.token} is not enabled.`)
  const unit = 10n ** BigInt(reserve.decimals)
  if (reserve.borrowCapTokens !== 0n) {
    const totalDebt = reserve.totalStableDebtRaw + rayMul(reserve.scaledVariableDebtRaw, reserve.variableBorrowIndexRay) + amountRaw
    if (totalDebt > reserve.borrowCapTokens * unit)
      return fail('BORROW_CAP_EXCEEDED', `Borrowing ${amountRaw} would exceed the borrow cap of ${reserve.borrowCapTokens} tokens.`)
  }
  const accrued = replaceReserve(market, reserve)
  const account = calculateUserAccountData(accrued, position, timestamp)
  if (account.totalCollateralBase === 0n) return fail('COLLATERAL_BALANCE_IS_ZERO', 'The position has no collateral.')
  if (account.ltvBps === 0n) return fail('LTV_VALIDATION_FAILED', 'The collateral has an LTV of 0.')
  if (account.healthFactorWad <= HEALTH_FACTOR_LIQUIDATION_THRESHOLD)
    return fail('HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD', 'The position is already liquidatable.')
  const amountBase = (reserve.priceBase * amountRaw) / unit
  const collateralNeededBase = percentDiv(account.totalDebtBase + amountBase, account.ltvBps)
  if (collateralNeededBase > account.totalCollateralBase)
    return fail(
      'COLLATERAL_CANNOT_COVER_NEW_BORROW',
      `The borrow needs collateral worth ${collateralNeededBase} base units at LTV ${account.ltvBps} bps; the position has ${account.totalCollateralBase}.`,
    )
  if (amountRaw > reserve.availableLiquidityRaw)
    return fail('INSUFFICIENT_LIQUIDITY', `The market holds only ${reserve.availableLiquidityRaw} of ${reserve.token} to lend.`)
  const scaledAmountRaw = rayDiv(amountRaw, reserve.variableBorrowIndexRay)
  if (scaledAmountRaw === 0n) return fail('INVALID_MINT_AMOUNT', 'Borrow amount rounds to zero debt-token units.')
  const nextReserve = {
    ...reserve,
    scaledVariableDebtRaw: reserve.scaledVariableDebtRaw + scaledAmountRaw,
    availableLiquidityRaw: reserve.availableLiquidityRaw - amountRaw,
  }
  const nextPosition = updateEntry(position, reserve.token, (entry) => ({ ...entry, scaledVariableDebtRaw: entry.scaledVariableDebtRaw + scaledAmountRaw }))
  return { ok: true, market: replaceReserve(market, nextReserve), position: nextPosition, scaledAmountRaw }
}
