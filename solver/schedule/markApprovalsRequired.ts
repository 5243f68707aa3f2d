// Which steps of a plan send an approval first: the executor approves a step's spender only when the
// account's allowance is short (src/executor/sendStep.ts), so a standing allowance skips it.
import { parseAssetKey } from '../market/assetKey.ts'
import type { HolderAllowance, StepSpender } from '../model/allowance.ts'
import type { Step } from '../model/plan.ts'

/** ERC-20s that follow OpenZeppelin's (v4.5+) and Solmate's `transferFrom` leave an allowance of 2²⁵⁶ − 1 as it is. */
const INFINITE_ALLOWANCE = 2n ** 256n - 1n

/** The contract that spends `step`'s input (src/executor/sendStep.ts picks the same). */
export function stepSpender(step: Pick<Step, 'action' | 'venueKind'>): StepSpender {
  if (step.action === 'bridge') return 'bridgeSpoke'
  return step.venueKind === 'concentratedLiquidity' ? 'concentratedLiquidityRouter' : 'swapRouter'
}

/**
 * `steps` with `approvalRequired` set on every step, replaying the executor's allowance check in
 * step order (the order it sends them): a step needs an approval when what is left of the holder's
 * allowance for its token and spender is below `amountInRaw`. A step that uses a standing
 * allowance spends it down (`transferFrom`), unless it is infinite; a step that approves sets the
 * allowance to exactly its input and spends it, leaving 0. Without allowances every step approves,
 * as the executor does for an account that has none.
 */
export function markApprovalsRequired(steps: readonly Step[], allowances: readonly HolderAllowance[] = []): Step[] {
  const left = new Map<string, bigint>()
  const keyOf = (chainId: number, token: string, spender: StepSpender) => `${chainId}:${token.toLowerCase()}:${spender}`
  for (const allowance of allowances) left.set(keyOf(allowance.chainId, allowance.token, allowance.spender), allowance.amountRaw)
  const required = new Map<number, boolean>()
  for (const step of [...steps].sort((a, b) => a.index - b.index)) {
    const key = keyOf(step.chainId, parseAssetKey(step.tokenIn).token, stepSpender(step))
    const allowance = left.get(key) ?? 0n
    const approvalRequired = allowance < step.amountInRaw
    left.set(key, approvalRequired ? 0n : allowance === INFINITE_ALLOWANCE ? allowance : allowance - step.amountInRaw)
    required.set(step.index, approvalRequired)
  }
  return steps.map((step) => ({ ...step, approvalRequired: required.get(step.index) as boolean }))
}
