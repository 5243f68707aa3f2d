// Components of "shares a venue" against a breadth-first search over the explicit intent graph.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { partitionIntents } from '../../../solver/batch/partitionIntents.ts'

function componentsByBfs(sets: readonly (readonly string[])[]): number[][] {
  const seen = new Set<number>()
  const components: number[][] = []
  sets.forEach((_, start) => {
    if (seen.has(start)) return
    const component: number[] = []
    const queue = [start]
    seen.add(start)
    while (queue.length > 0) {
      const i = queue.shift() as number
      component.push(i)
      sets.forEach((other, j) => {
        if (!seen.has(j) && other.some((venue) => (sets[i] as string[]).includes(venue))) {
          seen.add(j)
          queue.push(j)
        }
      })
    }
    components.push(component.sort((a, b) => a - b))
  })
  return components
}

describe('partitionIntents', () => {
  it('groups intents exactly as a BFS over shared venues does', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 30 }).map(String), { maxLength: 4 }), { maxLength: 40 }), (sets) => {
        expect(partitionIntents(sets)).toEqual(componentsByBfs(sets))
      }),
    )
  })
})
