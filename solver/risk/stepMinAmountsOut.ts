// Slippage guards per step: the least each step may deliver without reverting (or refunding).
import { getToken, type MarketIndex } from '../market/indexMarket.ts'
import type { Step } from '../model/plan.ts'
import type { PlanDag } from './planDag.ts'

export interface StepMinAmountsOutParameters {
  readonly index: MarketIndex
  readonly steps: readonly Step[]
  readonly dag: PlanDag
  readonly expectedAmountOutRaw: bigint
  readonly minAmountOutRaw: bigint
}

/**
 * Per step position, its guard in raw units of its output token:
 * - a step whose output cannot drift — it and every step feeding it carry one asset unchanged (a
 *   bridge of the user's exact input, whose delivered amount is fixed at deposit, as Across's
 *   `outputAmount`) — is guarded at its exact output;
 * - any other step at ⌊amountOut · min / expected⌋, the plan's slippage tolerance applied to it;
 * - the steps that deliver to the user then share the plan's minimum: the drifting ones together
 *   must deliver min − Σ(fixed deliveries), split ⌊pro rata⌋ with the rounding remainder handed out
 *   one raw unit at a time by largest remainder, so the delivering guards add up to at least the
 *   plan's minimum and no guard exceeds its step's quoted output while min ≤ expected.
 */
export function stepMinAmountsOut(parameters: StepMinAmountsOutParameters): bigint[] {
  const { index, steps, dag, expectedAmountOutRaw, minAmountOutRaw } = parameters
  const symbolOf = (key: Step['tokenIn']) => getToken(index, key).symbol.toUpperCase()
  const flowDependencies = steps.map((step, d) => dag.dependsOn[d]!.filter((i) => steps[i]!.tokenOut === step.tokenIn))
  const drifts = new Array<boolean>(steps.length).fill(false)
  for (const position of dag.order) {
    const step = steps[position]!
    drifts[position] = symbolOf(step.tokenIn) !== symbolOf(step.tokenOut) || flowDependencies[position]!.some((i) => drifts[i])
  }
  const guards = steps.map((step, position) =>
    !drifts[position] ? step.amountOutRaw : expectedAmountOutRaw > 0n ? (step.amountOutRaw * minAmountOutRaw) / expectedAmountOutRaw : 0n,
  )

  const delivering = steps
    .map((_, position) => position)
    .filter((i) => !dag.dependents[i]!.some((d) => steps[d]!.tokenIn === steps[i]!.tokenOut))
  const fixed = delivering.filter((i) => !drifts[i]).reduce((sum, i) => sum + steps[i]!.amountOutRaw, 0n)
  const drifting = delivering.filter((i) => drifts[i])
  const driftingOut = drifting.reduce((sum, i) => sum + steps[i]!.amountOutRaw, 0n)
  const target = minAmountOutRaw - fixed
  if (drifting.length === 0 || driftingOut === 0n || target <= 0n) return guards
  let assigned = 0n
  const remainders: Array<{ position: number; remainder: bigint }> = []
  for (const i of drifting) {
    const scaled = steps[i]!.amountOutRaw * target
    guards[i] = scaled / driftingOut
    assigned += guards[i]!
    remainders.push({ position: i, remainder: scaled % driftingOut })
  }
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.position - b.position : a.remainder > b.remainder ? -1 : 1))
  for (let k = 0; assigned < target; k = (k + 1) % remainders.length) {
    const i = remainders[k]!.position
    guards[i] = guards[i]! + 1n
    assigned += 1n
  }
  return guards
}
