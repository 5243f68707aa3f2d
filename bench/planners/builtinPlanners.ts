// The planners shipped with the benchmark, by name.
import { BaseError } from '../../solver/errors.ts'
import { createHighsBackend } from '../../solver/lp/backends/highsBackend.ts'
import type { Planner } from './planner.ts'
import { createAccordPlanner } from './accordPlanner.ts'
import { createFastestPlanner } from './fastestPlanner.ts'
import { createFixedSplitsPlanner } from './fixedSplitsPlanner.ts'
import { createReferencePlanner } from './referencePlanner.ts'
import { createSingleBestPathPlanner } from './singleBestPathPlanner.ts'

const FACTORIES: Readonly<Record<string, () => Planner | Promise<Planner>>> = {
  accord: () =>
    createAccordPlanner({ name: 'accord', description: 'Accord as shipped: quoteIntent, javascript-lp-solver backend, the intent\'s objective (default: maximise the outcome probability)' }),
  'accord-highs': async () =>
    createAccordPlanner({ name: 'accord-highs', description: 'Accord with the HiGHS LP backend', backend: await createHighsBackend() }),
  'accord-output': () =>
    createAccordPlanner({
      name: 'accord-output',
      description: 'Accord with objective `output` when the intent sets none (maximise net output, probability breaks ties) — a diagnostic variant, not the default; note quoteIntent then ignores the deadline unless every candidate misses it',
      objective: 'output',
    }),
  'single-best-path': () => createSingleBestPathPlanner(),
  fastest: () => createFastestPlanner(),
  'fixed-splits': () => createFixedSplitsPlanner(),
  reference: () => createReferencePlanner(),
}

export const BUILTIN_PLANNERS: readonly string[] = Object.keys(FACTORIES)
export const DEFAULT_PLANNERS: readonly string[] = BUILTIN_PLANNERS

/** Creates the named built-in planners in the given order. Throws INVALID_ARGUMENT (field `--planners`) for an unknown name. */
export async function createBuiltinPlanners(names: readonly string[] = DEFAULT_PLANNERS): Promise<Planner[]> {
  const planners: Planner[] = []
  for (const name of names) {
    const factory = FACTORIES[name]
    if (!factory) throw new BaseError('INVALID_ARGUMENT', `Unknown planner "${name}"; built-in planners: ${BUILTIN_PLANNERS.join(', ')}.`, { field: '--planners' })
    planners.push(await factory())
  }
  return planners
}
