// Plans an intent for the LI.FI-compatible routes through the same pipeline as POST /v1/quote: the
// quote cache (same key, so both APIs share answers), the planner's worker pool, and the client's
// planner-time budget. An allow/deny list of exchanges plans on the market without those pools, on
// the calling thread and uncached (the cache and the workers know only the published market).
import { BaseError } from '../../../../solver/errors.ts'
import type { Market } from '../../../../solver/market/types.ts'
import type { Intent } from '../../../../solver/model/intent.ts'
import { quoteCacheKey, type QuoteCache, type QuoteCacheEntry } from '../../quoteCache.ts'
import type { ServerMetrics } from '../../serverMetrics.ts'
import type { QuotePlanner } from '../../workers/createQuotePlanner.ts'
import { planQuote } from '../../workers/planQuote.ts'
import type { PlannerBudget } from '../../workers/plannerBudget.ts'
import type { QuoteResponse } from '../quote.ts'

export interface LifiPlanningContext {
  readonly cache: QuoteCache
  readonly metrics: ServerMetrics
  readonly planner: QuotePlanner
  readonly budget: PlannerBudget
}

export interface PlanLifiIntentParameters {
  readonly market: Market
  readonly intent: Intent
  readonly maxAlternatives: number
  readonly client: string
  readonly plannerMsPerMinute?: number
  /** Plan on this market instead (exchanges left out): on this thread, not cached. */
  readonly restrictedMarket?: Market
}

/** The /v1/quote answer for the intent; NO_ROUTE / INFEASIBLE_CONSTRAINTS and planner errors are thrown as Accord errors. */
export async function planLifiIntent(context: LifiPlanningContext, parameters: PlanLifiIntentParameters): Promise<QuoteResponse> {
  const { market, intent, maxAlternatives, client, plannerMsPerMinute, restrictedMarket } = parameters
  let entry: QuoteCacheEntry
  if (restrictedMarket) {
    context.budget.check(client, plannerMsPerMinute)
    const result = planQuote(restrictedMarket, intent, { maxAlternatives, ttlMs: context.cache.ttlMs })
    context.budget.charge(client, result.plannerMs, plannerMsPerMinute)
    if (result.kind === 'error') throw new BaseError(result.code, result.message, result.field === null ? {} : { field: result.field })
    entry = result.entry
  } else {
    const key = quoteCacheKey(market.version, intent, { maxAlternatives })
    const cached = context.cache.get(key)
    context.metrics.observeCacheLookup(cached !== undefined)
    if (cached) entry = cached
    else {
      context.budget.check(client, plannerMsPerMinute)
      const result = await context.planner.plan({ market, intent, maxAlternatives, ttlMs: context.cache.ttlMs })
      context.budget.charge(client, result.plannerMs, plannerMsPerMinute)
      context.metrics.observeSolver(result.kind === 'error' ? 'error' : result.solverStatus, result.plannerMs / 1000)
      if (result.kind === 'error') throw new BaseError(result.code, result.message, result.field === null ? {} : { field: result.field })
      context.cache.set(key, result.entry)
      entry = result.entry
    }
  }
  const body = JSON.parse(entry.body) as QuoteResponse & { code?: string; message?: string; field?: string | null }
  if (entry.statusCode !== 200) throw new BaseError((body.code ?? 'NO_ROUTE') as 'NO_ROUTE', body.message ?? 'No plan meets the intent.', body.field ? { field: body.field } : {})
  return body
}
