// The split optimiser's public face: solveSplit, its LP backends and types.
export {
  createHighsBackend,
  createJsLpSolverBackend,
  toLpFormat,
  type CreateHighsBackendOptions,
  type LpBackendName,
  type ToLpFormatReturnType,
} from './backends/index.ts'
export {
  DEFAULT_SPLIT_MAX_ITERATIONS,
  DEFAULT_SPLIT_TOLERANCE,
  solveSplit,
  type SolveSplitErrorType,
  type SolveSplitParameters,
} from './solveSplit.ts'
export type * from './types.ts'
