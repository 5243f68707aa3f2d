// The joint LP against closed forms: commodities sharing one constant-product pool get together what
// the pool gives for their summed input, shared pro rata; a shared pool with a parallel private pool
// splits where the marginal rates are equal (checked against a brute-force search over the split).
import { beforeAll, describe, expect, it } from 'vitest'
import { solveJointSplit, type JointEdge } from '../../../solver/batch/solveJointSplit.ts'
import { createHighsBackend } from '../../../solver/lp/backends/highsBackend.ts'
import type { LpBackend } from '../../../solver/lp/types.ts'
import type { VenueCurve } from '../../../solver/venues/venueCurve.ts'

/** Uniswap V2's getAmountOut in floats (UniswapV2Library.sol): out = γx·R_out/(R_in + γx). */
function pool(reserveIn: number, reserveOut: number, feeBps = 30): VenueCurve {
  const gamma = 1 - feeBps / 10_000
  return {
    output: (x) => (gamma * x * reserveOut) / (reserveIn + gamma * x),
    marginal: (x) => (gamma * reserveIn * reserveOut) / (reserveIn + gamma * x) ** 2,
    maxOutput: reserveOut,
    fixedFee: 0,
  }
}

let backend: LpBackend
beforeAll(async () => {
  backend = await createHighsBackend()
})
const priceUsd = new Map([
  ['A', 1],
  ['B', 1],
])

describe('solveJointSplit', () => {
  it('two commodities through one pool get f(a + b) together, shared pro rata', () => {
    const curve = pool(1_000_000, 1_000_000)
    const edges = new Map<string, JointEdge>([['p', { from: 'A', to: 'B', curve }]])
    const result = solveJointSplit(
      {
        commodities: [
          { id: 'one', source: 'A', sink: 'B', amountIn: 100_000, edges: ['p'] },
          { id: 'two', source: 'A', sink: 'B', amountIn: 300_000, edges: ['p'] },
        ],
        edges,
        priceUsd,
      },
      { backend },
    )
    expect(result.status).toBe('optimal')
    expect(result.flows.get('one')?.get('p')).toBeCloseTo(100_000, 3)
    expect(result.flows.get('two')?.get('p')).toBeCloseTo(300_000, 3)
    // The bound is the closed-form output of the summed input, within the tolerance.
    expect(result.upperBoundUsd).toBeGreaterThanOrEqual(curve.output(400_000) * (1 - 1e-9))
    expect(result.upperBoundUsd).toBeLessThan(curve.output(400_000) * (1 + 2e-5))
  })

  it('splits the shared flow over two pools like a brute-force search over the split', () => {
    const shared = pool(2_000_000, 2_000_000)
    const side = pool(500_000, 500_000, 5)
    const edges = new Map<string, JointEdge>([
      ['shared', { from: 'A', to: 'B', curve: shared }],
      ['side', { from: 'A', to: 'B', curve: side }],
    ])
    const a = 200_000
    const b = 250_000
    const result = solveJointSplit(
      {
        commodities: [
          { id: 'both', source: 'A', sink: 'B', amountIn: a, edges: ['shared', 'side'] },
          { id: 'sharedOnly', source: 'A', sink: 'B', amountIn: b, edges: ['shared'] },
        ],
        edges,
        priceUsd,
      },
      { backend },
    )
    // Brute force: commodity "both" sends s to the side pool, a − s to the shared one.
    let best = 0
    for (let s = 0; s <= a; s += 50) best = Math.max(best, side.output(s) + shared.output(a - s + b))
    const sideFlow = result.flows.get('both')?.get('side') ?? 0
    const achieved = side.output(sideFlow) + shared.output(a - sideFlow + b)
    expect(achieved).toBeGreaterThan(best * (1 - 1e-5))
    expect(result.upperBoundUsd).toBeGreaterThanOrEqual(best * (1 - 1e-9))
  })

  it('reports infeasible when a minimum output exceeds what the pool can give', () => {
    const edges = new Map<string, JointEdge>([['p', { from: 'A', to: 'B', curve: pool(1_000, 1_000) }]])
    const result = solveJointSplit(
      { commodities: [{ id: 'x', source: 'A', sink: 'B', amountIn: 100, edges: ['p'], minAmountOut: 100 }], edges, priceUsd },
      { backend },
    )
    expect(result.status).toBe('infeasible')
  })
})
