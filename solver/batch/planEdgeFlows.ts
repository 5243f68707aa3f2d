// A plan's split as edge flows, so a plan quoted alone can be realised against a changed market
// (realiseInSequence splits what it actually holds in the plan's proportions).
import { venueEdgeKey } from '../graph/buildMarketGraph.ts'
import type { Plan } from '../model/plan.ts'

/** The edge flows that reproduce a plan's split: each step's input on its venue direction. */
export function planEdgeFlows(plan: Plan): Map<string, number> {
  const flows = new Map<string, number>()
  for (const step of plan.steps) {
    const key = venueEdgeKey(step.venueId, step.tokenIn, step.tokenOut)
    flows.set(key, (flows.get(key) ?? 0) + Number(step.amountInRaw))
  }
  return flows
}
