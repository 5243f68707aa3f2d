// P(delivered ≥ minimum) under price drift, averaged over the random execution times of the steps.
import { attemptWeights, inclusionMeanSeconds, inclusionQuantile, overheadMeanSeconds } from './latencyDistribution.ts'
import { normalCdf, normalQuantile } from './normal.ts'
import { PRICE_QUADRATURE_POINTS } from './parameters.ts'
import type { PlanTiming } from './planTiming.ts'
import { logDeviationVariance, type PriceDriftModel } from './priceDrift.ts'
import { kroneckerGenerator } from './quasiRandom.ts'

export interface AveragePriceTailParameters {
  readonly timing: PlanTiming
  readonly model: PriceDriftModel
  /** ln(expected / minimum): how far the log deviation may fall before the minimum is missed. */
  readonly logMargin: number
  /** When set, the average is taken over the executions that finish by then (conditional probability). */
  readonly deadlineSeconds?: number | undefined
  /** Quadrature points; default PRICE_QUADRATURE_POINTS. */
  readonly points?: number
  /**
   * Slippage guards of single steps, each with the drift model of that step's output and
   * ln(quoted output / guard). The execution succeeds only if every guard holds as well.
   */
  readonly guards?: ReadonlyArray<{ readonly model: PriceDriftModel; readonly logMargin: number }>
}

/** Φ(margin/√V), the probability a normal deviation with variance V stays above −margin. */
function tail(logMargin: number, variance: number): number {
  return variance > 0 ? normalCdf(logMargin / Math.sqrt(variance)) : logMargin >= 0 ? 1 : 0
}

/**
 * E_τ[Φ(logMargin / √V(τ))]: given the execution times τ the log deviation is N(0, V(τ))
 * (priceDrift.ts), so the conditional probability is a normal tail; it is averaged over the joint
 * distribution of τ by quasi-Monte Carlo. Each point of the R_d sequence (quasiRandom.ts) gives every
 * step its inclusion and fill times by inverse CDF (a swap that may be retried gets one more
 * coordinate: it picks the attempt that lands, N, and the n − 1 retries' inclusions from the same
 * coordinate rescaled and rotated by j/(n − 1), exact in their marginals; N ≥ 3 has probability
 * ≤ f² ≈ 10⁻⁴), and the DAG is walked forward exactly
 * (start = latest dependency, execution = start + inclusion), so shared ancestors and merges need
 * no approximation. With `deadlineSeconds` only the points whose last step finishes by the deadline
 * are averaged: a ratio estimator of E[Φ·1{T ≤ d}] / P(T ≤ d), i.e. P(delivered ≥ minimum | T ≤ d).
 * Without it only the steps up to the last price-locking step are drawn. With `guards`, each point
 * takes the least of the plan's tail and every guard's tail (MODEL.md §4.2: exact when the binding
 * guards move together, as parallel swaps after one shared wait do; optimistic by at most the chance
 * that independent guards fail together). The integrand is continuous and piecewise smooth in the
 * uniforms; the error is measured in solver/risk/MODEL.md §4.
 */
export function averagePriceTailProbability(parameters: AveragePriceTailParameters): number {
  const { timing, model, logMargin, deadlineSeconds, points = PRICE_QUADRATURE_POINTS } = parameters
  const guards = (parameters.guards ?? []).filter((guard) => guard.model.lockingSteps.length > 0 && guard.logMargin !== Infinity)
  const size = model.lockingSteps.length
  if (logMargin === Infinity) return 1
  if (size === 0) return logMargin >= 0 ? 1 : 0
  const { dag, latencies } = timing
  const lockSlot = new Map(model.lockingSteps.map((position, slot) => [position, slot]))
  const relevant = new Set<number>()
  const conditional = deadlineSeconds !== undefined
  const stack = conditional ? dag.order.slice() : [...model.lockingSteps]
  while (stack.length > 0) {
    const position = stack.pop() as number
    if (relevant.has(position)) continue
    relevant.add(position)
    stack.push(...dag.dependsOn[position]!)
  }
  const order = dag.order.filter((position) => relevant.has(position))
  // Per step in `order`: the parameters of its inverse CDFs, its dependencies, its price-lock slot.
  const count = order.length
  const block = new Float64Array(count)
  const inclusion = new Float64Array(count)
  const logSkip = new Float64Array(count)
  const confirmation = new Float64Array(count)
  const fillMu = new Float64Array(count)
  const fillSigma = new Float64Array(count)
  const hasFill = new Uint8Array(count)
  // The executor's overhead and a step's approvals enter at their means (MODEL.md §4.2).
  const beforeSend = new Float64Array(count)
  const retries: Array<readonly number[] | undefined> = new Array(count).fill(undefined)
  const slotOf = new Int32Array(count).fill(-1)
  const orderSlot = new Map(order.map((position, k) => [position, k]))
  const dependencies = order.map((position) => dag.dependsOn[position]!.map((dependency) => orderSlot.get(dependency) as number))
  let dimensions = 0
  order.forEach((position, k) => {
    const latency = latencies[position]!
    block[k] = latency.blockSeconds
    inclusion[k] = latency.inclusionProbability
    logSkip[k] = latency.inclusionProbability < 1 ? Math.log(1 - latency.inclusionProbability) : -Infinity
    confirmation[k] = latency.confirmationSeconds
    fillMu[k] = latency.fill ? latency.fill.mu : 0
    fillSigma[k] = latency.fill ? latency.fill.sigma : 0
    hasFill[k] = latency.fill ? 1 : 0
    beforeSend[k] = latency.approvals * inclusionMeanSeconds(latency) + overheadMeanSeconds(latency)
    slotOf[k] = lockSlot.get(position) ?? -1
    dimensions += latency.fill && latency.fill.sigma > 0 ? 2 : 1
    const weights = attemptWeights(latency)
    if (weights.length > 1) {
      retries[k] = weights
      dimensions++
    }
  })
  const alpha = kroneckerGenerator(dimensions)
  const done = new Float64Array(count)
  const lockTimes = new Float64Array(size)
  // Per guard: its locking steps as slots of the plan's model (a step's output only draws on steps
  // that feed the delivered amount, so they are among the plan's locking steps).
  const guardSlots = guards.map((guard) => guard.model.lockingSteps.map((position) => lockSlot.get(position) ?? -1))
  const guardTimes = guards.map((guard) => new Float64Array(guard.model.lockingSteps.length))
  let sum = 0
  let conditionalSum = 0
  let inTime = 0
  for (let i = 0; i < points; i++) {
    let d = 0
    let finish = 0
    for (let k = 0; k < count; k++) {
      let start = 0
      for (const dependency of dependencies[k]!) start = Math.max(start, done[dependency] as number)
      // Inclusion by inverse CDF (inclusionQuantile in latencyDistribution.ts, inlined for speed).
      let x = 0.5 + (i + 1) * (alpha[d++] as number)
      const u = x - Math.floor(x)
      const p = inclusion[k] as number
      const g = p < 1 ? Math.floor(Math.log1p(-u) / (logSkip[k] as number)) : 0
      const qg = p < 1 ? Math.exp(g * (logSkip[k] as number)) : 1
      const f = Math.min(1, Math.max(0, (1 - (1 - u) / qg) / p))
      let executed = start + (beforeSend[k] as number) + (block[k] as number) * (g + f)
      const weights = retries[k]
      if (weights) {
        x = 0.5 + (i + 1) * (alpha[d++] as number)
        let v = x - Math.floor(x)
        let n = 0
        while (n < weights.length - 1 && v >= (weights[n] as number)) v -= weights[n++] as number
        if (n > 0) {
          const r = Math.min(1 - 1e-12, Math.max(0, v / (weights[n] as number)))
          for (let j = 0; j < n; j++) {
            const w = r + j / n
            executed += inclusionQuantile(latencies[order[k]!]!, w - Math.floor(w))
          }
        }
      }
      let fill = 0
      if (hasFill[k]) {
        const sigma = fillSigma[k] as number
        if (sigma > 0) {
          x = 0.5 + (i + 1) * (alpha[d++] as number)
          fill = Math.exp((fillMu[k] as number) + sigma * normalQuantile(x - Math.floor(x)))
        } else fill = Math.exp(fillMu[k] as number)
      }
      const finished = executed + (confirmation[k] as number) + fill
      done[k] = finished
      if (finished > finish) finish = finished
      const slot = slotOf[k] as number
      if (slot >= 0) lockTimes[slot] = executed
    }
    let probability = tail(logMargin, logDeviationVariance(model, lockTimes))
    for (let g = 0; g < guards.length; g++) {
      const slots = guardSlots[g]!
      const times = guardTimes[g]!
      for (let s = 0; s < slots.length; s++) times[s] = slots[s]! >= 0 ? (lockTimes[slots[s]!] as number) : 0
      probability = Math.min(probability, tail(guards[g]!.logMargin, logDeviationVariance(guards[g]!.model, times)))
    }
    sum += probability
    if (conditional && finish <= deadlineSeconds) {
      conditionalSum += probability
      inTime++
    }
  }
  return conditional && inTime > 0 ? conditionalSum / inTime : sum / points
}
