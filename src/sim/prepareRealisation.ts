// Everything about a plan that does not change from one Monte Carlo realisation to the next,
// computed once: its DAG, latency distributions, success probabilities, guards, assets and holdings.
import { BaseError } from '../../solver/errors.ts'
import { assetKeyOf } from '../../solver/market/assetKey.ts'
import { getToken, indexMarket, type MarketIndex } from '../../solver/market/indexMarket.ts'
import type { AssetKey, Market } from '../../solver/market/types.ts'
import type { Plan } from '../../solver/model/plan.ts'
import { SECONDS_PER_YEAR } from '../../solver/risk/parameters.ts'
import { analysePlanDag, type PlanDag } from '../../solver/risk/planDag.ts'
import { stepLatency } from '../../solver/risk/stepLatency.ts'
import type { StepLatency } from '../../solver/model/latency.ts'
import { stepSuccessProbability } from '../../solver/risk/stepSuccess.ts'
import { preparePlanTiming } from '../../solver/risk/planTiming.ts'
import { startRuleNeededSeconds } from '../../solver/risk/startRuleNeededSeconds.ts'

export interface PreparedRealisation {
  readonly index: MarketIndex
  readonly plan: Plan
  readonly dag: PlanDag
  /** Per step position: rank in `dag.order`, to break ties between steps executed at the same instant. */
  readonly rank: readonly number[]
  readonly latencies: readonly StepLatency[]
  readonly successProbabilities: readonly number[]
  /** Per position: the schedule's slippage guard (raw units of the step's output token). */
  readonly guards: readonly bigint[]
  /** Per position: the schedule's transaction (or bridge fill) deadline, seconds from the start. */
  readonly txDeadlines: readonly number[]
  /**
   * Per position: the time the executor's start rule asks to be left before the step starts, seconds:
   * the p95 of the step's own duration (startRuleNeededSeconds, as src/executor/checkStepDeadline.ts reads it).
   */
  readonly neededSeconds: readonly number[]
  /** Assets (upper-case symbols: one Brownian price per asset, as solver/risk/priceDrift.ts) in a fixed order. */
  readonly assets: readonly string[]
  /** Per asset: variance of the log USD price per second (the largest annualVolatility among its tokens). */
  readonly variancePerSecond: readonly number[]
  /** Per position: asset indices of tokenIn and tokenOut. */
  readonly stepAssets: ReadonlyArray<readonly [number, number]>
  /** What the plan intends to hold of each token before it is spent (raw units). */
  readonly plannedHoldings: ReadonlyMap<AssetKey, bigint>
  /** Positions of the steps spending each token, in step-index order. */
  readonly spenders: ReadonlyMap<AssetKey, readonly number[]>
  /** True when the spenders of a token spend exactly its planned holding (the last takes the remainder). */
  readonly spendsAll: ReadonlyMap<AssetKey, boolean>
  readonly source: AssetKey
  readonly sink: AssetKey
}

/**
 * Prepares `plan` (on `market`, the state it was planned on) for realisePlan. The plan must be in
 * the form buildSteps produces: a step spends from the pooled holding of its input token and waits
 * for every step that produces that token; its schedule lists every step. Throws INVALID_ARGUMENT
 * otherwise, and what the risk model throws for venues, networks or tokens the market lacks.
 */
export function prepareRealisation(market: Market, plan: Plan): PreparedRealisation {
  const index = indexMarket(market)
  const steps = plan.steps
  const dag = analysePlanDag(steps)
  const rank = new Array<number>(steps.length).fill(0)
  dag.order.forEach((position, k) => (rank[position] = k))
  const scheduleByIndex = new Map(plan.schedule.steps.map((scheduled) => [scheduled.stepIndex, scheduled]))
  const guards: bigint[] = []
  const txDeadlines: number[] = []
  for (const step of steps) {
    const scheduled = scheduleByIndex.get(step.index)
    if (!scheduled) throw new BaseError('INVALID_ARGUMENT', `Step ${step.index} has no schedule entry.`, { field: 'plan.schedule.steps' })
    guards.push(scheduled.minAmountOutRaw)
    txDeadlines.push(scheduled.deadlineSeconds)
  }

  // The executor's start rule needs the p95 of each step's own duration left (checkStepDeadline), the
  // same numbers the outcome probability models.
  const neededSeconds = startRuleNeededSeconds(preparePlanTiming(index, steps))

  const assetIndex = new Map<string, number>()
  const variance = new Map<string, number>()
  const assetOf = (key: AssetKey): string => {
    const token = getToken(index, key)
    const asset = token.symbol.toUpperCase()
    variance.set(asset, Math.max(variance.get(asset) ?? 0, (token.annualVolatility * token.annualVolatility) / SECONDS_PER_YEAR))
    return asset
  }
  const stepAssetNames = steps.map((step) => [assetOf(step.tokenIn), assetOf(step.tokenOut)] as const)
  const assets = [...variance.keys()].sort()
  assets.forEach((asset, k) => assetIndex.set(asset, k))

  const source = assetKeyOf(plan.intent.from)
  const sink = assetKeyOf(plan.intent.to)
  const plannedHoldings = new Map<AssetKey, bigint>([[source, plan.amountInRaw]])
  for (const step of steps) plannedHoldings.set(step.tokenOut, (plannedHoldings.get(step.tokenOut) ?? 0n) + step.amountOutRaw)
  const spenders = new Map<AssetKey, number[]>()
  steps.forEach((step, position) => spenders.set(step.tokenIn, [...(spenders.get(step.tokenIn) ?? []), position]))
  const spendsAll = new Map<AssetKey, boolean>()
  for (const [token, list] of spenders) {
    list.sort((x, y) => steps[x]!.index - steps[y]!.index)
    const planned = plannedHoldings.get(token) ?? 0n
    if (planned <= 0n) throw new BaseError('INVALID_ARGUMENT', `The plan spends ${token} but never holds it.`, { field: 'plan.steps' })
    const spent = list.reduce((sum, position) => sum + steps[position]!.amountInRaw, 0n)
    if (spent > planned) throw new BaseError('INVALID_ARGUMENT', `The plan spends more ${token} than it holds.`, { field: 'plan.steps' })
    spendsAll.set(token, spent === planned)
  }

  // Every producer of a step's input must be among its ancestors, or its input is not known when it runs.
  const ancestors = steps.map(() => new Set<number>())
  for (const position of dag.order)
    for (const dependency of dag.dependsOn[position]!) {
      ancestors[position]!.add(dependency)
      for (const earlier of ancestors[dependency]!) ancestors[position]!.add(earlier)
    }
  steps.forEach((step, position) => {
    steps.forEach((producer, p) => {
      if (producer.tokenOut === step.tokenIn && !ancestors[position]!.has(p))
        throw new BaseError('INVALID_ARGUMENT', `Step ${step.index} spends ${step.tokenIn} without waiting for step ${producer.index}, which produces it.`, {
          field: 'plan.steps',
        })
    })
  })

  return {
    index,
    plan,
    dag,
    rank,
    latencies: steps.map((step) => stepLatency(index, step)),
    successProbabilities: steps.map((step) => stepSuccessProbability(index, step)),
    guards,
    txDeadlines,
    neededSeconds,
    assets,
    variancePerSecond: assets.map((asset) => variance.get(asset)!),
    stepAssets: stepAssetNames.map(([a, b]) => [assetIndex.get(a)!, assetIndex.get(b)!] as const),
    plannedHoldings,
    spenders,
    spendsAll,
    source,
    sink,
  }
}
