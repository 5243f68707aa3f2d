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
import { serializeAlternatives, serializePlan } from '../../format/serializePlan.ts'
import { withFieldRoot, type ApiErrorCode } from '../errorCatalogue.ts'
import type { MarketStore } from '../marketStore.ts'
import type { QuoteCache, QuoteCacheEntry } from '../quoteCache.ts'
import { quoteCacheKey } from '../quoteCache.ts'
import type { ServerMetrics } from '../serverMetrics.ts'
import { clientErrorResponses, QuoteErrorResponseSchema } from '../schemas/errorSchema.ts'
import { AlternativeLabelSchema, AmountSchema, PlanSchema } from '../schemas/planSchema.ts'

const ChainRef = Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Integer({ minimum: 1 })], {
  description: 'Network name (`base`) or chain id (`8453`)',
})
const AssetRequestSchema = Type.Object(
  { chain: ChainRef, token: Type.String({ minLength: 1, maxLength: 64, description: 'Token symbol (`USDC`) or address' }) },
  { additionalProperties: false },
)
/** A decimal amount in token units. Token decimals go up to 36 (marketSchema); more digits are rejected later, with the token's own limit. */
const DecimalAmount = (description: string) => Type.String({ pattern: '^[0-9]{1,40}(\\.[0-9]{1,40})?$', description })
const NameList = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 64 })
const ChainList = Type.Array(ChainRef, { maxItems: 64 })

export const MAX_ALTERNATIVES = 3

export const QuoteRequestSchema = Type.Object(
  {
    from: AssetRequestSchema,
    to: AssetRequestSchema,
    amount: DecimalAmount('Amount of `from` to spend, in token units (`"250000.5"`)'),
    deadlineSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 30 * 24 * 3600, description: 'Everything delivered within this many seconds' })),
    minAmountOut: Type.Optional(DecimalAmount('Smallest acceptable delivered amount of `to`, in token units')),
    maxSlippageBps: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999, description: 'Instead of minAmountOut: minimum = expected × (1 − bps/10 000)' })),
    objective: Type.Optional(Type.Union([Type.Literal('probability'), Type.Literal('output')], { description: 'What to maximise (default probability)' })),
    minProbability: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'With objective output: the least acceptable outcome probability' })),
    maxSteps: Type.Optional(Type.Integer({ minimum: 1, maximum: 8, description: 'Most venues on one path' })),
    allowBridges: Type.Optional(NameList),
    denyBridges: Type.Optional(NameList),
    allowNetworks: Type.Optional(ChainList),
    denyNetworks: Type.Optional(ChainList),
    maxAlternatives: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_ALTERNATIVES, description: `Most alternative plans returned besides the best (default ${MAX_ALTERNATIVES})` }),
    ),
  },
  { additionalProperties: false },
)
export type QuoteRequest = Static<typeof QuoteRequestSchema>

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

/** For a 422: the request field whose constraint the best plan misses, judged from the plan itself. */
function constraintField(intent: Intent, result: Exclude<QuoteIntentReturnType, { status: 'ok' }>): string | null {
  const plan = result.bestPlan
  if (result.status === 'noRoute' || !plan) return null
  if (intent.minProbability !== undefined && plan.outcomeProbability.total < intent.minProbability) return 'body.minProbability'
  if (intent.minAmountOutRaw !== undefined && plan.expectedAmountOutRaw < intent.minAmountOutRaw) return 'body.minAmountOut'
  if (intent.deadlineSeconds !== undefined) return 'body.deadlineSeconds'
  return null
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

  if (result.status !== 'ok') {
    const body = {
      code: result.code satisfies ApiErrorCode,
      message: result.reason,
      field: constraintField(intent, result),
      marketVersion: market.version,
      ...(result.bestPlan ? { bestPlan: serializePlan(market, result.bestPlan) } : {}),
    }
    return { statusCode: 422, body: JSON.stringify(body) }
  }
  const plan = serializePlan(market, result.plan)
  const best = result.alternatives.find((alternative) => alternative.plan === result.plan)
  const others = result.alternatives.filter((alternative) => alternative.plan !== result.plan).slice(0, maxAlternatives)
  const now = Date.now()
  const response: QuoteResponse = {
    quoteId: randomUUID(),
    marketVersion: market.version,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + options.cache.ttlMs).toISOString(),
    labels: best ? [...best.labels] : ['best'],
    outcomeProbability: plan.outcomeProbability.total,
    expectedAmountOut: plan.expectedAmountOut,
    minAmountOut: plan.minAmountOut,
    expectedDurationSeconds: plan.expectedDurationSeconds,
    plan,
    alternatives: serializeAlternatives(market, others),
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
          'Resolves the intent against the current market and returns the plan that maximises the outcome probability (or the expected output), its schedule and up to three labelled alternatives. Identical requests on the same market version are answered from cache until `expiresAt`, with the same `quoteId` (header `x-accord-cache: hit`); a market update ends that. The planner runs on the request thread, so uncached quotes queue behind each other.',
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
