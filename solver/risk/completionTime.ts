// Distribution of the time at which a set of steps has completed, by series-parallel reduction of
// the plan's activity network.
//
// The network: one event per step completion, one start event per distinct set of dependencies
// (a holding's inputs have all arrived), a source (time 0) and a terminal (the targets are done).
// A step is an edge from its start event to its completion event carrying its duration; a start
// event with several dependencies is entered by zero-length edges from each of them.
// Reductions (J. J. Martin, "Distribution of the time through a directed, acyclic network",
// Operations Research 13(1):46–66, 1965):
//   series   u → v → w, v with one edge in and one out: the sum, a convolution;
//   parallel two edges u → v: the maximum of independent durations, the CDF product.
// Each edge stands for a disjoint set of steps, so both are exact and a series-parallel network
// reduces to one edge holding the exact distribution. A network that does not reduce fully is
// finished by a forward pass treating the inputs of each remaining merge as independent. Those
// inputs share ancestors, are positively associated, and P(max ≤ t) ≥ Π P(input ≤ t)
// (Esary, Proschan & Walkup 1967), so the result is stochastically later than the truth: a lower
// bound on P(done by t) (C. E. Kleindorfer, "Bounding distributions for a stochastic acyclic
// network", Operations Research 19(7):1586–1601, 1971).
import type { PlanDag } from './planDag.ts'
import { convolve, maxOfIndependent, pointMass, type GridDistribution, type TimeGrid } from './timeGrid.ts'

export interface CompletionTimeParameters {
  readonly grid: TimeGrid
  readonly dag: PlanDag
  /** Per step position, its duration on `grid`. */
  readonly durations: readonly GridDistribution[]
  /** Positions of the steps whose joint completion (the latest of them) is wanted. */
  readonly targets: readonly number[]
}

export interface CompletionTimeReturnType {
  readonly distribution: GridDistribution
  /** True when the network reduced completely (series-parallel): the distribution is exact up to discretisation. */
  readonly exact: boolean
}

interface Edge {
  from: number
  to: number
  /** undefined = zero duration. */
  duration: GridDistribution | undefined
  alive: boolean
}

const SOURCE = 0
const TERMINAL = 1

function add(a: GridDistribution | undefined, b: GridDistribution | undefined): GridDistribution | undefined {
  if (!a) return b
  if (!b) return a
  return convolve(a, b)
}

function max(a: GridDistribution | undefined, b: GridDistribution | undefined): GridDistribution | undefined {
  // Durations are ≥ 0, so max(0, X) = X.
  if (!a) return b
  if (!b) return a
  return maxOfIndependent(a, b)
}

/** Distribution of the time by which every target step (and so all of its ancestors) has completed. */
export function completionTimeDistribution(parameters: CompletionTimeParameters): CompletionTimeReturnType {
  const { grid, dag, durations, targets } = parameters
  // The targets and their ancestors.
  const included = new Set<number>()
  const stack = [...targets]
  while (stack.length > 0) {
    const position = stack.pop() as number
    if (included.has(position)) continue
    included.add(position)
    stack.push(...dag.dependsOn[position]!)
  }
  if (included.size === 0) return { distribution: pointMass(grid, 0), exact: true }

  // Build the activity network.
  let nodeCount = 2
  const completion = new Map<number, number>()
  for (const position of included) completion.set(position, nodeCount++)
  const startNodes = new Map<string, number>()
  const edges: Edge[] = []
  for (const position of dag.order) {
    if (!included.has(position)) continue
    const dependencies = dag.dependsOn[position]!
    let start: number
    if (dependencies.length === 0) start = SOURCE
    else if (dependencies.length === 1) start = completion.get(dependencies[0] as number) as number
    else {
      const key = [...dependencies].sort((a, b) => a - b).join(',')
      const existing = startNodes.get(key)
      if (existing === undefined) {
        start = nodeCount++
        startNodes.set(key, start)
        for (const dependency of dependencies) edges.push({ from: completion.get(dependency) as number, to: start, duration: undefined, alive: true })
      } else start = existing
    }
    edges.push({ from: start, to: completion.get(position) as number, duration: durations[position], alive: true })
  }
  const hasDependent = new Set<number>()
  for (const position of included) for (const dependency of dag.dependsOn[position]!) hasDependent.add(dependency)
  for (const position of included)
    if (!hasDependent.has(position)) edges.push({ from: completion.get(position) as number, to: TERMINAL, duration: undefined, alive: true })

  // Reduce.
  let changed = true
  while (changed) {
    changed = false
    const byPair = new Map<string, Edge>()
    for (const edge of edges) {
      if (!edge.alive) continue
      const key = `${edge.from}>${edge.to}`
      const other = byPair.get(key)
      if (other) {
        other.duration = max(other.duration, edge.duration)
        edge.alive = false
        changed = true
      } else byPair.set(key, edge)
    }
    const incoming = new Map<number, Edge[]>()
    const outgoing = new Map<number, Edge[]>()
    for (const edge of edges) {
      if (!edge.alive) continue
      ;(incoming.get(edge.to) ?? incoming.set(edge.to, []).get(edge.to)!).push(edge)
      ;(outgoing.get(edge.from) ?? outgoing.set(edge.from, []).get(edge.from)!).push(edge)
    }
    for (let node = 2; node < nodeCount; node++) {
      const into = incoming.get(node)
      const out = outgoing.get(node)
      if (into?.length !== 1 || out?.length !== 1) continue
      const first = into[0] as Edge
      const second = out[0] as Edge
      if (!first.alive || !second.alive) continue
      first.to = second.to
      first.duration = add(first.duration, second.duration)
      second.alive = false
      changed = true
      break // degrees changed; recompute
    }
  }
  const alive = edges.filter((edge) => edge.alive)
  if (alive.length === 1 && alive[0]!.from === SOURCE && alive[0]!.to === TERMINAL)
    return { distribution: alive[0]!.duration ?? pointMass(grid, 0), exact: true }

  // Not series-parallel: forward pass, independent inputs at merges (a lower bound on the CDF).
  const incoming = new Map<number, Edge[]>()
  const indegree = new Map<number, number>()
  for (const edge of alive) {
    ;(incoming.get(edge.to) ?? incoming.set(edge.to, []).get(edge.to)!).push(edge)
    indegree.set(edge.to, (indegree.get(edge.to) ?? 0) + 1)
  }
  const time = new Map<number, GridDistribution | undefined>([[SOURCE, undefined]])
  const ready = [SOURCE]
  for (let head = 0; head < ready.length; head++) {
    const node = ready[head] as number
    for (const edge of alive) {
      if (edge.from !== node) continue
      const remaining = (indegree.get(edge.to) as number) - 1
      indegree.set(edge.to, remaining)
      if (remaining > 0) continue
      let arrival: GridDistribution | undefined
      let first = true
      for (const input of incoming.get(edge.to)!) {
        const candidate = add(time.get(input.from), input.duration)
        arrival = first ? candidate : max(arrival, candidate)
        first = false
      }
      time.set(edge.to, arrival)
      ready.push(edge.to)
    }
  }
  return { distribution: time.get(TERMINAL) ?? pointMass(grid, 0), exact: false }
}
