// The split optimiser's public face.
export { createHighsBackend, createJsLpSolverBackend, type CreateHighsBackendOptions, type LpBackendName } from './backends/index.ts'
export { DEFAULT_SPLIT_MAX_ITERATIONS, DEFAULT_SPLIT_TOLERANCE, solveSplit, type SolveSplitErrorType, type SolveSplitParameters } from './solveSplit.ts'
export type * from './types.ts'
