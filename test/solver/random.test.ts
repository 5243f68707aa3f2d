import { describe, expect, it } from 'vitest'
import { createRandom } from '../../solver/random.ts'

/**
 * Independent reference: xoshiro128** 1.1 and SplitMix32 seeding written from the published C code
 * (https://prng.di.unimi.it/xoshiro128starstar.c) with BigInt arithmetic masked to 32 bits, instead
 * of the implementation's Math.imul / >>> tricks.
 */
function referenceSequence(seed: number, count: number): number[] {
  const M = 0xffffffffn
  const mul = (a: bigint, b: bigint) => (a * b) & M
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M
  const integer = BigInt(Math.trunc(seed))
  const low = integer & M
  const high = (integer >> 32n) & M
  let mix = (low ^ mul(high, 0x85ebca6bn)) & M
  const s: bigint[] = []
  for (let i = 0; i < 4; i++) {
    mix = (mix + 0x9e3779b9n) & M
    let z = mix
    z = mul(z ^ (z >> 16n), 0x21f0aaadn)
    z = mul(z ^ (z >> 15n), 0x735a2d97n)
    s.push(z ^ (z >> 15n))
  }
  let [s0, s1, s2, s3] = s as [bigint, bigint, bigint, bigint]
  const out: number[] = []
  for (let i = 0; i < count; i++) {
    const result = mul(rotl(mul(s1, 5n), 7n), 9n)
    const t = (s1 << 9n) & M
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 11n)
    out.push(Number(result) / 2 ** 32)
  }
  return out
}

describe('createRandom', () => {
  it('matches an independent BigInt implementation of xoshiro128** with SplitMix32 seeding', () => {
    for (const seed of [0, 1, 2, 42, -7, 123_456_789, 2 ** 32 + 5, 2 ** 40 + 17]) {
      const random = createRandom(seed)
      const mine = Array.from({ length: 1000 }, () => random())
      expect(mine).toEqual(referenceSequence(seed, 1000))
    }
  })

  it('repeats for a seed and differs between seeds', () => {
    const a = createRandom(5)
    const b = createRandom(5)
    const c = createRandom(6)
    const xs = Array.from({ length: 100 }, () => a())
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs)
    expect(Array.from({ length: 100 }, () => c())).not.toEqual(xs)
  })

  it('is uniform on [0, 1): chi-square over 20 bins, mean and lag-1 correlation', () => {
    const random = createRandom(2024)
    const n = 200_000
    const bins = new Array<number>(20).fill(0)
    let sum = 0
    let previous = random()
    let cross = 0
    let outside = 0
    for (let i = 0; i < n; i++) {
      const x = random()
      if (!(x >= 0 && x < 1)) outside++
      bins[Math.floor(x * 20)]!++
      sum += x
      cross += (x - 0.5) * (previous - 0.5)
      previous = x
    }
    expect(outside).toBe(0)
    const expected = n / 20
    const chiSquare = bins.reduce((acc, observed) => acc + (observed - expected) ** 2 / expected, 0)
    // 99.9th percentile of χ² with 19 degrees of freedom is 43.82.
    expect(chiSquare).toBeLessThan(43.82)
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005)
    // Correlation of successive draws: (Σ (x−½)(x'−½)/n) / Var(U) with Var(U) = 1/12.
    expect(Math.abs((cross / n) * 12)).toBeLessThan(0.01)
  })

  it('rejects a seed that is not a finite number', () => {
    expect(() => createRandom(Number.POSITIVE_INFINITY)).toThrow(/finite/)
  })
})
