// The candidate subgraph the optimiser splits over: the union of the best paths, kept acyclic so the
// allocation can be executed in order (a path that would close a cycle with better-ranked paths is skipped).
import type { MarketGraph } from '../graph/buildMarketGraph.ts'
import type { Path } from '../paths/enumeratePaths.ts'

function createsCycle(adjacency: Map<string, Set<string>>): boolean {
  const state = new Map<string, 1 | 2>()
  const visit = (node: string): boolean => {
    state.set(node, 1)
    for (const next of adjacency.get(node) ?? []) {
      const s = state.get(next)
      if (s === 1) return true
      if (s === undefined && visit(next)) return true
    }
    state.set(node, 2)
    return false
  }
  for (const node of adjacency.keys()) if (!state.has(node) && visit(node)) return true
  return false
}

/** Union of `paths` (best first) that stays a DAG; returns the edge keys and the paths kept. */
export function selectCandidateEdges(graph: MarketGraph, paths: readonly Path[]): { edges: string[]; paths: Path[] } {
  const adjacency = new Map<string, Set<string>>()
  const edges = new Set<string>()
  const kept: Path[] = []
  for (const path of paths) {
    const added: Array<[string, string]> = []
    for (const edge of path.edges) {
      const from = graph.source(edge)
      const to = graph.target(edge)
      const targets = adjacency.get(from) ?? new Set<string>()
      if (!targets.has(to)) added.push([from, to])
      targets.add(to)
      adjacency.set(from, targets)
    }
    if (createsCycle(adjacency)) {
      for (const [from, to] of added) adjacency.get(from)!.delete(to)
      continue
    }
    for (const edge of path.edges) edges.add(edge)
    kept.push(path)
  }
  return { edges: [...edges], paths: kept }
}
