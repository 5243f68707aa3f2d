// Random variates for the Monte Carlo simulator, all drawn from one seeded uniform generator
// (solver/random.ts) so a realisation is reproduced exactly by its seed.
import { BaseError } from '../../solver/errors.ts'
import { normalQuantile } from '../../solver/risk/normal.ts'

/** A uniform in the open interval (0, 1): the generator's [0, 1) shifted by half its resolution (2⁻³³). */
export function openUniform(random: () => number): number {
  return random() + 2 ** -33
}

/** A standard normal by inversion (one uniform per draw): Φ⁻¹(u), u uniform on (0, 1). */
export function sampleStandardNormal(random: () => number): number {
  return normalQuantile(openUniform(random))
}

/** An exponential with mean 1 by inversion: −ln(u), u uniform on (0, 1). */
export function sampleExponential(random: () => number): number {
  return -Math.log(openUniform(random))
}

/**
 * A Poisson count with the given mean (≥ 0) by Knuth's multiplication method (The Art of Computer
 * Programming vol. 2, §3.4.1): multiply uniforms until the product falls below e^(−mean). O(mean)
 * uniforms, meant for the small means of foreign trades per block. Throws INVALID_ARGUMENT for a
 * mean outside [0, 50].
 */
export function samplePoisson(random: () => number, mean: number): number {
  if (!(mean >= 0) || mean > 50) throw new BaseError('INVALID_ARGUMENT', `Poisson mean must be in [0, 50], got ${mean}.`, { field: 'mean' })
  if (mean === 0) return 0
  const limit = Math.exp(-mean)
  let count = 0
  let product = openUniform(random)
  while (product > limit) {
    count++
    product *= openUniform(random)
  }
  return count
}
