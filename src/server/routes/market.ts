// The market the server quotes on: GET /v1/market, /v1/networks, /v1/tokens?chain=, and
// POST /v1/market/updates to apply state changes (each change gives a new market version).
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import { indexMarket, resolveNetwork } from '../../../solver/market/indexMarket.ts'
import type { Market } from '../../../solver/market/types.ts'
import { MarketFileSchema, NetworkSchema, TokenSchema } from '../../market/marketSchema.ts'
import { serializeMarket } from '../../market/parseMarket.ts'
import type { MarketStore, MarketUpdateResult } from '../marketStore.ts'
import type { ApplyMarketUpdatesParameters } from '../applyMarketUpdates.ts'
import type { ServerMetrics } from '../serverMetrics.ts'
import { clientErrorResponses } from '../schemas/errorSchema.ts'
import { MarketUpdatesRequestSchema, type MarketUpdatesRequest } from '../schemas/marketUpdateSchema.ts'

const { $schema: _schema, description: _description, ...marketFileProperties } = MarketFileSchema.properties

/** The market in its file form (a valid market file once `version` is dropped) plus its version. */
export const MarketResponseSchema = Type.Object(
  { version: Type.String({ description: 'Content hash of the market state; quotes carry it' }), ...marketFileProperties },
  { additionalProperties: false },
)

/** How a price the market file did not state was derived on load (solver/pricing/deriveTokenPrices.ts). */
export const TokenPriceSourceSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('derived'), Type.Literal('unpriced')], {
      description: 'derived: through pools from a priced token; unpriced: no path to one (planned in its own units)',
    }),
    from: Type.Optional(Type.String({ description: 'The priced token the path starts from (chainId:address)' })),
    anchor: Type.Optional(Type.String({ description: 'Unpriced: the token the relative price is anchored to' })),
    path: Type.Array(Type.String(), { description: 'Venue ids from the priced (or anchor) token to this one' }),
    depthUsd: Type.Optional(Type.Number({ description: 'USD value of the shallowest pool side on the path' })),
  },
  { additionalProperties: false },
)

export const NetworksResponseSchema = Type.Object(
  { marketVersion: Type.String(), networks: Type.Array(NetworkSchema) },
  { additionalProperties: false },
)

export const TokensQuerySchema = Type.Object(
  { chain: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Network name or chain id; all networks when absent' })) },
  { additionalProperties: false },
)

export const TokensResponseSchema = Type.Object(
  {
    marketVersion: Type.String(),
    tokens: Type.Array(
      Type.Object(
        {
          ...TokenSchema.properties,
          chain: Type.String({ description: 'Network name' }),
          priceSource: Type.Optional(TokenPriceSourceSchema),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)

export const MarketUpdatesResponseSchema = Type.Object(
  {
    previousVersion: Type.String(),
    version: Type.String(),
    changed: Type.Boolean({ description: 'False when the updates set the values already there (the version is a content hash)' }),
    applied: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)

export interface MarketRoutesOptions {
  readonly store: MarketStore
  readonly metrics: ServerMetrics
  /** With Redis: updates are committed to the market all instances share (createSharedMarket). */
  readonly commit?: (parameters: ApplyMarketUpdatesParameters) => Promise<MarketUpdateResult>
}

/** JSON text of each market version, built on first request. */
const marketJson = new WeakMap<Market, string>()

export const marketRoutes: FastifyPluginAsync<MarketRoutesOptions> = async (app, options) => {
  const { store, metrics } = options
  app.get(
    '/v1/market',
    {
      schema: {
        tags: ['market'],
        summary: 'The current market: networks, tokens, pools, bridges and version',
        response: { 200: MarketResponseSchema, 429: clientErrorResponses[429] },
      },
    },
    async (_request, reply) => {
      const market = store.current
      let json = marketJson.get(market)
      if (json === undefined) {
        json = JSON.stringify({ version: market.version, ...serializeMarket(market) })
        marketJson.set(market, json)
      }
      return reply.type('application/json; charset=utf-8').send(json)
    },
  )

  app.get(
    '/v1/networks',
    { schema: { tags: ['market'], summary: 'Networks of the market', response: { 200: NetworksResponseSchema, 429: clientErrorResponses[429] } } },
    async () => {
      const market = store.current
      return { marketVersion: market.version, networks: market.networks.map((network) => ({ ...network, gasPriceWei: String(network.gasPriceWei) })) }
    },
  )

  app.get<{ Querystring: Static<typeof TokensQuerySchema> }>(
    '/v1/tokens',
    {
      schema: {
        tags: ['market'],
        summary: 'Tokens of the market, optionally of one network',
        querystring: TokensQuerySchema,
        response: { 200: TokensResponseSchema, ...clientErrorResponses },
      },
    },
    async (request) => {
      const market = store.current
      const index = indexMarket(market)
      const chainId = request.query.chain === undefined ? undefined : resolveNetwork(index, request.query.chain, 'query.chain').chainId
      const tokens = market.tokens
        .filter((token) => chainId === undefined || token.chainId === chainId)
        .map((token) => ({ ...token, chain: index.networks.get(token.chainId)!.name }))
      return { marketVersion: market.version, tokens }
    },
  )

  app.post<{ Body: MarketUpdatesRequest }>(
    '/v1/market/updates',
    {
      config: { role: 'market:write' },
      schema: {
        tags: ['market'],
        summary: 'Apply state changes to the market',
        description:
          'Pool reserves and balances, bridge liquidity, latency, failure rate and fees, network gas prices and congestion, token prices. All or nothing; the market version changes with the state, and quotes planned on an older version are never served again.',
        body: MarketUpdatesRequestSchema,
        response: { 200: MarketUpdatesResponseSchema, ...clientErrorResponses },
      },
    },
    async (request) => {
      const { updates, timestamp } = request.body
      const parameters = { updates, root: 'body', ...(timestamp === undefined ? {} : { timestamp }) }
      const result = options.commit ? await options.commit(parameters) : store.update(parameters)
      metrics.observeMarketUpdate(result.changed)
      return { previousVersion: result.previousVersion, version: result.version, changed: result.changed, applied: updates.length }
    },
  )
}
