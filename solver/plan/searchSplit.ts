// The value-optimal split over every edge an intent may use (within an edge filter), found by
// column generation: solve the split LP over a set of paths, price every hop-limited path at the
// LP's marginal rates, add the paths that would raise the output, repeat until none would. Then a
// deterministic activation search trades gas (fixed costs) against output. See lp/MODEL.md §Search.
import { gasCostInTokenUnits } from '../pricing/deriveTokenPrices.ts'
import type { Path } from '../paths/enumeratePaths.ts'
import { enumeratePaths } from '../paths/enumeratePaths.ts'
import { solveSplit } from '../lp/solveSplit.ts'
import type { SolveSplitReturnType, SplitEdge, SplitProblem } from '../lp/types.ts'
import { rawToFloat } from '../amounts.ts'
import { BaseError } from '../errors.ts'
import { markApprovalsRequired } from '../schedule/markApprovalsRequired.ts'
import { buildSteps, type BuildStepsReturnType } from './buildSteps.ts'
import type { EdgeDescription } from './describeEdges.ts'
import type { QuoteContext } from './prepareQuote.ts'
import { selectCandidateEdges } from './selectCandidateEdges.ts'

/** A path is added only if its marginal output beats the split's by more than this (relative): 0.1 bp. */
export const PRICING_TOLERANCE = 1e-5
/** Column-generation rounds at most (each one LP refinement loop); the result says whether it converged. */
export const MAX_PRICING_ROUNDS = 12
/** Paths priced per round (the cheapest under the marginal rates, by Yen's algorithm). */
const PATHS_PER_ROUND = 4
/** Pricing looks at most this many cheapest paths for a new improving one behind known ones. */
const MAX_PRICED_PATHS = 64
/** LP re-solves the activation search may spend trading gas against output. */
const MAX_ACTIVATION_SOLVES = 4
/** A path is tried without when its own fixed cost exceeds this share of the value it carries. */
const ACTIVATION_SHARE = 1e-4
/** Flow below this share of the trade is the LP's noise, not a used edge. */
const USED_SHARE = 1e-9

export interface SearchSplitParameters {
  readonly context: QuoteContext
  /** The edges the split may use (already restricted to hop-limited source → sink walks). */
  readonly edges: ReadonlyMap<string, EdgeDescription>
  /** Paths to start from (e.g. the greedy flow paths); paths with an edge outside `edges` are ignored. */
  readonly initialPaths: readonly Path[]
  /**
   * The result of a search over a subset of `edges` (the next faster latency class): its split is a
   * feasible point here, so the search starts by pricing it instead of solving from scratch.
   */
  readonly warmStart?: SearchSplitReturnType | undefined
}

export interface SearchSplitReturnType {
  /** Exact steps of the best split found (net of gas), undefined when nothing is delivered. */
  readonly built: BuildStepsReturnType | undefined
  /** Net value (output − gas, output-token units) of `built`. */
  readonly netValue: number
  /**
   * Upper bound on the output (before gas) of any split over `edges`, from the last LP's bound when
   * pricing found no improving path (`converged`), else Infinity.
   */
  readonly upperBound: number
  readonly converged: boolean
  /** The paths of the final LP (for warm-starting a search over a larger edge set). */
  readonly paths: readonly Path[]
  readonly rounds: number
  readonly lpSolves: number
  /** The final LP's solution (for warm-starting). */
  readonly solved?: Solved | undefined
  /** The backend's failure, when an LP could not be solved (the result is then the best before it, if any). */
  readonly solverFailure?: BaseError | undefined
}

function toSplitEdge(edge: EdgeDescription): SplitEdge {
  return { id: edge.key, from: edge.from, to: edge.to, output: edge.curve.output, marginal: edge.curve.marginal, maxOutput: edge.curve.maxOutput, fixedCost: edge.fixedCostOut }
}

function splitProblem(context: QuoteContext, edges: ReadonlyMap<string, EdgeDescription>, paths: readonly Path[]): { problem: SplitProblem; kept: Path[] } | undefined {
  const selected = selectCandidateEdges(context.graph, paths)
  if (selected.edges.length === 0) return undefined
  const unitValue = new Map<string, number>()
  const splitEdges = selected.edges.map((key) => {
    const edge = edges.get(key) as EdgeDescription
    unitValue.set(edge.from, edge.priceIn)
    unitValue.set(edge.to, edge.priceOut)
    return toSplitEdge(edge)
  })
  const amountIn = rawToFloat(context.intent.amountInRaw, context.tokenIn.decimals)
  return { problem: { edges: splitEdges, source: context.source, sink: context.sink, amountIn, unitValue }, kept: selected.paths }
}

/** Marginal rate of an edge at input x (0 when its output is capped). */
function marginalRate(edge: EdgeDescription, x: number): number {
  if (edge.curve.maxOutput !== Infinity && edge.curve.output(x) >= edge.curve.maxOutput * (1 - 1e-12)) return 0
  return Math.max(0, edge.curve.marginal(x))
}

/**
 * π_u: what one more unit of u adds at the sink through the split's used edges at the margin
 * (π_sink = 1; π_u = max over used edges u → v of f'(x)·π_v). At an LP optimum every used edge out of
 * u has the same f'(x)·π_v, so π_source is the marginal output of the whole split, λ.
 */
function marginalValues(context: QuoteContext, edges: ReadonlyMap<string, EdgeDescription>, inputs: ReadonlyMap<string, number>): Map<string, number> {
  const outgoing = new Map<string, string[]>()
  for (const key of inputs.keys()) {
    const from = (edges.get(key) as EdgeDescription).from
    const list = outgoing.get(from)
    if (list) list.push(key)
    else outgoing.set(from, [key])
  }
  const values = new Map<string, number>([[context.sink, 1]])
  const visiting = new Set<string>()
  const valueOf = (node: string): number => {
    const known = values.get(node)
    if (known !== undefined) return known
    if (visiting.has(node)) return 0 // the split's edges form a DAG; guard anyway
    visiting.add(node)
    let best = 0
    for (const key of outgoing.get(node) ?? []) {
      const edge = edges.get(key) as EdgeDescription
      best = Math.max(best, marginalRate(edge, inputs.get(key) as number) * valueOf(edge.to))
    }
    visiting.delete(node)
    values.set(node, best)
    return best
  }
  valueOf(context.source)
  return values
}

export interface Solved {
  readonly split: SolveSplitReturnType
  readonly paths: Path[]
  readonly inputs: Map<string, number>
  readonly built: BuildStepsReturnType | undefined
  readonly netValue: number
  /** True when the LP's flow formed a walk longer than maxHops and was re-solved over depth-pinned paths. */
  readonly repaired: boolean
}

/**
 * The most edges on any source → sink walk through `used` edges (a DAG: the LP's network is one).
 * Every flow decomposition of the split uses walks of at most this many edges, so ≤ maxHops means
 * the plan honours maxSteps whatever the decomposition.
 */
export function longestUsedWalk(edges: ReadonlyMap<string, EdgeDescription>, used: Iterable<string>, source: string): number {
  const outgoing = new Map<string, string[]>()
  for (const key of used) {
    const edge = edges.get(key) as EdgeDescription
    const list = outgoing.get(edge.from)
    if (list) list.push(edge.to)
    else outgoing.set(edge.from, [edge.to])
  }
  const depth = new Map<string, number>()
  const visiting = new Set<string>()
  const longest = (node: string): number => {
    const known = depth.get(node)
    if (known !== undefined) return known
    if (visiting.has(node)) return Infinity // not a DAG: no bound on its walks
    visiting.add(node)
    let best = 0
    for (const next of outgoing.get(node) ?? []) best = Math.max(best, 1 + longest(next))
    visiting.delete(node)
    depth.set(node, best)
    return best
  }
  return longest(source)
}

/**
 * Paths of `paths` on which every node but the sink sits at one depth. A node is pinned to the
 * position that carries the most of `weight` (the flow of the paths through it there; ties: the
 * earlier position), a node no weighted path visits to its position on the first path that reaches
 * it, and a path placing a node elsewhere is left out. Over the union of the kept paths every edge
 * goes from a node of depth k to one of depth k + 1 (or into the sink), so no walk is longer than
 * the longest kept path: the split LP over them honours maxHops.
 */
export function pinPathDepths(paths: readonly Path[], sink: string, weight: (path: Path) => number = () => 0): Path[] {
  const atDepth = new Map<string, number[]>()
  for (const path of paths) {
    const w = weight(path)
    if (!(w > 0)) continue
    path.nodes.forEach((node, position) => {
      const list = atDepth.get(node) ?? []
      list[position] = (list[position] ?? 0) + w
      atDepth.set(node, list)
    })
  }
  const pinned = new Map<string, number>()
  for (const [node, list] of atDepth) {
    let best = -1
    list.forEach((w, position) => {
      if (best < 0 || w > (list[best] as number)) best = position
    })
    pinned.set(node, best)
  }
  const kept: Path[] = []
  for (const path of paths) {
    if (!path.nodes.every((node, position) => node === sink || (pinned.get(node) ?? position) === position)) continue
    path.nodes.forEach((node, position) => {
      if (node !== sink) pinned.set(node, position)
    })
    kept.push(path)
  }
  return kept
}

/**
 * Column generation over hop-limited paths. Pricing: at the LP's flows x, a path P raises the
 * output iff its marginal product M(P) = Π_{e∈P} f'_e(x_e) exceeds λ = π_source (moving ε of input
 * from the split to P gains ε(M(P) − λ) to first order). The cheapest paths under the cost
 * −ln(f'_e(x_e)·price_to/price_from) (prices only make costs ≥ 0; they telescope along a path) are
 * found exactly by the hop-limited search; when the best of them has M(P) ≤ λ(1 + PRICING_TOLERANCE),
 * no hop-limited path improves the split: by concavity the LP optimum over the current paths is then
 * optimal over all of them (KKT), and its bound holds for the whole edge set. Edges whose cost had to
 * be clamped at 0 (a venue paying more than the market price) void that certificate (`converged`
 * stays false).
 */
export function searchSplit(parameters: SearchSplitParameters): SearchSplitReturnType {
  const { context, edges } = parameters
  const amountIn = rawToFloat(context.intent.amountInRaw, context.tokenIn.decimals)
  const pathKey = (path: Path) => path.edges.join()
  let paths = parameters.initialPaths.filter((path) => path.edges.every((key) => edges.has(key)))
  let lpSolves = 0
  let solverFailure: BaseError | undefined
  // Where the last solve sent flow, per edge: a later LP over an overlapping set of paths has its
  // optimum near there, and tangents placed there save most of its refinements.
  const hints = new Map<string, number>(parameters.warmStart?.solved?.inputs ?? [])

  let repairing = false
  /** Paths left out by a depth pinning: pricing does not offer them again (they would only be dropped again). */
  const pinnedOut = new Set<string>()
  const solve = (candidatePaths: readonly Path[], fixedCosts: boolean): Solved | undefined => {
    const prepared = splitProblem(context, edges, candidatePaths)
    if (!prepared) return undefined
    let split: SolveSplitReturnType
    try {
      split = solveSplit(prepared.problem, { backend: context.backend, tolerance: context.tolerance, fixedCosts, flowHints: hints })
    } catch (error) {
      // A split the backend cannot solve (numerically extreme amounts) is one lost candidate, not a
      // failed quote: the single-path candidates still stand (the caller rethrows if nothing does).
      if (!(error instanceof BaseError && error.code === 'SOLVER_FAILED')) throw error
      solverFailure ??= error
      return undefined
    }
    lpSolves += split.iterations
    for (const [key, flow] of split.flows) hints.set(key, flow.input)
    if (split.status === 'infeasible' || split.flows.size === 0) return undefined
    const inputs = new Map<string, number>()
    for (const [key, flow] of split.flows) if (flow.input > USED_SHARE * amountIn) inputs.set(key, flow.input)
    // The LP pools each token whatever hop it is reached at, so its flow can chain a prefix of one
    // path to the suffix of another into a walk longer than maxHops. Then the paths are pinned to
    // one depth per token (the paths carrying the most flow first) and the LP solved over those: a
    // restriction, so its plan is feasible for the hop limit; no certificate is claimed for it.
    if (!repairing && longestUsedWalk(edges, inputs.keys(), context.source) > context.maxHops) {
      const carried = (path: Path) => Math.min(...path.edges.map((key) => inputs.get(key) ?? 0))
      const ordered = prepared.kept.map((path, position) => ({ path, position, flow: carried(path) })).sort((a, b) => b.flow - a.flow || a.position - b.position)
      const flowOf = new Map(ordered.map(({ path, flow }) => [path, flow]))
      const pinnedPaths = pinPathDepths(ordered.map(({ path }) => path), context.sink, (path) => flowOf.get(path) ?? 0)
      const keptKeys = new Set(pinnedPaths.map(pathKey))
      for (const path of prepared.kept) if (!keptKeys.has(pathKey(path))) pinnedOut.add(pathKey(path))
      repairing = true
      const restricted = solve(pinnedPaths, fixedCosts)
      repairing = false
      return restricted === undefined ? undefined : { ...restricted, repaired: true }
    }
    const built = buildExact(context, inputs)
    return { split, paths: prepared.kept, inputs, built, netValue: built ? netValueOf(context, built) : -Infinity, repaired: false }
  }

  if (paths.length === 0) {
    const [first] = enumeratePaths(context.graph, { source: context.source, sink: context.sink, k: 1, maxHops: context.maxHops, edgeCost: (key) => (edges.has(key) ? 0 : Infinity) })
    if (!first) return { built: undefined, netValue: -Infinity, upperBound: 0, converged: true, paths: [], rounds: 0, lpSolves }
    paths = [first]
  }

  let current = parameters.warmStart?.solved ?? solve(paths, false)
  let bestRepaired = current
  let rounds = 0
  let converged = false
  while (current && rounds < MAX_PRICING_ROUNDS) {
    rounds += 1
    const values = marginalValues(context, edges, current.inputs)
    const lambda = values.get(context.source) ?? 0
    let clamped = false
    const cost = (key: string): number => {
      const edge = edges.get(key)
      if (!edge) return Infinity
      const rate = marginalRate(edge, current!.inputs.get(key) ?? 0)
      if (!(rate > 0)) return Infinity
      const raw = -Math.log((rate * edge.priceOut) / edge.priceIn)
      if (raw < 0) clamped = true
      return Math.max(0, raw)
    }
    const productOf = (path: Path) => {
      let product = 1
      for (const key of path.edges) product *= marginalRate(edges.get(key) as EdgeDescription, current!.inputs.get(key) ?? 0)
      return product
    }
    // The cheapest paths under the marginal costs, until one is new or none improves: a known path
    // can price in (the LP's tangents put its margin a hair off the curve's), and the new improving
    // paths may lie just behind it.
    const known = new Set(current.paths.map(pathKey))
    let priced: Path[] = []
    for (let k = PATHS_PER_ROUND; k <= MAX_PRICED_PATHS; k *= 4) {
      priced = enumeratePaths(context.graph, { source: context.source, sink: context.sink, k, maxHops: context.maxHops, edgeCost: cost })
      const last = priced.at(-1)
      if (priced.length < k || last === undefined || productOf(last) <= lambda * (1 + PRICING_TOLERANCE) || priced.some((path) => !known.has(pathKey(path)))) break
    }
    const improvingAll = priced.filter((path) => productOf(path) > lambda * (1 + PRICING_TOLERANCE))
    const improving = improvingAll.filter((path) => !known.has(pathKey(path)) && !pinnedOut.has(pathKey(path))).slice(0, PATHS_PER_ROUND)
    if (improving.length === 0) {
      // No path improves: the KKT certificate holds. Known paths alone improving mean the LP's
      // optimum is off the curves by more than the pricing tolerance: no certificate then.
      converged = !clamped && improvingAll.length === 0 && !current.repaired
      break
    }
    // Paths carrying flow first, so that a new path closing a cycle with them is the one dropped;
    // paths without flow on any edge are left out (the LP stays the size of its basis, as in column
    // generation). A path with flow on some edges stays: the flow may run along parts of several
    // paths, and dropping one would drop flow the LP had found.
    const used = current.paths.filter((path) => path.edges.some((key) => current!.inputs.has(key)))
    const next = solve([...used, ...improving], false)
    // A repaired LP may have dropped the new paths (they are then not offered again): price again.
    if (!next || (!next.repaired && !improving.some((path) => next.paths.some((kept) => pathKey(kept) === pathKey(path))))) break
    current = next
    if (!bestRepaired || current.netValue > bestRepaired.netValue) bestRepaired = current
  }
  if (!current) return { built: undefined, netValue: -Infinity, upperBound: 0, converged, paths, rounds, lpSolves, solved: undefined, solverFailure }
  // Repairs make the rounds non-monotone (each pinning drops different paths): keep the best of them.
  if (current?.repaired && bestRepaired && bestRepaired.netValue > current.netValue) current = bestRepaired
  const upperBound = converged ? current.split.upperBound : Infinity

  // Nothing new for this edge set: the warm start's split (and its activation search) stands.
  if (current === parameters.warmStart?.solved) return { ...parameters.warmStart, converged, upperBound, rounds, lpSolves }

  // Activation search: with gas, a path whose own edges cost more than the output it adds is better
  // left out. A used path is tried without when its own fixed cost is worth more than
  // ACTIVATION_SHARE of its flow's value (below that it cannot pay for itself less than it adds, on
  // any market we plan on: price impact differences between parallel routes are of that order), the
  // most expensive per unit of flow first; a drop that raises the net value is kept.
  let best = current
  let budget = MAX_ACTIVATION_SOLVES
  let improved = true
  while (improved && budget > 0) {
    improved = false
    const used = best.paths.filter((path) => path.edges.every((key) => best.inputs.has(key)))
    if (used.length <= 1) break
    const ownCost = (path: Path) =>
      path.edges.filter((key) => !used.some((other) => other !== path && other.edges.includes(key))).reduce((sum, key) => sum + (edges.get(key) as EdgeDescription).fixedCostOut, 0)
    // Flow value of a path in output units: its first edge's input at the split's marginal value.
    const lambda = marginalValues(context, edges, best.inputs).get(context.source) ?? 0
    const flowValue = (path: Path) => Math.min(...path.edges.slice(0, 1).map((key) => best.inputs.get(key) as number)) * lambda
    const droppable = used
      .map((path) => ({ path, cost: ownCost(path), value: flowValue(path) }))
      .filter(({ cost, value }) => cost > ACTIVATION_SHARE * value)
      .sort((a, b) => b.cost / b.value - a.cost / a.value)
    for (const { path } of droppable) {
      if (budget <= 0) break
      budget -= 1
      const variant = solve(used.filter((other) => other !== path), false)
      if (variant && variant.netValue > best.netValue) {
        best = variant
        improved = true
        break
      }
    }
  }
  return { built: best.built, netValue: best.netValue, upperBound, converged, paths: current.paths, rounds, lpSolves, solved: current, solverFailure }
}

/** Exact steps for edge flows; undefined when they deliver nothing. */
export function buildExact(context: QuoteContext, edgeFlows: ReadonlyMap<string, number>): BuildStepsReturnType | undefined {
  const built = buildSteps({ index: context.index, graph: context.graph, source: context.source, sink: context.sink, amountInRaw: context.intent.amountInRaw, edgeFlows })
  // Which steps send an approval first, so that timing and schedule count what the executor sends.
  return built.amountOutRaw > 0n ? { ...built, steps: markApprovalsRequired(built.steps, context.intent.allowances) } : undefined
}

/** Delivered minus gas, in output-token units (floats: for ranking only). */
export function netValueOf(context: QuoteContext, built: BuildStepsReturnType): number {
  const gasUsd = built.steps.reduce((sum, step) => sum + step.gasCostUsd, 0)
  return rawToFloat(built.amountOutRaw, context.tokenOut.decimals) - gasCostInTokenUnits(gasUsd, context.tokenOut)
}
