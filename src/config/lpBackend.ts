// The LP backend choice: names → backends, and the one default (a pure-JavaScript simplex that needs
// no WebAssembly; HiGHS is faster on the large joint LPs of a batch, which therefore choose it).
import { BaseError } from '../../solver/errors.ts'
import { createHighsBackend } from '../../solver/lp/backends/highsBackend.ts'
import { createJsLpSolverBackend } from '../../solver/lp/backends/jsLpSolverBackend.ts'
import type { LpBackend } from '../../solver/lp/types.ts'

export const LP_BACKEND_NAMES = ['js-lp-solver', 'highs'] as const
export type LpBackendName = (typeof LP_BACKEND_NAMES)[number]

/** The backend of `accord quote`, `execute`, `serve` (and $ACCORD_BACKEND unset). */
export const DEFAULT_LP_BACKEND: LpBackendName = 'js-lp-solver'
/** The backend of `accord batch`: the joint LP of thousands of intents is where HiGHS pays off. */
export const DEFAULT_BATCH_LP_BACKEND: LpBackendName = 'highs'

/** The backend's name checked; throws INVALID_ARGUMENT with `field` (the flag or variable it came from). */
export function parseLpBackendName(name: string | undefined, field = '--backend', fallback: LpBackendName = DEFAULT_LP_BACKEND): LpBackendName {
  if (name === undefined) return fallback
  if ((LP_BACKEND_NAMES as readonly string[]).includes(name)) return name as LpBackendName
  throw new BaseError('INVALID_ARGUMENT', `Unknown backend "${name}"; choose ${LP_BACKEND_NAMES.join(' or ')}.`, { field })
}

/** The backend called `name` (default DEFAULT_LP_BACKEND); throws INVALID_ARGUMENT for an unknown name. */
export async function createLpBackend(name: string | undefined, field = '--backend'): Promise<LpBackend> {
  return parseLpBackendName(name, field) === 'highs' ? createHighsBackend() : createJsLpSolverBackend()
}
