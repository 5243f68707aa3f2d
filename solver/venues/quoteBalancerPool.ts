// Exact quote of a swap through a Balancer V2 pool, as the Vault pays it (see balancerWeighted.ts, balancerStable.ts).
import { BaseError } from '../errors.ts'
import type { BalancerStablePool, BalancerWeightedPool } from '../market/types.ts'
import { mulUp } from './balancer/fixedPoint.ts'
import { getBalancerStableAmountOut } from './balancerStable.ts'
import { getWeightedAmountOut } from './balancerWeighted.ts'

export interface QuoteBalancerPoolReturnType {
  readonly amountOutRaw: bigint
  /** The swap fee the pool keeps, tokenIn raw units: amountIn.mulUp(swapFee) (BasePool._subtractSwapFeeAmount). */
  readonly feeRaw: bigint
  readonly feeOutRaw: 0n
  /** True when the contract would revert (e.g. BAL#304: input above 30 % of a weighted pool's balance); out is 0. */
  readonly exceedsCapacity: boolean
}

/** Quotes `amountInRaw` of coin `indexIn` → coin `indexOut`. A revert of the pool math becomes exceedsCapacity. */
export function quoteBalancerPool(pool: BalancerWeightedPool | BalancerStablePool, indexIn: number, indexOut: number, amountInRaw: bigint): QuoteBalancerPoolReturnType {
  const feeRaw = mulUp(amountInRaw, pool.swapFee)
  try {
    const amountOutRaw =
      pool.kind === 'balancerWeighted'
        ? getWeightedAmountOut(pool, indexIn, indexOut, amountInRaw)
        : getBalancerStableAmountOut(pool, indexIn, indexOut, amountInRaw)
    return { amountOutRaw, feeRaw, feeOutRaw: 0n, exceedsCapacity: false }
  } catch (error) {
    if (error instanceof BaseError && error.details?.startsWith('BAL#')) return { amountOutRaw: 0n, feeRaw, feeOutRaw: 0n, exceedsCapacity: true }
    throw error
  }
}
