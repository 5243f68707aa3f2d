// The true value of an LP's routing decision: push amountIn through the DAG in topological order,
// splitting each node's true inflow in the LP's proportions and evaluating the real curves.
import type { SplitNetwork } from './prepareSplitNetwork.ts'
import type { SplitEdge } from './types.ts'

export interface SplitFlowEvaluation {
  /** True input per edge (index into `network.edges`), token units of the edge's `from` node. */
  readonly inputs: readonly number[]
  /** min(output(input), maxOutput) per edge, token units of the edge's `to` node. */
  readonly outputs: readonly number[]
  /** Sink-token units arriving at the sink. */
  readonly amountOut: number
  /** Fixed costs of the edges with positive input (0 unless `fixedCosts`), sink-token units. */
  readonly totalFixedCost: number
  /** amountOut − totalFixedCost. */
  readonly objective: number
}

/**
 * Evaluates the routing given by `proportions` (any non-negative weights per edge; only their ratios
 * among a node's out-edges matter, e.g. the LP's inputs). A node with inflow but no weighted
 * out-edge strands its inflow; that cannot happen for an LP solution, whose conservation rows route
 * every unit it believes arrives. Output beyond an edge's `maxOutput` is lost, as on the venue.
 */
export function evaluateSplitFlow(network: SplitNetwork, proportions: readonly number[], fixedCosts: boolean): SplitFlowEvaluation {
  const { edges, nodes, outEdges, problem } = network
  const inputs = edges.map(() => 0)
  const outputs = edges.map(() => 0)
  const inflow = new Map<string, number>([[problem.source, problem.amountIn]])
  for (const node of nodes) {
    if (node === problem.sink) continue
    const available = inflow.get(node) ?? 0
    const out = outEdges.get(node) ?? []
    const weight = out.reduce((sum, i) => sum + Math.max(0, proportions[i] ?? 0), 0)
    if (!(available > 0) || !(weight > 0)) continue
    for (const i of out) {
      const share = Math.max(0, proportions[i] ?? 0) / weight
      if (share === 0) continue
      const edge = edges[i] as SplitEdge
      const input = available * share
      const output = Math.max(0, Math.min(edge.output(input), edge.maxOutput))
      inputs[i] = input
      outputs[i] = Number.isFinite(output) ? output : 0
      inflow.set(edge.to, (inflow.get(edge.to) ?? 0) + (outputs[i] as number))
    }
  }
  const amountOut = inflow.get(problem.sink) ?? 0
  const totalFixedCost = fixedCosts ? edges.reduce((sum, edge, i) => sum + ((inputs[i] as number) > 0 ? edge.fixedCost : 0), 0) : 0
  return { inputs, outputs, amountOut, totalFixedCost, objective: amountOut - totalFixedCost }
}
