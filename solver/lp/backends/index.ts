// The LP backends solveSplit can use; pick one by name with the CLI's --backend option.
export { createHighsBackend, type CreateHighsBackendOptions } from './highsBackend.ts'
export { createJsLpSolverBackend } from './jsLpSolverBackend.ts'
export { toLpFormat, type ToLpFormatReturnType } from './toLpFormat.ts'

export type LpBackendName = 'js-lp-solver' | 'highs'
