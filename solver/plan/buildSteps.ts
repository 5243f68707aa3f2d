// Turns an allocation of flow over venue edges (floats from the optimiser) into steps with exact
// amounts: holdings are split in integer arithmetic, every venue is quoted with the contract's own
// math in execution order, and a venue used twice sees the state the first use left behind.
import { BaseError } from '../errors.ts'
import { getNetwork, type MarketIndex } from '../market/indexMarket.ts'
import type { AssetKey, Venue } from '../market/types.ts'
import type { MarketGraph } from '../graph/buildMarketGraph.ts'
import { applyVenueTrade } from '../venues/applyVenueTrade.ts'
import { quoteVenue } from '../venues/quoteVenue.ts'
import type { Step } from '../model/plan.ts'
import { venueGasUnits } from '../venues/venueGasUnits.ts'

export interface BuildStepsParameters {
  readonly index: MarketIndex
  readonly graph: MarketGraph
  readonly source: AssetKey
  readonly sink: AssetKey
  readonly amountInRaw: bigint
  /** Input flow per edge key, in any consistent unit per node (only proportions at each node matter). */
  readonly edgeFlows: ReadonlyMap<string, number>
  /** Outgoing edges carrying less than this share of a node's flow are folded into the largest one. */
  readonly dustShare?: number
}

export interface BuildStepsReturnType {
  readonly steps: readonly Step[]
  readonly amountOutRaw: bigint
  /** Share of the input carried by each source→sink path (edge keys), for reporting routes. */
  readonly routes: ReadonlyArray<{ readonly edges: readonly string[]; readonly share: number }>
}

const SHARE_SCALE = 10n ** 18n

/**
 * Builds exact steps in topological order; no steps and zero output when no used edge leads from
 * the source to the sink. Throws SOLVER_FAILED if the used edges contain a cycle.
 */
export function buildSteps(parameters: BuildStepsParameters): BuildStepsReturnType {
  const { index, graph, source, sink, amountInRaw, dustShare = 1e-4 } = parameters

  // Outgoing used edges per node, dust folded away.
  const outgoing = new Map<string, Array<{ edge: string; flow: number }>>()
  for (const [edge, flow] of parameters.edgeFlows) {
    if (!(flow > 0)) continue
    const from = graph.source(edge)
    const list = outgoing.get(from) ?? []
    list.push({ edge, flow })
    outgoing.set(from, list)
  }
  // Keep only edges from which the sink can still be reached: an optimiser's round-off can leave a
  // sliver of flow into a holding whose onward flow is zero, which would strand funds there.
  const reachesSink = new Set<string>([sink])
  for (let grown = true; grown; ) {
    grown = false
    for (const [node, list] of outgoing) {
      if (reachesSink.has(node)) continue
      if (list.some(({ edge }) => reachesSink.has(graph.target(edge)))) {
        reachesSink.add(node)
        grown = true
      }
    }
  }
  for (const [node, list] of outgoing) outgoing.set(node, list.filter(({ edge }) => reachesSink.has(graph.target(edge))))
  // Nothing worth sending (e.g. the optimiser routes no flow for a dust amount): no plan.
  if (!reachesSink.has(source)) return { steps: [], amountOutRaw: 0n, routes: [] }
  for (const [node, list] of outgoing) {
    const total = list.reduce((sum, item) => sum + item.flow, 0)
    const kept = list.filter((item) => item.flow >= dustShare * total)
    kept.sort((a, b) => b.flow - a.flow || (a.edge < b.edge ? -1 : 1))
    outgoing.set(node, kept)
  }

  // Topological order over nodes reachable from the source through used edges (Kahn).
  const reachable = new Set<string>([source])
  const stack = [source as string]
  while (stack.length > 0) {
    const node = stack.pop() as string
    for (const { edge } of outgoing.get(node) ?? []) {
      const target = graph.target(edge)
      if (!reachable.has(target)) {
        reachable.add(target)
        stack.push(target)
      }
    }
  }
  const indegree = new Map<string, number>([...reachable].map((node) => [node, 0]))
  for (const node of reachable) for (const { edge } of outgoing.get(node) ?? []) indegree.set(graph.target(edge), (indegree.get(graph.target(edge)) ?? 0) + 1)
  const order: string[] = []
  const ready = [...reachable].filter((node) => indegree.get(node) === 0).sort()
  while (ready.length > 0) {
    const node = ready.shift() as string
    order.push(node)
    for (const { edge } of outgoing.get(node) ?? []) {
      const target = graph.target(edge)
      const remaining = (indegree.get(target) as number) - 1
      indegree.set(target, remaining)
      if (remaining === 0) ready.push(target)
    }
  }
  if (order.length !== reachable.size) throw new BaseError('SOLVER_FAILED', 'The allocation contains a cycle; it cannot be executed in order.')

  const holdings = new Map<string, bigint>([[source, amountInRaw]])
  const producers = new Map<string, number[]>()
  const venueState = new Map<string, Venue>()
  const lastStepOnVenue = new Map<string, number>()
  const nodeShares = new Map<string, Map<string, number>>() // node → edge → share of that node's holdings
  const steps: Step[] = []

  for (const node of order) {
    if (node === sink) continue
    const held = holdings.get(node) ?? 0n
    const edges = outgoing.get(node) ?? []
    if (held === 0n) continue
    if (edges.length === 0) throw new BaseError('SOLVER_FAILED', `The allocation strands funds at ${node}.`)
    const total = edges.reduce((sum, item) => sum + item.flow, 0)
    const shares = new Map<string, number>()
    let allocated = 0n
    edges.forEach(({ edge, flow }, i) => {
      const last = i === edges.length - 1
      const amount = last ? held - allocated : (held * BigInt(Math.floor((flow / total) * 1e18))) / SHARE_SCALE
      allocated += amount
      if (amount <= 0n) return
      shares.set(edge, Number(amount) / Number(held))
      const { venueId, venue: original, from, to } = graph.getEdgeAttributes(edge)
      const venue = venueState.get(venueId) ?? original
      const quote = quoteVenue(index, venue, from, to, amount)
      venueState.set(venueId, applyVenueTrade(venue, from, to, amount, quote.amountOutRaw))
      const network = getNetwork(index, venue.kind === 'bridge' ? venue.from.chainId : venue.chainId)
      const dependsOn = [...(producers.get(node) ?? [])]
      const previousOnVenue = lastStepOnVenue.get(venueId)
      if (previousOnVenue !== undefined && !dependsOn.includes(previousOnVenue)) dependsOn.push(previousOnVenue)
      const gasUnits = venueGasUnits(venue, quote)
      const gasCostWei = BigInt(gasUnits) * network.gasPriceWei
      const step: Step = {
        index: steps.length,
        venueId,
        venueKind: venue.kind,
        action: venue.kind === 'bridge' ? 'bridge' : 'swap',
        chainId: network.chainId,
        tokenIn: from,
        tokenOut: to,
        amountInRaw: amount,
        amountOutRaw: quote.amountOutRaw,
        feeRaw: quote.feeRaw,
        gasUnits,
        gasCostWei,
        gasCostUsd: (Number(gasCostWei) / 1e18) * network.nativePriceUsd,
        dependsOn: dependsOn.sort((a, b) => a - b),
      }
      steps.push(step)
      lastStepOnVenue.set(venueId, step.index)
      holdings.set(to, (holdings.get(to) ?? 0n) + quote.amountOutRaw)
      producers.set(to, [...(producers.get(to) ?? []), step.index])
    })
    nodeShares.set(node, shares)
  }

  // Routes: every source→sink path through the used edges with the product of split shares.
  const routes: Array<{ edges: string[]; share: number }> = []
  const walk = (node: string, edges: string[], share: number) => {
    if (node === sink) {
      routes.push({ edges, share })
      return
    }
    for (const [edge, edgeShare] of nodeShares.get(node) ?? []) walk(graph.target(edge), [...edges, edge], share * edgeShare)
  }
  walk(source, [], 1)
  routes.sort((a, b) => b.share - a.share)

  return { steps, amountOutRaw: holdings.get(sink) ?? 0n, routes }
}
