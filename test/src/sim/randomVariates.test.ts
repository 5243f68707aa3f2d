import { describe, expect, it } from 'vitest'
import { createRandom } from '../../../solver/random.ts'
import { openUniform, sampleExponential, samplePoisson, sampleStandardNormal } from '../../../src/sim/randomVariates.ts'

const n = 40_000
function moments(draw: () => number): { mean: number; variance: number } {
  let sum = 0
  let squares = 0
  for (let i = 0; i < n; i++) {
    const x = draw()
    sum += x
    squares += x * x
  }
  const mean = sum / n
  return { mean, variance: squares / n - mean * mean }
}

describe('random variates (seeded Monte Carlo against the distributions\' known moments)', () => {
  it('standard normal: mean 0, variance 1', () => {
    const random = createRandom(1)
    const { mean, variance } = moments(() => sampleStandardNormal(random))
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n))
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n))
  })

  it('exponential: mean 1, variance 1', () => {
    const random = createRandom(2)
    const { mean, variance } = moments(() => sampleExponential(random))
    expect(Math.abs(mean - 1)).toBeLessThan(4 / Math.sqrt(n))
    expect(Math.abs(variance - 1)).toBeLessThan(0.08)
  })

  it.each([0.3, 1, 4])('Poisson(%d): mean and variance equal the parameter', (lambda) => {
    const random = createRandom(3)
    const { mean, variance } = moments(() => samplePoisson(random, lambda))
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / n))
    expect(Math.abs(variance - lambda)).toBeLessThan(0.1 * lambda + 0.02)
  })

  it('open uniform never returns 0 or 1', () => {
    expect(openUniform(() => 0)).toBeGreaterThan(0)
    expect(openUniform(() => 1 - 2 ** -32)).toBeLessThan(1)
    expect(() => samplePoisson(createRandom(1), -1)).toThrow(/Poisson/)
  })
})
