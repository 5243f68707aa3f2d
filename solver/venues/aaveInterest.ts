// Interest accrual of an Aave V3 reserve between index updates: the supply side grows linearly, the
// variable debt with a three-term binomial approximation of compounding, both per second.
// Source: aave/aave-v3-core contracts/protocol/libraries/math/MathUtils.sol and
// ReserveLogic.getNormalizedIncome / getNormalizedDebt.
import type { LendingReserve } from '../market/types.ts'
import { RAY, rayMul } from './wadRayMath.ts'

/** MathUtils.SECONDS_PER_YEAR = 365 days. */
export const SECONDS_PER_YEAR = 365n * 24n * 60n * 60n

function elapsed(timestamp: number, lastUpdateTimestamp: number): bigint {
  return BigInt(Math.max(0, Math.floor(timestamp) - lastUpdateTimestamp))
}

/** `RAY + rate·Δt / SECONDS_PER_YEAR` (MathUtils.calculateLinearInterest). */
export function calculateLinearInterest(rateRay: bigint, lastUpdateTimestamp: number, timestamp: number): bigint {
  return RAY + (rateRay * elapsed(timestamp, lastUpdateTimestamp)) / SECONDS_PER_YEAR
}

/** MathUtils.calculateCompoundedInterest: 1 + r·t + (r·t)²/2 + (r·t)³/6 with the contract's floors. */
export function calculateCompoundedInterest(rateRay: bigint, lastUpdateTimestamp: number, timestamp: number): bigint {
  const exp = elapsed(timestamp, lastUpdateTimestamp)
  if (exp === 0n) return RAY
  const expMinusOne = exp - 1n
  const expMinusTwo = exp > 2n ? exp - 2n : 0n
  const basePowerTwo = rayMul(rateRay, rateRay) / (SECONDS_PER_YEAR * SECONDS_PER_YEAR)
  const basePowerThree = rayMul(basePowerTwo, rateRay) / SECONDS_PER_YEAR
  const secondTerm = (exp * expMinusOne * basePowerTwo) / 2n
  const thirdTerm = (exp * expMinusOne * expMinusTwo * basePowerThree) / 6n
  return RAY + (rateRay * exp) / SECONDS_PER_YEAR + secondTerm + thirdTerm
}

/** The supply index at `timestamp` (unix seconds): ReserveLogic.getNormalizedIncome. */
export function getNormalizedIncome(reserve: LendingReserve, timestamp: number): bigint {
  if (Math.floor(timestamp) <= reserve.lastUpdateTimestamp) return reserve.liquidityIndexRay
  return rayMul(calculateLinearInterest(reserve.liquidityRateRay, reserve.lastUpdateTimestamp, timestamp), reserve.liquidityIndexRay)
}

/** The variable-debt index at `timestamp` (unix seconds): ReserveLogic.getNormalizedDebt. */
export function getNormalizedDebt(reserve: LendingReserve, timestamp: number): bigint {
  if (Math.floor(timestamp) <= reserve.lastUpdateTimestamp) return reserve.variableBorrowIndexRay
  return rayMul(
    calculateCompoundedInterest(reserve.variableBorrowRateRay, reserve.lastUpdateTimestamp, timestamp),
    reserve.variableBorrowIndexRay,
  )
}
