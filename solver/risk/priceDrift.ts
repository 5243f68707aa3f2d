// Price drift while a plan executes: how far the delivered amount can stray from the quote because
// prices move between the quote and each swap's execution.
//
// Model (solver/risk/MODEL.md §3): each asset's log USD price is a driftless Brownian motion
// w_x(t) with σ_x = annualVolatility/√(seconds per year); tokens with the same symbol on different
// networks are one asset (one path), different assets are independent. Pools track the market
// (arbitrageurs realign them, as in Milionis et al., "Automated market making and
// loss-versus-rebalancing", 2022), so a step converting asset a into b at time τ delivers its quote
// times e^{X}, X = Δw_a(τ) − Δw_b(τ), Δw(τ) = w(τ) − w(0); a bridge between tokens of one asset
// has X ≡ 0. Weighting each step by its share φ of the delivered amount (flowShares.ts), to first
// order ln(delivered/expected) = D = Σ_j φ_j X_j, which given the execution times is normal with
// mean 0 and variance, by Cov(Δw_x(s), Δw_y(t)) = [x = y]·σ_x²·min(s, t),
//   V(τ) = Σ_{j,k} φ_j φ_k (c(a_j,a_k) − c(a_j,b_k) − c(b_j,a_k) + c(b_j,b_k)) · min(τ_j, τ_k),
// c(x, y) = [x = y]·σ_x² (per second).
import { getToken, type MarketIndex } from '../market/indexMarket.ts'
import type { Step } from '../model/plan.ts'
import { computeFlowShares } from './flowShares.ts'
import { SECONDS_PER_YEAR } from './parameters.ts'
import type { PlanDag } from './planDag.ts'

export interface PriceDriftModel {
  /** Positions of the steps that turn one asset into another; their execution times τ matter. */
  readonly lockingSteps: readonly number[]
  /** L×L row-major (L = lockingSteps.length), per second: V(τ) = Σ_jk K_jk·min(τ_j, τ_k). */
  readonly coefficients: Float64Array
}

/**
 * Builds V(τ)'s coefficients for `steps` (see the file header): of the delivered amount, or with
 * `target` (a step position) of that step's output. Throws UNKNOWN_TOKEN for a token the market lacks.
 */
export function buildPriceDriftModel(index: MarketIndex, steps: readonly Step[], dag: PlanDag, target?: number): PriceDriftModel {
  const shares = computeFlowShares(steps, dag, target)
  // One asset per symbol; if networks disagree on its volatility, the largest (the cautious choice).
  const variancePerSecond = new Map<string, number>()
  const assetOf = (key: Step['tokenIn']): string => {
    const token = getToken(index, key)
    const asset = token.symbol.toUpperCase()
    const variance = (token.annualVolatility * token.annualVolatility) / SECONDS_PER_YEAR
    variancePerSecond.set(asset, Math.max(variancePerSecond.get(asset) ?? 0, variance))
    return asset
  }
  const assets = steps.map((step) => [assetOf(step.tokenIn), assetOf(step.tokenOut)] as const)
  const lockingSteps = steps.map((_, j) => j).filter((j) => assets[j]![0] !== assets[j]![1] && (shares[j] as number) > 0)
  const c = (x: string, y: string) => (x === y ? (variancePerSecond.get(x) as number) : 0)
  const size = lockingSteps.length
  const coefficients = new Float64Array(size * size)
  for (let r = 0; r < size; r++) {
    const j = lockingSteps[r] as number
    const [aj, bj] = assets[j]!
    for (let s = 0; s < size; s++) {
      const k = lockingSteps[s] as number
      const [ak, bk] = assets[k]!
      coefficients[r * size + s] = (shares[j] as number) * (shares[k] as number) * (c(aj, ak) - c(aj, bk) - c(bj, ak) + c(bj, bk))
    }
  }
  return { lockingSteps, coefficients }
}

/** V(τ), the variance of ln(delivered/expected) given the locking steps' execution times τ (seconds, in `lockingSteps` order). */
export function logDeviationVariance(model: PriceDriftModel, lockTimes: ArrayLike<number>): number {
  const size = model.lockingSteps.length
  const k = model.coefficients
  let variance = 0
  for (let r = 0; r < size; r++) {
    const tr = lockTimes[r] as number
    variance += (k[r * size + r] as number) * tr
    for (let s = r + 1; s < size; s++) variance += 2 * (k[r * size + s] as number) * Math.min(tr, lockTimes[s] as number)
  }
  return Math.max(0, variance)
}
