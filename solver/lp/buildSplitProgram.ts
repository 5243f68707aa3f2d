// The split LP/MILP of MODEL.md as plain data: flow conservation on the DAG, tangent cuts bounding
// each edge's output from above, optional fixed-cost binaries. Everything in scaled LP units.
import type { SplitNetwork } from './prepareSplitNetwork.ts'
import type { LinearConstraint, LinearProgram, SplitEdge } from './types.ts'

export interface SplitProgram {
  readonly program: LinearProgram
  /** Per edge (index into `network.edges`): its input variable X_e, output variable Y_e, use binary z_e. */
  readonly inputVariables: readonly string[]
  readonly outputVariables: readonly string[]
  readonly useVariables: readonly (string | undefined)[]
  /** Big-M of each edge in LP units: the largest input any true flow can put on it. */
  readonly inputCaps: readonly number[]
}

/** Slopes below this (LP output units per LP input unit) are folded into the intercept; see tangentRow. */
const NEGLIGIBLE_SLOPE = 1e-9

/**
 * The tangent of `edge` at x0 as a row Y − slope·X ≤ intercept in LP units. Concavity makes it an
 * upper bound on the curve for every input, so adding it never cuts off a true flow. A negligible
 * slope is replaced by 0 with the intercept raised to the tangent's value at the input cap (still
 * valid for every input ≤ cap), so solvers that drop tiny coefficients do not tighten the row.
 */
function tangentRow(edge: SplitEdge, x0: number, scaleFrom: number, scaleTo: number, inputCapLp: number) {
  const value = edge.output(x0)
  const marginal = edge.marginal(x0)
  let slope = (marginal * scaleTo) / scaleFrom
  // f(x0) − f'(x0)·x0 ≥ f(0) = 0 for a concave curve; clamp away rounding below it (loosens the row).
  let intercept = Math.max(0, (value - marginal * x0) * scaleTo)
  if (slope < NEGLIGIBLE_SLOPE) {
    intercept += Math.max(0, slope * (inputCapLp - x0 * scaleFrom))
    slope = 0
  }
  return { slope, intercept }
}

export interface BuildSplitProgramOptions {
  /** Add use binaries and fixed costs (a MILP); edges with zero fixed cost get no binary. */
  readonly fixedCosts: boolean
  /**
   * Write tangent rows of edges with a binary in perspective form (default true). The plain form,
   * Y ≤ slope·X + intercept with only X ≤ M·z linking z, is weaker but kinder to solvers that
   * struggle with the perspective rows' large z coefficients (javascript-lp-solver).
   */
  readonly perspective?: boolean
}

/**
 * Builds the LP (or MILP with `fixedCosts`) for the current tangent points, one array of points per
 * edge in token units of the edge's `from` node. Maximises LP units of the sink token minus scaled
 * fixed costs; divide the objective by `network.scale.get(sink)` for sink-token units.
 */
export function buildSplitProgram(
  network: SplitNetwork,
  tangentPoints: readonly (readonly number[])[],
  options: BuildSplitProgramOptions,
): SplitProgram {
  const { fixedCosts, perspective = true } = options
  const { edges, nodes, outEdges, inEdges, scale, inflowCap, problem } = network
  const scaleOf = (node: string) => scale.get(node) as number
  const inputVariables = edges.map((_, i) => `x${i}`)
  const outputVariables = edges.map((_, i) => `y${i}`)
  const useVariables = edges.map((edge, i) => (fixedCosts && edge.fixedCost > 0 ? `z${i}` : undefined))
  // Margin of 1e-12 so rounding in the caps never excludes the flow that attains them.
  const inputCaps = edges.map((edge) => (inflowCap.get(edge.from) as number) * scaleOf(edge.from) * (1 + 1e-12))

  const constraints: LinearConstraint[] = []
  for (const node of nodes) {
    if (node === problem.sink) continue
    const terms: Record<string, number> = {}
    for (const i of outEdges.get(node) ?? []) terms[inputVariables[i] as string] = 1
    if (node === problem.source) {
      // amountIn · scale(source) = LP_SCALE by construction of the scale.
      const amount = problem.amountIn * scaleOf(node)
      constraints.push({ name: `source`, terms, lower: amount, upper: amount })
      continue
    }
    for (const i of inEdges.get(node) ?? []) terms[outputVariables[i] as string] = -1
    constraints.push({ name: `node${nodes.indexOf(node)}`, terms, lower: 0, upper: 0 })
  }

  const bounds: Record<string, { lower?: number; upper?: number }> = {}
  edges.forEach((edge, i) => {
    const x = inputVariables[i] as string
    const y = outputVariables[i] as string
    const scaleFrom = scaleOf(edge.from)
    const scaleTo = scaleOf(edge.to)
    const inputCap = inputCaps[i] as number
    const z = useVariables[i]
    ;(tangentPoints[i] ?? []).forEach((x0, k) => {
      const { slope, intercept } = tangentRow(edge, x0, scaleFrom, scaleTo, inputCap)
      const terms: Record<string, number> = { [y]: 1 }
      if (slope !== 0) terms[x] = -slope
      // With a use binary, the perspective of the tangent, Y ≤ slope·X + intercept·z, is valid at
      // z ∈ {0, 1} and much tighter for fractional z (MODEL.md, "Fixed costs").
      const withPerspective = z !== undefined && perspective
      if (withPerspective && intercept !== 0) terms[z] = -intercept
      constraints.push({ name: `tangent${i}_${k}`, terms, upper: withPerspective ? 0 : intercept })
    })
    // No true flow gets more out of the edge than its cap or than its curve at the largest input.
    const outputCap = Math.min(edge.maxOutput, edge.output(inflowCap.get(edge.from) as number)) * scaleTo * (1 + 1e-12)
    if (Number.isFinite(outputCap)) bounds[y] = { upper: outputCap }
    if (z !== undefined) {
      constraints.push({ name: `use${i}`, terms: { [x]: 1, [z]: -inputCap }, upper: 0 })
      if (Number.isFinite(outputCap)) constraints.push({ name: `useOut${i}`, terms: { [y]: 1, [z]: -outputCap }, upper: 0 })
    }
  })

  const objective: Record<string, number> = {}
  const sinkScale = scaleOf(problem.sink)
  edges.forEach((edge, i) => {
    if (edge.to === problem.sink) objective[outputVariables[i] as string] = 1
    const z = useVariables[i]
    if (z !== undefined) objective[z] = -edge.fixedCost * sinkScale
  })

  const binaries = useVariables.filter((z): z is string => z !== undefined)
  return {
    program: { direction: 'maximize', objective, constraints, bounds, ...(binaries.length > 0 ? { binaries } : {}) },
    inputVariables,
    outputVariables,
    useVariables,
    inputCaps,
  }
}
