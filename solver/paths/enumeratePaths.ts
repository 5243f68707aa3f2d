// k best loopless paths under a hop limit (Yen's algorithm over an exact hop-constrained shortest
// path search), in the manner of graphology's algorithm modules: the graph first, a weight getter
// so the caller picks the cost model.
//
// Yen, J. Y. (1971). "Finding the k shortest loopless paths in a network". Management Science 17(11).
import { BaseError } from '../errors.ts'
import type { MarketGraph } from '../graph/buildMarketGraph.ts'

export interface Path {
  /** Edge keys in order. */
  readonly edges: readonly string[]
  /** Node keys in order; nodes.length = edges.length + 1. */
  readonly nodes: readonly string[]
  readonly cost: number
}

export interface EnumeratePathsParameters {
  readonly source: string
  readonly sink: string
  /** How many paths at most. */
  readonly k: number
  /** Largest number of edges on a path. */
  readonly maxHops: number
  /** Non-negative cost of an edge; Infinity excludes the edge. */
  readonly edgeCost: (edgeKey: string) => number
}

interface Adjacency {
  readonly nodeIndex: Map<string, number>
  readonly nodes: string[]
  /** Per node: [edgeKey, targetIndex][] */
  readonly out: Array<Array<readonly [string, number]>>
  /** Every edge key, in the graph's order. */
  readonly edges: string[]
  /** The graph's node and edge counts when this was built (a changed graph is rebuilt). */
  readonly order: number
  readonly size: number
}

/**
 * Adjacency arrays per graph, reused across calls: iterating graphology's edges costs more than
 * the hop-limited search itself on a 2,000-pool market (pricing calls this every round). A market's
 * graph is immutable once built (buildMarketGraph.ts); a graph whose node or edge count changed
 * since is rebuilt.
 */
const adjacencies = new WeakMap<MarketGraph, Adjacency>()

function buildAdjacency(graph: MarketGraph): Adjacency {
  const cached = adjacencies.get(graph)
  if (cached && cached.order === graph.order && cached.size === graph.size) return cached
  const nodes = graph.nodes()
  const nodeIndex = new Map(nodes.map((node, i) => [node, i]))
  const out = nodes.map(() => [] as Array<readonly [string, number]>)
  const edges: string[] = []
  graph.forEachEdge((edge, _attributes, source, target) => {
    out[nodeIndex.get(source) as number]!.push([edge, nodeIndex.get(target) as number])
    edges.push(edge)
  })
  const adjacency = { nodeIndex, nodes, out, edges, order: graph.order, size: graph.size }
  adjacencies.set(graph, adjacency)
  return adjacency
}

/**
 * Cheapest path from `source` to `sink` with at most `maxHops` edges, avoiding `blockedNodes` and
 * `blockedEdges`. Dynamic programming over the hop count (Bellman–Ford by layers), exact for
 * non-negative costs; O(maxHops · E).
 */
function hopLimitedShortestPath(
  adjacency: Adjacency,
  cost: (edge: string) => number,
  source: number,
  sink: number,
  maxHops: number,
  blockedNodes: ReadonlySet<number>,
  blockedEdges: ReadonlySet<string>,
): { edges: string[]; nodes: number[]; cost: number } | undefined {
  const n = adjacency.nodes.length
  // best[h][v] = cheapest cost to reach v with exactly ≤ h edges; parents recorded per layer.
  let best = new Float64Array(n).fill(Infinity)
  best[source] = 0
  const parentEdge: Array<Array<string | undefined>> = []
  const parentNode: Int32Array[] = []
  let layerBest = best
  const history: Float64Array[] = [best]
  for (let h = 1; h <= maxHops; h++) {
    const next = Float64Array.from(layerBest)
    const pEdge: Array<string | undefined> = new Array(n)
    const pNode = new Int32Array(n).fill(-1)
    let changed = false
    for (let u = 0; u < n; u++) {
      const base = layerBest[u] as number
      if (base === Infinity || (u !== source && blockedNodes.has(u)) || u === sink) continue
      for (const [edge, v] of adjacency.out[u]!) {
        if (v === source || blockedNodes.has(v) || blockedEdges.has(edge)) continue
        const c = cost(edge)
        if (c === Infinity) continue
        const candidate = base + c
        if (candidate < (next[v] as number) - 1e-15) {
          next[v] = candidate
          pEdge[v] = edge
          pNode[v] = u
          changed = true
        }
      }
    }
    parentEdge.push(pEdge)
    parentNode.push(pNode)
    history.push(next)
    layerBest = next
    if (!changed) break
  }
  const total = layerBest[sink] as number
  if (total === Infinity) return undefined
  // Walk back through the layers: at layer h the node either improved there or carries from h-1.
  const edges: string[] = []
  const nodes: number[] = [sink]
  let v = sink
  let h = parentEdge.length
  const seen = new Set<number>([sink])
  while (v !== source) {
    while (h > 0 && parentEdge[h - 1]![v] === undefined) h--
    if (h === 0) return undefined
    const edge = parentEdge[h - 1]![v] as string
    const u = parentNode[h - 1]![v] as number
    edges.push(edge)
    if (seen.has(u)) return undefined // a walk with a cycle cannot be cheapest with non-negative costs, but guard anyway
    seen.add(u)
    nodes.push(u)
    v = u
    h--
  }
  edges.reverse()
  nodes.reverse()
  return { edges, nodes, cost: total }
}

/**
 * The k cheapest loopless paths from `source` to `sink` with at most `maxHops` edges, cheapest first.
 * Throws BaseError('INVALID_ARGUMENT') when source or sink is not in the graph.
 */
export function enumeratePaths(graph: MarketGraph, parameters: EnumeratePathsParameters): Path[] {
  const { source, sink, k, maxHops, edgeCost } = parameters
  if (!graph.hasNode(source)) throw new BaseError('INVALID_ARGUMENT', `enumeratePaths: unknown source node "${source}".`)
  if (!graph.hasNode(sink)) throw new BaseError('INVALID_ARGUMENT', `enumeratePaths: unknown sink node "${sink}".`)
  if (source === sink || k <= 0 || maxHops <= 0) return []

  const adjacency = buildAdjacency(graph)
  // Costs are asked for lazily, once per edge the search reaches: on a large market most edges are
  // never relaxed (they leave nodes the hop limit or the sink makes irrelevant).
  const costs = new Map<string, number>()
  const cost = (edge: string): number => {
    let c = costs.get(edge)
    if (c === undefined) {
      c = edgeCost(edge)
      if (Number.isNaN(c) || c < 0) throw new BaseError('INVALID_ARGUMENT', `enumeratePaths: edge "${edge}" has cost ${c}; costs must be ≥ 0.`)
      costs.set(edge, c)
    }
    return c
  }
  const s = adjacency.nodeIndex.get(source) as number
  const t = adjacency.nodeIndex.get(sink) as number

  const first = hopLimitedShortestPath(adjacency, cost, s, t, maxHops, new Set(), new Set())
  if (!first) return []
  const accepted: Array<{ edges: string[]; nodes: number[]; cost: number }> = [first]
  const candidates: Array<{ edges: string[]; nodes: number[]; cost: number }> = []
  const seen = new Set<string>([first.edges.join(',')])

  while (accepted.length < k) {
    const previous = accepted[accepted.length - 1]!
    for (let i = 0; i < previous.edges.length; i++) {
      const spurNode = previous.nodes[i] as number
      const rootEdges = previous.edges.slice(0, i)
      const rootNodes = previous.nodes.slice(0, i + 1)
      const rootCost = rootEdges.reduce((sum, edge) => sum + cost(edge), 0)
      const blockedEdges = new Set<string>()
      for (const path of accepted)
        if (path.edges.length > i && path.edges.slice(0, i).join(',') === rootEdges.join(',')) blockedEdges.add(path.edges[i] as string)
      const blockedNodes = new Set<number>(rootNodes.slice(0, -1))
      const spur = hopLimitedShortestPath(adjacency, cost, spurNode, t, maxHops - i, blockedNodes, blockedEdges)
      if (!spur) continue
      const edges = [...rootEdges, ...spur.edges]
      const key = edges.join(',')
      if (seen.has(key)) continue
      seen.add(key)
      candidates.push({ edges, nodes: [...rootNodes.slice(0, -1), ...spur.nodes], cost: rootCost + spur.cost })
    }
    if (candidates.length === 0) break
    let bestIndex = 0
    for (let j = 1; j < candidates.length; j++) if (candidates[j]!.cost < candidates[bestIndex]!.cost) bestIndex = j
    accepted.push(candidates.splice(bestIndex, 1)[0]!)
  }
  return accepted.map((path) => ({ edges: path.edges, nodes: path.nodes.map((v) => adjacency.nodes[v] as string), cost: path.cost }))
}
