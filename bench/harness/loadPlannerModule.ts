// Loads a third-party planner from a module file: `npx accord bench --planner ./my-planner.js`.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BaseError } from '../../solver/errors.ts'
import type { Planner, PlannerFactory } from '../planners/planner.ts'

function isPlanner(value: unknown): value is Planner {
  return typeof value === 'object' && value !== null && typeof (value as Planner).name === 'string' && typeof (value as Planner).plan === 'function'
}

/**
 * Imports `path` (resolved against `cwd`) and returns its default export: a Planner, or a factory
 * (sync or async) returning one. TypeScript modules load too when the process runs under tsx (as
 * `accord` and `npm run bench` do). Throws INVALID_ARGUMENT (field `--planner`) when the module
 * cannot be imported or exports neither.
 */
export async function loadPlannerModule(path: string, cwd: string = process.cwd()): Promise<Planner> {
  const url = pathToFileURL(resolve(cwd, path)).href
  let module: { default?: unknown }
  try {
    module = (await import(url)) as { default?: unknown }
  } catch (error) {
    throw new BaseError('INVALID_ARGUMENT', `Cannot load planner module ${path}: ${(error as Error).message}`, { field: '--planner', cause: error })
  }
  const exported = module.default
  const planner = typeof exported === 'function' && !isPlanner(exported) ? await (exported as PlannerFactory)() : exported
  if (!isPlanner(planner))
    throw new BaseError('INVALID_ARGUMENT', `Planner module ${path} must default-export a planner { name, plan(market, intent) } or a factory returning one.`, {
      field: '--planner',
    })
  return planner
}
