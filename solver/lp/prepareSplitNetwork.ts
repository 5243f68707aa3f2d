// Validates a split problem and derives what the LP formulation needs from it: the edges that lie on
// some source→sink path, a topological order, rigorous per-node inflow caps and per-node LP scales.
import { BaseError } from '../errors.ts'
import type { SplitEdge, SplitProblem } from './types.ts'

/** The LP's unit: the whole trade is worth this many LP units (see MODEL.md, "Scaling"). */
export const LP_SCALE = 1_000

/**
 * Largest factor by which a price-derived trade amount may differ from the curve-derived one and
 * still be used. Slippage and fees make the curve figure smaller by up to the trade's price impact;
 * beyond 10× the price is stale or wrong and would give tangent slopes far from 1.
 */
const REACH_AGREEMENT = 10

export interface SplitNetwork {
  readonly problem: SplitProblem
  /** Edges on some source→sink path, ordered by the topological position of their `from` node. */
  readonly edges: readonly SplitEdge[]
  /** Nodes on some source→sink path in topological order: source first, sink last. */
  readonly nodes: readonly string[]
  /** Indices into `edges` leaving / entering each node. */
  readonly outEdges: ReadonlyMap<string, readonly number[]>
  readonly inEdges: ReadonlyMap<string, readonly number[]>
  /**
   * Upper bound on the token amount any flow can bring to each node, in the node's token units:
   * cap(source) = amountIn, cap(n) = Σ_{e into n} min(maxOutput_e, output_e(cap(from_e))).
   * Valid because outputs are increasing and an edge never gets more than its node receives.
   */
  readonly inflowCap: ReadonlyMap<string, number>
  /**
   * Amount of each node's token the whole trade is worth, in token units: amountIn·unitValue(source)
   * / unitValue(n) when both prices are given and agree with the curves within REACH_AGREEMENT;
   * otherwise what the best single edge into n delivers when the best single route so far carries
   * the whole trade (the curves' own exchange rate, immune to stale or missing prices).
   */
  readonly tradeAmount: ReadonlyMap<string, number>
  /** LP units per token unit of each node: LP_SCALE / tradeAmount(n), so the trade is LP_SCALE everywhere. */
  readonly scale: ReadonlyMap<string, number>
}

function invalid(message: string, field?: string): BaseError {
  return new BaseError('INVALID_ARGUMENT', message, field === undefined ? {} : { field })
}

function usableValue(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value > 0
}

/**
 * Prunes `problem` to its source→sink subgraph and computes orders, caps and scales.
 * Throws BaseError `INVALID_ARGUMENT` for a non-positive or non-finite amount, source = sink,
 * duplicate edge ids, self-loops, negative or non-finite fixed costs, a cycle between source and
 * sink, or an edge whose output at its inflow cap is not a finite non-negative number.
 * The network may have no edges (no route); the caller reports that as infeasible.
 */
export function prepareSplitNetwork(problem: SplitProblem): SplitNetwork {
  const { source, sink, amountIn } = problem
  if (!Number.isFinite(amountIn) || amountIn <= 0) throw invalid(`amountIn must be a positive finite number, got ${amountIn}.`, 'amountIn')
  if (source === sink) throw invalid(`Source and sink are the same node "${source}".`, 'sink')

  const ids = new Set<string>()
  problem.edges.forEach((edge, i) => {
    if (ids.has(edge.id)) throw invalid(`Duplicate edge id "${edge.id}".`, `edges[${i}].id`)
    ids.add(edge.id)
    if (edge.from === edge.to) throw invalid(`Edge "${edge.id}" is a self-loop.`, `edges[${i}]`)
    if (!Number.isFinite(edge.fixedCost) || edge.fixedCost < 0)
      throw invalid(`Edge "${edge.id}" has fixed cost ${edge.fixedCost}; it must be finite and ≥ 0.`, `edges[${i}].fixedCost`)
    if (Number.isNaN(edge.maxOutput) || edge.maxOutput < 0)
      throw invalid(`Edge "${edge.id}" has maxOutput ${edge.maxOutput}; it must be ≥ 0.`, `edges[${i}].maxOutput`)
  })

  // Forward reachability from the source (never leaving the sink) and backward from the sink
  // (never entering the source): an edge matters only if it lies on some source→sink walk.
  const reachable = (start: string, next: (node: string) => string[], stop: string): Set<string> => {
    const seen = new Set([start])
    const stack = [start]
    while (stack.length > 0) {
      const node = stack.pop() as string
      if (node === stop) continue
      for (const other of next(node)) {
        if (!seen.has(other)) {
          seen.add(other)
          stack.push(other)
        }
      }
    }
    return seen
  }
  const successors = new Map<string, string[]>()
  const predecessors = new Map<string, string[]>()
  for (const edge of problem.edges) {
    successors.set(edge.from, [...(successors.get(edge.from) ?? []), edge.to])
    predecessors.set(edge.to, [...(predecessors.get(edge.to) ?? []), edge.from])
  }
  const forward = reachable(source, (node) => successors.get(node) ?? [], sink)
  const backward = reachable(sink, (node) => predecessors.get(node) ?? [], source)
  const relevant = problem.edges.filter(
    (edge) => forward.has(edge.from) && backward.has(edge.to) && edge.from !== sink && edge.to !== source,
  )

  // Kahn's algorithm; ties broken by first appearance so the order is deterministic.
  const nodeSet = new Set<string>([source])
  for (const edge of relevant) nodeSet.add(edge.from).add(edge.to)
  const indegree = new Map<string, number>([...nodeSet].map((node) => [node, 0]))
  for (const edge of relevant) indegree.set(edge.to, (indegree.get(edge.to) ?? 0) + 1)
  const nodes: string[] = []
  const ready = [...nodeSet].filter((node) => indegree.get(node) === 0)
  while (ready.length > 0) {
    const node = ready.shift() as string
    nodes.push(node)
    for (const edge of relevant) {
      if (edge.from !== node) continue
      const left = (indegree.get(edge.to) ?? 0) - 1
      indegree.set(edge.to, left)
      if (left === 0) ready.push(edge.to)
    }
  }
  if (nodes.length !== nodeSet.size) {
    const stuck = [...nodeSet].filter((node) => !nodes.includes(node))
    throw invalid(`The candidate graph has a cycle through ${stuck.map((node) => `"${node}"`).join(', ')}.`, 'edges')
  }
  if (relevant.length === 0 && !nodes.includes(sink)) nodes.push(sink)

  const position = new Map(nodes.map((node, i) => [node, i]))
  const edges = [...relevant].sort((a, b) => (position.get(a.from) ?? 0) - (position.get(b.from) ?? 0))
  const outEdges = new Map<string, number[]>(nodes.map((node) => [node, []]))
  const inEdges = new Map<string, number[]>(nodes.map((node) => [node, []]))
  edges.forEach((edge, i) => {
    outEdges.get(edge.from)?.push(i)
    inEdges.get(edge.to)?.push(i)
  })

  const inflowCap = new Map<string, number>([[source, amountIn]])
  const reach = new Map<string, number>([[source, amountIn]]) // best single-route delivery of the trade
  for (const node of nodes) {
    if (node === source) continue
    let cap = 0
    let best = 0
    for (const i of inEdges.get(node) ?? []) {
      const edge = edges[i] as SplitEdge
      const capFrom = inflowCap.get(edge.from) as number
      const out = Math.min(edge.maxOutput, edge.output(capFrom))
      if (!Number.isFinite(out) || out < 0)
        throw invalid(`Edge "${edge.id}" returned output ${out} for input ${capFrom}.`, `edges.${edge.id}`)
      cap += out
      const through = Math.min(edge.maxOutput, edge.output(reach.get(edge.from) as number))
      if (Number.isFinite(through) && through > best) best = through
    }
    inflowCap.set(node, cap)
    reach.set(node, best)
  }

  // How much of each node's token "the whole trade" is: from unitValue where it is given and agrees
  // with the curves within REACH_AGREEMENT, else from the curves (see MODEL.md, "Scaling").
  const sourceValue = problem.unitValue.get(source)
  const tradeAmount = new Map<string, number>()
  for (const node of nodes) {
    const value = problem.unitValue.get(node)
    const priced = usableValue(sourceValue) && usableValue(value) ? (amountIn * sourceValue) / value : undefined
    const reached = reach.get(node) as number
    const agrees = priced !== undefined && reached > 0 && priced <= reached * REACH_AGREEMENT && priced * REACH_AGREEMENT >= reached
    tradeAmount.set(node, node === source ? amountIn : agrees ? (priced as number) : reached > 0 ? reached : (priced ?? amountIn))
  }
  const scale = new Map(nodes.map((node) => [node, LP_SCALE / (tradeAmount.get(node) as number)]))
  return { problem, edges, nodes, outEdges, inEdges, inflowCap, tradeAmount, scale }
}
