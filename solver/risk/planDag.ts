// The dependency structure of a plan's steps, checked once: positions, dependants, an execution order.
import { BaseError } from '../errors.ts'
import type { Step } from '../model/plan.ts'

export interface PlanDag {
  /** Position in `steps` of the step with a given `index`. */
  readonly positionOf: ReadonlyMap<number, number>
  /** Per position: positions of the steps it waits for (from `dependsOn`). */
  readonly dependsOn: readonly (readonly number[])[]
  /** Per position: positions of the steps that wait for it. */
  readonly dependents: readonly (readonly number[])[]
  /** Every position once, each after all of its dependencies (Kahn's algorithm, stable). */
  readonly order: readonly number[]
}

/**
 * Resolves `dependsOn` (step indices) to positions and orders the steps.
 * Throws INVALID_ARGUMENT for a duplicate step index, a dependency on an unknown step, or a cycle.
 */
export function analysePlanDag(steps: readonly Step[]): PlanDag {
  const positionOf = new Map<number, number>()
  steps.forEach((step, position) => {
    if (positionOf.has(step.index)) throw new BaseError('INVALID_ARGUMENT', `Duplicate step index ${step.index}.`, { field: `steps[${position}].index` })
    positionOf.set(step.index, position)
  })
  const dependsOn = steps.map((step, position) =>
    [...new Set(step.dependsOn)].map((dependency) => {
      const found = positionOf.get(dependency)
      if (found === undefined)
        throw new BaseError('INVALID_ARGUMENT', `Step ${step.index} depends on unknown step ${dependency}.`, { field: `steps[${position}].dependsOn` })
      return found
    }),
  )
  const dependents: number[][] = steps.map(() => [])
  dependsOn.forEach((list, position) => list.forEach((dependency) => dependents[dependency]!.push(position)))
  const remaining = dependsOn.map((list) => list.length)
  const order: number[] = []
  const ready: number[] = []
  remaining.forEach((count, position) => count === 0 && ready.push(position))
  for (let head = 0; head < ready.length; head++) {
    const position = ready[head] as number
    order.push(position)
    for (const dependent of dependents[position]!) if (--remaining[dependent]! === 0) ready.push(dependent)
  }
  if (order.length !== steps.length) throw new BaseError('INVALID_ARGUMENT', 'The steps depend on each other in a cycle.', { field: 'steps' })
  return { positionOf, dependsOn, dependents, order }
}
