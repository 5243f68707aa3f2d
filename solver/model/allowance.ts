// A standing ERC-20 allowance of the account that will execute a plan: lets the planner know which
// approvals the executor will skip (solver/schedule/markApprovalsRequired.ts).
import type { Address } from '../market/types.ts'

/**
 * The contract a step's transaction hands its input to, as the executor picks it
 * (src/executor/sendStep.ts): the network's Uniswap V2 router for swaps in other pools, Uniswap V3's
 * SwapRouter for concentrated-liquidity pools, the bridge's spoke for deposits.
 */
export const STEP_SPENDERS = ['swapRouter', 'concentratedLiquidityRouter', 'bridgeSpoke'] as const
export type StepSpender = (typeof STEP_SPENDERS)[number]

/** `owner`'s allowance for `spender` on `token`, as `allowance(owner, spender)` returns it. */
export interface HolderAllowance {
  readonly chainId: number
  readonly token: Address
  readonly spender: StepSpender
  readonly amountRaw: bigint
}
