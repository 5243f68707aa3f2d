// Distributions of durations on a uniform time grid: discretisation of a step's latency, sums
// (convolution), maxima of independent durations (CDF product), and reading CDF, quantiles and the
// mean back. Floats only; this is the risk model's numerics.
//
// Discretisation is first-order local moment matching (mass dispersal): the probability of each
// cell [kΔ, (k+1)Δ] is split between its two end points so that the cell's mean is kept. The
// discretised variable is then a mean-preserving spread of the true one (E[X̃ | X] = X, extra
// variance ≤ Δ²/4), sums keep their means exactly, and the CDF read at cell midpoints is accurate to
// O(Δ²). H. U. Gerber, "On the numerical evaluation of the distribution of aggregate claims and its
// stop-loss premiums", Insurance: Mathematics and Economics 1(1):13–18 (1982).
import { attemptWeights, inclusionStopLoss, latencyUpperBoundSeconds } from './latencyDistribution.ts'
import { normalSurvival } from './normal.ts'
import type { StepLatency } from '../model/latency.ts'

/** Points 0, Δ, 2Δ, …, intervals·Δ = horizon. */
export interface TimeGrid {
  readonly stepSeconds: number
  readonly intervals: number
}

/**
 * A duration's distribution on a grid: `mass[k]` = probability at kΔ, `overflow` = probability
 * beyond the horizon (counted as later than any time asked about), `lo`..`hi` the support.
 */
export interface GridDistribution {
  readonly mass: Float64Array
  readonly overflow: number
  readonly lo: number
  readonly hi: number
}

export function createTimeGrid(horizonSeconds: number, intervals: number): TimeGrid {
  return { stepSeconds: Math.max(horizonSeconds, 1e-9) / intervals, intervals }
}

function finish(mass: Float64Array): GridDistribution {
  let lo = 0
  let hi = mass.length - 1
  let total = 0
  for (let k = 0; k < mass.length; k++) {
    const value = mass[k] as number
    if (!(value > 1e-300)) mass[k] = 0
    else total += value
  }
  while (lo < hi && mass[lo] === 0) lo++
  while (hi > lo && mass[hi] === 0) hi--
  return { mass, overflow: Math.max(0, 1 - total), lo, hi }
}

/** A fixed duration of `seconds`, split between its two neighbouring grid points (mean kept). */
export function pointMass(grid: TimeGrid, seconds: number): GridDistribution {
  const mass = new Float64Array(grid.intervals + 1)
  addPoint(mass, seconds / grid.stepSeconds, 1)
  return finish(mass)
}

function addPoint(mass: Float64Array, position: number, probability: number): void {
  const n = mass.length - 1
  if (position >= n) {
    if (position === n) mass[n] = (mass[n] as number) + probability
    return // beyond the horizon: left to overflow
  }
  const k = Math.floor(Math.max(0, position))
  const right = Math.max(0, position) - k
  mass[k] = (mass[k] as number) + probability * (1 - right)
  mass[k + 1] = (mass[k + 1] as number) + probability * right
}

/** One attempt's inclusion plus confirmations, Y + c, by second differences of the stop-loss transform:
 *  m_k = (G((k+1)Δ) − 2G(kΔ) + G((k−1)Δ))/Δ with G(x) = E[(x − c − Y)⁺] (Gerber 1982, eq. for order 1). */
function discretiseInclusion(grid: TimeGrid, latency: StepLatency): Float64Array {
  const n = grid.intervals
  const delta = grid.stepSeconds
  const mass = new Float64Array(n + 1)
  const shift = latency.confirmationSeconds
  const last = Math.min(n, Math.ceil(latencyUpperBoundSeconds({ ...latency, fill: undefined, attempts: undefined, approvals: 0, overhead: undefined }, 1e-15) / delta) + 1)
  let previous = 0 // G(−Δ)
  let current = inclusionStopLoss(latency, -shift) // G(0)
  for (let k = 0; k <= last; k++) {
    const next = inclusionStopLoss(latency, (k + 1) * delta - shift)
    mass[k] = Math.max(0, (next - 2 * current + previous) / delta)
    previous = current
    current = next
  }
  return mass
}

/** Log-normal fill time, cell by cell: cell probability P and first moment M from the closed forms
 *  P(L > x) = Φ̄(z) and E[L; L > x] = e^(μ+σ²/2)·Φ̄(z − σ), z = (ln x − μ)/σ. */
function discretiseFill(grid: TimeGrid, mu: number, sigma: number): Float64Array {
  const n = grid.intervals
  const delta = grid.stepSeconds
  const mass = new Float64Array(n + 1)
  if (!(sigma > 0)) {
    addPoint(mass, Math.exp(mu) / delta, 1)
    return mass
  }
  const scale = Math.exp(mu + (sigma * sigma) / 2)
  // Cells below e^(μ − 8.5σ) hold < 1e-17 of the mass; it is put on the first cell kept.
  const first = Math.min(n - 1, Math.max(0, Math.floor(Math.exp(mu - 8.5 * sigma) / delta)))
  let x = first * delta
  let survival = x > 0 ? normalSurvival((Math.log(x) - mu) / sigma) : 1
  let upper = x > 0 ? scale * normalSurvival((Math.log(x) - mu) / sigma - sigma) : scale
  mass[first] = 1 - survival
  for (let k = first; k < n; k++) {
    const nextX = (k + 1) * delta
    const z = (Math.log(nextX) - mu) / sigma
    const nextSurvival = normalSurvival(z)
    const nextUpper = scale * normalSurvival(z - sigma)
    const probability = Math.max(0, survival - nextSurvival)
    const toRight = Math.min(probability, Math.max(0, (upper - nextUpper - x * probability) / delta))
    mass[k] = (mass[k] as number) + probability - toRight
    mass[k + 1] = (mass[k + 1] as number) + toRight
    x = nextX
    survival = nextSurvival
    upper = nextUpper
    if (survival < 1e-18) break
  }
  return mass
}

/**
 * The discretised distribution of a step's duration O + Σ_{i ≤ a + N} Y_i + c + L (L only for
 * bridges, O only with an overhead): the step's own transaction carries the confirmations c; a
 * approvals convolve a more inclusions; a swap that is retried after a revert is the mixture
 * Σ_n P(N = n)·(Y + c) * Y^(*(a + n − 1)) (attemptWeights); then the overhead and the fill.
 */
export function discretiseLatency(grid: TimeGrid, latency: StepLatency): GridDistribution {
  const first = finish(discretiseInclusion(grid, latency))
  const weights = attemptWeights(latency)
  const another = weights.length > 1 || latency.approvals > 0 ? finish(discretiseInclusion(grid, { ...latency, confirmationSeconds: 0 })) : undefined
  let base = first
  for (let i = 0; i < latency.approvals; i++) base = convolve(base, another as GridDistribution)
  let inclusion = base
  if (weights.length > 1) {
    const mass = new Float64Array(grid.intervals + 1)
    let attempt = base
    weights.forEach((weight, k) => {
      if (k > 0) attempt = convolve(attempt, another as GridDistribution)
      for (let i = attempt.lo; i <= attempt.hi; i++) mass[i] = (mass[i] as number) + weight * (attempt.mass[i] as number)
    })
    inclusion = finish(mass)
  }
  if (latency.overhead) inclusion = convolve(inclusion, finish(discretiseFill(grid, latency.overhead.mu, latency.overhead.sigma)))
  if (!latency.fill) return inclusion
  return convolve(inclusion, finish(discretiseFill(grid, latency.fill.mu, latency.fill.sigma)))
}

/** Distribution of A + B for independent A, B (mass beyond the horizon goes to overflow). */
export function convolve(a: GridDistribution, b: GridDistribution): GridDistribution {
  const n = a.mass.length - 1
  const mass = new Float64Array(n + 1)
  const am = a.mass
  const bm = b.mass
  for (let i = a.lo; i <= a.hi; i++) {
    const ai = am[i] as number
    if (ai === 0) continue
    const top = Math.min(b.hi, n - i)
    for (let j = b.lo; j <= top; j++) mass[i + j] = (mass[i + j] as number) + ai * (bm[j] as number)
  }
  return finish(mass)
}

/** Distribution of max(A, B) for independent A, B: P(max ≤ t) = P(A ≤ t)·P(B ≤ t). */
export function maxOfIndependent(a: GridDistribution, b: GridDistribution): GridDistribution {
  const n = a.mass.length - 1
  const mass = new Float64Array(n + 1)
  let cdfA = 0
  let cdfB = 0
  let previous = 0
  for (let k = 0; k <= n; k++) {
    cdfA += a.mass[k] as number
    cdfB += b.mass[k] as number
    const product = cdfA * cdfB
    mass[k] = product - previous
    previous = product
  }
  return finish(mass)
}

/**
 * P(X ≤ seconds). Cumulative mass through point k is read as the CDF at the cell midpoint
 * (k + ½)Δ and interpolated linearly between midpoints (Gerber 1982: the discretisation keeps the
 * stop-loss transform at grid points, whose derivative is the CDF).
 */
export function cdfAt(grid: TimeGrid, distribution: GridDistribution, seconds: number): number {
  if (!(seconds >= 0)) return 0
  const position = seconds / grid.stepSeconds - 0.5
  const k = Math.floor(position)
  const n = grid.intervals
  let cumulative = 0
  const upto = Math.min(k, n)
  for (let i = distribution.lo; i <= upto && i <= distribution.hi; i++) cumulative += distribution.mass[i] as number
  if (k >= n) return cumulative
  const next = cumulative + (k + 1 >= 0 && k + 1 <= n ? (distribution.mass[k + 1] as number) : 0)
  const fraction = position - k
  return Math.min(1, cumulative + fraction * (next - cumulative))
}

/** The p-quantile (seconds) under the same midpoint interpolation; the horizon if p is beyond the grid. */
export function quantileOf(grid: TimeGrid, distribution: GridDistribution, p: number): number {
  const delta = grid.stepSeconds
  let cumulative = 0
  for (let k = 0; k <= grid.intervals; k++) {
    const value = distribution.mass[k] as number
    if (cumulative + value >= p && value > 0) {
      const fraction = (p - cumulative) / value
      return Math.max(0, (k - 0.5 + fraction) * delta)
    }
    cumulative += value
  }
  return grid.intervals * delta
}

/** E[X] in seconds, overflow counted at the horizon (a lower bound when overflow > 0). */
export function meanOf(grid: TimeGrid, distribution: GridDistribution): number {
  let sum = 0
  for (let k = distribution.lo; k <= distribution.hi; k++) sum += k * (distribution.mass[k] as number)
  return (sum + distribution.overflow * grid.intervals) * grid.stepSeconds
}
