// Plans one quote and renders its response text (200 or 422). Runs in a quote worker thread (or on the
// caller's thread when the pool is off); the result crosses threads as plain data: errors become
// `{ kind: 'error' }` values, since class instances do not survive structured cloning.
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { BaseError, type ErrorCode } from '../../../solver/errors.ts'
import type { LpBackend } from '../../../solver/lp/types.ts'
import type { Market } from '../../../solver/market/types.ts'
import type { Intent } from '../../../solver/model/intent.ts'
import { quoteIntent, type QuoteIntentReturnType } from '../../../solver/plan/quoteIntent.ts'
import { serializeQuoteResult } from '../../format/serializePlan.ts'
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
  // The same answer as `accord quote --json` (serializeQuoteResult), plus the quote's id and lifetime.
  const quote = serializeQuoteResult(market, result, { intent, maxAlternatives: parameters.maxAlternatives, fieldRoot: 'body' })
  if (!('plan' in quote))
    return { kind: 'planned', entry: { statusCode: 422, body: JSON.stringify(quote satisfies { code: ApiErrorCode }) }, solverStatus: result.status, plannerMs, marketVersion: market.version }
  const now = Date.now()
  const { marketVersion, ...answer } = quote
  const response = {
    quoteId: randomUUID(),
    marketVersion,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + parameters.ttlMs).toISOString(),
    ...answer,
  }
  return { kind: 'planned', entry: { statusCode: 200, body: JSON.stringify(response) }, solverStatus: result.status, plannerMs, marketVersion: market.version }
}
