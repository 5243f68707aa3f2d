// Seeded pseudo-random numbers for everything in Accord that needs randomness (synthetic markets,
// Monte Carlo checks): the same seed gives the same sequence on every machine.
import { BaseError } from './errors.ts'

/**
 * SplitMix32 step, used only to spread a seed over the generator's 128-bit state so that nearby
 * seeds (1, 2, 3) give unrelated sequences.
 * Constants from the 32-bit SplitMix variant of Steele, Lea & Flood, "Fast splittable
 * pseudorandom number generators" (OOPSLA 2014), as used to seed xoshiro in Vigna's reference code.
 */
function splitMix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0
  let z = next
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
  return [next, (z ^ (z >>> 15)) >>> 0]
}

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k))

/**
 * Returns a generator of uniform floats in [0, 1) with 32 bits of randomness each, fully determined
 * by `seed` (any finite number; its integer part is used). Throws INVALID_ARGUMENT for NaN or ±∞.
 *
 * Algorithm: xoshiro128** 1.1 by Blackman & Vigna (https://prng.di.unimi.it/xoshiro128starstar.c),
 * period 2¹²⁸ − 1, state seeded with SplitMix32. Not cryptographic.
 *
 * @example
 * const random = createRandom(42)
 * random() // 0 ≤ x < 1, the same on every run
 */
export function createRandom(seed: number): () => number {
  if (!Number.isFinite(seed)) throw new BaseError('INVALID_ARGUMENT', `Seed must be a finite number, got ${seed}.`, { field: 'seed' })
  const integer = Math.trunc(seed)
  const low = integer >>> 0
  const high = Math.floor(integer / 2 ** 32) >>> 0
  let mix = low ^ Math.imul(high, 0x85ebca6b)
  const state = new Uint32Array(4)
  for (let i = 0; i < 4; i++) {
    const [next, output] = splitMix32(mix)
    mix = next
    state[i] = output
  }
  // An all-zero state is the generator's only fixed point; SplitMix32 cannot produce it for all
  // four words, but guard anyway.
  if (state[0] === 0 && state[1] === 0 && state[2] === 0 && state[3] === 0) state[0] = 1

  let s0 = state[0] as number
  let s1 = state[1] as number
  let s2 = state[2] as number
  let s3 = state[3] as number
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
    const t = s1 << 9
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 11)
    return result / 2 ** 32
  }
}
