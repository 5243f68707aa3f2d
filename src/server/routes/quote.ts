// POST /v1/quote: an intent in human form → the best plan, its schedule and labelled alternatives,
// answered from the quote cache when the same intent was planned on the same market version.
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { LpBackend } from '../../../solver/lp/types.ts'
import type { Market } from '../../../solver/market/types.ts'
import type { Intent } from '../../../solver/model/intent.ts'
import { quoteIntent, type QuoteIntentReturnType } from '../../../solver/plan/quoteIntent.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { serializeQuoteResult } from '../../format/serializePlan.ts'
import { MAX_ALTERNATIVES } from '../../../solver/model/intentLimits.ts'
import { QuoteRequestSchema, type QuoteRequest } from '../../market/intentSchema.ts'
import { withFieldRoot, type ApiErrorCode } from '../errorCatalogue.ts'
import type { MarketStore } from '../marketStore.ts'
import type { QuoteCache, QuoteCacheEntry } from '../quoteCache.ts'
import { quoteCacheKey } from '../quoteCache.ts'
import type { ServerMetrics } from '../serverMetrics.ts'
import { clientErrorResponses, QuoteErrorResponseSchema } from '../schemas/errorSchema.ts'
import { AlternativeLabelSchema, AmountSchema, FrontierSchema, PlanSchema } from '../schemas/planSchema.ts'

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
  readonly backend?: LpBackend
}

function planQuote(market: Market, intent: Intent, maxAlternatives: number, options: QuoteRoutesOptions): QuoteCacheEntry {
  const started = performance.now()
  let result: QuoteIntentReturnType
  try {
    result = quoteIntent(market, intent, options.backend ? { backend: options.backend } : {})
  } catch (error) {
    options.metrics.observeSolver('error', (performance.now() - started) / 1000)
    // validateIntent's fields are relative to the request body.
    throw withFieldRoot(error, 'body')
  }
  options.metrics.observeSolver(result.status, (performance.now() - started) / 1000)

  const quote = serializeQuoteResult(market, result, { intent, maxAlternatives, fieldRoot: 'body' })
  if (!('plan' in quote)) return { statusCode: 422, body: JSON.stringify(quote satisfies { code: ApiErrorCode }) }
  const now = Date.now()
  const { marketVersion, ...answer } = quote
  const response: QuoteResponse = {
    quoteId: randomUUID(),
    marketVersion,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + options.cache.ttlMs).toISOString(),
    ...answer,
  }
  return { statusCode: 200, body: JSON.stringify(response) }
}

export const quoteRoutes: FastifyPluginAsync<QuoteRoutesOptions> = async (app, options) => {
  app.post<{ Body: QuoteRequest }>(
    '/v1/quote',
    {
      schema: {
        tags: ['quote'],
        summary: 'Plan an intent',
        description:
          'Resolves the intent against the current market and returns the plan that maximises the outcome probability (or the expected output), its schedule, up to three labelled alternatives and the frontier of expected output, outcome probability and p95 duration (plan summaries to choose from). Identical requests on the same market version are answered from cache until `expiresAt`, with the same `quoteId` (header `x-accord-cache: hit`); a market update ends that. The planner runs on the request thread, so uncached quotes queue behind each other.',
        body: QuoteRequestSchema,
        response: { 200: QuoteResponseSchema, ...clientErrorResponses, 422: QuoteErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const market = options.store.current
      const { maxAlternatives = MAX_ALTERNATIVES, ...intentRequest } = request.body
      const intent = resolveIntentRequest(market, intentRequest, 'body')
      const key = quoteCacheKey(market.version, intent, { maxAlternatives })
      let entry = options.cache.get(key)
      options.metrics.observeCacheLookup(entry !== undefined)
      reply.header('x-accord-cache', entry ? 'hit' : 'miss')
      if (!entry) {
        entry = planQuote(market, intent, maxAlternatives, options)
        options.cache.set(key, entry)
      }
      // A string body with a JSON content type is sent as it is: cached answers skip serialisation.
      return reply.code(entry.statusCode).type('application/json; charset=utf-8').send(entry.body)
    },
  )
}
