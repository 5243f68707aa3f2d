// Where to put an edge's first tangent lines: the sandwich algorithm for concave curves, which adds
// a tangent where the current outer approximation is worst until it is within `accuracy`.
import type { SplitEdge } from './types.ts'

/** At most this many initial tangents per edge; the refinement loop adds the rest where the flow is. */
export const MAX_INITIAL_TANGENTS = 12

/** A tangent at x0 is usable when the curve and its slope are finite there. */
export function isUsableTangentPoint(edge: SplitEdge, x0: number): boolean {
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
export function initialTangentPoints(edge: SplitEdge, cap: number, lpUnitsPerOutput: number, accuracy: number): number[] {
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
