// JSON schema of POST /v1/market/updates: state changes to pools, bridges, networks and token prices.
// Field names are those of the market file (src/market/marketSchema.ts), so errors point at the same names.
import { Type, type Static } from '@sinclair/typebox'
import { LatencyTierSchema, RawAmount } from '../../market/marketSchema.ts'

const ChainRef = Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Integer({ minimum: 1 })], {
  description: 'Network name or chain id',
})
const VenueId = Type.String({ minLength: 1, maxLength: 200 })

export const PoolReservesUpdateSchema = Type.Object(
  { kind: Type.Literal('poolReserves'), pool: VenueId, reserve0: RawAmount, reserve1: RawAmount },
  { additionalProperties: false, description: 'New reserves of a constant-product pool' },
)

export const PoolBalancesUpdateSchema = Type.Object(
  { kind: Type.Literal('poolBalances'), pool: VenueId, balances: Type.Array(RawAmount, { minItems: 2, maxItems: 8 }) },
  { additionalProperties: false, description: 'New balances of a StableSwap pool' },
)

export const BridgeUpdateSchema = Type.Object(
  {
    kind: Type.Literal('bridge'),
    bridge: VenueId,
    liquidityCapRaw: Type.Optional(RawAmount),
    latencyTiers: Type.Optional(Type.Array(LatencyTierSchema, { minItems: 1, maxItems: 16 })),
    failureProbability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    feeBps: Type.Optional(Type.Number({ minimum: 0, maximum: 9999 })),
    feeFixedRaw: Type.Optional(RawAmount),
  },
  { additionalProperties: false, description: 'New liquidity, latency, failure rate or fees of a bridge' },
)

export const NetworkUpdateSchema = Type.Object(
  {
    kind: Type.Literal('network'),
    chain: ChainRef,
    gasPriceWei: Type.Optional(RawAmount),
    congestion: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    swapRevertProbability: Type.Optional(Type.Number({ minimum: 0, maximum: 0.9 })),
    nativePriceUsd: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  },
  { additionalProperties: false, description: 'New gas price, congestion, swap revert rate or native-token price of a network' },
)

export const TokenPriceUpdateSchema = Type.Object(
  {
    kind: Type.Literal('tokenPrice'),
    chain: ChainRef,
    token: Type.String({ minLength: 1, maxLength: 64, description: 'Symbol or address' }),
    priceUsd: Type.Number({ exclusiveMinimum: 0 }),
    annualVolatility: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
  },
  { additionalProperties: false, description: 'New USD price (and volatility) of a token' },
)

const updateKinds = [PoolReservesUpdateSchema, PoolBalancesUpdateSchema, BridgeUpdateSchema, NetworkUpdateSchema, TokenPriceUpdateSchema]

/**
 * One update, discriminated by `kind`. A `oneOf` with an OpenAPI discriminator rather than TypeBox's
 * `anyOf`, so ajv (option `discriminator: true`) checks only the branch `kind` names and the error
 * points at that branch's field instead of at the first branch's.
 */
export const MarketUpdateSchema = Type.Unsafe<Static<(typeof updateKinds)[number]>>({
  type: 'object',
  oneOf: updateKinds,
  discriminator: { propertyName: 'kind' },
})

export const MarketUpdatesRequestSchema = Type.Object(
  {
    updates: Type.Array(MarketUpdateSchema, { minItems: 1, maxItems: 1000 }),
    timestamp: Type.Optional(Type.Integer({ minimum: 0, description: 'New snapshot time, unix seconds' })),
  },
  { additionalProperties: false },
)

export type MarketUpdate = Static<typeof MarketUpdateSchema>
export type MarketUpdatesRequest = Static<typeof MarketUpdatesRequestSchema>
