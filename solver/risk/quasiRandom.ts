// A deterministic low-discrepancy point set for averaging smooth functions of several durations.

/**
 * Generator vector of the R_d Kronecker sequence: α_j = φ_d^(−j), j = 1…d, where φ_d is the unique
 * positive root of x^(d+1) = x + 1 (the golden ratio for d = 1). Point i is frac(½ + i·α).
 * M. Roberts, "The unreasonable effectiveness of quasirandom sequences" (2018),
 * https://extremelearning.com.au/unreasonable-effectiveness-of-quasirandom-sequences/
 */
export function kroneckerGenerator(dimensions: number): Float64Array {
  let phi = 2
  for (let iteration = 0; iteration < 64; iteration++) {
    const next = phi - (phi ** (dimensions + 1) - phi - 1) / ((dimensions + 1) * phi ** dimensions - 1)
    if (Math.abs(next - phi) < 1e-15) break
    phi = next
  }
  const alpha = new Float64Array(dimensions)
  for (let j = 0; j < dimensions; j++) alpha[j] = phi ** -(j + 1)
  return alpha
}
