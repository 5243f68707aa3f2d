// Shared preparation for the backends: every variable a program mentions, in a stable order, a
// check that every number in it is one a solver can take, and the bound a gapped MIP solve proves.
import type { LinearProgram } from '../types.ts'

export interface CheckedLinearProgram {
  /** Variable names in order of first mention: objective, constraints, bounds, binaries. */
  readonly variables: readonly string[]
  /** Why the program cannot be solved (a NaN or infinite coefficient, crossed bounds), or undefined. */
  readonly problem: string | undefined
  /** True when some constraint has no terms and a range that excludes 0: infeasible as written. */
  readonly triviallyInfeasible: boolean
}

/** Lists the variables of `program` and reports numbers no backend accepts. Never throws. */
export function checkLinearProgram(program: LinearProgram): CheckedLinearProgram {
  const seen = new Set<string>()
  const add = (name: string) => void seen.add(name)
  let problem: string | undefined
  const finite = (value: number, where: string) => {
    if (problem === undefined && !Number.isFinite(value)) problem = `${where} is ${value}`
  }
  for (const [name, coefficient] of Object.entries(program.objective)) {
    add(name)
    finite(coefficient, `objective coefficient of "${name}"`)
  }
  let triviallyInfeasible = false
  for (const constraint of program.constraints) {
    const entries = Object.entries(constraint.terms)
    for (const [name, coefficient] of entries) {
      add(name)
      finite(coefficient, `coefficient of "${name}" in "${constraint.name}"`)
    }
    const lower = constraint.lower ?? -Infinity
    const upper = constraint.upper ?? Infinity
    if (Number.isNaN(lower) || Number.isNaN(upper) || lower === Infinity || upper === -Infinity)
      problem ??= `constraint "${constraint.name}" has range [${lower}, ${upper}]`
    else if (lower > upper) triviallyInfeasible = true
    if (entries.every(([, coefficient]) => coefficient === 0) && (lower > 0 || upper < 0)) triviallyInfeasible = true
  }
  for (const [name, bound] of Object.entries(program.bounds ?? {})) {
    add(name)
    const lower = bound.lower ?? 0
    const upper = bound.upper ?? Infinity
    if (Number.isNaN(lower) || Number.isNaN(upper) || lower === Infinity || upper === -Infinity)
      problem ??= `variable "${name}" has bounds [${lower}, ${upper}]`
    else if (lower > upper) triviallyInfeasible = true
  }
  for (const name of program.binaries ?? []) add(name)
  return { variables: [...seen], problem, triviallyInfeasible }
}

/**
 * The bound a MIP solution stopped at relative gap `gap` (plus absolute gap `absoluteGap`) proves
 * when the solver's gap is |primal − dual| / |primal| (HiGHS `mip_rel_gap`, `mip_abs_gap`): the
 * optimum lies within objective ± gap·|objective|/(1 − gap) + absoluteGap (conservative by 1/(1−gap)).
 */
export function mipBound(direction: LinearProgram['direction'], objective: number, gap: number, absoluteGap = 0): number {
  if (!(gap > 0) && !(absoluteGap > 0)) return objective
  const widen = (Math.max(0, gap) * Math.abs(objective)) / (1 - Math.min(gap, 0.5)) + absoluteGap
  return direction === 'maximize' ? objective + widen : objective - widen
}

/**
 * Checks that `values` satisfy every row, bound and integrality of `program` to a relative 1e-5 of
 * the row's size (plus what rounding values to 1e-9 can explain). Returns a description of the
 * first violation, or undefined. Meant to catch a backend returning garbage as "optimal", not to
 * grade accuracy: javascript-lp-solver's branch and cut leaves violations of a few 1e-6 relative.
 */
export function findViolation(program: LinearProgram, values: Readonly<Record<string, number>>): string | undefined {
  const within = (activity: number, lower: number, upper: number, size: number, coefficients: number) => {
    const slack = 1e-5 * (1 + size + Math.max(Math.abs(lower === -Infinity ? 0 : lower), Math.abs(upper === Infinity ? 0 : upper))) + 1e-9 * coefficients
    return activity >= lower - slack && activity <= upper + slack
  }
  for (const constraint of program.constraints) {
    let activity = 0
    let size = 0
    let coefficients = 0
    for (const [name, coefficient] of Object.entries(constraint.terms)) {
      const term = coefficient * (values[name] ?? 0)
      activity += term
      size += Math.abs(term)
      coefficients += Math.abs(coefficient)
    }
    if (!within(activity, constraint.lower ?? -Infinity, constraint.upper ?? Infinity, size, coefficients))
      return `row "${constraint.name}" = ${activity}, outside [${constraint.lower}, ${constraint.upper}]`
  }
  for (const [name, bound] of Object.entries(program.bounds ?? {})) {
    const value = values[name] ?? 0
    if (!within(value, bound.lower ?? 0, bound.upper ?? Infinity, Math.abs(value), 1))
      return `variable "${name}" = ${value}, outside [${bound.lower ?? 0}, ${bound.upper ?? Infinity}]`
  }
  for (const name of program.binaries ?? []) {
    const value = values[name] ?? 0
    if (Math.abs(value - Math.round(value)) > 1e-6 || value < -1e-6 || value > 1 + 1e-6) return `binary "${name}" = ${value}`
  }
  return undefined
}
