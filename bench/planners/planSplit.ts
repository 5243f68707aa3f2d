// The LP split over a set of paths, as quoteIntent does it (the problem from
// solver/plan/buildSplitProblem.ts), with the tolerance and iteration budget as options so the
// reference planner can run it much tighter.
import type { Path } from '../../solver/paths/enumeratePaths.ts'
import { solveSplit } from '../../solver/lp/solveSplit.ts'
import type { LpBackend, SolveSplitReturnType } from '../../solver/lp/types.ts'
import { buildSplitProblem } from '../../solver/plan/buildSplitProblem.ts'
import type { BuildStepsReturnType } from '../../solver/plan/buildSteps.ts'
import { buildExact, type PlanContext } from './planContext.ts'

export interface PlanSplitOptions {
  readonly backend?: LpBackend
  readonly tolerance: number
  readonly maxIterations?: number
}

export interface PlanSplitReturnType {
  readonly built: BuildStepsReturnType | undefined
  readonly split: SolveSplitReturnType
}

/** Splits the intent over the union of `paths` (kept acyclic) with gas as fixed costs; exact steps of the optimum. */
export function planSplit(context: PlanContext, paths: readonly Path[], options: PlanSplitOptions): PlanSplitReturnType | undefined {
  const problem = buildSplitProblem({ ...context, paths })
  if (!problem) return undefined
  const split = solveSplit(problem, {
    tolerance: options.tolerance,
    fixedCosts: true,
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
  })
  if (split.status === 'infeasible' || split.flows.size === 0) return undefined
  return { built: buildExact(context, new Map([...split.flows].map(([edge, flow]) => [edge, flow.input]))), split }
}
