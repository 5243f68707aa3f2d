// POST /v1/quote: an intent in human form → the best plan, its schedule and labelled alternatives,
// answered from the quote cache when the same intent was planned on the same market version.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { BaseError } from '../../../solver/errors.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { clientIdentity } from '../auth/authPlugin.ts'
import { MAX_ALTERNATIVES } from '../../../solver/model/intentLimits.ts'
import { QuoteRequestSchema, type QuoteRequest } from '../../market/intentSchema.ts'
import type { MarketStore } from '../marketStore.ts'
import type { CachedQuote, QuoteCache } from '../quoteCache.ts'
import { quoteCacheKey } from '../quoteCache.ts'
import type { ServerMetrics } from '../serverMetrics.ts'
import { clientErrorResponses, ErrorResponseSchema, QuoteErrorResponseSchema } from '../schemas/errorSchema.ts'
import { AlternativeLabelSchema, AmountSchema, FrontierSchema, PlanSchema } from '../schemas/planSchema.ts'
import type { QuotePlanner } from '../workers/createQuotePlanner.ts'
import type { PlannerBudget } from '../workers/plannerBudget.ts'
import { OverloadedError } from '../workers/overloadedError.ts'
import type { SharedQuoteCache } from '../queue/createSharedQuoteCache.ts'

export const QuoteResponseSchema = Type.Object(
  {
    quoteId: Type.String({ format: 'uuid' }),
    marketVersion: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time', description: 'The quote is served from cache until then' }),
    labels: Type.Array(AlternativeLabelSchema, { description: 'Labels the best plan also wins (cheapest, fastest, safest)' }),
    outcomeProbability: Type.Number({ minimum: 0, maximum: 1 }),
    expectedAmountOut: AmountSchema,
    minAmountOut: AmountSchema,
    expectedDurationSeconds: Type.Number(),
    plan: PlanSchema,
    alternatives: Type.Array(Type.Object({ labels: Type.Array(AlternativeLabelSchema), plan: PlanSchema }, { additionalProperties: false }), {
      maxItems: MAX_ALTERNATIVES,
      description: 'Other plans, each with the labels it wins, in the order cheapest, fastest, safest',
    }),
    frontier: FrontierSchema,
  },
  { additionalProperties: false },
)
export type QuoteResponse = Static<typeof QuoteResponseSchema>

export interface QuoteRoutesOptions {
  readonly store: MarketStore
  readonly cache: QuoteCache
  readonly metrics: ServerMetrics
  readonly planner: QuotePlanner
  readonly budget: PlannerBudget
  /** With Redis: the cache shared by all instances, and the check that the market is still current everywhere. */
  readonly shared?: { readonly cache: SharedQuoteCache; readonly refreshMarket: () => Promise<void> }
}

/** Times a quote is planned again because the market changed while it was being planned. */
const MAX_REPLANS = 3

export const quoteRoutes: FastifyPluginAsync<QuoteRoutesOptions> = async (app, options) => {
  app.post<{ Body: QuoteRequest }>(
    '/v1/quote',
    {
      config: { role: 'quote' },
      schema: {
        tags: ['quote'],
        summary: 'Plan an intent',
        description:
          'Resolves the intent against the current market and returns the plan that maximises the outcome probability (or the expected output), its schedule, up to three labelled alternatives and the frontier of expected output, outcome probability and p95 duration (plan summaries to choose from). Identical requests on the same market version are answered from cache until `expiresAt`, with the same `quoteId` (header `x-accord-cache: hit`); a market update ends that. Uncached quotes are planned in worker threads within a deadline; when the queue is full the answer is 503 `OVERLOADED` with `Retry-After`, and each client has a budget of planner time per minute (429 `RATE_LIMITED`).',
        body: QuoteRequestSchema,
        response: { 200: QuoteResponseSchema, ...clientErrorResponses, 422: QuoteErrorResponseSchema, 503: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const { maxAlternatives = MAX_ALTERNATIVES, ...intentRequest } = request.body
      const client = clientIdentity(request)
      const plannerMsPerMinute = request.apiKey?.quota?.plannerMsPerMinute
      for (let attempt = 0; ; attempt++) {
        const market = options.store.current
        const intent = resolveIntentRequest(market, intentRequest, 'body')
        const key = quoteCacheKey(market.version, intent, { maxAlternatives })
        const cached = options.cache.get(key)
        options.metrics.observeCacheLookup(cached !== undefined)
        if (cached) return send(reply, cached, 'hit')
        const sharedEntry = await options.shared?.cache.get(key)
        if (sharedEntry) return send(reply, options.cache.set(key, sharedEntry), 'hit')
        options.budget.check(client, plannerMsPerMinute)
        const result = await options.planner.plan({ market, intent, maxAlternatives, ttlMs: options.cache.ttlMs })
        options.budget.charge(client, result.plannerMs, plannerMsPerMinute)
        options.metrics.observeSolver(result.kind === 'error' ? 'error' : result.solverStatus, result.plannerMs / 1000)
        if (result.kind === 'error') throw new BaseError(result.code, result.message, result.field === null ? {} : { field: result.field })
        // Never answer with a superseded market: plan again on the version that replaced it.
        await options.shared?.refreshMarket()
        if (options.store.current.version === market.version) {
          const stored = options.cache.set(key, result.entry)
          if (options.shared) await options.shared.cache.set(key, result.entry, options.cache.ttlMs)
          return send(reply, stored, 'miss')
        }
        if (attempt + 1 >= MAX_REPLANS) throw new OverloadedError('OVERLOADED', 'The market changed during every planning attempt; retry shortly.', 1)
      }
    },
  )
}

/** The cached bytes with a JSON content type are sent as they are: cached answers skip serialisation and encoding. */
function send(reply: FastifyReply, entry: CachedQuote, cache: 'hit' | 'miss') {
  return reply.code(entry.statusCode).header('x-accord-cache', cache).type('application/json; charset=utf-8').send(entry.bytes)
}
