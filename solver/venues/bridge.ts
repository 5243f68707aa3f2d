// Exact amount a bridge delivers for a deposit, in raw units, from the market model's fee schedule
// (`Bridge.feeFixedRaw`, then `Bridge.feeBps` on the rest; see solver/market/types.ts).
import { BaseError } from '../errors.ts'
import type { Bridge } from '../market/types.ts'

function assertInput(bridge: Bridge, amountInRaw: bigint): void {
  if (amountInRaw < 0n) throw new BaseError('INVALID_ARGUMENT', 'Amount in must not be negative.', { field: 'amountInRaw' })
  if (!Number.isInteger(bridge.feeBps) || bridge.feeBps < 0 || bridge.feeBps > 10_000)
    throw new BaseError('INVALID_ARGUMENT', `Bridge fee must be an integer number of basis points in [0, 10000], got ${bridge.feeBps}.`, {
      field: `${bridge.id}.feeBps`,
    })
  if (bridge.feeFixedRaw < 0n)
    throw new BaseError('INVALID_ARGUMENT', 'Bridge fixed fee must not be negative.', { field: `${bridge.id}.feeFixedRaw` })
}

/**
 * The fee a bridge keeps for `amountInRaw`, in input-token raw units: `feeFixedRaw` first, then
 * `floor((amountIn − feeFixedRaw)·feeBps / 10000)` of the rest; the whole amount when the fixed fee eats it.
 * Throws BaseError `INVALID_ARGUMENT` for a negative amount or fee, or feeBps outside [0, 10000].
 */
export function getBridgeFeeRaw(bridge: Bridge, amountInRaw: bigint): bigint {
  assertInput(bridge, amountInRaw)
  if (amountInRaw <= bridge.feeFixedRaw) return amountInRaw
  const afterFixed = amountInRaw - bridge.feeFixedRaw
  return bridge.feeFixedRaw + (afterFixed * BigInt(bridge.feeBps)) / 10_000n
}

/**
 * Raw units of the destination token delivered for `amountInRaw` raw units of the origin token: the fixed
 * fee is taken, then `feeBps` of the rest (fee rounded down, in the user's favour), then the amount is moved
 * from `fromDecimals` to `toDecimals` (multiplied exactly, or divided rounding down when precision is lost).
 * Returns 0n when the fixed fee is at least the amount.
 *
 * Output above `bridge.liquidityCapRaw` cannot be delivered; this function does not cap it — the caller
 * checks (quoteVenue reports `exceedsCapacity`).
 * Throws BaseError `INVALID_ARGUMENT` like getBridgeFeeRaw, and for negative or fractional decimals.
 *
 * @example getBridgeAmountOut({ ...bridge, feeFixedRaw: 1_000_000n, feeBps: 5 }, 101_000_000n, 6, 18) // 99_950_000_000_000_000_000n
 */
export function getBridgeAmountOut(bridge: Bridge, amountInRaw: bigint, fromDecimals: number, toDecimals: number): bigint {
  for (const decimals of [fromDecimals, toDecimals])
    if (!Number.isInteger(decimals) || decimals < 0)
      throw new BaseError('INVALID_ARGUMENT', `Decimals must be a non-negative integer, got ${decimals}.`)
  const fee = getBridgeFeeRaw(bridge, amountInRaw)
  const net = amountInRaw - fee
  if (net <= 0n) return 0n
  if (toDecimals >= fromDecimals) return net * 10n ** BigInt(toDecimals - fromDecimals)
  return net / 10n ** BigInt(fromDecimals - toDecimals)
}
