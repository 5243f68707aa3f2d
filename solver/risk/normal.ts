// The standard normal distribution function and its inverse in double precision, for the risk
// model's log-normal latencies and price-drift tails.

/**
 * Φ(−|x|), the lower tail at −|x|, with relative accuracy ≈ 1e-14 in both tails.
 * Hart's (1968) algorithm 5666 in the double-precision form of G. West, "Better approximations to
 * cumulative normal functions", Wilmott Magazine (2005), figure 2: a rational approximation up to
 * |x| = 10/√2 and a continued fraction for the Mills ratio beyond.
 */
function lowerTail(x: number): number {
  const z = Math.abs(x)
  if (z > 37) return 0
  const exponential = Math.exp(-0.5 * z * z)
  if (z < 7.07106781186547) {
    let numerator = 3.52624965998911e-2 * z + 0.700383064443688
    numerator = numerator * z + 6.37396220353165
    numerator = numerator * z + 33.912866078383
    numerator = numerator * z + 112.079291497871
    numerator = numerator * z + 221.213596169931
    numerator = numerator * z + 220.206867912376
    let denominator = 8.83883476483184e-2 * z + 1.75566716318264
    denominator = denominator * z + 16.064177579207
    denominator = denominator * z + 86.7807322029461
    denominator = denominator * z + 296.564248779674
    denominator = denominator * z + 637.333633378831
    denominator = denominator * z + 793.826512519948
    denominator = denominator * z + 440.413735824752
    return (exponential * numerator) / denominator
  }
  let fraction = z + 0.65
  fraction = z + 4 / fraction
  fraction = z + 3 / fraction
  fraction = z + 2 / fraction
  fraction = z + 1 / fraction
  return exponential / fraction / 2.506628274631
}

/** Φ(x) = P(Z ≤ x) for a standard normal Z. Accurate in relative terms in the lower tail. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN
  return x > 0 ? 1 - lowerTail(x) : lowerTail(x)
}

/** 1 − Φ(x) = P(Z > x), computed without cancellation in the upper tail. */
export function normalSurvival(x: number): number {
  if (Number.isNaN(x)) return NaN
  return x < 0 ? 1 - lowerTail(x) : lowerTail(x)
}

/**
 * Φ⁻¹(p) for 0 < p < 1 (−∞ at 0, +∞ at 1), relative accuracy ≈ 1e-16.
 * M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution",
 * Applied Statistics 37(3):477–484 (1988), PPND16.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN
  if (p === 0) return -Infinity
  if (p === 1) return Infinity
  const q = p - 0.5
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q
    return (
      (q *
        (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r + 6.7265770927008700853e4) * r +
          4.5921953931549871457e4) *
          r +
          1.3731693765509461125e4) *
          r +
          1.9715909503065514427e3) *
          r +
          1.3314166789178437745e2) *
          r +
          3.387132872796366608)) /
      (((((((5.226495278852854561e3 * r + 2.8729085735721942674e4) * r + 3.930789580009271061e4) * r +
        2.1213794301586595867e4) *
        r +
        5.3941960214247511077e3) *
        r +
        6.871870074920579083e2) *
        r +
        4.2313330701600911252e1) *
        r +
        1)
    )
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p))
  let value: number
  if (r <= 5) {
    r -= 1.6
    value =
      (((((((7.7454501427834140764e-4 * r + 2.27238449892691845833e-2) * r + 2.4178072517745061177e-1) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 1.51986665636164571966e-2) * r +
        1.4810397642748007459e-1) *
        r +
        6.8976733498510000455e-1) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1)
  } else {
    r -= 5
    value =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.2426609473880784386e-3) * r +
        2.6532189526576123093e-2) *
        r +
        2.9656057182850489123e-1) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        1.4875361290850614852e-2) *
        r +
        1.3692988092273580531e-1) *
        r +
        5.9983220655588793769e-1) *
        r +
        1)
  }
  return q < 0 ? -value : value
}
