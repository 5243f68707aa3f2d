// The split problem handed to the LP layer: a directed acyclic candidate subgraph whose edges are
// venue directions with concave output curves, an amount to route from source to sink.
// All numbers here are floats in token units (not raw); exactness is restored afterwards.

export interface SplitEdge {
  /** Unique edge key, e.g. `${venueId}:${from}>${to}`. Edges sharing a venue direction are one edge. */
  readonly id: string
  readonly from: string
  readonly to: string
  /** Output (in `to` token units) for input `x` (in `from` token units); concave, increasing, output(0) = 0. */
  output(x: number): number
  /** d output / dx at x ≥ 0. */
  marginal(x: number): number
  /** Largest output the edge can deliver (bridge liquidity cap, pool reserve); Infinity when unbounded. */
  readonly maxOutput: number
  /** Cost of using the edge at all (gas, risk penalty), in sink-token units; needs a binary use variable. */
  readonly fixedCost: number
}

export interface SplitProblem {
  readonly edges: readonly SplitEdge[]
  readonly source: string
  readonly sink: string
  /** Amount of the source token to route, in token units. */
  readonly amountIn: number
  /**
   * USD value of one unit of each node's token, for scaling rows and columns of the LP. Missing or
   * implausible values (off by more than 10× from what the curves imply) fall back to the curves'
   * own exchange rates (see lp/MODEL.md, "Scaling"); they never change the answer, only conditioning.
   */
  readonly unitValue: ReadonlyMap<string, number>
}

export interface SolveSplitOptions {
  readonly backend?: LpBackend
  /** Stop refining when the LP's upper bound exceeds the true output by less than this relative gap. */
  readonly tolerance?: number
  readonly maxIterations?: number
  /** Model fixed costs with binary variables (MILP). Without it fixed costs are ignored. */
  readonly fixedCosts?: boolean
  /**
   * Input per edge id (token units of its `from`) where an earlier solve of a related problem sent
   * flow (a path added or dropped since): those edges get tangents there and either side of it, so
   * the re-solve needs few refinements. Tangents of a concave curve bound it everywhere, so hints
   * never change the optimum, only how fast it is reached.
   */
  readonly flowHints?: ReadonlyMap<string, number>
}

export type SplitStatus = 'optimal' | 'infeasible' | 'iterationLimit'

export interface SolveSplitReturnType {
  readonly status: SplitStatus
  /** Input and (true, curve-evaluated) output per edge with positive flow. */
  readonly flows: ReadonlyMap<string, { readonly input: number; readonly output: number }>
  /** True output at the sink (curve-evaluated along the flow, minus nothing). */
  readonly amountOut: number
  /** Sum of `fixedCost` over the edges with positive flow, in sink-token units; 0 unless `fixedCosts` is on. */
  readonly totalFixedCost: number
  /** The optimised value: amountOut − totalFixedCost (equals amountOut when `fixedCosts` is off). */
  readonly objective: number
  /**
   * Smallest upper bound any LP/MILP relaxation gave on the optimal `objective`; objective ≤ upperBound
   * (so amountOut ≤ upperBound when fixed costs are off), up to the backend's feasibility tolerance.
   */
  readonly upperBound: number
  /** LP/MILP solves performed. */
  readonly iterations: number
}

/** A linear (mixed-integer) program as plain data, in the manner of YALPS/javascript-lp-solver models. */
export interface LinearProgram {
  readonly direction: 'maximize' | 'minimize'
  /** Objective coefficients by variable name. */
  readonly objective: Readonly<Record<string, number>>
  readonly constraints: readonly LinearConstraint[]
  /** Variable bounds; default [0, +Infinity). */
  readonly bounds?: Readonly<Record<string, { readonly lower?: number; readonly upper?: number }>>
  readonly binaries?: readonly string[]
  /**
   * Relative optimality gap at which a MIP solve may stop (HiGHS `mip_rel_gap`, javascript-lp-solver
   * `tolerance`); the solution's `bound` then accounts for it. Default: solve to (near) optimality.
   */
  readonly mipGap?: number
}

export interface LinearConstraint {
  readonly name: string
  readonly terms: Readonly<Record<string, number>>
  readonly lower?: number
  readonly upper?: number
}

export type LpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'timedout' | 'error'

export interface LpSolution {
  readonly status: LpStatus
  readonly objective: number
  readonly values: Readonly<Record<string, number>>
  /**
   * Proven bound on the optimum: ≥ it when maximising, ≤ when minimising. Equals `objective` for an
   * LP; for a MIP stopped at `mipGap` it is `objective` widened by that gap. Absent = `objective`.
   */
  readonly bound?: number
}

/** A solver backend: javascript-lp-solver and HiGHS implement it. */
export interface LpBackend {
  readonly name: string
  solve(program: LinearProgram): LpSolution
}
