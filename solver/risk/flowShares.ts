// How much of the plan's delivered amount passes through each step, for weighting price drift.
import type { Step } from '../model/plan.ts'
import type { PlanDag } from './planDag.ts'

/**
 * Share φ_j ∈ [0, 1] of the delivered amount whose value flowed through step j (at the quoted
 * amounts). A dependency counts as a flow only when it delivers the token the step spends
 * (`dependsOn` also carries pure ordering, e.g. a second trade in the same pool). Steps with no flow
 * dependant deliver to the user; each gets its share of their total output. Going backwards, a step
 * passes on the shares of the steps that spend its output, in proportion to what each takes:
 * a holding's producers are pooled and its spenders take from the pool pro rata, as the planner
 * splits holdings (`plan/buildSteps.ts`):
 *   φ_i = Σ_{d spends i} φ_d · a_id / Σ_{i' feeds d} a_i'd,   a_id = out_i · in_d / Σ_{d' spends i} in_d'.
 * With `target` (a step position) the shares are of that step's output instead: φ_target = 1 and the
 * same backward pass over its ancestors (what a slippage guard on that step sees).
 */
export function computeFlowShares(steps: readonly Step[], dag: PlanDag, target?: number): Float64Array {
  const n = steps.length
  const flowDependents = steps.map((step, i) => dag.dependents[i]!.filter((d) => steps[d]!.tokenIn === step.tokenOut))
  const flowDependencies = steps.map((step, d) => dag.dependsOn[d]!.filter((i) => steps[i]!.tokenOut === step.tokenIn))
  const shares = new Float64Array(n)
  if (target !== undefined) shares[target] = 1
  else {
    const sinks = steps.map((_, i) => i).filter((i) => flowDependents[i]!.length === 0)
    const delivered = sinks.reduce((sum, i) => sum + Number(steps[i]!.amountOutRaw), 0)
    for (const i of sinks) shares[i] = delivered > 0 ? Number(steps[i]!.amountOutRaw) / delivered : 1 / sinks.length
  }
  // a_id for every flow edge, then the backward pass.
  const allocation = (i: number, d: number): number => {
    const spent = flowDependents[i]!.reduce((sum, other) => sum + Number(steps[other]!.amountInRaw), 0)
    return spent > 0 ? (Number(steps[i]!.amountOutRaw) * Number(steps[d]!.amountInRaw)) / spent : 0
  }
  for (let k = dag.order.length - 1; k >= 0; k--) {
    const i = dag.order[k] as number
    if (flowDependents[i]!.length === 0 || i === target) continue
    let share = 0
    for (const d of flowDependents[i]!) {
      const received = flowDependencies[d]!.reduce((sum, other) => sum + allocation(other, d), 0)
      if (received > 0) share += (shares[d] as number) * (allocation(i, d) / received)
    }
    shares[i] = share
  }
  return shares
}
