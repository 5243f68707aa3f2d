// An independent Monte Carlo simulation of a plan's execution under the risk model's stated
// assumptions (solver/risk/MODEL.md), written from the model's description rather than from the
// solver's code: it draws every step's inclusion block by block, bridge fills by Box–Muller,
// failures by coin flips (a swap retried after each revert), Brownian prices at the realised execution times, and pushes the realised
// amounts through the DAG. Only the model's constants are shared with the solver.
import type { MarketIndex } from '../../../solver/market/indexMarket.ts'
import type { AssetKey } from '../../../solver/market/types.ts'
import type { Step } from '../../../solver/model/plan.ts'
import {
  DEFAULT_TRANSACTION_OVERHEAD,
  INCLUSION_DELAY_PER_CONGESTION,
  SECONDS_PER_YEAR,
  SWAP_ATTEMPTS,
  SWAP_FAILURE_AT_EMPTY,
  SWAP_FAILURE_PER_CONGESTION,
} from '../../../solver/risk/parameters.ts'

/** mulberry32 (Tommy Ettinger), a PRNG of the test's own. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Standard normals by the Box–Muller transform. */
export function normalSampler(random: () => number): () => number {
  let spare: number | undefined
  return () => {
    if (spare !== undefined) {
      const value = spare
      spare = undefined
      return value
    }
    const u = 1 - random()
    const v = random()
    const radius = Math.sqrt(-2 * Math.log(u))
    spare = radius * Math.sin(2 * Math.PI * v)
    return radius * Math.cos(2 * Math.PI * v)
  }
}

export interface SimulationParameters {
  readonly index: MarketIndex
  readonly steps: readonly Step[]
  readonly minAmountOutRaw: bigint
  readonly deadlineSeconds: number | undefined
  readonly samples: number
  readonly seed: number
  /**
   * The plan's slippage guards per step position (raw units of each step's output): a step delivering
   * less reverts, and the execution misses the minimum. Without them only the total is checked.
   */
  readonly guardsRaw?: readonly bigint[]
  /**
   * The executor's start rule (src/executor/runExecution.ts): with a deadline, step p is not started —
   * the execution stops — when the time left at its check, its start plus `overheadShare` of its
   * overhead, is below `neededSeconds[p]` (the p95 of the step's own duration, startRuleNeededSeconds).
   */
  readonly startRule?: { readonly neededSeconds: readonly number[]; readonly overheadShare: number }
}

export interface SimulationResult {
  readonly allSucceed: number
  /** P(done by the deadline | every step succeeds): a step that fails ends the plan, so only executions that succeed have a duration. */
  readonly withinDeadline: number
  readonly aboveMinimum: number
  /** P(every step succeeds and the plan is done by the deadline and delivers ≥ minimum). */
  readonly total: number
  /** Realised completion time of every sample in which every step succeeded (seconds), and of every step per such sample. */
  readonly completionTimes: Float64Array
  readonly stepCompletionTimes: Float64Array[]
  /** Every sample's duration of every step from its own start (overhead, approval, attempts, fill), by step position. */
  readonly stepDurations: Float64Array[]
}

export function simulateOutcome(parameters: SimulationParameters): SimulationResult {
  const { index, steps, minAmountOutRaw, deadlineSeconds, samples, seed, guardsRaw, startRule } = parameters
  const random = mulberry32(seed)
  const normal = normalSampler(random)
  const n = steps.length
  const byIndex = new Map(steps.map((step, position) => [step.index, position]))
  // Execution order: repeatedly take a step whose dependencies are placed.
  const order: number[] = []
  while (order.length < n)
    for (let position = 0; position < n; position++)
      if (!order.includes(position) && steps[position]!.dependsOn.every((d) => order.includes(byIndex.get(d)!))) order.push(position)

  const symbol = (key: AssetKey) => index.tokens.get(key)!.symbol.toUpperCase()
  const volatility = new Map<string, number>()
  for (const step of steps)
    for (const key of [step.tokenIn, step.tokenOut])
      volatility.set(symbol(key), Math.max(volatility.get(symbol(key)) ?? 0, index.tokens.get(key)!.annualVolatility))

  const deps = steps.map((step) => step.dependsOn.map((d) => byIndex.get(d)!))
  const flowDeps = steps.map((step, p) => deps[p]!.filter((d) => steps[d]!.tokenOut === step.tokenIn))
  const flowDependents = steps.map((step, p) => steps.map((_, q) => q).filter((q) => flowDeps[q]!.includes(p)))
  const sinks = steps.map((_, p) => p).filter((p) => flowDependents[p]!.length === 0)

  let countSucceed = 0
  let countInTime = 0
  let countAbove = 0
  let countAll = 0
  const completionTimes = new Float64Array(samples)
  const stepCompletionTimes = steps.map(() => new Float64Array(samples))
  const stepDurations = steps.map(() => new Float64Array(samples))
  const done = new Float64Array(n)
  const executed = new Float64Array(n)
  const realisedOut = new Float64Array(n)

  for (let s = 0; s < samples; s++) {
    let succeed = true
    let refused = false
    for (const p of order) {
      const step = steps[p]!
      const venue = index.venues.get(step.venueId)!
      const network = index.networks.get(venue.kind === 'bridge' ? venue.from.chainId : venue.chainId)!
      const block = network.blockTimeMs / 1000
      const includeChance = 1 - INCLUSION_DELAY_PER_CONGESTION * network.congestion
      const include = () => {
        let wait = random() * block
        while (random() >= includeChance) wait += block
        return wait
      }
      // The step costs the executor's overhead (log-normal) once, then the approval and each attempt an inclusion.
      const overheadParameters = network.executorOverhead ?? DEFAULT_TRANSACTION_OVERHEAD
      const overheadSigma = Math.log(overheadParameters.p95Seconds / overheadParameters.medianSeconds) / 1.6448536269514722
      const transaction = include
      const overhead = overheadParameters.medianSeconds * Math.exp(overheadSigma * normal())
      let inclusion = overhead + transaction()
      if (step.approvalRequired !== false) inclusion += transaction()
      let fill = 0
      if (venue.kind === 'bridge') {
        const tier = venue.latencyTiers.find((t) => t.maxAmountRaw === undefined || step.amountInRaw <= t.maxAmountRaw) ?? venue.latencyTiers.at(-1)!
        const sigma = Math.log(tier.p95Seconds / tier.medianSeconds) / 1.6448536269514722
        fill = tier.medianSeconds * Math.exp(sigma * normal())
        if (random() < venue.failureProbability) succeed = false
      } else {
        // A reverted swap is sent again once the revert is included; the step fails when every attempt reverts.
        const revert = network.swapRevertProbability ?? SWAP_FAILURE_AT_EMPTY + SWAP_FAILURE_PER_CONGESTION * network.congestion
        for (let attempt = 1; random() < revert; attempt++) {
          if (attempt === SWAP_ATTEMPTS) {
            succeed = false
            break
          }
          inclusion += transaction()
        }
      }
      const start = deps[p]!.reduce((latest, d) => Math.max(latest, done[d]!), 0)
      if (startRule && deadlineSeconds !== undefined && deadlineSeconds - (start + startRule.overheadShare * overhead) < startRule.neededSeconds[p]!) refused = true
      executed[p] = start + inclusion
      done[p] = executed[p]! + fill
      stepDurations[p]![s] = inclusion + fill
    }
    // Brownian paths of every asset, observed at the sorted execution times.
    const times = [...executed].sort((a, b) => a - b)
    const paths = new Map<string, Map<number, number>>()
    for (const [asset, vol] of volatility) {
      const sigma = vol / Math.sqrt(SECONDS_PER_YEAR)
      const path = new Map<number, number>()
      let level = 0
      let previous = 0
      for (const t of times) {
        level += sigma * Math.sqrt(t - previous) * normal()
        previous = t
        path.set(t, level)
      }
      paths.set(asset, path)
    }
    const logPrice = (key: AssetKey, t: number) => paths.get(symbol(key))!.get(t)!
    for (const p of order) {
      const step = steps[p]!
      let input = Number(step.amountInRaw)
      if (flowDeps[p]!.length > 0) {
        input = 0
        for (const d of flowDeps[p]!) {
          const spentByAll = flowDependents[d]!.reduce((sum, q) => sum + Number(steps[q]!.amountInRaw), 0)
          input += (realisedOut[d]! * Number(step.amountInRaw)) / spentByAll
        }
      }
      const t = executed[p]!
      const priceFactor = Math.exp(logPrice(step.tokenIn, t) - logPrice(step.tokenOut, t))
      realisedOut[p] = Number(step.amountOutRaw) * (input / Number(step.amountInRaw)) * priceFactor
    }
    const delivered = sinks.reduce((sum, p) => sum + realisedOut[p]!, 0)
    const finished = done.reduce((latest, t) => Math.max(latest, t), 0)
    const inTime = (deadlineSeconds === undefined || finished <= deadlineSeconds) && !refused
    const guardsHold = !guardsRaw || steps.every((_, p) => realisedOut[p]! >= Number(guardsRaw[p]!))
    const above = delivered >= Number(minAmountOutRaw) && guardsHold
    if (succeed) {
      completionTimes[countSucceed] = finished
      for (let p = 0; p < n; p++) stepCompletionTimes[p]![countSucceed] = done[p]!
      countSucceed++
      if (inTime) countInTime++
    }
    if (above) countAbove++
    if (succeed && inTime && above) countAll++
  }
  return {
    allSucceed: countSucceed / samples,
    withinDeadline: countInTime / countSucceed,
    aboveMinimum: countAbove / samples,
    total: countAll / samples,
    completionTimes: completionTimes.subarray(0, countSucceed),
    stepCompletionTimes: stepCompletionTimes.map((times) => times.subarray(0, countSucceed)),
    stepDurations,
  }
}
