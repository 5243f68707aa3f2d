import { MultiDirectedGraph } from 'graphology'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MarketGraph } from '../../../solver/graph/buildMarketGraph.ts'
import { enumeratePaths } from '../../../solver/paths/enumeratePaths.ts'

/** Every simple path up to maxHops by depth-first search: the independent reference. */
function bruteForcePaths(graph: MarketGraph, source: string, sink: string, maxHops: number, cost: (edge: string) => number) {
  const paths: Array<{ edges: string[]; cost: number }> = []
  const visit = (node: string, visited: Set<string>, edges: string[], total: number) => {
    if (node === sink) {
      paths.push({ edges: [...edges], cost: total })
      return
    }
    if (edges.length === maxHops) return
    graph.forEachOutEdge(node, (edge, _attributes, _source, target) => {
      if (visited.has(target) || cost(edge) === Infinity) return
      visited.add(target)
      edges.push(edge)
      visit(target, visited, edges, total + cost(edge))
      edges.pop()
      visited.delete(target)
    })
  }
  visit(source, new Set([source]), [], 0)
  return paths.sort((a, b) => a.cost - b.cost)
}

function randomGraph(nodes: number, edges: Array<[number, number, number]>) {
  const graph = new MultiDirectedGraph() as unknown as MarketGraph
  for (let i = 0; i < nodes; i++) graph.addNode(`n${i}`)
  const costs = new Map<string, number>()
  edges.forEach(([a, b, c], i) => {
    if (a === b) return
    const key = `e${i}`
    graph.addDirectedEdgeWithKey(key, `n${a}`, `n${b}`)
    costs.set(key, c)
  })
  return { graph, cost: (edge: string) => costs.get(edge) as number }
}

describe('enumeratePaths', () => {
  it('returns the k cheapest loopless paths within the hop limit, as brute force does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 7 }),
        fc.array(fc.tuple(fc.nat(6), fc.nat(6), fc.oneof(fc.integer({ min: 0, max: 100 }).map((c) => c / 10), fc.constant(Infinity))), {
          minLength: 3,
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 5 }),
        (nodes, rawEdges, k, maxHops) => {
          const edges = rawEdges.map(([a, b, c]) => [a % nodes, b % nodes, c] as [number, number, number])
          const { graph, cost } = randomGraph(nodes, edges)
          const expected = bruteForcePaths(graph, 'n0', `n${nodes - 1}`, maxHops, cost).slice(0, k)
          const actual = enumeratePaths(graph, { source: 'n0', sink: `n${nodes - 1}`, k, maxHops, edgeCost: cost })
          expect(actual.map((path) => path.cost)).toEqual(expected.map((path) => path.cost).map((c) => expect.closeTo(c, 9)))
          for (const path of actual) {
            expect(path.edges.length).toBeLessThanOrEqual(maxHops)
            expect(new Set(path.nodes).size).toBe(path.nodes.length)
            expect(path.nodes[0]).toBe('n0')
            expect(path.nodes.at(-1)).toBe(`n${nodes - 1}`)
            path.edges.forEach((edge, i) => {
              expect(graph.source(edge)).toBe(path.nodes[i])
              expect(graph.target(edge)).toBe(path.nodes[i + 1])
            })
          }
          expect(new Set(actual.map((path) => path.edges.join())).size).toBe(actual.length)
        },
      ),
      { numRuns: 300, seed: 42 },
    )
  })

  it('respects the hop limit even when a longer path is cheaper', () => {
    const { graph, cost } = randomGraph(4, [
      [0, 1, 0.1],
      [1, 2, 0.1],
      [2, 3, 0.1],
      [0, 3, 5],
    ])
    expect(enumeratePaths(graph, { source: 'n0', sink: 'n3', k: 5, maxHops: 2, edgeCost: cost }).map((p) => p.cost)).toEqual([5])
    expect(enumeratePaths(graph, { source: 'n0', sink: 'n3', k: 5, maxHops: 3, edgeCost: cost }).map((p) => p.cost)).toEqual([
      expect.closeTo(0.3, 9),
      5,
    ])
  })

  it('rejects unknown nodes and negative costs with the function name in the message', () => {
    const { graph } = randomGraph(2, [[0, 1, 1]])
    expect(() => enumeratePaths(graph, { source: 'x', sink: 'n1', k: 1, maxHops: 2, edgeCost: () => 1 })).toThrow(/enumeratePaths: unknown source/)
    expect(() => enumeratePaths(graph, { source: 'n0', sink: 'n1', k: 1, maxHops: 2, edgeCost: () => -1 })).toThrow(/costs must be ≥ 0/)
  })
})
