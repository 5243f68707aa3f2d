// Plans an intent for the LI.FI-compatible routes through the same pipeline as POST /v1/quote: the
// in-process quote cache and, with Redis, the cache shared by every instance (same keys, so both APIs
// share answers), the planner's worker pool, the client's planner-time budget, and a re-plan when the
// market changed while planning. An allow/deny list of exchanges plans on the market without those
// pools, on the calling thread (the workers know only the published market), cached under that
// market's own version.
import { BaseError } from '../../../../solver/errors.ts'
import type { Market } from '../../../../solver/market/types.ts'
import type { Intent } from '../../../../solver/model/intent.ts'
import type { SharedQuoteCache } from '../../queue/createSharedQuoteCache.ts'
import { quoteCacheKey, type QuoteCache, type QuoteCacheEntry } from '../../quoteCache.ts'
import type { ServerMetrics } from '../../serverMetrics.ts'
import type { QuotePlanner } from '../../workers/createQuotePlanner.ts'
import { OverloadedError } from '../../workers/overloadedError.ts'
import { planQuote } from '../../workers/planQuote.ts'
import type { PlannerBudget } from '../../workers/plannerBudget.ts'
import type { QuoteResponse } from '../quote.ts'

export interface LifiPlanningContext {
  readonly cache: QuoteCache
  readonly metrics: ServerMetrics
  readonly planner: QuotePlanner
  readonly budget: PlannerBudget
  /** With Redis: the cache shared by all instances, and the check that the market is still current everywhere (as POST /v1/quote). */
  readonly shared?: { readonly cache: SharedQuoteCache; readonly refreshMarket: () => Promise<void> }
}

export interface PlanLifiIntentParameters {
  /** The current market; called again when it changed during planning. */
  readonly currentMarket: () => Market
  /** The intent resolved against a market (tokens and networks do not change between versions). */
  readonly resolveIntent: (market: Market) => Intent
  readonly maxAlternatives: number
  readonly client: string
  readonly plannerMsPerMinute?: number
  /** Plan on the market this makes of the current one (exchanges left out): on this thread. */
  readonly restrict?: (market: Market) => Market
}

export interface PlanLifiIntentReturnType {
  /** The market the quote was planned on (restricted, when asked). */
  readonly market: Market
  readonly quote: QuoteResponse
  readonly cache: 'hit' | 'miss'
}

/** As many plans as POST /v1/quote tries before answering 503 OVERLOADED. */
const MAX_REPLANS = 3

/** The /v1/quote answer for the intent; NO_ROUTE / INFEASIBLE_CONSTRAINTS and planner errors are thrown as Accord errors. */
export async function planLifiIntent(context: LifiPlanningContext, parameters: PlanLifiIntentParameters): Promise<PlanLifiIntentReturnType> {
  const { maxAlternatives, client, plannerMsPerMinute, restrict } = parameters
  for (let attempt = 0; ; attempt++) {
    const published = parameters.currentMarket()
    const market = restrict ? restrict(published) : published
    const intent = parameters.resolveIntent(market)
    const key = quoteCacheKey(market.version, intent, { maxAlternatives })
    const cached = context.cache.get(key) ?? (await context.shared?.cache.get(key))
    context.metrics.observeCacheLookup(cached !== undefined)
    if (cached) {
      context.cache.set(key, cached)
      return { market, quote: answer(cached), cache: 'hit' }
    }
    context.budget.check(client, plannerMsPerMinute)
    const result = restrict ? planQuote(market, intent, { maxAlternatives, ttlMs: context.cache.ttlMs }) : await context.planner.plan({ market, intent, maxAlternatives, ttlMs: context.cache.ttlMs })
    context.budget.charge(client, result.plannerMs, plannerMsPerMinute)
    context.metrics.observeSolver(result.kind === 'error' ? 'error' : result.solverStatus, result.plannerMs / 1000)
    if (result.kind === 'error') throw new BaseError(result.code, result.message, result.field === null ? {} : { field: result.field })
    // Never answer with a superseded market: plan again on the version that replaced it.
    await context.shared?.refreshMarket()
    if (parameters.currentMarket().version === published.version) {
      context.cache.set(key, result.entry)
      if (context.shared) await context.shared.cache.set(key, result.entry, context.cache.ttlMs)
      return { market, quote: answer(result.entry), cache: 'miss' }
    }
    if (attempt + 1 >= MAX_REPLANS) throw new OverloadedError('OVERLOADED', 'The market changed during every planning attempt; retry shortly.', 1)
  }
}

function answer(entry: QuoteCacheEntry): QuoteResponse {
  const body = JSON.parse(entry.body) as QuoteResponse & { code?: string; message?: string; field?: string | null }
  if (entry.statusCode !== 200) throw new BaseError((body.code ?? 'NO_ROUTE') as 'NO_ROUTE', body.message ?? 'No plan meets the intent.', body.field ? { field: body.field } : {})
  return body
}
