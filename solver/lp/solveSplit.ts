// The split optimiser: routes amountIn through a DAG of concave venue curves to maximise what
// reaches the sink, by an LP over tangent-line outer approximations refined where the flow goes
// (Kelley's cutting-plane method). The formulation and its error bound are in MODEL.md.
import { type BaseError, SolverFailedError } from '../errors.ts'
import { createJsLpSolverBackend } from './backends/jsLpSolverBackend.ts'
import { buildSplitProgram } from './buildSplitProgram.ts'
import { evaluateSplitFlow, type SplitFlowEvaluation } from './evaluateSplitFlow.ts'
import { addCut, initialTangentPoints, isUsableTangentPoint, tangentEnvelope } from './tangentCuts.ts'
import { LP_SCALE, prepareSplitNetwork, type SplitNetwork } from './prepareSplitNetwork.ts'
import type { LpBackend, SolveSplitOptions, SolveSplitReturnType, SplitEdge, SplitProblem } from './types.ts'

export const DEFAULT_SPLIT_TOLERANCE = 1e-5
export const DEFAULT_SPLIT_MAX_ITERATIONS = 60

export type SolveSplitParameters = SplitProblem
/** SolverFailedError from the backend; BaseError with code INVALID_ARGUMENT for a malformed problem. */
export type SolveSplitErrorType = SolverFailedError | BaseError


/** Share of the tolerance a MILP solve may leave as branch-and-bound gap; the rest is for the tangents. */
const MIP_GAP_SHARE = 0.25

/** Initial tangents approximate each curve to this many times tolerance·(trade value). */
const INITIAL_ACCURACY_FACTOR = 10
/** A refinement cut is added where the overestimate exceeds this many times tolerance·(trade value). */
const CUT_THRESHOLD_FACTOR = 0.1
/**
 * A bound below a true flow's value, or a flow above the bound, by more than this relative amount is
 * a backend error rather than rounding (HiGHS's feasibility tolerance is 1e-7 LP units, i.e. 1e-10
 * of the trade; javascript-lp-solver rounds values to 1e-9 LP units).
 */
const CONSISTENCY = 1e-7

/** LP flows below this share of the trade are solver noise (HiGHS feasibility tolerance is 1e-7 LP units). */
const NOISE = 1e-9 * LP_SCALE

function toResult(
  network: SplitNetwork,
  best: SplitFlowEvaluation,
  status: SolveSplitReturnType['status'],
  upperBound: number,
  iterations: number,
): SolveSplitReturnType {
  const flows = new Map<string, { input: number; output: number }>()
  network.edges.forEach((edge, i) => {
    const input = best.inputs[i] as number
    if (input > 0) flows.set(edge.id, { input, output: best.outputs[i] as number })
  })
  return {
    status,
    flows,
    amountOut: best.amountOut,
    totalFixedCost: best.totalFixedCost,
    objective: best.objective,
    // Rounding inside the solver can put the relaxation a hair below a flow it contains.
    upperBound: Math.max(upperBound, best.objective),
    iterations,
  }
}

/**
 * Splits `problem.amountIn` over the DAG to maximise output at the sink (minus fixed costs of the
 * edges used, with `fixedCosts`). Returns status 'optimal' when the relaxation's upper bound is
 * within `tolerance` (relative, default 1e-5) of the true value of the returned flow,
 * 'iterationLimit' with the best flow found when `maxIterations` (default 60) LP solves did not get
 * there (or a refined LP defeated the backend, or no cut was left to add), and 'infeasible'
 * (no flows) when no edge path joins source and sink.
 *
 * Floats in token units throughout; the caller restores exact amounts. Synchronous: the backend
 * must be ready (default javascript-lp-solver; `await createHighsBackend()` for HiGHS).
 * Throws BaseError `INVALID_ARGUMENT` for a malformed problem (see prepareSplitNetwork) and
 * SolverFailedError when the backend fails on the first LP (error, time-out, unbounded).
 *
 * @example
 * const result = solveSplit({ edges, source: 'A', sink: 'B', amountIn: 1_000, unitValue }, { tolerance: 1e-6 })
 * result.flows.get('pool1:A>B') // { input: 612.3, output: 598.1 }
 */
export function solveSplit(problem: SolveSplitParameters, options: SolveSplitOptions = {}): SolveSplitReturnType {
  const network = prepareSplitNetwork(problem)
  const { edges, scale, inflowCap } = network
  const tolerance = options.tolerance ?? DEFAULT_SPLIT_TOLERANCE
  const maxIterations = Math.max(1, options.maxIterations ?? DEFAULT_SPLIT_MAX_ITERATIONS)
  const fixedCosts = options.fixedCosts ?? false
  if (edges.length === 0) {
    return { status: 'infeasible', flows: new Map(), amountOut: 0, totalFixedCost: 0, objective: 0, upperBound: 0, iterations: 0 }
  }
  const backend = options.backend ?? createJsLpSolverBackend()
  const scaleOf = (node: string) => scale.get(node) as number
  const sinkScale = scaleOf(problem.sink)
  const caps = edges.map((edge) => inflowCap.get(edge.from) as number)
  const initialAccuracy = INITIAL_ACCURACY_FACTOR * Math.max(tolerance, 1e-7) * LP_SCALE
  // Cuts are added where an edge's overestimate is worth more than this (LP units); the stopping
  // rule is the gap, so this only trades LP size against iterations.
  const cutThreshold = CUT_THRESHOLD_FACTOR * tolerance * LP_SCALE
  const points = edges.map((edge, i) => {
    const cap = caps[i] as number
    const list = initialTangentPoints(edge, cap, scaleOf(edge.to), initialAccuracy)
    // Where an earlier solve of a related problem sent flow, the optimum is likely near: tangents
    // there and around it save the refinements that would put them there one LP at a time.
    const hint = options.flowHints?.get(edge.id)
    if (hint !== undefined && hint < cap) addCut(edge, list, hint, cap, cutThreshold / scaleOf(edge.to))
    return list
  })
  const gapScale = (evaluation: SplitFlowEvaluation) => Math.max(Math.abs(evaluation.objective), evaluation.amountOut, Number.MIN_VALUE)

  // Warm-up: with fixed costs, refine the tangents on plain LPs (fixed costs left out) first and
  // switch the binaries on once that LP is solved to the tolerance, so that few MILPs are solved.
  let warmUp = fixedCosts && edges.some((edge) => edge.fixedCost > 0)
  /** Best flow under the requested objective, and the best under the current phase's objective. */
  let best: SplitFlowEvaluation | undefined
  let phaseBest: SplitFlowEvaluation | undefined
  /** Smallest bound so far; the warm-up's (fixed costs left out) also bounds the fixed-cost objective. */
  let upperBound = Infinity
  const endWarmUp = () => {
    warmUp = false
    phaseBest = best
  }

  let perspective = true
  for (let iteration = 1; iteration <= maxIterations; iteration += 1) {
    const withBinaries = fixedCosts && !warmUp
    const split = buildSplitProgram(network, points, { fixedCosts: withBinaries, perspective })
    // A MILP need not be solved past the split's own tolerance: its bound carries the gap.
    const program = split.program.binaries === undefined ? split.program : { ...split.program, mipGap: MIP_GAP_SHARE * tolerance }
    const solution = backend.solve(program)
    let evaluation: SplitFlowEvaluation | undefined
    let bound = Infinity
    if (solution.status === 'optimal') {
      const lpInputs = edges.map((edge, i) => {
        const value = solution.values[split.inputVariables[i] as string] ?? 0
        const z = split.useVariables[i]
        if (z !== undefined && (solution.values[z] ?? 0) < 0.5) return 0
        return value > NOISE ? value / scaleOf(edge.from) : 0
      })
      evaluation = evaluateSplitFlow(network, lpInputs, withBinaries)
      // Whatever the LP got wrong, this is a true flow: keep it if it is the best so far.
      const final = withBinaries === fixedCosts ? evaluation : evaluateSplitFlow(network, lpInputs, fixedCosts)
      if (best === undefined || final.objective > best.objective) best = final
      bound = Math.min(upperBound, (solution.bound ?? solution.objective) / sinkScale)
    }
    // A relaxation's bound below a flow it contains (an earlier one or its own) means the backend
    // answered wrongly: javascript-lp-solver's branch and bound sometimes stops at a worse point.
    const known = Math.max(phaseBest?.objective ?? -Infinity, evaluation?.objective ?? -Infinity)
    const wrong = evaluation !== undefined && bound < known - CONSISTENCY * Math.max(Math.abs(known), evaluation.amountOut)
    if ((evaluation === undefined || wrong) && program.binaries !== undefined && perspective) {
      // Some backends fail on the perspective rows; the plain big-M form is equally valid.
      perspective = false
      continue
    }
    if (evaluation === undefined) {
      // A refined LP can defeat a backend numerically (near-parallel tangent rows at tight
      // tolerances); the flows found so far are still true flows, so report the best of them.
      if (best !== undefined) return toResult(network, best, 'iterationLimit', upperBound, iteration)
      // The first LP is always feasible and bounded (every relevant node has a way on, every
      // output is bounded by its tangent at the input cap), so this is the backend failing.
      throw new SolverFailedError(`LP backend "${backend.name}" returned status "${solution.status}" for the split LP.`, {
        details: `${edges.length} edges, ${split.program.constraints.length} rows`,
      })
    }
    const current = evaluation
    const bestSoFar = best as SplitFlowEvaluation // set together with evaluation above
    if (wrong) return toResult(network, bestSoFar, 'iterationLimit', Infinity, iteration)
    upperBound = bound
    if (phaseBest === undefined || current.objective > phaseBest.objective) phaseBest = current
    if (upperBound - phaseBest.objective <= tolerance * gapScale(phaseBest)) {
      if (!warmUp) return toResult(network, bestSoFar, 'optimal', upperBound, iteration)
      endWarmUp()
      continue
    }

    // Kelley's step: cut off the LP's point on every edge where it overestimates the curve, and
    // tighten the envelope where the true flow went (it differs downstream of an overestimate).
    const refine = (threshold: number): number => {
      let added = 0
      edges.forEach((edge, i) => {
        const scaleFrom = scaleOf(edge.from)
        const scaleTo = scaleOf(edge.to)
        const edgePoints = points[i] as number[]
        const x = (solution.values[split.inputVariables[i] as string] ?? 0) / scaleFrom
        const y = solution.values[split.outputVariables[i] as string] ?? 0
        const cap = caps[i] as number
        const candidates = [x, current.inputs[i] as number]
        candidates.forEach((input, k) => {
          if (!(input > 0) || !isUsableTangentPoint(edge, input)) return
          const overestimate = k === 0 ? y : tangentEnvelope(edge, edgePoints, input, edge.maxOutput) * scaleTo
          const excess = overestimate - Math.min(edge.output(input), edge.maxOutput) * scaleTo
          if (excess > threshold) added += addCut(edge, edgePoints, input, cap, cutThreshold / scaleTo)
        })
      })
      return added
    }
    const added = refine(cutThreshold) > 0 || refine(1e-12 * LP_SCALE) > 0
    if (warmUp && (!added || iteration >= maxIterations / 2)) endWarmUp()
    else if (!added) {
      // Nothing left to cut: the remaining gap is the solver's tolerance, not the approximation's.
      return toResult(network, bestSoFar, 'iterationLimit', upperBound, iteration)
    }
  }
  if (best === undefined) throw new SolverFailedError(`LP backend "${backend.name}" solved no split LP in ${maxIterations} attempts.`)
  return toResult(network, best, 'iterationLimit', upperBound, maxIterations)
}
