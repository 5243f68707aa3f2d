// Plans one quote and renders its response text (200 or 422). Runs in a quote worker thread (or on the
// caller's thread when the pool is off); the result crosses threads as plain data: errors become
// `{ kind: 'error' }` values, since class instances do not survive structured cloning.
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { BaseError, type ErrorCode } from '../../../solver/errors.ts'
import type { LpBackend } from '../../../solver/lp/types.ts'
import type { Intent, Market } from '../../../solver/market/types.ts'
import { quoteIntent, type QuoteIntentReturnType } from '../../../solver/plan/quoteIntent.ts'
import { serializeAlternatives, serializePlan } from '../../format/serializePlan.ts'
import { withFieldRoot, type ApiErrorCode } from '../errorCatalogue.ts'
import type { QuoteCacheEntry } from '../quoteCache.ts'

export interface PlanQuoteParameters {
  readonly maxAlternatives: number
  /** Lifetime of the quote (its `expiresAt`). */
  readonly ttlMs: number
  readonly backend?: LpBackend
}

export type PlanQuoteReturnType =
  | { readonly kind: 'planned'; readonly entry: QuoteCacheEntry; readonly solverStatus: string; readonly plannerMs: number; readonly marketVersion: string }
  | { readonly kind: 'error'; readonly code: ErrorCode; readonly message: string; readonly field: string | null; readonly plannerMs: number }

/** For a 422: the request field whose constraint the best plan misses, judged from the plan itself. */
function constraintField(intent: Intent, result: Exclude<QuoteIntentReturnType, { status: 'ok' }>): string | null {
  const plan = result.bestPlan
  if (result.status === 'noRoute' || !plan) return null
  if (intent.minProbability !== undefined && plan.outcomeProbability.total < intent.minProbability) return 'body.minProbability'
  if (intent.minAmountOutRaw !== undefined && plan.expectedAmountOutRaw < intent.minAmountOutRaw) return 'body.minAmountOut'
  if (intent.deadlineSeconds !== undefined) return 'body.deadlineSeconds'
  return null
}

/** Calls the planner's public entry `quoteIntent` and renders the answer; never throws. */
export function planQuote(market: Market, intent: Intent, parameters: PlanQuoteParameters): PlanQuoteReturnType {
  const started = performance.now()
  let result: QuoteIntentReturnType
  try {
    result = quoteIntent(market, intent, parameters.backend ? { backend: parameters.backend } : {})
  } catch (error) {
    const plannerMs = performance.now() - started
    // validateIntent's fields are relative to the request body.
    const rooted = withFieldRoot(error, 'body')
    if (rooted instanceof BaseError) return { kind: 'error', code: rooted.code, message: rooted.shortMessage, field: rooted.field ?? null, plannerMs }
    return { kind: 'error', code: 'SOLVER_FAILED', message: 'The planner failed on this intent.', field: null, plannerMs }
  }
  const plannerMs = performance.now() - started
  if (result.status !== 'ok') {
    const body = {
      code: result.code satisfies ApiErrorCode,
      message: result.reason,
      field: constraintField(intent, result),
      marketVersion: market.version,
      ...(result.bestPlan ? { bestPlan: serializePlan(market, result.bestPlan) } : {}),
    }
    return { kind: 'planned', entry: { statusCode: 422, body: JSON.stringify(body) }, solverStatus: result.status, plannerMs, marketVersion: market.version }
  }
  const plan = serializePlan(market, result.plan)
  const best = result.alternatives.find((alternative) => alternative.plan === result.plan)
  const others = result.alternatives.filter((alternative) => alternative.plan !== result.plan).slice(0, parameters.maxAlternatives)
  const now = Date.now()
  const response = {
    quoteId: randomUUID(),
    marketVersion: market.version,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + parameters.ttlMs).toISOString(),
    labels: best ? [...best.labels] : ['best'],
    outcomeProbability: plan.outcomeProbability.total,
    expectedAmountOut: plan.expectedAmountOut,
    minAmountOut: plan.minAmountOut,
    expectedDurationSeconds: plan.expectedDurationSeconds,
    plan,
    alternatives: serializeAlternatives(market, others),
  }
  return { kind: 'planned', entry: { statusCode: 200, body: JSON.stringify(response) }, solverStatus: result.status, plannerMs, marketVersion: market.version }
}
