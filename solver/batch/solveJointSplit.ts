// The joint split LP of a batch (MODEL.md): one flow per commodity (a group of intents with the same
// source, sink and candidate edges) on its candidate edges, while every venue direction's concave
// curve bounds the SUM of all commodities' flows through it. Tangent cuts on the aggregate input are
// placed and refined where the flow goes by the same machinery as the single split
// (solver/lp/tangentCuts.ts: sandwich initial tangents, Kelley cuts with brackets).
import { BaseError } from '../errors.ts'
import { createJsLpSolverBackend } from '../lp/backends/jsLpSolverBackend.ts'
import { addCut, initialTangentPoints } from '../lp/tangentCuts.ts'
import type { LinearConstraint, LpBackend } from '../lp/types.ts'
import type { VenueCurve } from '../venues/venueCurve.ts'

export interface JointCommodity {
  readonly id: string
  readonly source: string
  readonly sink: string
  /** Input in source-token units (float). */
  readonly amountIn: number
  readonly edges: readonly string[]
  /** Least output in sink-token units the commodity must get (per-intent minimum); none when absent. */
  readonly minAmountOut?: number
}

export interface JointEdge {
  readonly from: string
  readonly to: string
  readonly curve: VenueCurve
  /** Pool id when the edge is one direction of a pool: opposite directions of one pool are coupled. */
  readonly poolId?: string
}

export interface SolveJointSplitParameters {
  readonly commodities: readonly JointCommodity[]
  readonly edges: ReadonlyMap<string, JointEdge>
  /** USD per token unit of every node. */
  readonly priceUsd: ReadonlyMap<string, number>
}

export interface SolveJointSplitOptions {
  readonly backend?: LpBackend
  /** Stop when the LP overestimates the true aggregate outputs by less than this share of the batch's value. */
  readonly tolerance?: number
  readonly maxIterations?: number
}

export interface SolveJointSplitReturnType {
  readonly status: 'optimal' | 'iterationLimit' | 'infeasible'
  /** Input flow (source-token units of each edge's `from`) per commodity id → edge key. */
  readonly flows: ReadonlyMap<string, ReadonlyMap<string, number>>
  /** Upper bound on total delivered USD from the last relaxation. */
  readonly upperBoundUsd: number
  readonly iterations: number
}


/** Initial tangents approximate each curve to this share of the batch's value (sandwich algorithm). */
const INITIAL_ACCURACY_SHARE = 1e-4
const NEGLIGIBLE_SLOPE = 1e-12
/** Re-pricing rounds with pro-rata rows after the tangent refinement converges. */
const PRO_RATA_ROUNDS = 2

/**
 * Solves the joint LP. Variables are USD values divided by `unit` (the mean commodity size), so rows
 * are well scaled whatever the tokens. Returns 'infeasible' when the minimum outputs cannot all be met
 * by the relaxation (then no allocation meets them). Throws SOLVER_FAILED on a backend error.
 */
export function solveJointSplit(parameters: SolveJointSplitParameters, options: SolveJointSplitOptions = {}): SolveJointSplitReturnType {
  const { commodities, edges, priceUsd } = parameters
  const backend = options.backend ?? createJsLpSolverBackend()
  const tolerance = options.tolerance ?? 1e-5
  const maxIterations = options.maxIterations ?? 30
  const price = (node: string) => priceUsd.get(node) as number
  const totalUsd = commodities.reduce((sum, c) => sum + c.amountIn * price(c.source), 0)
  if (commodities.length === 0 || totalUsd <= 0) return { status: 'optimal', flows: new Map(), upperBoundUsd: 0, iterations: 0 }
  const unit = totalUsd / commodities.length

  const edgeKeys = [...new Set(commodities.flatMap((c) => c.edges))].sort()
  const edgeIndex = new Map(edgeKeys.map((key, i) => [key, i]))
  // The largest input an edge can see: every commodity using it sends all its value through it.
  const inputCapTokens = edgeKeys.map((key) => {
    const edge = edges.get(key) as JointEdge
    const usd = commodities.filter((c) => c.edges.includes(key)).reduce((sum, c) => sum + c.amountIn * price(c.source), 0)
    return (usd * 1.5) / price(edge.from)
  })
  // LP units per output token of an edge: its token's price over the LP unit.
  const lpUnitsPerOutput = (e: number) => price((edges.get(edgeKeys[e] as string) as JointEdge).to) / unit
  const points: number[][] = edgeKeys.map((key, e) =>
    initialTangentPoints((edges.get(key) as JointEdge).curve, inputCapTokens[e] as number, lpUnitsPerOutput(e), (INITIAL_ACCURACY_SHARE * totalUsd) / unit),
  )

  const x = (c: number, e: number) => `x${c}_${e}`
  const y = (c: number, e: number) => `y${c}_${e}`
  const baseConstraints: LinearConstraint[] = []
  const objective: Record<string, number> = {}
  commodities.forEach((commodity, c) => {
    const nodes = new Set<string>()
    for (const key of commodity.edges) {
      const edge = edges.get(key) as JointEdge
      nodes.add(edge.from)
      nodes.add(edge.to)
    }
    for (const node of [...nodes].sort()) {
      if (node === commodity.sink) continue
      const terms: Record<string, number> = {}
      for (const key of commodity.edges) {
        const edge = edges.get(key) as JointEdge
        const e = edgeIndex.get(key) as number
        if (edge.from === node) terms[x(c, e)] = (terms[x(c, e)] ?? 0) + 1
        if (edge.to === node) terms[y(c, e)] = (terms[y(c, e)] ?? 0) - 1
      }
      const supply = node === commodity.source ? (commodity.amountIn * price(node)) / unit : 0
      baseConstraints.push({ name: `c${c}n${node}`, terms, lower: supply, upper: supply })
    }
    const sinkTerms: Record<string, number> = {}
    for (const key of commodity.edges) {
      const edge = edges.get(key) as JointEdge
      if (edge.to !== commodity.sink) continue
      const e = edgeIndex.get(key) as number
      sinkTerms[y(c, e)] = 1
      objective[y(c, e)] = 1
    }
    if (commodity.minAmountOut !== undefined && commodity.minAmountOut > 0)
      baseConstraints.push({ name: `min${c}`, terms: sinkTerms, lower: (commodity.minAmountOut * price(commodity.sink)) / unit })
  })
  const users = edgeKeys.map((key) => commodities.flatMap((c, ci) => (c.edges.includes(key) ? [ci] : [])))
  const commodityUsers = (e: number) => users[e] as number[]
  // Opposite directions of one pool (MODEL.md, "Opposite flows"): a matched amount m_A of A against
  // ρ·m_A of B (ρ = √(f₁'(0)/f₂'(0)), the pool's mid) trades at the zero-size rates — executed one after
  // the other, the two trades' price impacts cancel and only the fees remain — and only the residuals
  // X₁ − m_A and X₂ − ρ·m_A move along the curves. Variable M = m_A·p_A/unit.
  const pairOf = new Map<number, { variable: string; role: 1 | 2; rho: number }>()
  edgeKeys.forEach((key, e) => {
    const edge = edges.get(key) as JointEdge
    if (edge.poolId === undefined || pairOf.has(e)) return
    const partner = edgeKeys.findIndex((other, f) => f > e && edges.get(other)?.poolId === edge.poolId && edges.get(other)?.from === edge.to && edges.get(other)?.to === edge.from)
    if (partner < 0) return
    const back = edges.get(edgeKeys[partner] as string) as JointEdge
    const rho = Math.sqrt(edge.curve.marginal(0) / back.curve.marginal(0))
    if (!(rho > 0 && Number.isFinite(rho))) return
    const variable = `m${e}`
    pairOf.set(e, { variable, role: 1, rho })
    pairOf.set(partner, { variable, role: 2, rho })
  })
  /** LP units of the edge's input that are matched against the opposite direction, per unit of M. */
  const matchedPerM = (e: number) => {
    const pair = pairOf.get(e)
    if (!pair) return 0
    if (pair.role === 1) return 1
    const edge = edges.get(edgeKeys[e] as string) as JointEdge
    return (pair.rho * price(edge.from)) / price(edge.to) // B value per A value: ρ·p_B/p_A (edge.from is B)
  }
  /** LP output units per unit of M that the matched part yields at the zero-size rate. */
  const matchedOutputPerM = (e: number) => {
    const pair = pairOf.get(e)
    if (!pair) return 0
    const edge = edges.get(edgeKeys[e] as string) as JointEdge
    const zeroRate = (edge.curve.marginal(0) * price(edge.to)) / price(edge.from)
    return zeroRate * matchedPerM(e)
  }
  for (const [e, pair] of pairOf) {
    // Matched input ≤ the direction's total input.
    const terms: Record<string, number> = { [pair.variable]: matchedPerM(e) }
    for (const c of commodityUsers(e)) terms[x(c, e)] = -1
    baseConstraints.push({ name: `match${e}`, terms, upper: 0 })
  }

  // Each commodity's own output is at most its input at the curve's best (zero-size) rate, f(x) ≤ f'(0)·x
  // by concavity; without this the aggregate rows would let one commodity take output another paid for.
  edgeKeys.forEach((key, e) => {
    const edge = edges.get(key) as JointEdge
    const slope = (edge.curve.marginal(0) * price(edge.to)) / price(edge.from)
    for (const c of users[e] as number[]) baseConstraints.push({ name: `own${c}_${e}`, terms: { [y(c, e)]: 1, [x(c, e)]: -slope }, upper: 0 })
  })
  const bounds: Record<string, { upper: number }> = {}
  edgeKeys.forEach((key, e) => {
    const edge = edges.get(key) as JointEdge
    const capUsd = Math.min(edge.curve.maxOutput, edge.curve.output(inputCapTokens[e] as number)) * price(edge.to)
    if (Number.isFinite(capUsd)) for (const c of users[e] as number[]) bounds[y(c, e)] = { upper: (capUsd / unit) * (1 + 1e-9) }
  })

  const aggregateRows = (e: number, p: number): LinearConstraint => {
    const key = edgeKeys[e] as string
    const edge = edges.get(key) as JointEdge
    const pIn = price(edge.from)
    const pOut = price(edge.to)
    const value = edge.curve.output(p)
    const marginal = edge.curve.marginal(p)
    // Y ≤ (f(p) + f'(p)(X − p))·pOut/unit, X = X_lp·unit/pIn: valid for every X by concavity.
    let slope = (marginal * pOut) / pIn
    let intercept = (Math.max(0, value - marginal * p) * pOut) / unit
    if (slope < NEGLIGIBLE_SLOPE) {
      intercept += (slope * (inputCapTokens[e] as number) * pIn) / unit
      slope = 0
    }
    const terms: Record<string, number> = {}
    for (const c of users[e] as number[]) {
      terms[y(c, e)] = 1
      if (slope !== 0) terms[x(c, e)] = -slope
    }
    const pair = pairOf.get(e)
    if (pair) terms[pair.variable] = slope * matchedPerM(e) - matchedOutputPerM(e)
    return { name: `t${e}_${p}`, terms, upper: intercept }
  }

  /** Aggregate input (token units of `from`) per edge in an LP solution. */
  /** Input (token units of `from`) per edge that moves along the curve: the total less the matched part. */
  const aggregateInput = (values: Readonly<Record<string, number>>, e: number) => {
    const edge = edges.get(edgeKeys[e] as string) as JointEdge
    let inputLp = 0
    for (const c of users[e] as number[]) inputLp += values[x(c, e)] ?? 0
    const pair = pairOf.get(e)
    if (pair) inputLp -= matchedPerM(e) * (values[pair.variable] ?? 0)
    return (Math.max(0, inputLp) * unit) / price(edge.from)
  }
  /** The true aggregate output (LP units) of an edge for a solution: matched part at the zero-size rate plus the curve. */
  const trueOutputLp = (values: Readonly<Record<string, number>>, e: number) => {
    const edge = edges.get(edgeKeys[e] as string) as JointEdge
    const pair = pairOf.get(e)
    const matched = pair ? matchedOutputPerM(e) * (values[pair.variable] ?? 0) : 0
    return matched + (Math.min(edge.curve.output(aggregateInput(values, e)), edge.curve.maxOutput) * price(edge.to)) / unit
  }
  const totalInputLp = (values: Readonly<Record<string, number>>, e: number) => {
    let inputLp = 0
    for (const c of users[e] as number[]) inputLp += values[x(c, e)] ?? 0
    return inputLp
  }
  // Pro-rata rows (phase 2): y_c ≤ ρ_e·x_c with ρ_e the edge's average rate f(X)/X at the last
  // aggregate input X. The tangent rows bound only the sum, so without these one commodity could take
  // output another paid for (and strand the other's flow); at the fixed point Σ_c ρ_e·x_c = f(X).
  let rates: Map<number, number> | undefined
  const proRataRows = (): LinearConstraint[] => {
    const rows: LinearConstraint[] = []
    for (const [e, rate] of rates ?? []) for (const c of users[e] as number[]) rows.push({ name: `pr${c}_${e}`, terms: { [y(c, e)]: 1, [x(c, e)]: -rate }, upper: 0 })
    return rows
  }
  const solve = () => {
    const constraints = [...baseConstraints, ...proRataRows()]
    points.forEach((list, e) => list.forEach((p) => constraints.push(aggregateRows(e, p))))
    const solution = backend.solve({ direction: 'maximize', objective, constraints, bounds })
    iterations++
    if (solution.status !== 'optimal' && solution.status !== 'infeasible')
      throw new BaseError('SOLVER_FAILED', `The joint LP ended ${solution.status} after ${iterations} solves.`)
    return solution
  }

  let iterations = 0
  /** An edge whose LP output exceeds its curve by more than this (USD) gets a cut. */
  const cutThresholdUsd = tolerance * totalUsd * 0.01
  let upperBoundUsd = Infinity
  let status: SolveJointSplitReturnType['status'] = 'iterationLimit'
  let values: Readonly<Record<string, number>> = {}
  while (iterations < maxIterations) {
    const solution = solve()
    if (solution.status === 'infeasible') return { status: 'infeasible', flows: new Map(), upperBoundUsd: 0, iterations }
    values = solution.values
    upperBoundUsd = solution.objective * unit
    // Where the LP promises more than the curve gives at the aggregate input, add a tangent there.
    let worstGapUsd = 0
    const cuts: Array<[number, number]> = []
    edgeKeys.forEach((key, e) => {
      const edge = edges.get(key) as JointEdge
      let outputLp = 0
      for (const c of users[e] as number[]) outputLp += values[y(c, e)] ?? 0
      const inputTokens = aggregateInput(values, e)
      const trueLp = trueOutputLp(values, e)
      const gapUsd = (outputLp - trueLp) * unit
      if (gapUsd > cutThresholdUsd) cuts.push([e, inputTokens])
      worstGapUsd += Math.max(0, gapUsd)
    })
    let added = 0
    // Cuts at the aggregate input, bracketed to the cut threshold (in output tokens of the edge).
    for (const [e, p] of cuts) added += addCut((edges.get(edgeKeys[e] as string) as JointEdge).curve, points[e] as number[], p, inputCapTokens[e] as number, cutThresholdUsd / price((edges.get(edgeKeys[e] as string) as JointEdge).to))
    if (worstGapUsd <= tolerance * totalUsd || added === 0) {
      status = 'optimal'
      break
    }
  }
  // Phase 2: a few re-pricing rounds with pro-rata rows on edges several commodities share.
  for (let round = 0; round < PRO_RATA_ROUNDS && iterations < maxIterations + PRO_RATA_ROUNDS; round++) {
    const shared = edgeKeys.map((_, e) => e).filter((e) => (users[e] as number[]).length > 1)
    if (shared.length === 0) break
    const previous = values
    rates = new Map(
      shared.map((e) => {
        const edge = edges.get(edgeKeys[e] as string) as JointEdge
        const X = totalInputLp(previous, e)
        // Average rate in LP value units out per LP value unit in; at zero input the zero-size rate.
        return [e, X > 1e-12 ? trueOutputLp(previous, e) / X : (edge.curve.marginal(0) * price(edge.to)) / price(edge.from)]
      }),
    )
    const solution = solve()
    // Rates fixed at the last flow can be too tight for minimum outputs; keep the last feasible flow.
    if (solution.status === 'infeasible') break
    values = solution.values
  }

  const flows = new Map<string, Map<string, number>>()
  commodities.forEach((commodity, c) => {
    const map = new Map<string, number>()
    for (const key of commodity.edges) {
      const e = edgeIndex.get(key) as number
      const edge = edges.get(key) as JointEdge
      const inputLp = values[x(c, e)] ?? 0
      if (inputLp > 1e-9) map.set(key, (inputLp * unit) / price(edge.from))
    }
    flows.set(commodity.id, map)
  })
  return { status, flows, upperBoundUsd, iterations }
}
