// Plans as JSON for people and machines: every amount both exact (raw units, decimal string) and in
// token units, tokens named. Shared by the CLI's --json output and the HTTP API.
import { formatAmount } from '../../solver/amounts.ts'
import { getNetwork, getToken, indexMarket } from '../../solver/market/indexMarket.ts'
import type { AssetKey, Market } from '../../solver/market/types.ts'
import type { AlternativeLabel, FrontierPoint, PlanAlternative, QuoteIntentReturnType } from '../../solver/plan/quoteIntent.ts'
import type { Intent } from '../../solver/model/intent.ts'
import { MAX_ALTERNATIVES } from '../../solver/model/intentLimits.ts'
import type { Plan } from '../../solver/model/plan.ts'

export interface SerializedAmount {
  readonly raw: string
  readonly amount: string
  readonly symbol: string
}

export interface SerializedAsset {
  readonly chainId: number
  readonly chain: string
  readonly token: string
  readonly symbol: string
  readonly decimals: number
}

const round = (value: number, digits: number) => Number(value.toFixed(digits))

export function serializePlan(market: Market, plan: Plan) {
  const index = indexMarket(market)
  const asset = (key: AssetKey): SerializedAsset => {
    const token = getToken(index, key)
    return { chainId: token.chainId, chain: getNetwork(index, token.chainId).name, token: token.address, symbol: token.symbol, decimals: token.decimals }
  }
  const amount = (key: AssetKey, raw: bigint): SerializedAmount => {
    const token = getToken(index, key)
    return { raw: raw.toString(), amount: formatAmount(raw, token.decimals), symbol: token.symbol }
  }
  const from = `${plan.intent.from.chainId}:${plan.intent.from.token}` as AssetKey
  const to = `${plan.intent.to.chainId}:${plan.intent.to.token}` as AssetKey
  return {
    marketVersion: plan.marketVersion,
    strategy: plan.strategy,
    from: asset(from),
    to: asset(to),
    amountIn: amount(from, plan.amountInRaw),
    expectedAmountOut: amount(to, plan.expectedAmountOutRaw),
    minAmountOut: amount(to, plan.minAmountOutRaw),
    outcomeProbability: {
      total: round(plan.outcomeProbability.total, 6),
      allStepsSucceed: round(plan.outcomeProbability.allStepsSucceed, 6),
      withinDeadline: round(plan.outcomeProbability.withinDeadline, 6),
      aboveMinimum: round(plan.outcomeProbability.aboveMinimum, 6),
      recovery: round(plan.outcomeProbability.recovery ?? 0, 6),
    },
    expectedDurationSeconds: round(plan.expectedDurationSeconds, 3),
    p95DurationSeconds: round(plan.p95DurationSeconds, 3),
    gasCostUsd: round(plan.gasCostUsd, 6),
    routes: plan.routes.map((route) => ({ venueIds: [...route.venueIds], amountIn: amount(from, route.amountInRaw) })),
    steps: plan.steps.map((step) => ({
      index: step.index,
      action: step.action,
      venueId: step.venueId,
      venueKind: step.venueKind,
      chainId: step.chainId,
      chain: getNetwork(index, step.chainId).name,
      tokenIn: asset(step.tokenIn),
      tokenOut: asset(step.tokenOut),
      amountIn: amount(step.tokenIn, step.amountInRaw),
      amountOut: amount(step.tokenOut, step.amountOutRaw),
      fee: amount(step.tokenIn, step.feeRaw),
      gasUnits: step.gasUnits,
      gasCostWei: step.gasCostWei.toString(),
      gasCostUsd: round(step.gasCostUsd, 6),
      dependsOn: [...step.dependsOn],
    })),
    schedule: {
      expectedDurationSeconds: round(plan.schedule.expectedDurationSeconds, 3),
      p95DurationSeconds: round(plan.schedule.p95DurationSeconds, 3),
      steps: plan.schedule.steps.map((scheduled) => {
        const step = plan.steps[scheduled.stepIndex]!
        return {
          stepIndex: scheduled.stepIndex,
          dependsOn: [...scheduled.dependsOn],
          earliestStartSeconds: round(scheduled.earliestStartSeconds, 3),
          expectedCompletionSeconds: round(scheduled.expectedCompletionSeconds, 3),
          p95CompletionSeconds: round(scheduled.p95CompletionSeconds, 3),
          minAmountOut: amount(step.tokenOut, scheduled.minAmountOutRaw),
          deadlineSeconds: round(scheduled.deadlineSeconds, 3),
          confirmations: scheduled.confirmations,
          successProbability: round(scheduled.successProbability, 6),
          transactions: (scheduled.transactions ?? []).map((tx) => ({ purpose: tx.purpose, expectedSeconds: round(tx.expectedSeconds, 3) })),
        }
      }),
    },
  }
}

export type SerializedPlan = ReturnType<typeof serializePlan>

export function serializeAlternatives(market: Market, alternatives: readonly PlanAlternative[]) {
  return alternatives.map((alternative) => ({ labels: [...alternative.labels], plan: serializePlan(market, alternative.plan) }))
}

/** The output/probability/time frontier as JSON: one plan summary per point, amounts in the intent's output token. */
export function serializeFrontier(market: Market, to: AssetKey, frontier: readonly FrontierPoint[]) {
  const index = indexMarket(market)
  const token = getToken(index, to)
  const amount = (raw: bigint): SerializedAmount => ({ raw: raw.toString(), amount: formatAmount(raw, token.decimals), symbol: token.symbol })
  return frontier.map((point) => ({
    chosen: point.chosen,
    strategy: point.strategy,
    expectedAmountOut: amount(point.expectedAmountOutRaw),
    minAmountOut: amount(point.minAmountOutRaw),
    outcomeProbability: round(point.outcomeProbability, 6),
    expectedDurationSeconds: round(point.expectedDurationSeconds, 3),
    p95DurationSeconds: round(point.p95DurationSeconds, 3),
    gasCostUsd: round(point.gasCostUsd, 6),
    steps: point.steps,
    routes: point.routes.map((route) => ({ venueIds: [...route.venueIds], share: round(route.share, 6) })),
  }))
}

export type SerializedFrontierPoint = ReturnType<typeof serializeFrontier>[number]

/** A plan that meets the intent, with its labels, alternatives and the frontier it was chosen from. */
export interface SerializedQuote {
  readonly marketVersion: string
  readonly labels: AlternativeLabel[]
  readonly outcomeProbability: number
  readonly expectedAmountOut: SerializedAmount
  readonly minAmountOut: SerializedAmount
  readonly expectedDurationSeconds: number
  readonly plan: SerializedPlan
  readonly alternatives: Array<{ labels: AlternativeLabel[]; plan: SerializedPlan }>
  /** Pareto frontier of (expected output, outcome probability, p95 duration), most likely first. */
  readonly frontier: SerializedFrontierPoint[]
}

/** Why no plan meets the intent (NO_ROUTE, INFEASIBLE_CONSTRAINTS), the field of the missed constraint and the best plan found. */
export interface SerializedQuoteRefusal {
  readonly code: 'NO_ROUTE' | 'INFEASIBLE_CONSTRAINTS'
  readonly message: string
  readonly field: string | null
  readonly marketVersion: string
  readonly bestPlan?: SerializedPlan
  /** The frontier of what is achievable (empty when there is no route). */
  readonly frontier: SerializedFrontierPoint[]
}

export interface SerializeQuoteResultOptions {
  /** Most alternatives besides the best plan (default MAX_ALTERNATIVES). */
  readonly maxAlternatives?: number
  /** The intent as planned, to name the field a failed constraint belongs to (default: the best plan's). */
  readonly intent?: Intent
  /** Prefix of that field path (`body` for the HTTP API). */
  readonly fieldRoot?: string
}

/** For an unmet quote: the intent field whose constraint the best plan misses, judged from the plan itself. */
function constraintField(intent: Intent | undefined, result: Exclude<QuoteIntentReturnType, { status: 'ok' }>): string | null {
  const plan = result.bestPlan
  if (result.status === 'noRoute' || !plan || !intent) return null
  if (intent.minProbability !== undefined && plan.outcomeProbability.total < intent.minProbability) return 'minProbability'
  if (intent.minAmountOutRaw !== undefined && plan.expectedAmountOutRaw < intent.minAmountOutRaw) return 'minAmountOut'
  if (intent.deadlineSeconds !== undefined) return 'deadlineSeconds'
  return null
}

/**
 * A quote result as JSON, in the shape of the HTTP API's answer (src/server/routes/quote.ts) without the
 * cache envelope (`quoteId`, `createdAt`, `expiresAt`) only the service has: the best plan with its labels
 * and alternatives, or the error body of a 422 — code, reason, the field of the missed constraint and
 * the best plan found.
 */
export function serializeQuoteResult(market: Market, result: QuoteIntentReturnType, options: SerializeQuoteResultOptions = {}): SerializedQuote | SerializedQuoteRefusal {
  const { maxAlternatives = MAX_ALTERNATIVES, fieldRoot = '' } = options
  if (result.status !== 'ok') {
    const field = constraintField(options.intent ?? result.bestPlan?.intent, result)
    return {
      code: result.code,
      message: result.reason,
      field: field === null ? null : fieldRoot ? `${fieldRoot}.${field}` : field,
      marketVersion: market.version,
      ...(result.bestPlan ? { bestPlan: serializePlan(market, result.bestPlan) } : {}),
      frontier: result.bestPlan ? serializeFrontier(market, outputOf(result.bestPlan), result.frontier) : [],
    }
  }
  const plan = serializePlan(market, result.plan)
  const best = result.alternatives.find((alternative) => alternative.plan === result.plan)
  const others = result.alternatives.filter((alternative) => alternative.plan !== result.plan).slice(0, maxAlternatives)
  return {
    marketVersion: market.version,
    labels: best ? [...best.labels] : ['best'],
    outcomeProbability: plan.outcomeProbability.total,
    expectedAmountOut: plan.expectedAmountOut,
    minAmountOut: plan.minAmountOut,
    expectedDurationSeconds: plan.expectedDurationSeconds,
    plan,
    alternatives: serializeAlternatives(market, others),
    frontier: serializeFrontier(market, outputOf(result.plan), result.frontier),
  }
}

const outputOf = (plan: Plan) => `${plan.intent.to.chainId}:${plan.intent.to.token}` as AssetKey
