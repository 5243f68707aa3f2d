// Composite plans as JSON (CLI --json, POST /v1/plans) and as a table for people: amounts exact (raw)
// and in token units where the market lists the token, goals with their planned amounts.
import { formatAmount } from '../../solver/amounts.ts'
import type { CompositePlan, PlanCompositeIntentReturnType } from '../../solver/composite/types.ts'
import type { AssetKey, Market } from '../../solver/market/types.ts'

const round = (value: number, digits: number) => Number(value.toFixed(digits))

function amountOf(market: Market, key: AssetKey | undefined, raw: bigint) {
  if (!key) return { raw: raw.toString() }
  const [chainId, address] = key.split(':')
  const token = market.tokens.find((candidate) => candidate.chainId === Number(chainId) && candidate.address === address)
  const network = market.networks.find((candidate) => candidate.chainId === Number(chainId))
  return token
    ? { raw: raw.toString(), amount: formatAmount(raw, token.decimals), symbol: token.symbol, chain: network?.name ?? chainId }
    : { raw: raw.toString(), token: address, chain: network?.name ?? chainId }
}

export function serializeCompositePlan(market: Market, plan: CompositePlan) {
  return {
    marketVersion: plan.marketVersion,
    outcomeProbability: round(plan.outcomeProbability, 6),
    probabilityParts: {
      allStepsSucceed: round(plan.probabilityParts.allStepsSucceed, 6),
      aboveMinimums: round(plan.probabilityParts.aboveMinimums, 6),
      withinDeadline: round(plan.probabilityParts.withinDeadline, 6),
    },
    deadlineSeconds: plan.deadlineSeconds,
    expectedDurationSeconds: round(plan.expectedDurationSeconds, 3),
    p95DurationSeconds: round(plan.p95DurationSeconds, 3),
    gasCostUsd: round(plan.gasCostUsd, 6),
    goals: plan.goals.map((goal) => ({
      goalId: goal.goalId,
      kind: goal.kind,
      plannedAmountRaw: goal.plannedAmountRaw.toString(),
      ...(goal.healthFactorWad === undefined ? {} : { healthFactor: round(Number(goal.healthFactorWad / 10n ** 12n) / 1e6, 6), healthFactorWad: goal.healthFactorWad.toString() }),
      ...(goal.deliveredAmountRaw === undefined ? {} : { deliveredAmountRaw: goal.deliveredAmountRaw.toString() }),
      ...(goal.deliveredMinAmountRaw === undefined ? {} : { deliveredMinAmountRaw: goal.deliveredMinAmountRaw.toString() }),
    })),
    sourcesSpentRaw: plan.sourcesSpentRaw.map(String),
    legs: plan.legs.map((leg) => ({
      id: leg.id,
      purpose: leg.purpose,
      goalId: leg.goalId,
      amountIn: amountOf(market, `${leg.from.chainId}:${leg.from.token}` as AssetKey, leg.plan.amountInRaw),
      expectedAmountOut: amountOf(market, `${leg.to.chainId}:${leg.to.token}` as AssetKey, leg.plan.expectedAmountOutRaw),
      minAmountOut: amountOf(market, `${leg.to.chainId}:${leg.to.token}` as AssetKey, leg.plan.minAmountOutRaw),
      outcomeProbability: round(leg.plan.outcomeProbability.total, 6),
    })),
    steps: plan.steps.map((step) => ({
      index: step.index,
      action: step.action,
      chainId: step.chainId,
      venueId: step.venueId,
      ...(step.legId ? { legId: step.legId } : {}),
      goalIds: [...step.goalIds],
      amountIn: amountOf(market, step.tokenIn, step.amountInRaw),
      amountOut: amountOf(market, step.tokenOut, step.amountOutRaw),
      minAmountOutRaw: step.minAmountOutRaw.toString(),
      dependsOn: [...step.dependsOn],
      earliestStartSeconds: round(step.earliestStartSeconds, 3),
      expectedCompletionSeconds: round(step.expectedCompletionSeconds, 3),
      p95CompletionSeconds: round(step.p95CompletionSeconds, 3),
      successProbability: round(step.successProbability, 6),
    })),
    ifLegFails: plan.ifLegFails.map((state) => ({ after: state.after, goalsMet: [...state.goalsMet], description: state.description })),
  }
}

export type SerializedCompositePlan = ReturnType<typeof serializeCompositePlan>

export function serializeCompositeResult(market: Market, result: PlanCompositeIntentReturnType) {
  return result.status === 'ok'
    ? { status: 'ok' as const, plan: serializeCompositePlan(market, result.plan) }
    : {
        status: 'infeasible' as const,
        code: result.code,
        reason: result.reason,
        ...(result.goalId ? { goalId: result.goalId } : {}),
        ...(result.bestPlan ? { bestPlan: serializeCompositePlan(market, result.bestPlan) } : {}),
      }
}

/** A table of the steps and a summary of goals and probability. */
export function renderCompositePlan(plan: SerializedCompositePlan): string {
  const describe = (value: { raw: string; amount?: string; symbol?: string; chain?: string | number }) =>
    value.amount ? `${value.amount} ${value.symbol}` : value.raw === '0' ? '' : `${value.raw} raw`
  const rows = plan.steps.map((step) =>
    [String(step.index), step.action, step.venueId, step.legId ?? step.goalIds.join(','), describe(step.amountIn), describe(step.amountOut), step.dependsOn.join(',') || '-', `${step.expectedCompletionSeconds.toFixed(1)} s`],
  )
  const header = ['#', 'action', 'venue', 'leg/goal', 'in', 'out', 'after', 'expected done']
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()
  return [
    line(header),
    ...rows.map(line),
    '',
    ...plan.goals.map(
      (goal) =>
        `goal ${goal.goalId} (${goal.kind}): planned ${goal.plannedAmountRaw} raw${goal.healthFactor === undefined ? '' : `, health factor ${goal.healthFactor}`}${goal.deliveredAmountRaw === undefined ? '' : `, delivered ${goal.deliveredAmountRaw} raw (min ${goal.deliveredMinAmountRaw})`}`,
    ),
    `outcome P        ${(plan.outcomeProbability * 100).toFixed(2)} % every goal by the ${plan.deadlineSeconds} s deadline (steps succeed ${(plan.probabilityParts.allStepsSucceed * 100).toFixed(2)} %, legs above minimum ${(plan.probabilityParts.aboveMinimums * 100).toFixed(2)} %, within deadline ${(plan.probabilityParts.withinDeadline * 100).toFixed(2)} %)`,
    `duration         expected ${plan.expectedDurationSeconds.toFixed(1)} s, p95 ${plan.p95DurationSeconds.toFixed(1)} s; gas $${plan.gasCostUsd.toFixed(2)}`,
    '',
    'if a leg fails:',
    ...plan.ifLegFails.map((state) => `  ${state.after}: ${state.description}`),
  ].join('\n')
}
