// Exhaustive reference for the split optimiser: every split on a grid of shares at every node with
// more than one way out. Exponential in the number of branching nodes; for small test problems only.
// Written independently of solver/lp (its own ordering and propagation).
import type { SplitEdge, SplitProblem } from '../../../solver/lp/types.ts'

export interface BruteForceSplitReturnType {
  /** Best amountOut − fixed costs of used edges (fixed costs only with `fixedCosts`). */
  readonly objective: number
  readonly amountOut: number
  /** Input per edge id of the best split (edges with zero input omitted). */
  readonly inputs: ReadonlyMap<string, number>
  readonly evaluations: number
}

/** Every way to write `total` as an ordered sum of `parts` non-negative integers. */
function* compositions(total: number, parts: number): Generator<number[]> {
  if (parts === 1) {
    yield [total]
    return
  }
  for (let first = 0; first <= total; first += 1) for (const rest of compositions(total - first, parts - 1)) yield [first, ...rest]
}

/**
 * Best objective over all splits whose shares at each node are multiples of 1/gridSteps.
 * Output of an edge is min(output(input), maxOutput); a node's whole inflow is split.
 */
export function bruteForceSplit(problem: SplitProblem, gridSteps: number, options: { fixedCosts?: boolean } = {}): BruteForceSplitReturnType {
  const { edges, source, sink, amountIn } = problem
  const usable = edges.filter((edge) => edge.from !== sink)
  // Depth-first post-order from the source gives a reverse topological order of a DAG.
  const order: string[] = []
  const visited = new Set<string>()
  const visit = (node: string) => {
    if (visited.has(node)) return
    visited.add(node)
    for (const edge of usable) if (edge.from === node) visit(edge.to)
    order.push(node)
  }
  visit(source)
  order.reverse()
  const outOf = new Map(order.map((node) => [node, usable.filter((edge) => edge.from === node)]))
  const branching = order.filter((node) => (outOf.get(node) ?? []).length > 1)

  const evaluate = (shares: ReadonlyMap<string, number>) => {
    const inflow = new Map<string, number>([[source, amountIn]])
    const inputs = new Map<string, number>()
    for (const node of order) {
      if (node === sink) continue
      const amount = inflow.get(node) ?? 0
      for (const edge of outOf.get(node) ?? []) {
        const share = shares.get(edge.id) ?? 1
        const input = amount * share
        if (input <= 0) continue
        inputs.set(edge.id, input)
        inflow.set(edge.to, (inflow.get(edge.to) ?? 0) + Math.min(edge.output(input), edge.maxOutput))
      }
    }
    const amountOut = inflow.get(sink) ?? 0
    let cost = 0
    if (options.fixedCosts) for (const edge of usable) if ((inputs.get(edge.id) ?? 0) > 0) cost += edge.fixedCost
    return { amountOut, objective: amountOut - cost, inputs }
  }

  let best: BruteForceSplitReturnType = { objective: -Infinity, amountOut: 0, inputs: new Map(), evaluations: 0 }
  let evaluations = 0
  const shares = new Map<string, number>()
  const recurse = (depth: number) => {
    if (depth === branching.length) {
      evaluations += 1
      const result = evaluate(shares)
      if (result.objective > best.objective) best = { ...result, evaluations: 0 }
      return
    }
    const out = outOf.get(branching[depth] as string) as SplitEdge[]
    for (const parts of compositions(gridSteps, out.length)) {
      out.forEach((edge, i) => shares.set(edge.id, (parts[i] as number) / gridSteps))
      recurse(depth + 1)
    }
  }
  recurse(0)
  return { ...best, evaluations }
}
