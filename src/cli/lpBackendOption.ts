// The --backend option shared by commands that solve: names → LP backends.
import { BaseError } from '../../solver/errors.ts'
import { createHighsBackend } from '../../solver/lp/backends/highsBackend.ts'
import { createJsLpSolverBackend } from '../../solver/lp/backends/jsLpSolverBackend.ts'
import type { LpBackend } from '../../solver/lp/types.ts'

export const LP_BACKEND_NAMES = ['js-lp-solver', 'highs'] as const

export async function createLpBackend(name: string | undefined): Promise<LpBackend> {
  if (name === undefined || name === 'js-lp-solver') return createJsLpSolverBackend()
  if (name === 'highs') return createHighsBackend()
  throw new BaseError('INVALID_ARGUMENT', `Unknown backend "${name}"; choose ${LP_BACKEND_NAMES.join(' or ')}.`, { field: '--backend' })
}
