// The sandwich guarantee checked by dense sampling: the tangents at the chosen points lie above the
// curve everywhere, and (when the point budget was not exhausted) within `accuracy` of it.
import { describe, expect, it } from 'vitest'
import { addCut, initialTangentPoints, MAX_INITIAL_TANGENTS, tangentEnvelope } from '../../../solver/lp/tangentCuts.ts'
import type { SplitEdge } from '../../../solver/lp/types.ts'
import { constantProductEdge, linearBridgeEdge } from '../../../bench/lp/curves.ts'

const SAMPLES = 20_000

/** max over samples of (min over tangents − curve), and min of the same (must be ≥ 0). */
function envelopeGap(edge: SplitEdge, points: readonly number[], cap: number) {
  let worst = 0
  let lowest = Infinity
  for (let k = 0; k <= SAMPLES; k += 1) {
    const x = (cap * k) / SAMPLES
    let envelope = Infinity
    for (const p of points) envelope = Math.min(envelope, edge.output(p) + edge.marginal(p) * (x - p))
    const gap = envelope - edge.output(x)
    worst = Math.max(worst, gap)
    lowest = Math.min(lowest, gap)
  }
  return { worst, lowest }
}

describe('initialTangentPoints', () => {
  it('approximates a constant-product curve to the requested accuracy over the whole range', () => {
    const edge = constantProductEdge({ id: 'p', from: 'A', to: 'B', reserveIn: 1_000, reserveOut: 3_000_000, feeBps: 30 })
    const cap = 5_000 // five times the input reserve: the curve bends through most of its range
    const lpUnitsPerOutput = 1_000 / 3_000_000
    // The trade is 1,000 LP units; these accuracies need 4–10 points, within the budget of 12.
    for (const accuracy of [100, 30, 10]) {
      const points = initialTangentPoints(edge, cap, lpUnitsPerOutput, accuracy)
      expect(points[0]).toBe(0)
      expect(points.at(-1)).toBe(cap)
      expect(points.length).toBeLessThan(MAX_INITIAL_TANGENTS)
      const { worst, lowest } = envelopeGap(edge, points, cap)
      expect(lowest * lpUnitsPerOutput).toBeGreaterThanOrEqual(-1e-9) // tangents of a concave curve never cut it
      expect(worst * lpUnitsPerOutput).toBeLessThanOrEqual(accuracy * (1 + 1e-9))
      expect(worst * lpUnitsPerOutput).toBeGreaterThan(accuracy / 20) // and does not waste points either
    }
  })

  it('spends more points for a finer accuracy, up to the budget', () => {
    const edge = constantProductEdge({ id: 'p', from: 'A', to: 'B', reserveIn: 1e6, reserveOut: 1e6, feeBps: 5 })
    const lengths = [100, 10, 1, 1e-3].map((accuracy) => initialTangentPoints(edge, 1e7, 1e-4, accuracy).length)
    for (let i = 1; i < lengths.length; i += 1) expect(lengths[i]).toBeGreaterThan(lengths[i - 1] as number)
    expect(lengths.at(-1)).toBe(MAX_INITIAL_TANGENTS)
  })

  it('needs only the two ends for a capped linear bridge, whose envelope is then exact', () => {
    const edge = linearBridgeEdge({ id: 'b', from: 'A', to: 'B', rate: 1, feeBps: 5, cap: 1_000 })
    const points = initialTangentPoints(edge, 5_000, 1, 1e-9)
    expect(points).toEqual([0, 5_000])
    expect(envelopeGap(edge, points, 5_000).worst).toBeLessThanOrEqual(1e-9)
  })

  it('starts just above zero when the slope at zero is infinite, and still bounds the curve', () => {
    const sqrt: SplitEdge = {
      id: 's',
      from: 'A',
      to: 'B',
      output: (x) => Math.sqrt(x),
      marginal: (x) => 0.5 / Math.sqrt(x),
      maxOutput: Infinity,
      fixedCost: 0,
    }
    const points = initialTangentPoints(sqrt, 100, 1, 1e-3)
    expect(points[0]).toBeGreaterThan(0)
    expect(envelopeGap(sqrt, points, 100).lowest).toBeGreaterThanOrEqual(-1e-12)
  })
})

describe('addCut (Kelley step with brackets)', () => {
  const edge = constantProductEdge({ id: 'p', from: 'A', to: 'B', reserveIn: 1_000, reserveOut: 3_000_000, feeBps: 30 })

  it('puts a tangent at the cut and either side of it, with the envelope between them within maxError of the curve', () => {
    for (const [x, maxError] of [[50, 1e-3], [400, 1e-2], [2_000, 1]] as const) {
      const points: number[] = []
      expect(addCut(edge, points, x, 5_000, maxError)).toBe(3)
      const [low, high] = [Math.min(...points), Math.max(...points)]
      expect(low).toBeLessThan(x)
      expect(high).toBeGreaterThan(x)
      // Dense check of the envelope of the three tangents on [low, high] against the curve.
      let worst = 0
      for (let k = 0; k <= 2_000; k++) {
        const at = low + ((high - low) * k) / 2_000
        const gap = tangentEnvelope(edge, points, at) - edge.output(at)
        expect(gap).toBeGreaterThanOrEqual(-1e-9)
        worst = Math.max(worst, gap)
      }
      expect(worst).toBeLessThanOrEqual(maxError * 1.01)
      expect(worst).toBeGreaterThan(maxError / 10) // and the brackets are not needlessly close
    }
  })

  it('adds nothing at a point already there, at zero, or past the cap; no brackets on a linear curve', () => {
    const points = [0, 100]
    expect(addCut(edge, points, 100, 5_000, 1e-3)).toBe(0)
    expect(addCut(edge, points, 0, 5_000, 1e-3)).toBe(0)
    const near = [0]
    expect(addCut(edge, near, 4_999.99, 5_000, 1e-3)).toBe(2) // the bracket past the cap is left out
    expect(near.every((p) => p <= 5_000)).toBe(true)
    const bridge = linearBridgeEdge({ id: 'b', from: 'A', to: 'B', rate: 0.999, feeBps: 5, cap: 1e9 })
    const flat: number[] = []
    expect(addCut(bridge, flat, 1_000, 1e6, 1e-6)).toBe(1)
  })
})
