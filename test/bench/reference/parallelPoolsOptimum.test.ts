import { describe, expect, it } from 'vitest'
import { parallelPoolsOptimum, type ParallelPool } from '../../../bench/reference/parallelPoolsOptimum.ts'
import { createRandom } from '../../../solver/random.ts'

const out = (pool: ParallelPool, x: number) => {
  const g = 1 - pool.feeBps / 10_000
  return (g * x * pool.reserveOut) / (pool.reserveIn + g * x)
}
const issuePools = (n: number, feeBps = 30): ParallelPool[] =>
  Array.from({ length: n }, (_, i) => ({ reserveIn: 8_000_000 / 2 ** i, reserveOut: 8_000_000 / 2 ** i / 3000, feeBps }))

describe('parallelPoolsOptimum', () => {
  it("reproduces issue 11's closed-form figure: 8 pools $8M…$62.5k, 30 bp, 5,000,000 USDC → 1265.7576 WETH", () => {
    expect(parallelPoolsOptimum(issuePools(8), 5_000_000).amountOut).toBeCloseTo(1265.7576, 4)
  })

  it('with equal prices and fees equals one pool holding the summed reserves', () => {
    for (const n of [2, 5, 16]) {
      const pools = issuePools(n)
      const merged = { reserveIn: pools.reduce((s, p) => s + p.reserveIn, 0), reserveOut: pools.reduce((s, p) => s + p.reserveOut, 0), feeBps: 30 }
      expect(parallelPoolsOptimum(pools, 5_000_000).amountOut).toBeCloseTo(out(merged, 5_000_000), 6)
    }
  })

  it('spends the whole input, equalises marginal rates of trading pools, and beats random allocations (mixed fees)', () => {
    const random = createRandom(7)
    for (let trial = 0; trial < 20; trial++) {
      const pools: ParallelPool[] = Array.from({ length: 2 + Math.floor(random() * 8) }, () => {
        const depth = 10 ** (4 + 3 * random())
        return { reserveIn: depth, reserveOut: (depth / 3000) * (0.98 + 0.04 * random()), feeBps: [1, 5, 30, 100][Math.floor(random() * 4)]! }
      })
      const amount = 10 ** (3 + 4 * random())
      const optimum = parallelPoolsOptimum(pools, amount)
      expect(optimum.inputs.reduce((s, x) => s + x, 0)).toBeCloseTo(amount, 6)
      pools.forEach((pool, i) => {
        const g = 1 - pool.feeBps / 10_000
        const marginal = (g * pool.reserveIn * pool.reserveOut) / (pool.reserveIn + g * optimum.inputs[i]!) ** 2
        if (optimum.inputs[i]! > 0) expect(marginal / optimum.marginalRate).toBeCloseTo(1, 9)
        else expect(marginal).toBeLessThanOrEqual(optimum.marginalRate * (1 + 1e-12)) // KKT: an idle pool's spot rate is no better
      })
      for (let sample = 0; sample < 50; sample++) {
        const weights = pools.map(() => random())
        const total = weights.reduce((s, w) => s + w, 0)
        const value = pools.reduce((s, pool, i) => s + out(pool, (amount * weights[i]!) / total), 0)
        expect(value).toBeLessThanOrEqual(optimum.amountOut * (1 + 1e-12))
      }
    }
  })
})
