// The benchmark's independent reference optimum: a fine piecewise-linear LP over the WHOLE
// hop-limited graph (a layered copy per hop, so no walk longer than maxSteps exists in it), solved
// with HiGHS, gas and fixed fees handled by exhaustive activation sets on small cases and by MILP
// binaries on larger ones, then re-evaluated with the contracts' exact integer math (buildSteps).
// It shares nothing with the planner's candidate generation (no ranked paths, no flow slices).
import { rawToFloat } from '../../solver/amounts.ts'
import { BaseError } from '../../solver/errors.ts'
import { buildMarketGraph, type MarketGraph } from '../../solver/graph/buildMarketGraph.ts'
import { assetKeyOf } from '../../solver/market/assetKey.ts'
import { getNetwork, getToken, indexMarket, type MarketIndex } from '../../solver/market/indexMarket.ts'
import type { AssetKey, Market, Token, Venue } from '../../solver/market/types.ts'
import type { Intent } from '../../solver/model/intent.ts'
import type { LinearConstraint, LinearProgram, LpBackend } from '../../solver/lp/types.ts'
import { buildSteps, type BuildStepsReturnType } from '../../solver/plan/buildSteps.ts'
import { DEFAULT_MAX_HOPS } from '../../solver/plan/quoteIntent.ts'
import { validateIntent } from '../../solver/plan/validateIntent.ts'
import { estimateVenueLatencySeconds } from '../../solver/risk/estimateVenueLatencySeconds.ts'
import { venueCurve, type VenueCurve } from '../../solver/venues/venueCurve.ts'
import { intentAdmitsVenue, listHopLimitedEdges, type HopLimitedEdge } from './listHopLimitedEdges.ts'
import { geometricBreakpoints, refineBreakpoints } from './breakpoints.ts'

export interface SolveReferenceOptimumParameters {
  readonly market: Market
  readonly intent: Intent
  /** An HiGHS backend (createHighsBackend); the reference is defined by HiGHS's optimum. */
  readonly backend: LpBackend
  /** Geometric breakpoints per venue direction over [0, cap] before refinement (default 200, at least 200 is the brief). */
  readonly breakpoints?: number
  /** Re-solves with breakpoints added around the previous solution (default 3). */
  readonly refinements?: number
  /** Largest number of fixed-cost edges handled by enumerating every activation set (default 8); above it, MILP. */
  readonly exhaustiveUpTo?: number
  /** Geometric breakpoints of the coarse model that ranks activation sets / solves the MILP (default 50). */
  readonly coarseBreakpoints?: number
  /** Venues slower than this on their own (mean, seconds) are left out (default: max(deadline, 1 day)). */
  readonly maxVenueLatencySeconds?: number
}

export type ReferenceMethod = 'lp' | 'exhaustive' | 'milp'

export interface ReferenceOptimum {
  readonly status: 'ok' | 'noRoute'
  /** Exact steps of the reference flows (buildSteps), when there is a route. */
  readonly built?: BuildStepsReturnType
  /** Exact delivered amount minus gas at the market's USD prices, output-token units; NaN without a route. */
  readonly netOutput: number
  /** The final program's objective (piecewise-linear model, gas subtracted), output-token units. */
  readonly modelObjective: number
  readonly method: ReferenceMethod
  /** Venue directions in the hop-limited graph, and how many carry a fixed cost (gas or fixed fee). */
  readonly edges: number
  readonly fixedCostEdges: number
  /** Activation sets enumerated (exhaustive) or MILP solves. */
  readonly activationSets: number
  /** False when a MILP solve stopped at its time limit before proving optimality. */
  readonly proven: boolean
  /** Every route of the exact plan has at most maxSteps venues. */
  readonly hopLimitRespected: boolean
  readonly solves: number
}

interface EdgeModel {
  readonly hop: HopLimitedEdge
  readonly curve: VenueCurve
  /** USD per unit of the edge's input and output token (variables are in USD so rows are balanced). */
  readonly valueIn: number
  readonly valueOut: number
  /** Largest useful input, token units. */
  readonly cap: number
  /** Gas of one use, USD. */
  readonly gasUsd: number
  /** Whether the edge needs an activation variable (gas > 0 or a fixed fee). */
  readonly fixed: boolean
  breakpoints: number[]
  /** The hops the program may use the edge at (all of hop.layers unless layers are pinned per token). */
  layers: readonly number[]
}

const LOWEST_BREAKPOINT = 1e-9
/** Edges below this share of a holding's flow are folded into its largest (LP round-off, not allocation). */
const DUST_SHARE = 1e-9
/** Activation sets, best on the coarse model first, that the exhaustive search solves on the fine model. */
const EXHAUSTIVE_REFINED = 3
/** Relative MIP gap of the coarse MILP (0.1 bp): activation sets closer than this are ties; the fine re-solve and the removal search below settle them. */
const MIP_GAP = 1e-5
/** A CP pool gains nothing from inputs beyond this multiple of its input reserve (marginal rate < 1e-6 of the spot rate). */
const POOL_INPUT_RESERVES = 1000

const priceOf = (token: Token) => (token.priceUsd > 0 && Number.isFinite(token.priceUsd) ? token.priceUsd : 1)

function gasUsdOf(index: MarketIndex, venue: Venue): number {
  const network = getNetwork(index, venue.kind === 'bridge' ? venue.from.chainId : venue.chainId)
  return ((venue.gasUnits * Number(network.gasPriceWei)) / 1e18) * network.nativePriceUsd
}

/** Largest useful input of an edge: bounded by the value the intent can reach and by the venue itself. */
function capOf(edge: HopLimitedEdge, curve: VenueCurve, tokenIn: Token, inputUsd: number): number {
  // Consistent prices and fees mean no holding is worth more than the input; twice that leaves room for mispricing.
  let cap = (2 * inputUsd) / priceOf(tokenIn)
  const venue = edge.venue
  if (venue.kind === 'bridge') cap = Math.min(cap, curve.maxOutput / Math.max(curve.marginal(0), 1e-12) + curve.fixedFee)
  if (venue.kind === 'constantProduct') {
    const spot = curve.marginal(0) // γ·R_out/R_in, so R_out/spot = R_in/γ: the scale of the curve's bend
    if (spot > 0) cap = Math.min(cap, (POOL_INPUT_RESERVES * curve.maxOutput) / spot)
  }
  return cap
}

/**
 * Builds the layered program. Variables, all in USD at the market's prices:
 *   x_e_k, y_e_k  input and output of venue direction e at hop k;
 *   z_e_s         the part of e's total input on segment s of its breakpoints (concave: filled in order);
 *   u_e           1 when e is used (only for edges with gas or a fixed fee).
 * Rows: Σ_k x_e_k = Σ_s z_e_s; Σ_k y_e_k ≤ Σ_s slope_s·z_e_s − fixedFee·rate·u_e (chords of the exact
 * curve); y_e_k ≤ rate(0)·x_e_k when e sits at several hops; z_e_s ≤ width_s·u_e; flow conservation at
 * (token, hop) with the whole input leaving the source at hop 0. Objective: Σ output into the sink −
 * Σ gas·u_e. `fixedActivation` pins u_e (exhaustive enumeration) instead of making them binary.
 */
function buildProgram(models: readonly EdgeModel[], source: AssetKey, sink: AssetKey, amountUsd: number, fixedActivation?: ReadonlySet<number>, carries?: Carries): LinearProgram {
  const objective: Record<string, number> = {}
  const constraints: LinearConstraint[] = []
  const bounds: Record<string, { lower?: number; upper?: number }> = {}
  const binaries: string[] = []
  const nodeOut = new Map<string, Record<string, number>>() // `${token}@${k}` → terms of outflow − inflow
  const node = (token: string, k: number) => {
    const key = `${token}@${k}`
    let terms = nodeOut.get(key)
    if (!terms) nodeOut.set(key, (terms = {}))
    return terms
  }
  models.forEach((model, i) => {
    const { hop, curve, valueIn, valueOut, cap, breakpoints } = model
    const scale = valueOut / valueIn // slope in USD per USD
    const inTerms: Record<string, number> = {}
    const outTerms: Record<string, number> = {}
    for (const k of model.layers) {
      const x = `x${i}_${k}`
      const y = `y${i}_${k}`
      inTerms[x] = 1
      outTerms[y] = 1
      node(hop.from, k - 1)[x] = 1
      if (hop.to === sink) objective[y] = 1
      else node(hop.to, k)[y] = -1
      if (model.layers.length > 1) constraints.push({ name: `r${i}_${k}`, terms: { [y]: 1, [x]: -curve.marginal(0) * scale }, upper: 0 })
    }
    for (let s = 1; s < breakpoints.length; s++) {
      const a = breakpoints[s - 1]!
      const b = breakpoints[s]!
      const slope = ((curve.output(b) - curve.output(a)) / (b - a)) * scale
      const z = `z${i}_${s}`
      inTerms[z] = -1
      outTerms[z] = -slope
      bounds[z] = { upper: (b - a) * valueIn }
    }
    constraints.push({ name: `i${i}`, terms: inTerms, lower: 0, upper: 0 })
    if (model.fixed) {
      const u = `u${i}`
      const pinned = fixedActivation === undefined ? undefined : fixedActivation.has(i) ? 1 : 0
      objective[u] = -model.gasUsd
      // Exact for a bridge (linear after its fixed fee): output(x − F) = rate·x − rate·F.
      outTerms[u] = curve.fixedFee * curve.marginal(0) * valueOut
      if (pinned === undefined) {
        binaries.push(u)
        bounds[u] = { upper: 1 }
        // z_e_s ≤ width_s·u_e per segment (not Σ z ≤ cap·u): the strong form of the fixed-charge link, whose
        // relaxation forces u_e = 1 as soon as one segment is full, so HiGHS branches little.
        for (let s = 1; s < breakpoints.length; s++)
          constraints.push({ name: `c${i}_${s}`, terms: { [`z${i}_${s}`]: 1, [u]: -(breakpoints[s]! - breakpoints[s - 1]!) * valueIn }, upper: 0 })
      } else {
        bounds[u] = { lower: pinned, upper: pinned }
        if (pinned === 0) for (let s = 1; s < breakpoints.length; s++) bounds[`z${i}_${s}`] = { upper: 0 }
      }
    }
    constraints.push({ name: `o${i}`, terms: outTerms, upper: 0 })
    if (Number.isFinite(curve.maxOutput)) {
      const capTerms: Record<string, number> = {}
      for (const k of model.layers) capTerms[`y${i}_${k}`] = 1
      constraints.push({ name: `m${i}`, terms: capTerms, upper: curve.maxOutput * valueOut })
    }
  })
  // With pinned hops a holding may wait: w carries (token, k) to (token, k + 1).
  let carry = 0
  for (const [token, from] of carries?.potentials ?? [])
    for (let k = from; k < carries!.maxSteps; k++) {
      const w = `w${carry++}`
      node(token, k)[w] = 1
      node(token, k + 1)[w] = -1
    }
  for (const [key, terms] of nodeOut) {
    if (Object.keys(terms).length === 0) continue
    const isSource = key === `${source}@0`
    // The whole input leaves the source at hop 0; elsewhere a holding sends on at most what it received.
    constraints.push(isSource ? { name: `n${key}`, terms, lower: amountUsd, upper: amountUsd } : { name: `n${key}`, terms, upper: 0 })
  }
  return { direction: 'maximize', objective, constraints, bounds, ...(binaries.length > 0 ? { binaries, mipGap: MIP_GAP } : {}) }
}

/** Pinned hops: each intermediate token receives only at its potential and may wait there until maxSteps. */
interface Carries {
  readonly potentials: ReadonlyMap<string, number>
  readonly maxSteps: number
}

interface ProgramSolution {
  readonly objectiveUsd: number
  readonly values: Readonly<Record<string, number>>
  /** Total input per edge, token units. */
  readonly inputs: number[]
  readonly active: Set<number>
  readonly proven: boolean
}

function solveProgram(backend: LpBackend, program: LinearProgram, models: readonly EdgeModel[]): ProgramSolution | undefined {
  const solution = backend.solve(program)
  if (solution.status !== 'optimal') {
    if (solution.status === 'infeasible') return undefined
    throw new BaseError('SOLVER_FAILED', `The reference program was not solved (${solution.status}).`)
  }
  const inputs = models.map((model, i) => model.hop.layers.reduce((sum, k) => sum + Math.max(0, solution.values[`x${i}_${k}`] ?? 0), 0) / model.valueIn)
  const active = new Set<number>()
  models.forEach((model, i) => {
    if (model.fixed && (solution.values[`u${i}`] ?? 0) > 0.5) active.add(i)
  })
  const bound = solution.bound ?? solution.objective
  return { objectiveUsd: solution.objective, values: solution.values, inputs, active, proven: Math.abs(bound - solution.objective) <= 1.01 * MIP_GAP * Math.max(1, Math.abs(solution.objective)) }
}

/** Exact steps of per-edge inputs, or undefined when they deliver nothing or cannot be ordered. */
function buildExact(index: MarketIndex, graph: MarketGraph, source: AssetKey, sink: AssetKey, intent: Intent, models: readonly EdgeModel[], inputs: readonly number[]): BuildStepsReturnType | undefined {
  const flows = new Map<string, number>()
  models.forEach((model, i) => {
    if (inputs[i]! > 0) flows.set(model.hop.edge, (flows.get(model.hop.edge) ?? 0) + inputs[i]! * model.valueIn)
  })
  try {
    // Dust folding off (buildSteps folds < 10⁻⁴ of a node's flow by default): a small pool's sliver is part of the optimum.
    const built = buildSteps({ index, graph, source, sink, amountInRaw: intent.amountInRaw, edgeFlows: flows, dustShare: DUST_SHARE })
    return built.amountOutRaw > 0n ? built : undefined
  } catch (error) {
    if (error instanceof BaseError && error.code === 'SOLVER_FAILED') return undefined
    throw error
  }
}

/**
 * Solves the reference for one intent. Deterministic for a market and intent (HiGHS is
 * deterministic; a MILP time limit, if the backend has one, makes large cases load-dependent and is
 * reported through `proven`). Throws what validateIntent throws for a bad intent.
 */
export function solveReferenceOptimum(parameters: SolveReferenceOptimumParameters): ReferenceOptimum {
  const { market, intent, backend } = parameters
  const count = parameters.breakpoints ?? 200
  const refinements = parameters.refinements ?? 3
  const exhaustiveUpTo = parameters.exhaustiveUpTo ?? 8
  const coarseCount = parameters.coarseBreakpoints ?? 50
  const index = indexMarket(market)
  const graph = buildMarketGraph(market)
  const { tokenIn, tokenOut } = validateIntent(index, intent)
  const source = assetKeyOf(intent.from)
  const sink = assetKeyOf(intent.to)
  const maxSteps = intent.maxSteps ?? DEFAULT_MAX_HOPS
  const maxLatency = parameters.maxVenueLatencySeconds ?? Math.max(intent.deadlineSeconds ?? 0, 86_400)
  const amountUsd = rawToFloat(intent.amountInRaw, tokenIn.decimals) * priceOf(tokenIn)
  const hops = listHopLimitedEdges({
    graph,
    source,
    sink,
    maxSteps,
    admits: (venue) => intentAdmitsVenue(intent, venue) && (venue.kind !== 'bridge' || estimateVenueLatencySeconds(index, venue) <= maxLatency),
  })
  const models: EdgeModel[] = hops.map((hop) => {
    const curve = venueCurve(index, hop.venue, hop.from, hop.to)
    const from = getToken(index, hop.from)
    const gasUsd = gasUsdOf(index, hop.venue)
    const cap = capOf(hop, curve, from, amountUsd)
    return {
      hop,
      curve,
      valueIn: priceOf(from),
      valueOut: priceOf(getToken(index, hop.to)),
      cap,
      gasUsd,
      fixed: gasUsd > 0 || curve.fixedFee > 0,
      breakpoints: geometricBreakpoints(cap, count, LOWEST_BREAKPOINT),
      layers: hop.layers,
    }
  })
  const fixedCostEdges = models.filter((model) => model.fixed).length
  const method: ReferenceMethod = fixedCostEdges === 0 ? 'lp' : fixedCostEdges <= exhaustiveUpTo ? 'exhaustive' : 'milp'
  const empty = { status: 'noRoute' as const, netOutput: NaN, modelObjective: NaN, method, edges: models.length, fixedCostEdges, hopLimitRespected: true }
  if (models.length === 0) return { ...empty, activationSets: 0, proven: true, solves: 0 }

  let solves = 0
  let proven = true
  let carries: Carries | undefined
  const solve = (activation?: ReadonlySet<number>) => {
    solves++
    const solution = solveProgram(backend, buildProgram(models, source, sink, amountUsd, activation, carries), models)
    if (solution && !solution.proven && activation === undefined) proven = false
    return solution
  }
  const fine = models.map((model) => model.breakpoints)
  const setBreakpoints = (points: readonly number[][]) => models.forEach((model, i) => (model.breakpoints = points[i]!))
  const refineAround = (solution: ProgramSolution) => models.forEach((model, i) => (model.breakpoints = refineBreakpoints(model.breakpoints, solution.inputs[i]!, model.cap)))
  /** The fine model with `activation` fixed, refined around its own solution; exact net of its flows. */
  const solveFine = (activation: ReadonlySet<number> | undefined, start: readonly number[][], rounds = refinements) => {
    setBreakpoints(start)
    let solution = solve(activation)
    for (let r = 0; r < rounds && solution; r++) {
      refineAround(solution)
      solution = solve(activation)
    }
    if (!solution) return undefined
    const built = buildExact(index, graph, source, sink, intent, models, solution.inputs)
    return built ? { activation, solution, built, net: netOf(built, tokenOut), points: models.map((model) => model.breakpoints) } : undefined
  }

  // Activation sets to solve finely: every set ranked on coarse breakpoints (exhaustive), the coarse
  // MILP's optimum (milp), or none to fix (lp: no fixed costs).
  let candidates: Array<ReadonlySet<number> | undefined> = [undefined]
  let activationSets = 0
  if (method !== 'lp') {
    const coarse = models.map((model) => geometricBreakpoints(model.cap, coarseCount, LOWEST_BREAKPOINT))
    setBreakpoints(coarse)
    if (method === 'exhaustive') {
      const fixedIndices = models.flatMap((model, i) => (model.fixed ? [i] : []))
      const scored: Array<{ set: Set<number>; objective: number }> = []
      for (let mask = 0; mask < 2 ** fixedIndices.length; mask++) {
        const set = new Set(fixedIndices.filter((_, bit) => (mask >> bit) & 1))
        activationSets++
        const solution = solve(set)
        if (solution) scored.push({ set, objective: solution.objectiveUsd })
      }
      scored.sort((a, b) => b.objective - a.objective)
      candidates = scored.slice(0, EXHAUSTIVE_REFINED).map((entry) => entry.set)
    } else {
      let solution: ProgramSolution | undefined
      try {
        solution = solve(undefined)
      } catch (error) {
        if (!(error instanceof BaseError && error.message.includes('timedout'))) throw error
        // The MILP hit the backend's time limit: activate what the LP relaxation (u_e in [0, 1]) uses,
        // report the result as unproven, and let the removal search below trim it.
        proven = false
        solves++
        const relaxed = buildProgram(models, source, sink, amountUsd)
        const lp = solveProgram(backend, { ...relaxed, binaries: [] }, models)
        solution = lp && { ...lp, active: new Set(models.flatMap((model, i) => (model.fixed && lp.inputs[i]! > 0 ? [i] : []))) }
      }
      activationSets = 1
      candidates = solution ? [solution.active] : []
    }
  }
  let best: NonNullable<ReturnType<typeof solveFine>> | undefined
  for (const activation of candidates) {
    const result = solveFine(activation, fine)
    if (result && (!best || result.net > best.net)) best = result
  }
  // MILP: the activation set is optimal for the coarse model; also try leaving out each used fixed-cost
  // edge on the fine model, in case the coarse curves misjudged one.
  for (let improved = method === 'milp'; improved && best; ) {
    improved = false
    for (const i of [...(best.activation ?? [])]) {
      // Only edges whose gas is at least 1 bp of the value they carry: for the others a reroute costs more than the gas.
      if (best.solution.inputs[i]! > 0 && models[i]!.gasUsd >= 1e-4 * best.solution.inputs[i]! * models[i]!.valueIn && best.activation!.size > 1) {
        const trial = new Set(best.activation)
        trial.delete(i)
        activationSets++
        const result = solveFine(trial, best.points, 1)
        if (result && result.net > best.net * (1 + 1e-12)) {
          best = result
          improved = true
          break
        }
      }
    }
  }
  if (!best) return { ...empty, activationSets, proven, solves }
  // The layered program lets one venue direction's output be split freely over hops and lets a token
  // reached at two hops send each on differently; buildSteps pools a token's holdings, so the exact
  // plan can deliver less than the program said, or hold a route longer than maxSteps (slivers).
  // So the fine model is also solved with pinned hops: each token gets a potential p, edges only go
  // from a lower to a higher potential and land at the target's, holdings wait in between — then the
  // program's semantics are buildSteps' exactly and every route fits. Two potentials are tried: the
  // longest chain of significant flow reaching the token in the layered solution, and the latest hop
  // it could be reached at (maxSteps − its distance to the sink). Too-long routes of the unpinned plan are
  // trimmed (the thinnest edge of each is dropped and buildSteps re-splits). The best exact result
  // that fits is kept.
  const fits = (built: BuildStepsReturnType) => built.routes.every((route) => route.edges.length <= maxSteps)
  const unpinned = best
  const results: Array<NonNullable<typeof best>> = []
  if (fits(unpinned.built)) results.push(unpinned)
  else {
    const inputs = [...unpinned.solution.inputs]
    const edgeIndex = new Map(models.map((model, i) => [model.hop.edge, i]))
    let trimmed: BuildStepsReturnType | undefined = unpinned.built
    while (trimmed && !fits(trimmed)) {
      for (const route of trimmed.routes.filter((r) => r.edges.length > maxSteps)) {
        const thinnest = route.edges.map((edge) => edgeIndex.get(edge)!).reduce((a, b) => (inputs[b]! < inputs[a]! ? b : a))
        inputs[thinnest] = 0
      }
      trimmed = buildExact(index, graph, source, sink, intent, models, inputs)
    }
    if (trimmed) results.push({ ...unpinned, built: trimmed, net: netOf(trimmed, tokenOut), solution: { ...unpinned.solution, inputs } })
  }
  const latestPossible = new Map<string, number>()
  models.forEach((model) => {
    if (model.hop.to !== sink) for (const k of model.hop.layers) latestPossible.set(model.hop.to, Math.max(latestPossible.get(model.hop.to) ?? 0, k))
  })
  // Longest chain of edges carrying ≥ 0.1 % of the value from the source to each token (back edges of
  // a cycle ignored), capped at the latest possible hop.
  const significant = models.filter((model, i) => model.hop.to !== sink && unpinned.solution.inputs[i]! * model.valueIn > 1e-3 * amountUsd)
  const longest = new Map<string, number>()
  const depthOf = (token: string, visiting: Set<string>): number => {
    if (token === source) return 0
    const known = longest.get(token)
    if (known !== undefined) return known
    visiting.add(token)
    let depth = 0
    for (const model of significant)
      if (model.hop.to === token && !visiting.has(model.hop.from)) depth = Math.max(depth, depthOf(model.hop.from, visiting) + 1)
    visiting.delete(token)
    longest.set(token, depth)
    return depth
  }
  const chained = new Map([...latestPossible].map(([token, last]) => [token, Math.min(last, Math.max(1, depthOf(token, new Set())))]))
  const choices = [chained, latestPossible]
  for (const potentials of choices) {
    const potential = (token: string) => (token === source ? 0 : potentials.get(token))
    for (const model of models) {
      const from = potential(model.hop.from)
      const to = model.hop.to === sink ? (from ?? Infinity) + 1 : potential(model.hop.to)
      model.layers = from !== undefined && to !== undefined && to > from && model.hop.layers.includes(to) ? [to] : []
    }
    carries = { potentials: new Map([...potentials, [source, 0]]), maxSteps }
    const pinned = solveFine(unpinned.activation, unpinned.points, 2)
    if (pinned && fits(pinned.built)) results.push(pinned)
  }
  carries = undefined
  for (const model of models) model.layers = model.hop.layers
  const hopLimitRespected = results.length > 0
  best = results.reduce((top, result) => (result.net > top.net ? result : top), results[0] ?? unpinned)
  const { solution, built } = best
  return {
    status: 'ok',
    built,
    netOutput: netOf(built, tokenOut),
    modelObjective: solution.objectiveUsd / priceOf(tokenOut),
    method,
    edges: models.length,
    fixedCostEdges,
    activationSets,
    proven,
    hopLimitRespected,
    solves,
  }
}

/** Delivered minus gas, output-token units (the benchmark's net output). */
function netOf(built: BuildStepsReturnType, tokenOut: Token): number {
  const gasUsd = built.steps.reduce((sum, step) => sum + step.gasCostUsd, 0)
  return rawToFloat(built.amountOutRaw, tokenOut.decimals) - gasUsd / priceOf(tokenOut)
}
