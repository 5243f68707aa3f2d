// A user's position in an Aave V3 market valued as the Pool values it: collateral and debt in the
// base currency, weighted LTV and liquidation threshold, health factor, and what can still be borrowed.
// Source: aave/aave-v3-core GenericLogic.calculateUserAccountData, _getUserBalanceInBaseCurrency,
// _getUserDebtInBaseCurrency, calculateAvailableBorrows (no e-mode, no stable debt of the user).
import { BaseError } from '../errors.ts'
import type { Address, LendingMarket, LendingReserve } from '../market/types.ts'
import { getNormalizedDebt, getNormalizedIncome } from './aaveInterest.ts'
import { percentMul } from './percentageMath.ts'
import { rayMul, wadDiv } from './wadRayMath.ts'

/** The user's balances in one reserve, in the tokens' scaled units (aToken / variable-debt scaledBalanceOf). */
export interface LendingPositionEntry {
  readonly token: Address
  readonly scaledSupplyRaw: bigint
  readonly scaledVariableDebtRaw: bigint
  /** UserConfiguration.isUsingAsCollateral (set on the first supply of an asset with LTV ≠ 0). */
  readonly collateralEnabled: boolean
}

export type LendingPosition = readonly LendingPositionEntry[]

export interface UserAccountData {
  readonly totalCollateralBase: bigint
  readonly totalDebtBase: bigint
  readonly availableBorrowsBase: bigint
  /** Weighted by collateral value, two decimals. */
  readonly ltvBps: bigint
  readonly liquidationThresholdBps: bigint
  /** Wad (1e18 = 1.0); 2^256 − 1 without debt, as the Pool returns it. */
  readonly healthFactorWad: bigint
}

export const MAX_HEALTH_FACTOR = (1n << 256n) - 1n

/** The reserve of `token`; throws UNKNOWN_TOKEN when the market does not list it. */
export function findLendingReserve(market: LendingMarket, token: Address): LendingReserve {
  const reserve = market.reserves.find((candidate) => candidate.token === token.toLowerCase())
  if (!reserve) throw new BaseError('UNKNOWN_TOKEN', `Lending market ${market.id} has no reserve for token ${token}.`)
  return reserve
}

/**
 * Values `position` at `timestamp` (unix seconds; indexes accrue from each reserve's last update)
 * exactly as `Pool.getUserAccountData` would in a block with that timestamp, given the same state.
 */
export function calculateUserAccountData(market: LendingMarket, position: LendingPosition, timestamp: number): UserAccountData {
  let totalCollateralBase = 0n
  let totalDebtBase = 0n
  let weightedLtv = 0n
  let weightedThreshold = 0n
  for (const entry of position) {
    const reserve = findLendingReserve(market, entry.token)
    const assetUnit = 10n ** BigInt(reserve.decimals)
    if (reserve.liquidationThresholdBps !== 0 && entry.collateralEnabled && entry.scaledSupplyRaw > 0n) {
      const balanceBase = (rayMul(entry.scaledSupplyRaw, getNormalizedIncome(reserve, timestamp)) * reserve.priceBase) / assetUnit
      totalCollateralBase += balanceBase
      weightedLtv += balanceBase * BigInt(reserve.ltvBps)
      weightedThreshold += balanceBase * BigInt(reserve.liquidationThresholdBps)
    }
    if (entry.scaledVariableDebtRaw > 0n)
      totalDebtBase += (rayMul(entry.scaledVariableDebtRaw, getNormalizedDebt(reserve, timestamp)) * reserve.priceBase) / assetUnit
  }
  const ltvBps = totalCollateralBase === 0n ? 0n : weightedLtv / totalCollateralBase
  const liquidationThresholdBps = totalCollateralBase === 0n ? 0n : weightedThreshold / totalCollateralBase
  const healthFactorWad = totalDebtBase === 0n ? MAX_HEALTH_FACTOR : wadDiv(percentMul(totalCollateralBase, liquidationThresholdBps), totalDebtBase)
  const borrowable = percentMul(totalCollateralBase, ltvBps)
  return {
    totalCollateralBase,
    totalDebtBase,
    availableBorrowsBase: borrowable < totalDebtBase ? 0n : borrowable - totalDebtBase,
    ltvBps,
    liquidationThresholdBps,
    healthFactorWad,
  }
}
