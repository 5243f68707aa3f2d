// GET /v1/quotes/:id: a quote answered earlier by POST /v1/quote, while it is still valid (until its
// `expiresAt`, as long as the market has not changed): the route page opens quotes by id with it.
// Only this instance's cache is searched (with --redis, another instance's quotes are not found).
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import { ApiError } from '../errorCatalogue.ts'
import type { QuoteCache } from '../quoteCache.ts'
import { clientErrorResponses, ErrorResponseSchema } from '../schemas/errorSchema.ts'
import { QuoteResponseSchema } from './quote.ts'

const QuoteIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'The quoteId of a POST /v1/quote answer' }) }, { additionalProperties: false })

export const quoteByIdRoutes: FastifyPluginAsync<{ readonly cache: QuoteCache }> = async (app, { cache }) => {
  app.get<{ Params: Static<typeof QuoteIdParams> }>(
    '/v1/quotes/:id',
    {
      config: { role: 'quote' },
      schema: {
        tags: ['quote'],
        summary: 'A quote by its id, while it is valid',
        description: 'The answer POST /v1/quote gave, byte for byte, until `expiresAt` or the next market update; then 404 `UNKNOWN_QUOTE`.',
        params: QuoteIdParams,
        response: { 200: QuoteResponseSchema, ...clientErrorResponses, 404: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const entry = cache.findByQuoteId(request.params.id)
      if (!entry) throw new ApiError('UNKNOWN_QUOTE', `No valid quote with id "${request.params.id}": it expired, the market changed, or it never existed.`, 'params.id')
      return reply.type('application/json; charset=utf-8').send(entry.bytes)
    },
  )
}
