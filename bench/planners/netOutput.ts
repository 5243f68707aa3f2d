// The output measure every planner is compared by.
import { rawToFloat } from '../../solver/amounts.ts'
import type { Token } from '../../solver/market/types.ts'
import type { Plan } from '../../solver/model/plan.ts'

/**
 * Net output of a plan in output-token units: expected delivered amount minus the plan's gas at the
 * market's USD prices, the quantity Accord's split optimiser and Uniswap's router ("gas-adjusted
 * quote") maximise. A float, for comparisons only.
 */
export function netOutput(plan: Plan, tokenOut: Token): number {
  return rawToFloat(plan.expectedAmountOutRaw, tokenOut.decimals) - plan.gasCostUsd / tokenOut.priceUsd
}
