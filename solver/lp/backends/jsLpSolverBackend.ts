// LP backend over javascript-lp-solver (pure JavaScript dense simplex with branch and cut).
// Its model: https://github.com/JWally/jsLPSolver (README "Constraint Types", "Variable Bounds").
import jsLpSolverDefault from 'javascript-lp-solver'
import type { Model as JsLpModel, SolveResult as JsLpSolveResult } from 'javascript-lp-solver'
import type { LinearProgram, LpBackend, LpSolution, LpStatus } from '../types.ts'
import { checkLinearProgram, findViolation } from './checkLinearProgram.ts'

// CommonJS typings under NodeNext make the default import the module object (solver at `.default`);
// at run time Node loads the ESM build, whose default export is the solver itself. Accept both.
type JsLpSolver = (typeof jsLpSolverDefault)['default']
const solver: JsLpSolver =
  ((jsLpSolverDefault as unknown as { default?: JsLpSolver }).default ?? (jsLpSolverDefault as unknown as JsLpSolver))

/** The objective's attribute name; constraints are `c<i>`/`b<i>` and variables `v<i>`, so it cannot clash. */
const OBJECTIVE = 'objective'

const failed = (status: LpStatus): LpSolution => ({ status, objective: NaN, values: {} })

type Range = { min?: number; max?: number; equal?: number }

function range(lower: number, upper: number): Range | undefined {
  if (lower === upper) return { equal: lower }
  const result: Range = {}
  if (lower > -Infinity) result.min = lower
  if (upper < Infinity) result.max = upper
  return result.min === undefined && result.max === undefined ? undefined : result
}

/**
 * Translates a LinearProgram to the library's JSON model. Names are replaced by `v<i>` (variables)
 * and `c<i>` (rows) so user names such as `__proto__` or the objective's own name cannot collide.
 * The library only has non-negative or free variables, so a variable's bounds other than [0, ∞)
 * become a row `b<i>` on that variable alone, and a negative or missing lower bound makes it free
 * (`unrestricted`). Binaries map to `binaries`, which the library bounds by 1 and branches on.
 * `mipGap` is not passed on: the library's `tolerance` stops branching relative to the evaluation
 * of its starting tableau (`bestPossibleEval`, set before the first pivot), which is no bound on
 * the optimum, so MIPs are always solved to optimality here.
 */
function toJsLpModel(program: LinearProgram, variables: readonly string[]): JsLpModel {
  const alias = new Map(variables.map((name, i) => [name, `v${i}`]))
  const columns: Record<string, Record<string, number>> = {}
  for (const name of variables) columns[alias.get(name) as string] = {}
  const column = (name: string) => columns[alias.get(name) as string] as Record<string, number>
  for (const [name, coefficient] of Object.entries(program.objective)) column(name)[OBJECTIVE] = coefficient
  const constraints: Record<string, Range> = {}
  program.constraints.forEach((constraint, i) => {
    const bounds = range(constraint.lower ?? -Infinity, constraint.upper ?? Infinity)
    const entries = Object.entries(constraint.terms).filter(([, coefficient]) => coefficient !== 0)
    if (bounds === undefined || entries.length === 0) return // checked by checkLinearProgram when empty
    constraints[`c${i}`] = bounds
    for (const [name, coefficient] of entries) column(name)[`c${i}`] = coefficient
  })
  const unrestricted: Record<string, 1> = {}
  const binaries: Record<string, 1> = {}
  variables.forEach((name, i) => {
    const bound = program.bounds?.[name]
    const lower = bound?.lower ?? 0
    const upper = bound?.upper ?? Infinity
    if (lower < 0) unrestricted[`v${i}`] = 1
    const row = range(lower === 0 ? -Infinity : lower, upper)
    if (row !== undefined) {
      constraints[`b${i}`] = row
      column(name)[`b${i}`] = 1
    }
  })
  for (const name of program.binaries ?? []) binaries[alias.get(name) as string] = 1
  return {
    optimize: OBJECTIVE,
    opType: program.direction === 'maximize' ? 'max' : 'min',
    constraints,
    variables: columns,
    ...(Object.keys(unrestricted).length > 0 ? { unrestricted } : {}),
    ...(Object.keys(binaries).length > 0 ? { binaries } : {}),
  }
}

/**
 * The javascript-lp-solver backend. Stateless and synchronous; never throws: a library exception,
 * an unusable number in the program, or a returned point that violates the program (the library's
 * dense tableau can drift on models of several hundred rows) comes back as status 'error'. Values are rounded by the library
 * to 1e-9 absolute, so keep the program's numbers O(1) or larger (solveSplit scales to 1000).
 *
 * @example
 * const backend = createJsLpSolverBackend()
 * backend.solve({ direction: 'maximize', objective: { x: 1 }, constraints: [{ name: 'c', terms: { x: 1 }, upper: 4 }] })
 * // { status: 'optimal', objective: 4, values: { x: 4 } }
 */
export interface JsLpSolverBackendOptions {
  /**
   * Largest number of binaries a MIP may have; a larger one gets status 'timedout' at once (the
   * caller falls back, e.g. to the LP without fixed costs). The library's branch-and-cut can grow
   * exponentially with the binaries (minutes on ~40) and its only budget is a wall clock, which
   * would make answers depend on machine load; a count keeps the backend deterministic. Default
   * DEFAULT_JS_LP_MAX_BINARIES; Infinity for none.
   */
  readonly maxBinaries?: number
}

/** Up to 2^12 leaves: branch-and-cut finishes in milliseconds to a few hundred on the split MILPs. */
export const DEFAULT_JS_LP_MAX_BINARIES = 12

export function createJsLpSolverBackend(options: JsLpSolverBackendOptions = {}): LpBackend {
  const maxBinaries = options.maxBinaries ?? DEFAULT_JS_LP_MAX_BINARIES
  return {
    name: 'js-lp-solver',
    solve(program: LinearProgram): LpSolution {
      const checked = checkLinearProgram(program)
      if (checked.problem !== undefined) return failed('error')
      if (checked.triviallyInfeasible) return failed('infeasible')
      if ((program.binaries?.length ?? 0) > maxBinaries) return failed('timedout')
      let result: JsLpSolveResult
      try {
        result = solver.Solve(toJsLpModel(program, checked.variables)) as JsLpSolveResult
      } catch {
        return failed('error')
      }
      if (!result.feasible) return failed('infeasible')
      if (result.bounded === false) return failed('unbounded')
      const values: Record<string, number> = {}
      checked.variables.forEach((name, i) => {
        const value = result[`v${i}`]
        values[name] = typeof value === 'number' ? value : 0
      })
      // The dense tableau can drift on larger models and call an infeasible point optimal; check it.
      if (findViolation(program, values) !== undefined) return failed('error')
      const objective = typeof result.result === 'number' ? result.result : NaN
      return { status: 'optimal', objective, values, bound: objective }
    },
  }
}
