// Both LP backends on small programs with known optima (the packages' own published examples,
// hand-derived ones, brute-forced knapsacks) and on seeded random LPs where they must agree.
import { beforeAll, describe, expect, it } from 'vitest'
import { createHighsBackend } from '../../../solver/lp/backends/highsBackend.ts'
import { createJsLpSolverBackend } from '../../../solver/lp/backends/jsLpSolverBackend.ts'
import { toLpFormat } from '../../../solver/lp/backends/toLpFormat.ts'
import type { LinearProgram, LpBackend } from '../../../solver/lp/types.ts'
import { prng } from '../../../bench/lp/randomSplitCase.ts'

const factories: ReadonlyArray<readonly [string, () => LpBackend | Promise<LpBackend>]> = [
  ['js-lp-solver', () => createJsLpSolverBackend()],
  ['highs (arrays)', () => createHighsBackend()],
  ['highs (LP text)', () => createHighsBackend({ input: 'lpText' })],
]

/** Row activities and bounds of `program` at `values` must hold to 1e-7 (checked here, not by the backend). */
function expectFeasible(program: LinearProgram, values: Readonly<Record<string, number>>) {
  for (const constraint of program.constraints) {
    const activity = Object.entries(constraint.terms).reduce((sum, [name, coefficient]) => sum + coefficient * (values[name] ?? 0), 0)
    expect(activity, constraint.name).toBeGreaterThanOrEqual((constraint.lower ?? -Infinity) - 1e-7)
    expect(activity, constraint.name).toBeLessThanOrEqual((constraint.upper ?? Infinity) + 1e-7)
  }
  for (const [name, bound] of Object.entries(program.bounds ?? {})) {
    expect(values[name] ?? 0, name).toBeGreaterThanOrEqual((bound.lower ?? 0) - 1e-7)
    expect(values[name] ?? 0, name).toBeLessThanOrEqual((bound.upper ?? Infinity) + 1e-7)
  }
}

/** A 0/1 knapsack with seeded weights and values; the optimum is brute-forced over all subsets. */
function knapsack(seed: number, items: number) {
  const random = prng(seed)
  const weights = Array.from({ length: items }, () => 1 + Math.floor(random() * 20))
  const worth = Array.from({ length: items }, () => 1 + Math.floor(random() * 30))
  const capacity = Math.floor(weights.reduce((a, b) => a + b, 0) / 2)
  let best = 0
  for (let mask = 0; mask < 1 << items; mask += 1) {
    let weight = 0
    let value = 0
    for (let i = 0; i < items; i += 1) if (mask & (1 << i)) (weight += weights[i] as number), (value += worth[i] as number)
    if (weight <= capacity) best = Math.max(best, value)
  }
  const names = weights.map((_, i) => `item${i}`)
  const program: LinearProgram = {
    direction: 'maximize',
    objective: Object.fromEntries(names.map((name, i) => [name, worth[i] as number])),
    constraints: [{ name: 'capacity', terms: Object.fromEntries(names.map((name, i) => [name, weights[i] as number])), upper: capacity }],
    binaries: names,
  }
  return { program, best }
}

describe.each(factories)('%s backend', (_name, factory) => {
  let backend: LpBackend
  beforeAll(async () => {
    backend = await factory()
  })

  it('solves the Berlin airlift example from the javascript-lp-solver README (1,080,000)', () => {
    // https://github.com/JWally/jsLPSolver#quick-start: 24 British and 20 American planes.
    const program: LinearProgram = {
      direction: 'maximize',
      objective: { brit: 20_000, yank: 30_000 },
      constraints: [
        { name: 'plane', terms: { brit: 1, yank: 1 }, upper: 44 },
        { name: 'person', terms: { brit: 8, yank: 16 }, upper: 512 },
        { name: 'cost', terms: { brit: 5_000, yank: 9_000 }, upper: 300_000 },
      ],
    }
    const solution = backend.solve(program)
    expect(solution.status).toBe('optimal')
    expect(solution.objective).toBeCloseTo(1_080_000, 4)
    expect(solution.values.brit).toBeCloseTo(24, 6)
    expect(solution.values.yank).toBeCloseTo(20, 6)
  })

  it('solves the workshop example from the highs-js README (1,100)', () => {
    // https://github.com/lovasoa/highs-js#quick-start: 20 chairs and 10 tables.
    const program: LinearProgram = {
      direction: 'maximize',
      objective: { chairs: 30, tables: 50 },
      constraints: [
        { name: 'carpentry', terms: { chairs: 1, tables: 2 }, upper: 40 },
        { name: 'finishing', terms: { chairs: 2, tables: 1 }, upper: 50 },
      ],
    }
    const solution = backend.solve(program)
    expect(solution.objective).toBeCloseTo(1_100, 6)
    expect(solution.values.chairs).toBeCloseTo(20, 6)
    expect(solution.values.tables).toBeCloseTo(10, 6)
  })

  it('honours ranged rows, equalities, negative lower bounds, free variables and upper bounds', () => {
    // min x − 2y, 4 ≤ x + y ≤ 6, x ≥ −3, y ≤ 2.5: y at its bound, x as small as the range allows → x = 1.5.
    const ranged: LinearProgram = {
      direction: 'minimize',
      objective: { x: 1, y: -2 },
      constraints: [{ name: 'sum', terms: { x: 1, y: 1 }, lower: 4, upper: 6 }],
      bounds: { x: { lower: -3 }, y: { upper: 2.5 } },
    }
    const a = backend.solve(ranged)
    expect(a.objective).toBeCloseTo(-3.5, 7)
    expect(a.values.x).toBeCloseTo(1.5, 7)
    // min z with z ≥ |x − 3| and x = −1 fixed by an equality on a free variable → z = 4.
    const free: LinearProgram = {
      direction: 'minimize',
      objective: { z: 1 },
      constraints: [
        { name: 'fix', terms: { x: 1 }, lower: -1, upper: -1 },
        { name: 'above', terms: { z: 1, x: -1 }, lower: -3 },
        { name: 'below', terms: { z: 1, x: 1 }, lower: 3 },
      ],
      bounds: { x: { lower: -Infinity }, z: { lower: -Infinity } },
    }
    const b = backend.solve(free)
    expect(b.objective).toBeCloseTo(4, 7)
    expect(b.values.x).toBeCloseTo(-1, 7)
    // A variable with bounds only and a negative upper bound.
    const boxed = backend.solve({ direction: 'maximize', objective: { w: 1 }, constraints: [], bounds: { w: { lower: -5, upper: -2 } } })
    expect(boxed.objective).toBeCloseTo(-2, 7)
  })

  it('keeps names that LP formats or plain objects would trip over', () => {
    const names = ['e1', '1x', 'a b', 'x.y:z', 'constructor', 'toString', 'Subject To', 'obj']
    const program: LinearProgram = {
      direction: 'maximize',
      objective: Object.fromEntries(names.map((name, i) => [name, i + 1])),
      constraints: names.map((name, i) => ({ name: `row ${name}`, terms: { [name]: 1 }, upper: 10 * (i + 1) })),
    }
    const solution = backend.solve(program)
    expect(solution.status).toBe('optimal')
    names.forEach((name, i) => expect(solution.values[name], name).toBeCloseTo(10 * (i + 1), 7))
    expect(solution.objective).toBeCloseTo(names.reduce((sum, _, i) => sum + (i + 1) * 10 * (i + 1), 0), 5)
  })

  it('solves 0/1 knapsacks to the brute-force optimum, and a gapped solve bounds it', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { program, best } = knapsack(seed, 10)
      const exact = backend.solve(program)
      expect(exact.status).toBe('optimal')
      expect(exact.objective).toBeCloseTo(best, 6)
      for (const name of program.binaries ?? []) expect([0, 1]).toContain(Math.round(exact.values[name] ?? 0))
      expectFeasible(program, exact.values)

      const gapped = backend.solve({ ...program, mipGap: 0.05 })
      expect(gapped.objective).toBeLessThanOrEqual(best + 1e-9)
      expect(gapped.objective).toBeGreaterThanOrEqual(best * 0.95 - 1e-9)
      expect(gapped.bound ?? gapped.objective).toBeGreaterThanOrEqual(best - 1e-9)
    }
  })

  it('reports infeasible, unbounded and unusable programs as statuses', () => {
    const x = { direction: 'maximize' as const, objective: { x: 1 } }
    expect(backend.solve({ ...x, constraints: [{ name: 'low', terms: { x: 1 }, lower: 4 }, { name: 'high', terms: { x: 1 }, upper: 3 }] }).status).toBe('infeasible')
    expect(backend.solve({ ...x, constraints: [{ name: 'crossed', terms: { x: 1 }, lower: 4, upper: 3 }] }).status).toBe('infeasible')
    expect(backend.solve({ ...x, constraints: [{ name: 'empty', terms: {}, lower: 1 }] }).status).toBe('infeasible')
    expect(backend.solve({ ...x, constraints: [{ name: 'low', terms: { x: 1 }, lower: 4 }] }).status).toBe('unbounded')
    expect(backend.solve({ ...x, constraints: [{ name: 'nan', terms: { x: Number.NaN }, upper: 4 }] }).status).toBe('error')
    // Still usable after an error.
    expect(backend.solve({ ...x, constraints: [{ name: 'ok', terms: { x: 1 }, upper: 4 }] }).objective).toBeCloseTo(4, 9)
  })
})

describe('LP backends against each other', () => {
  it('agree on seeded random bounded LPs, and their points are feasible', async () => {
    const backends = await Promise.all(factories.map(([, factory]) => factory()))
    const random = prng(7)
    for (let trial = 0; trial < 40; trial += 1) {
      const variables = Array.from({ length: 6 }, (_, i) => `x${i}`)
      const program: LinearProgram = {
        direction: random() < 0.5 ? 'maximize' : 'minimize',
        objective: Object.fromEntries(variables.map((name) => [name, Math.round((random() * 20 - 10) * 100) / 100])),
        constraints: Array.from({ length: 8 }, (_, r) => {
          const terms = Object.fromEntries(variables.filter(() => random() < 0.6).map((name) => [name, Math.round((random() * 10 - 3) * 100) / 100]))
          const center = random() * 20 - 5
          return random() < 0.3 ? { name: `r${r}`, terms, lower: center - 5, upper: center + 5 } : { name: `r${r}`, terms, upper: center + 10 }
        }),
        // A box keeps every LP bounded; some lower bounds are negative.
        bounds: Object.fromEntries(variables.map((name) => [name, { lower: random() < 0.3 ? -5 : 0, upper: 10 }])),
      }
      const solutions = backends.map((backend) => backend.solve(program))
      const statuses = new Set(solutions.map((solution) => solution.status))
      expect(statuses.size, `trial ${trial}`).toBe(1)
      if (solutions[0]?.status !== 'optimal') continue
      for (const solution of solutions) {
        expect(solution.objective).toBeCloseTo(solutions[0].objective, 5)
        expectFeasible(program, solution.values)
      }
    }
  })
})

describe('toLpFormat', () => {
  it('writes CPLEX LP sections with sanitised names, split ranges, free columns and binaries', () => {
    const { text, columnNames } = toLpFormat(
      {
        direction: 'minimize',
        objective: { 'a b': 2, e1: -1 },
        constraints: [
          { name: 'range me', terms: { 'a b': 1, e1: 1 }, lower: 1, upper: 5 },
          { name: 'eq', terms: { 'a b': 1, flag: -3 }, lower: 0, upper: 0 },
        ],
        bounds: { e1: { lower: -Infinity } },
        binaries: ['flag'],
      },
      ['a b', 'e1', 'flag'],
    )
    expect([...columnNames.values()]).toEqual(['v0', 'v1', 'v2'])
    const lines = text.trim().split('\n')
    expect(lines[0]).toBe('Minimize')
    expect(lines[1]).toBe(' obj: + 2 v0 - 1 v1')
    expect(lines).toContain(' c0_lo: + 1 v0 + 1 v1 >= 1')
    expect(lines).toContain(' c0_hi: + 1 v0 + 1 v1 <= 5')
    expect(lines).toContain(' c1: + 1 v0 - 3 v2 = 0')
    expect(lines).toContain(' v1 free')
    expect(lines).toContain(' 0 <= v2 <= 1')
    expect(lines.indexOf('Binary')).toBeGreaterThan(lines.indexOf('Bounds'))
    expect(lines.at(-1)).toBe('End')
    expect(text).not.toMatch(/a b|e1|flag/)
  })
})
