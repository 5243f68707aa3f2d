// JSON Schema of an intent-set file (fixtures/intents/*.json): named intents in the human form the
// CLI and the HTTP API accept (networks by name or chain id, tokens by symbol or address, amounts as
// decimal strings in token units), each resolved against a market with resolveIntentRequest.
import { Type, type Static } from '@sinclair/typebox'

/** A non-negative decimal number in token units, as a string (`"250000"`, `"0.5"`). */
export const DecimalAmount = Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$', description: 'Decimal number in token units' })

/** Network name (`base`) or chain id (`8453`, or `"8453"`). */
export const ChainRefSchema = Type.Union([Type.String({ minLength: 1 }), Type.Integer({ minimum: 1 })])

export const AssetRequestSchema = Type.Object(
  {
    chain: ChainRefSchema,
    /** Token symbol (`USDC`) or address. */
    token: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
)

/** The fields of solver/plan/resolveIntentRequest.ts `IntentRequest`. */
export const intentRequestProperties = {
  from: AssetRequestSchema,
  to: AssetRequestSchema,
  amount: DecimalAmount,
  deadlineSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  minAmountOut: Type.Optional(DecimalAmount),
  maxSlippageBps: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  objective: Type.Optional(Type.Union([Type.Literal('probability'), Type.Literal('output')])),
  minProbability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  maxSteps: Type.Optional(Type.Integer({ minimum: 1, maximum: 16 })),
  allowBridges: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  denyBridges: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  allowNetworks: Type.Optional(Type.Array(ChainRefSchema)),
  denyNetworks: Type.Optional(Type.Array(ChainRefSchema)),
}

export const IntentRequestSchema = Type.Object(intentRequestProperties, { additionalProperties: false })

/** One entry of an intent set: an intent request with an id and an optional note. */
export const IntentEntrySchema = Type.Object(
  {
    id: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9._-]+$' }),
    description: Type.Optional(Type.String()),
    ...intentRequestProperties,
  },
  { additionalProperties: false },
)

export const IntentSetFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    /** File name of the market the intents refer to, in fixtures/markets/ (`realistic.json`). */
    market: Type.String({ pattern: '^[A-Za-z0-9._-]+\\.json$' }),
    intents: Type.Array(IntentEntrySchema, { minItems: 1 }),
  },
  { additionalProperties: false },
)

export type IntentRequestFile = Static<typeof IntentRequestSchema>
export type IntentEntryFile = Static<typeof IntentEntrySchema>
export type IntentSetFile = Static<typeof IntentSetFileSchema>
