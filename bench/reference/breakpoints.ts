// Breakpoints of the reference's piecewise-linear venue curves: geometric over [0, cap] (dense near
// zero, where a curve's bend is felt relative to the trade), then refined around a solution.

/**
 * 0 followed by `count` points cap·ρ^(i−count), i = 1…count, from cap·lowest to cap: consecutive
 * points differ by the same ratio ρ = lowest^(−1/(count−1)) (200 points over nine decades: 11 %),
 * so every trade size sees the same relative resolution.
 */
export function geometricBreakpoints(cap: number, count: number, lowest: number): number[] {
  if (!(cap > 0)) return [0]
  const ratio = Math.pow(1 / lowest, 1 / Math.max(1, count - 1))
  const points = [0]
  for (let i = 1; i <= count; i++) points.push(cap * Math.pow(ratio, i - count))
  return points
}

/** Relative offsets added around a solution: a chord over ±10⁻⁶·x is exact to ~10⁻¹³ relative on these curves. */
const OFFSETS = [0.1, 0.03, 0.01, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6]

/**
 * `points` plus x and x·(1 ± d) for each offset d, clipped to [0, cap], sorted, duplicates (closer
 * than 10⁻¹² relative) removed. At x = 0 nothing is added: the geometric grid already resolves the
 * start of the curve.
 */
export function refineBreakpoints(points: readonly number[], x: number, cap: number): number[] {
  const added = x > 0 ? [x, ...OFFSETS.flatMap((d) => [x * (1 - d), x * (1 + d)])] : []
  const all = [...points, ...added.filter((p) => p > 0 && p <= cap)].sort((a, b) => a - b)
  const kept: number[] = []
  for (const p of all) if (kept.length === 0 || p - kept[kept.length - 1]! > 1e-12 * Math.max(p, 1e-300)) kept.push(p)
  return kept
}
