// Monte Carlo realisation of a plan: one possible execution, drawn from a seed, with the exact venue
// math re-run against the state the market is in when each step lands. The simulator and its
// assumptions are described in src/sim/README.md.
import type { Plan } from '../../solver/model/plan.ts'
import { createRandom } from '../../solver/random.ts'
import { fillQuantile, inclusionQuantile, overheadQuantile } from '../../solver/risk/latencyDistribution.ts'
import { START_CHECK_OVERHEAD_SHARE } from '../../solver/risk/parameters.ts'
import { applyVenueTrade } from '../../solver/venues/applyVenueTrade.ts'
import { quoteVenue } from '../../solver/venues/quoteVenue.ts'
import type { AssetKey, Market, Pool, Venue } from '../../solver/market/types.ts'
import { applyForeignTrades, type FlowTraders } from './applyForeignTrades.ts'
import { prepareRealisation, type PreparedRealisation } from './prepareRealisation.ts'
import { openUniform, sampleStandardNormal } from './randomVariates.ts'
import { shiftPoolPrice } from './shiftPoolPrice.ts'

export interface RealisePlanParameters {
  /** The market state the plan was made on. */
  readonly market: Market
  readonly plan: Plan
  /** Seed of the realisation (solver/random.ts createRandom): the same seed gives the same outcome. */
  readonly seed: number
  /** Multiplies every token's annualVolatility; 0 freezes prices. Default 1. */
  readonly volatilityScale?: number
  /** Draw each step's failure from its success probability. Default true. */
  readonly failures?: boolean
  /** Other traders' swaps in the plan's pools (see FlowTraders). Default none: the risk model's assumption. */
  readonly flowTraders?: FlowTraders
  /**
   * Apply the executor's start rule (src/executor/runExecution.ts): with a deadline, a step whose
   * time left at its check is below its scheduled expected duration is not started and the execution
   * stops. Default true, as the executor does; false realises the plan as if every step were started.
   */
  readonly startRule?: boolean
  /** prepareRealisation(market, plan), when one plan is realised many times. */
  readonly prepared?: PreparedRealisation
}

export type RealisationFailure =
  /** The step failed for a reason other than price (the risk model's per-step failure probability). */
  | 'stepFailed'
  /** A step delivered less than its schedule's slippage guard, so it reverted (a bridge refunds). */
  | 'slippageGuard'
  /** A step landed (a bridge filled) after its transaction deadline. */
  | 'stepDeadline'
  /** A bridge's output exceeded its remaining liquidity, so it could not fill. */
  | 'bridgeCapacity'
  /** The executor refused to start a step it did not expect to finish by the deadline, and stopped. */
  | 'notStarted'
  /** Everything landed, but after the intent's deadline. */
  | 'deadline'
  /** Everything landed in time, but the delivered total is below the plan's minimum. */
  | 'belowMinimum'

export interface RealisedStep {
  readonly index: number
  /** When the step's transaction was sent, executed (included) and its output became spendable, seconds from the start. */
  readonly sentSeconds: number
  readonly executedSeconds: number
  readonly completedSeconds: number
  readonly amountInRaw: bigint
  readonly amountOutRaw: bigint
  /** Transactions sent for the step: 1, or more when a swap reverted and was sent again. */
  readonly attempts: number
}

export interface RealisePlanReturnType {
  readonly success: boolean
  /** Raw units of the output token delivered (what arrived before a failure stopped the plan). */
  readonly deliveredRaw: bigint
  /** Time of the last completion, or of the failure. */
  readonly durationSeconds: number
  readonly failure?: RealisationFailure
  /** Index of the step that failed, for step-level failures. */
  readonly failedStep?: number
  /** The steps that executed, in execution order. */
  readonly steps: readonly RealisedStep[]
}

/**
 * Realises `plan` once:
 * 1. Timing, from the risk model's own distributions: each step is sent when its dependencies have
 *    completed, lands after its inclusion time (solver/risk stepLatency: geometric blocks on its
 *    network; a swap that reverts is sent again, up to its attempts, each attempt drawing a new
 *    inclusion) and completes after its confirmations and, for a bridge, its log-normal fill.
 * 2. Prices: each asset's log USD price is a driftless Brownian motion (σ = annualVolatility ×
 *    volatilityScale, per √year of 365.25 days), sampled at the steps' execution times in time order.
 * 3. Each swap is executed, in time order, with the exact venue math against the pool as it is then:
 *    an arbitrageur has moved the pool along its invariant so that its mid price follows the market
 *    since the pool was last touched (shiftPoolPrice); other traders' swaps (flowTraders) land first
 *    and their price impact is undone by arbitrage after the block; the plan's own earlier trades in
 *    the pool stay, as buildSteps assumes. A bridge pays its exact fee schedule.
 * 4. A step spends its share of the realised holding of its input token in the plan's proportions
 *    (the last spender takes the remainder, as buildSteps splits holdings).
 * 5. The executor's start rule (startRule, default on): step j is checked at its start plus
 *    START_CHECK_OVERHEAD_SHARE of its overhead (after the market re-read, before the send) and refused
 *    when the time left is below the p95 of the step's own duration (startRuleNeededSeconds); the execution
 *    stops there ('notStarted'), and steps landing after that moment are not counted.
 * The plan fails when a step fails (a bridge: Bernoulli with the model's success probability; a swap:
 * every attempt reverted), is refused by the start rule, delivers less
 * than its guard, lands after its transaction deadline, exceeds a bridge's liquidity, when the last
 * completion is after the intent's deadline, or when the delivered total is below plan.minAmountOutRaw.
 * With volatilityScale 0, no failures and no flow traders it delivers exactly plan.expectedAmountOutRaw
 * (if every bridge has the liquidity the plan needs).
 * Throws what prepareRealisation throws for a plan it cannot realise.
 */
export function realisePlan(parameters: RealisePlanParameters): RealisePlanReturnType {
  const { market, plan, seed, volatilityScale = 1, failures = true, flowTraders, startRule = true } = parameters
  const prepared = parameters.prepared ?? prepareRealisation(market, plan)
  const { index, dag, latencies } = prepared
  const steps = plan.steps
  const n = steps.length
  const random = createRandom(seed)

  // 1. Timing and failure draws, in dependency order (a fixed order of random draws).
  const sent = new Float64Array(n)
  const executed = new Float64Array(n)
  const done = new Float64Array(n)
  const failed = new Uint8Array(n)
  const attempts = new Uint8Array(n).fill(1)
  const deadline = plan.intent.deadlineSeconds
  /** The first step the executor refuses to start, and when (no random draws: the seed's stream is unchanged). */
  let refusal: { position: number; at: number } | undefined
  for (const position of dag.order) {
    const latency = latencies[position]!
    let start = 0
    for (const dependency of dag.dependsOn[position]!) start = Math.max(start, done[dependency]!)
    let inclusion = inclusionQuantile(latency, random())
    const fill = latency.fill ? (latency.fill.sigma > 0 ? fillQuantile(latency, openUniform(random)) : Math.exp(latency.fill.mu)) : 0
    if (latency.attempts) {
      // A reverted swap is sent again after the revert is included, up to attempts.max times.
      for (let attempt = 1; failures && random() < latency.attempts.revertProbability; attempt++) {
        if (attempt >= latency.attempts.max) {
          failed[position] = 1
          break
        }
        inclusion += inclusionQuantile(latency, random())
        attempts[position]!++
      }
    } else if (failures && random() >= prepared.successProbabilities[position]!) failed[position] = 1
    // The approvals before the step, and the executor's overhead for it.
    for (let approval = 0; approval < latency.approvals; approval++) inclusion += inclusionQuantile(latency, random())
    const overhead = latency.overhead ? overheadQuantile(latency, openUniform(random)) : 0
    inclusion += overhead
    if (startRule && deadline !== undefined) {
      const checkAt = start + START_CHECK_OVERHEAD_SHARE * overhead
      if (deadline - checkAt < prepared.neededSeconds[position]! && (!refusal || checkAt < refusal.at)) refusal = { position, at: checkAt }
    }
    sent[position] = start
    executed[position] = start + inclusion
    done[position] = executed[position]! + latency.confirmationSeconds + fill
  }
  const events = [...dag.order].sort((x, y) => executed[x]! - executed[y]! || prepared.rank[x]! - prepared.rank[y]!)

  // 2–4. Execution in time order.
  const logPrice = new Float64Array(prepared.assets.length)
  const deviation = prepared.variancePerSecond.map((variance) => Math.sqrt(variance) * volatilityScale)
  const moving = volatilityScale !== 0 && deviation.some((value) => value > 0)
  let now = 0
  const venueState = new Map<string, Venue>()
  /** Per pool: the log price of each asset when the pool was last aligned with the market. */
  const alignedAt = new Map<string, Map<number, number>>()
  const holdings = new Map<AssetKey, bigint>([[prepared.source, plan.amountInRaw]])
  const realised: RealisedStep[] = []

  const inputOf = (position: number): bigint => {
    const token = steps[position]!.tokenIn
    const planned = prepared.plannedHoldings.get(token)!
    const held = holdings.get(token) ?? 0n
    const spenders = prepared.spenders.get(token)!
    const share = (p: number) => (held * steps[p]!.amountInRaw) / planned
    if (prepared.spendsAll.get(token) && spenders.at(-1) === position)
      return spenders.reduce((rest, p) => (p === position ? rest : rest - share(p)), held)
    return share(position)
  }
  const fail = (position: number, failure: RealisationFailure, at: number): RealisePlanReturnType => ({
    success: false,
    deliveredRaw: holdings.get(prepared.sink) ?? 0n,
    durationSeconds: at,
    failure,
    failedStep: steps[position]!.index,
    steps: realised,
  })

  for (const position of events) {
    const step = steps[position]!
    const time = executed[position]!
    if (refusal && time >= refusal.at) return fail(refusal.position, 'notStarted', refusal.at)
    if (moving && time > now) {
      const elapsed = time - now
      for (let k = 0; k < logPrice.length; k++) if (deviation[k]! > 0) logPrice[k]! += deviation[k]! * Math.sqrt(elapsed) * sampleStandardNormal(random)
      now = time
    }
    if (failed[position]) return fail(position, 'stepFailed', time)
    const landed = step.action === 'bridge' ? done[position]! : time
    if (landed > prepared.txDeadlines[position]!) return fail(position, 'stepDeadline', landed)

    const amountInRaw = inputOf(position)
    let venue = venueState.get(step.venueId) ?? index.venues.get(step.venueId)!
    let amountOutRaw: bigint
    if (venue.kind === 'bridge') {
      const quote = quoteVenue(index, venue, step.tokenIn, step.tokenOut, amountInRaw)
      if (quote.exceedsCapacity) return fail(position, 'bridgeCapacity', time)
      amountOutRaw = quote.amountOutRaw
      if (amountOutRaw < prepared.guards[position]!) return fail(position, 'slippageGuard', time)
      venue = applyVenueTrade(venue, step.tokenIn, step.tokenOut, amountInRaw, amountOutRaw)
    } else {
      let pool: Pool = venue
      const [assetIn, assetOut] = prepared.stepAssets[position]!
      const aligned = alignedAt.get(step.venueId) ?? new Map<number, number>()
      const move = logPrice[assetIn]! - (aligned.get(assetIn) ?? 0) - (logPrice[assetOut]! - (aligned.get(assetOut) ?? 0))
      aligned.set(assetIn, logPrice[assetIn]!)
      aligned.set(assetOut, logPrice[assetOut]!)
      alignedAt.set(step.venueId, aligned)
      if (move !== 0) pool = shiftPoolPrice(index, pool, step.tokenIn, step.tokenOut, Math.exp(move))
      let foreignFactor = 1
      if (flowTraders) {
        const foreign = applyForeignTrades(index, pool, step.tokenIn, step.tokenOut, flowTraders, random)
        pool = foreign.pool
        foreignFactor = foreign.priceFactor
      }
      amountOutRaw = quoteVenue(index, pool, step.tokenIn, step.tokenOut, amountInRaw).amountOutRaw
      if (amountOutRaw < prepared.guards[position]! || amountOutRaw === 0n) return fail(position, 'slippageGuard', time)
      pool = applyVenueTrade(pool, step.tokenIn, step.tokenOut, amountInRaw, amountOutRaw) as Pool
      if (foreignFactor !== 1) pool = shiftPoolPrice(index, pool, step.tokenIn, step.tokenOut, 1 / foreignFactor)
      venue = pool
    }
    venueState.set(step.venueId, venue)
    holdings.set(step.tokenOut, (holdings.get(step.tokenOut) ?? 0n) + amountOutRaw)
    realised.push({
      index: step.index,
      sentSeconds: sent[position]!,
      executedSeconds: time,
      completedSeconds: done[position]!,
      amountInRaw,
      amountOutRaw,
      attempts: attempts[position]!,
    })
  }

  let durationSeconds = 0
  for (let position = 0; position < n; position++) durationSeconds = Math.max(durationSeconds, done[position]!)
  const deliveredRaw = holdings.get(prepared.sink) ?? 0n
  if (deadline !== undefined && durationSeconds > deadline)
    return { success: false, deliveredRaw, durationSeconds, failure: 'deadline', steps: realised }
  if (deliveredRaw < plan.minAmountOutRaw) return { success: false, deliveredRaw, durationSeconds, failure: 'belowMinimum', steps: realised }
  return { success: true, deliveredRaw, durationSeconds, steps: realised }
}
