// Closed forms over a StepLatency D = Y + c + L (see stepLatency.ts): mean, quantiles of the parts,
// an upper bound for the grid's horizon and the stop-loss transform used to discretise Y.
import { BaseError } from '../errors.ts'
import { normalQuantile } from './normal.ts'
import { Z_95 } from './parameters.ts'
import type { StepLatency } from '../model/latency.ts'

/**
 * Log-normal parameters with the given median and 95th percentile (seconds):
 * μ = ln(median), σ = ln(p95/median)/Φ⁻¹(0.95), since the q-quantile of a log-normal is e^(μ + σ·Φ⁻¹(q)).
 * A p95 at or below the median gives σ = 0 (a fixed delay). Throws INVALID_MARKET for a median ≤ 0.
 */
export function logNormalFromMedianP95(medianSeconds: number, p95Seconds: number): { mu: number; sigma: number } {
  if (!(medianSeconds > 0)) throw new BaseError('INVALID_MARKET', `Latency median must be positive, got ${medianSeconds}.`)
  return { mu: Math.log(medianSeconds), sigma: p95Seconds > medianSeconds ? Math.log(p95Seconds / medianSeconds) / Z_95 : 0 }
}

/**
 * P(N = n) for n = 1 … max, N the attempt that lands given that one does: f^(n−1)·(1 − f)/(1 − f^max),
 * f the revert probability per attempt. [1] for a step without retries (a bridge, or f = 0).
 */
export function attemptWeights(latency: StepLatency): number[] {
  const attempts = latency.attempts
  if (!attempts || !(attempts.revertProbability > 0) || attempts.max <= 1) return [1]
  const f = Math.min(attempts.revertProbability, 1 - 1e-12)
  const total = 1 - f ** attempts.max
  return Array.from({ length: attempts.max }, (_, k) => (f ** k * (1 - f)) / total)
}

/**
 * E[D] in seconds: E[O] + (a + E[N])·b·(1/2 + (1 − p)/p) + c + e^(μ + σ²/2), O the executor's
 * overhead for the step, a approvals, N the attempt that lands.
 */
export function latencyMeanSeconds(latency: StepLatency): number {
  const { confirmationSeconds, fill } = latency
  const attempts = attemptWeights(latency).reduce((sum, weight, k) => sum + (k + 1) * weight, 0)
  return overheadMeanSeconds(latency) + (latency.approvals + attempts) * inclusionMeanSeconds(latency) + confirmationSeconds + (fill ? Math.exp(fill.mu + (fill.sigma * fill.sigma) / 2) : 0)
}

/** E[Y] of one transaction's inclusion, seconds: b·(1/2 + (1 − p)/p). */
export function inclusionMeanSeconds(latency: StepLatency): number {
  const { blockSeconds: b, inclusionProbability: p } = latency
  return b * (0.5 + (1 - p) / p)
}

/** E[O], the step's overhead's log-normal mean e^(μ + σ²/2), seconds; 0 without one. */
export function overheadMeanSeconds(latency: StepLatency): number {
  const overhead = latency.overhead
  return overhead ? Math.exp(overhead.mu + (overhead.sigma * overhead.sigma) / 2) : 0
}

/** The u-quantile of the step's overhead O (seconds); 0 without one. */
export function overheadQuantile(latency: StepLatency, u: number): number {
  const overhead = latency.overhead
  if (!overhead) return 0
  return overhead.sigma > 0 ? Math.exp(overhead.mu + overhead.sigma * normalQuantile(u)) : Math.exp(overhead.mu)
}

/**
 * The u-quantile of one attempt's inclusion time Y (seconds), 0 ≤ u < 1. Y has the piecewise-uniform CDF
 * F(b(g + f)) = 1 − q^g·(1 − p·f) (q = 1 − p, g ∈ ℕ, 0 ≤ f < 1), inverted in closed form.
 */
export function inclusionQuantile(latency: StepLatency, u: number): number {
  const { blockSeconds: b, inclusionProbability: p } = latency
  const q = 1 - p
  const g = q > 0 ? Math.floor(Math.log1p(-u) / Math.log(q)) : 0
  const qg = q > 0 ? q ** g : 1
  const f = Math.min(1, Math.max(0, (1 - (1 - u) / qg) / p))
  return b * (g + f)
}

/** The u-quantile of the bridge fill time L (seconds); 0 for a swap. */
export function fillQuantile(latency: StepLatency, u: number): number {
  const fill = latency.fill
  if (!fill) return 0
  return fill.sigma > 0 ? Math.exp(fill.mu + fill.sigma * normalQuantile(u)) : Math.exp(fill.mu)
}

/**
 * A duration x (seconds) with P(D > x) ≤ tail. With s = tail/3:
 * - fill: its (1 − s)-quantile; overhead: its (1 − s)-quantile;
 * - inclusions of a approvals and N attempts: attempt counts with P(N = n) ≤ s/(2·max) are skipped
 *   (together ≤ s/2); for the others, with m = a + n transactions, m·Q_Y(1 − s/(2m)) bounds their
 *   inclusions with probability ≥ 1 − s/2 (union bound over the m terms).
 * In all ≤ 3·s = tail.
 */
export function latencyUpperBoundSeconds(latency: StepLatency, tail: number): number {
  const share = tail / 3
  const weights = attemptWeights(latency)
  let inclusion = 0
  weights.forEach((weight, k) => {
    const n = k + 1
    if (n > 1 && weight <= share / (2 * weights.length)) return
    const count = latency.approvals + n
    inclusion = Math.max(inclusion, count * inclusionQuantile(latency, 1 - share / (2 * count)))
  })
  return latency.confirmationSeconds + inclusion + overheadQuantile(latency, 1 - share) + fillQuantile(latency, 1 - share)
}

/**
 * Stop-loss transform of the inclusion time, E[(x − Y)⁺], in closed form. Integrating the CDF above
 * cell by cell (x = b(g₀ + f)):
 *   E[(x − Y)⁺] = x − b·(1 − p/2)·(1 − q^g₀)/p − b·q^g₀·(f − p·f²/2),
 * which is x²/(2b) on the first block and x − b/2 beyond it when p = 1. Zero for x ≤ 0.
 */
export function inclusionStopLoss(latency: StepLatency, x: number): number {
  if (x <= 0) return 0
  const { blockSeconds: b, inclusionProbability: p } = latency
  if (!(b > 0)) return x
  const y = x / b
  const g0 = Math.floor(y)
  const f = y - g0
  const qg = (1 - p) ** g0
  return x - (b * (1 - p / 2) * (1 - qg)) / p - b * qg * (f - (p * f * f) / 2)
}
