import { beforeAll, describe, expect, it } from 'vitest'
import { BaseError } from '../../../solver/errors.ts'
import { createHighsBackend } from '../../../solver/lp/backends/highsBackend.ts'
import { createJsLpSolverBackend } from '../../../solver/lp/backends/jsLpSolverBackend.ts'
import { solveSplit } from '../../../solver/lp/solveSplit.ts'
import type { LpBackend, SolveSplitReturnType, SplitProblem } from '../../../solver/lp/types.ts'
import { bruteForceSplit, type BruteForceSplitReturnType } from './bruteForceSplit.ts'
import { constantProductEdge } from '../../../bench/lp/curves.ts'
import { cappedBridge, fixedCostPools, type SplitCase, splitCases, twoPools } from './splitCases.ts'

const TOLERANCE = 1e-5

const backendFactories: ReadonlyArray<readonly [string, () => LpBackend | Promise<LpBackend>]> = [
  ['js-lp-solver', () => createJsLpSolverBackend()],
  ['highs', () => createHighsBackend()],
]

// Brute force is the slow part; compute each reference once for both backends.
const references = new Map<string, BruteForceSplitReturnType>()
function reference(splitCase: SplitCase): BruteForceSplitReturnType {
  let result = references.get(splitCase.name)
  if (result === undefined) {
    result = bruteForceSplit(splitCase.problem, splitCase.gridSteps, { fixedCosts: splitCase.fixedCosts })
    references.set(splitCase.name, result)
  }
  return result
}

/** The flow must be a flow: the source ships amountIn and every output is the curve at its input. */
function expectConsistentFlows(problem: SplitProblem, result: SolveSplitReturnType) {
  let shipped = 0
  for (const edge of problem.edges) {
    const flow = result.flows.get(edge.id)
    if (flow === undefined) continue
    if (edge.from === problem.source) shipped += flow.input
    expect(flow.output).toBeCloseTo(Math.min(edge.output(flow.input), edge.maxOutput), 9)
  }
  expect(shipped).toBeCloseTo(problem.amountIn, 6)
}

/**
 * Optimum of y1(x) + y2(X − x) for two constant-product pools A→B: the marginals
 * R_out·R_in·γ/(R_in + γx)² are equal where √(R_out1·R_in1·γ1)·(R_in2 + γ2(X − x)) =
 * √(R_out2·R_in2·γ2)·(R_in1 + γ1·x), which is linear in x; clamped to [0, X].
 */
function twoPoolOptimum(X: number, pool1: [number, number, number], pool2: [number, number, number]) {
  const [rin1, rout1, fee1] = pool1
  const [rin2, rout2, fee2] = pool2
  const g1 = 1 - fee1 / 10_000
  const g2 = 1 - fee2 / 10_000
  const a = Math.sqrt(rout1 * rin1 * g1)
  const b = Math.sqrt(rout2 * rin2 * g2)
  const x = Math.min(X, Math.max(0, (a * (rin2 + g2 * X) - b * rin1) / (a * g2 + b * g1)))
  const y = (rin: number, rout: number, g: number, u: number) => (rout * u * g) / (rin + u * g)
  return { input1: x, amountOut: y(rin1, rout1, g1, x) + y(rin2, rout2, g2, X - x) }
}

describe.each(backendFactories)('solveSplit with %s', (_name, factory) => {
  let backend: LpBackend
  beforeAll(async () => {
    backend = await factory()
  })

  describe.each(splitCases.map((splitCase) => [splitCase.name, splitCase] as const))('%s', (_caseName, splitCase) => {
    it('is within 0.1 % of the brute-force grid optimum and no worse than it by more than the tolerance', () => {
      const result = solveSplit(splitCase.problem, { backend, tolerance: TOLERANCE, fixedCosts: splitCase.fixedCosts })
      const best = reference(splitCase)
      expect(result.status).toBe('optimal')
      expect(Math.abs(result.objective - best.objective)).toBeLessThanOrEqual(1e-3 * best.objective)
      // The grid's best split is feasible, so a tolerance-optimal answer cannot be worse than it.
      expect(result.objective).toBeGreaterThanOrEqual(best.objective * (1 - TOLERANCE))
      expectConsistentFlows(splitCase.problem, result)
    })

    it('exits with a gap below the tolerance and a bound no true flow beats', () => {
      const result = solveSplit(splitCase.problem, { backend, tolerance: TOLERANCE, fixedCosts: splitCase.fixedCosts })
      expect(result.status).toBe('optimal')
      expect(result.upperBound - result.objective).toBeLessThanOrEqual(TOLERANCE * result.objective)
      expect(result.upperBound).toBeGreaterThanOrEqual(reference(splitCase).objective * (1 - 1e-9))
      expect(result.objective).toBeCloseTo(result.amountOut - result.totalFixedCost, 9)
    })
  })

  it('matches the analytic optimum of two parallel constant-product pools', () => {
    const result = solveSplit(twoPools, { backend, tolerance: TOLERANCE })
    const optimum = twoPoolOptimum(twoPools.amountIn, [1_000, 3_000_000, 30], [400, 1_210_000, 5])
    expect(optimum.input1).toBeGreaterThan(0.2 * twoPools.amountIn) // a real split, not a corner
    expect(optimum.input1).toBeLessThan(0.8 * twoPools.amountIn)
    expect(result.amountOut).toBeLessThanOrEqual(optimum.amountOut * (1 + 1e-12))
    expect(result.amountOut).toBeGreaterThanOrEqual(optimum.amountOut * (1 - TOLERANCE))
    expect(result.upperBound).toBeGreaterThanOrEqual(optimum.amountOut * (1 - 1e-9))
    // The objective is flat at the optimum, so the split is only determined to about √tolerance.
    expect(Math.abs((result.flows.get('deep')?.input ?? 0) - optimum.input1)).toBeLessThanOrEqual(1e-2 * twoPools.amountIn)
  })

  it('fills a capped bridge to its cap and reroutes the rest through the pool', () => {
    for (const capIn of ['curve', 'maxOutput'] as const) {
      const problem = cappedBridge(capIn)
      const result = solveSplit(problem, { backend, tolerance: TOLERANCE })
      const bridge = result.flows.get('bridge')
      const pool = result.flows.get('pool')
      const saturation = 1_000 / (1 - 5 / 10_000)
      expect(bridge?.output).toBeLessThanOrEqual(1_000)
      // The bridge pays 0.9995 per unit; the pool never more than its marginal at 0, 0.997.
      expect(bridge?.input).toBeGreaterThan(saturation * (1 - 1e-4))
      expect(bridge?.input).toBeLessThanOrEqual(saturation * (1 + 1e-6))
      expect(pool?.input).toBeCloseTo(problem.amountIn - (bridge?.input ?? 0), 6)
      const rest = problem.amountIn - saturation
      const optimum = 1_000 + (100_000 * rest * 0.997) / (100_000 + rest * 0.997)
      expect(result.amountOut).toBeGreaterThanOrEqual(optimum * (1 - TOLERANCE))
      expect(result.amountOut).toBeLessThanOrEqual(optimum * (1 + 1e-12))
    }
  })

  it('keeps a tiny trade on one path when a second would cost more than it gains, and splits a big one', () => {
    const tiny = fixedCostPools(3_000)
    // Without fixed costs the tiny trade does split (so the fixed costs are what keeps it whole).
    const free = bruteForceSplit(tiny, 2_000)
    expect([...free.inputs.values()].filter((input) => input > 0)).toHaveLength(2)
    expect(solveSplit(tiny, { backend, tolerance: TOLERANCE }).flows.size).toBe(2)

    const single = solveSplit(tiny, { backend, tolerance: TOLERANCE, fixedCosts: true })
    expect([...single.flows.keys()]).toEqual(['cheap'])
    expect(single.totalFixedCost).toBe(5)
    const split = solveSplit(fixedCostPools(200_000), { backend, tolerance: TOLERANCE, fixedCosts: true })
    expect([...split.flows.keys()].sort()).toEqual(['cheap', 'dear'])
    expect(split.totalFixedCost).toBe(10)
  })

  it('stops at the iteration limit with the best flow so far and a valid bound', () => {
    const result = solveSplit(twoPools, { backend, tolerance: 1e-12, maxIterations: 1 })
    const optimum = twoPoolOptimum(twoPools.amountIn, [1_000, 3_000_000, 30], [400, 1_210_000, 5])
    expect(result.status).toBe('iterationLimit')
    expect(result.iterations).toBe(1)
    expect(result.upperBound).toBeGreaterThanOrEqual(optimum.amountOut * (1 - 1e-9))
    expect(result.amountOut).toBeLessThanOrEqual(optimum.amountOut * (1 + 1e-12))
    expectConsistentFlows(twoPools, result)
  })

  it('gets closer with a tighter tolerance', () => {
    const loose = solveSplit(twoPools, { backend, tolerance: 1e-3 })
    const tight = solveSplit(twoPools, { backend, tolerance: 1e-8 })
    const optimum = twoPoolOptimum(twoPools.amountIn, [1_000, 3_000_000, 30], [400, 1_210_000, 5])
    expect(loose.upperBound - loose.objective).toBeLessThanOrEqual(1e-3 * loose.objective)
    expect(tight.status).toBe('optimal')
    expect(tight.amountOut).toBeGreaterThanOrEqual(optimum.amountOut * (1 - 1e-8))
  })

  it('ignores edges that lead nowhere and reports no route as infeasible', () => {
    const deadEnd = constantProductEdge({ id: 'dead', from: 'ETH', to: 'NOWHERE', reserveIn: 1, reserveOut: 1e12, feeBps: 0 })
    const result = solveSplit({ ...twoPools, edges: [...twoPools.edges, deadEnd] }, { backend, tolerance: TOLERANCE })
    expect(result.flows.has('dead')).toBe(false)
    expect(result.status).toBe('optimal')

    const none = solveSplit({ ...twoPools, sink: 'DAI' }, { backend })
    expect(none.status).toBe('infeasible')
    expect(none.flows.size).toBe(0)
    expect(none.amountOut).toBe(0)
  })
})

describe('solveSplit across backends', () => {
  it('gives the same optimum with javascript-lp-solver and HiGHS on every case', async () => {
    const js = createJsLpSolverBackend()
    const highs = await createHighsBackend()
    for (const splitCase of splitCases) {
      const options = { tolerance: TOLERANCE, fixedCosts: splitCase.fixedCosts }
      const a = solveSplit(splitCase.problem, { ...options, backend: js })
      const b = solveSplit(splitCase.problem, { ...options, backend: highs })
      expect(Math.abs(a.objective - b.objective), splitCase.name).toBeLessThanOrEqual(TOLERANCE * Math.max(a.objective, b.objective))
      // Each one's bound must hold for the other's flow.
      expect(a.upperBound, splitCase.name).toBeGreaterThanOrEqual(b.objective * (1 - 1e-9))
      expect(b.upperBound, splitCase.name).toBeGreaterThanOrEqual(a.objective * (1 - 1e-9))
    }
  })
})

describe('solveSplit input errors', () => {
  const expectInvalid = (problem: SplitProblem, field: string) => {
    try {
      solveSplit(problem)
      expect.unreachable('solveSplit accepted an invalid problem')
    } catch (error) {
      expect(error).toBeInstanceOf(BaseError)
      expect((error as BaseError).code).toBe('INVALID_ARGUMENT')
      expect((error as BaseError).field).toBe(field)
    }
  }

  it('rejects a non-positive amount, source = sink, duplicate ids and cycles', () => {
    expectInvalid({ ...twoPools, amountIn: 0 }, 'amountIn')
    expectInvalid({ ...twoPools, amountIn: Number.NaN }, 'amountIn')
    expectInvalid({ ...twoPools, sink: 'ETH' }, 'sink')
    expectInvalid({ ...twoPools, edges: [twoPools.edges[0]!, twoPools.edges[0]!] }, 'edges[1].id')
    const loop = [
      constantProductEdge({ id: 'ab', from: 'A', to: 'B', reserveIn: 1e6, reserveOut: 1e6, feeBps: 30 }),
      constantProductEdge({ id: 'ba', from: 'B', to: 'A2', reserveIn: 1e6, reserveOut: 1e6, feeBps: 30 }),
      constantProductEdge({ id: 'a2b', from: 'A2', to: 'B', reserveIn: 1e6, reserveOut: 1e6, feeBps: 30 }),
      constantProductEdge({ id: 'bc', from: 'B', to: 'C', reserveIn: 1e6, reserveOut: 1e6, feeBps: 30 }),
    ]
    expectInvalid({ source: 'A', sink: 'C', amountIn: 1, unitValue: new Map(), edges: loop }, 'edges')
  })
})
