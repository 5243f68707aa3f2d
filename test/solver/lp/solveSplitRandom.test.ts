// Seeded random DAGs against the brute-force grid: the optimiser must never be beaten by a grid
// split by more than its tolerance, its bound must hold for every grid split, and the two backends
// must agree. Unit values are deliberately off (or missing) to exercise the scaling fallbacks.
import { beforeAll, describe, expect, it } from 'vitest'
import { createHighsBackend } from '../../../solver/lp/backends/highsBackend.ts'
import { createJsLpSolverBackend } from '../../../solver/lp/backends/jsLpSolverBackend.ts'
import { solveSplit } from '../../../solver/lp/solveSplit.ts'
import type { LpBackend } from '../../../solver/lp/types.ts'
import { bruteForceSplit } from './bruteForceSplit.ts'
import { randomSplitCase } from '../../../bench/lp/randomSplitCase.ts'

const TOLERANCE = 1e-5
const CASES = Number(process.env.LP_RANDOM_CASES ?? 25)

const cases = Array.from({ length: CASES }, (_, i) => randomSplitCase(1_000 + i))
const references = cases.map((randomCase) =>
  bruteForceSplit(randomCase.problem, randomCase.gridSteps, { fixedCosts: randomCase.fixedCosts }),
)

describe.each([
  ['js-lp-solver', () => createJsLpSolverBackend()],
  ['highs', () => createHighsBackend()],
] as const)('solveSplit on random DAGs with %s', (_name, factory) => {
  let backend: LpBackend
  beforeAll(async () => {
    backend = await factory()
  })

  it.each(cases.map((randomCase, i) => [i, randomCase] as const))('case %i is never beaten by a grid split', (i, randomCase) => {
    const result = solveSplit(randomCase.problem, { backend, tolerance: TOLERANCE, fixedCosts: randomCase.fixedCosts })
    const best = references[i] as (typeof references)[number]
    const scale = Math.max(Math.abs(best.objective), best.amountOut)
    expect(result.status).toBe('optimal')
    expect(result.objective).toBeGreaterThanOrEqual(best.objective - TOLERANCE * scale)
    expect(result.upperBound).toBeGreaterThanOrEqual(best.objective - 1e-9 * scale)
    expect(result.upperBound - result.objective).toBeLessThanOrEqual(TOLERANCE * Math.max(Math.abs(result.objective), result.amountOut))
  })
})

describe('solveSplit on random DAGs across backends', () => {
  it('gives the same objective with both backends', async () => {
    const js = createJsLpSolverBackend()
    const highs = await createHighsBackend()
    for (const [i, randomCase] of cases.entries()) {
      const options = { tolerance: TOLERANCE, fixedCosts: randomCase.fixedCosts }
      const a = solveSplit(randomCase.problem, { ...options, backend: js })
      const b = solveSplit(randomCase.problem, { ...options, backend: highs })
      const scale = Math.max(Math.abs(a.objective), a.amountOut)
      expect(Math.abs(a.objective - b.objective), `case ${i}`).toBeLessThanOrEqual(TOLERANCE * scale)
    }
  })
})
