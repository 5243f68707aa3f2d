// Plans as JSON for people and machines: every amount both exact (raw units, decimal string) and in
// token units, tokens named. Shared by the CLI's --json output and the HTTP API.
import { formatAmount } from '../../solver/amounts.ts'
import { getNetwork, getToken, indexMarket } from '../../solver/market/indexMarket.ts'
import type { AssetKey, Market } from '../../solver/market/types.ts'
import type { PlanAlternative, QuoteIntentReturnType } from '../../solver/plan/quoteIntent.ts'
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
        }
      }),
    },
  }
}

export type SerializedPlan = ReturnType<typeof serializePlan>

export function serializeAlternatives(market: Market, alternatives: readonly PlanAlternative[]) {
  return alternatives.map((alternative) => ({ labels: [...alternative.labels], plan: serializePlan(market, alternative.plan) }))
}

/** A quote result as JSON: the plan and alternatives, or the reason nothing meets the constraints. */
export function serializeQuoteResult(market: Market, result: QuoteIntentReturnType) {
  if (result.status === 'ok')
    return {
      status: result.status,
      plan: serializePlan(market, result.plan),
      alternatives: serializeAlternatives(market, result.alternatives),
      candidatesEvaluated: result.candidatesEvaluated,
    }
  return {
    status: result.status,
    code: result.code,
    reason: result.reason,
    ...(result.bestPlan ? { bestPlan: serializePlan(market, result.bestPlan) } : {}),
    alternatives: serializeAlternatives(market, result.alternatives),
    candidatesEvaluated: result.candidatesEvaluated,
  }
}
