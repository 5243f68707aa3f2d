// The tangent-line outer approximation of concave curves shared by the single split
// (solveSplit.ts) and the joint split of a batch (batch/solveJointSplit.ts): where to put a curve's
// first tangents (the sandwich algorithm), and where to add cuts when an LP overestimates the curve
// (Kelley's cutting-plane step, with tangents either side of the cut). Only the LP around them
// differs: one commodity on a DAG, or many sharing each venue's curve.

/** A concave, increasing curve: output for input x ≥ 0 and its slope. */
export interface ConcaveCurve {
  output(x: number): number
  marginal(x: number): number
}

/** At most this many initial tangents per edge; the refinement loop adds the rest where the flow is. */
export const MAX_INITIAL_TANGENTS = 12

/** A tangent at x0 is usable when the curve and its slope are finite there. */
export function isUsableTangentPoint(edge: ConcaveCurve, x0: number): boolean {
  const value = edge.output(x0)
  const slope = edge.marginal(x0)
  return Number.isFinite(value) && Number.isFinite(slope) && slope >= 0
}

/**
 * Initial tangent points for `edge` over [0, cap] (token units of `edge.from`, cap = the largest
 * input any flow can bring). Starts with 0 and cap; then, for the interval whose two tangents meet
 * at the point of largest overestimate, adds a tangent at that meeting point. For a concave curve
 * the outer approximation min(T_a, T_b) − f on [a, b] peaks where T_a and T_b cross, so this bounds
 * the approximation error everywhere (Rote, "The convergence rate of the sandwich algorithm for
 * approximating convex functions", Computing 48, 1992). Stops when every interval's error, in LP
 * units (`lpUnitsPerOutput` per output token), is at most `accuracy`, or at MAX_INITIAL_TANGENTS.
 *
 * Returns points sorted ascending. If the slope at 0 is infinite (e.g. a square-root curve) the
 * first point is moved to cap·2^-40 instead: any tangent of a concave curve bounds it everywhere.
 */
export function initialTangentPoints(edge: ConcaveCurve, cap: number, lpUnitsPerOutput: number, accuracy: number): number[] {
  if (!(cap > 0)) return isUsableTangentPoint(edge, 0) ? [0] : []
  const low = isUsableTangentPoint(edge, 0) ? 0 : cap * 2 ** -40
  const points = [low, cap].filter((x) => isUsableTangentPoint(edge, x))
  if (points.length < 2) return points

  const intervals: Array<{ a: number; b: number; cross: number; error: number }> = []
  const consider = (a: number, b: number) => {
    const fa = edge.output(a)
    const ga = edge.marginal(a)
    const fb = edge.output(b)
    const gb = edge.marginal(b)
    if (!(ga - gb > 1e-12 * ga)) return // linear on [a, b]: the tangents coincide
    const cross = (fb - fa + ga * a - gb * b) / (ga - gb)
    if (!(cross > a && cross < b)) return
    const error = (fa + ga * (cross - a) - edge.output(cross)) * lpUnitsPerOutput
    if (Number.isFinite(error) && error > accuracy && isUsableTangentPoint(edge, cross)) intervals.push({ a, b, cross, error })
  }
  consider(low, cap)
  while (intervals.length > 0 && points.length < MAX_INITIAL_TANGENTS) {
    let worst = 0
    intervals.forEach((interval, i) => {
      if (interval.error > (intervals[worst] as (typeof intervals)[number]).error) worst = i
    })
    const { a, b, cross } = intervals.splice(worst, 1)[0] as (typeof intervals)[number]
    points.push(cross)
    consider(a, cross)
    consider(cross, b)
  }
  return points.sort((p, q) => p - q)
}

/**
 * Adds x to `points` unless a point within 1e-12 (relative to max(cap, x)) is there already, or x is
 * not a finite non-negative number. Returns whether it was added.
 */
export function addTangentPoint(points: number[], x: number, cap: number): boolean {
  if (!(x >= 0) || !Number.isFinite(x)) return false
  if (points.some((p) => Math.abs(p - x) <= 1e-12 * Math.max(cap, x))) return false
  points.push(x)
  return true
}

/** Upper envelope of the tangents at `points` at input x, capped by `maxOutput`. */
export function tangentEnvelope(curve: ConcaveCurve, points: readonly number[], x: number, maxOutput = Infinity): number {
  let bound = maxOutput
  for (const p of points) bound = Math.min(bound, curve.output(p) + curve.marginal(p) * (x - p))
  return bound
}

/**
 * Tangent points either side of x between which and x the envelope errs by at most `maxError` output
 * units: between tangents δ apart a smooth concave curve's envelope errs by about |f''|·δ²/8, so
 * δ = √(8·maxError/|f''(x)|) (f'' by a central difference). None where the curve is nearly linear
 * around x (δ ≥ x/2): the initial tangents already fit it there.
 */
export function bracketPoints(curve: ConcaveCurve, x: number, maxError: number): number[] {
  const h = 1e-4 * x
  const curvature = Math.abs(curve.marginal(x - h) - curve.marginal(x + h)) / (2 * h)
  const delta = Math.sqrt((8 * maxError) / curvature)
  if (!(delta < 0.5 * x)) return []
  return [x - delta, x + delta].filter((point) => isUsableTangentPoint(curve, point))
}

/**
 * Kelley's step on one curve: a tangent at x (where an LP put the curve's input), and tangents either
 * side of it within `maxError` output units (bracketPoints), so that when the next LP moves the input
 * only a little, as it does near convergence, the cut there is already in place. Points past `cap`
 * (the largest input the curve can see) are left out. Returns how many points were added.
 */
export function addCut(curve: ConcaveCurve, points: number[], x: number, cap: number, maxError: number): number {
  if (!(x > 0) || !isUsableTangentPoint(curve, x) || !addTangentPoint(points, x, cap)) return 0
  let added = 1
  for (const bracket of bracketPoints(curve, x, maxError)) if (bracket < cap && addTangentPoint(points, bracket, cap)) added += 1
  return added
}
