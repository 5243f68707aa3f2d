// JSON Schema of a composite intent (fixtures/intents/composite-*.json, `accord plan FILE`,
// `POST /v1/plans`): sources and goals in the human form of solver/composite/resolveCompositeRequest.ts.
import { Type, type Static } from '@sinclair/typebox'
import { AssetRequestSchema, ChainRefSchema, DecimalAmount } from './intentSchema.ts'

const Amount = DecimalAmount('Decimal number in token units')
const GoalId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' })

export const CompositeSourceSchema = Type.Object(
  { chain: ChainRefSchema, token: Type.String({ minLength: 1 }), amount: Amount },
  { additionalProperties: false, description: 'A holding the plan may spend, up to `amount` (token units)' },
)

export const HoldingGoalSchema = Type.Object(
  { id: GoalId, kind: Type.Literal('holding'), chain: ChainRefSchema, token: Type.String({ minLength: 1 }), amount: Amount },
  { additionalProperties: false, description: 'Receive at least `amount` of the token on the network' },
)

export const SupplyGoalSchema = Type.Object(
  { id: GoalId, kind: Type.Literal('supply'), market: Type.String({ minLength: 1 }), token: Type.String({ minLength: 1 }), amount: Amount },
  { additionalProperties: false, description: 'Have at least `amount` supplied as collateral in the lending market' },
)

export const BorrowGoalSchema = Type.Object(
  {
    id: GoalId,
    kind: Type.Literal('borrow'),
    market: Type.String({ minLength: 1 }),
    token: Type.String({ minLength: 1 }),
    amount: Amount,
    minHealthFactor: Type.Number({ minimum: 1, maximum: 1000, description: 'Health factor of the position after the borrow' }),
    deliverTo: Type.Optional(AssetRequestSchema),
  },
  { additionalProperties: false, description: 'Borrow `amount` against the market\'s supplied collateral; optionally deliver it to another network' },
)

export const VaultDepositGoalSchema = Type.Object(
  { id: GoalId, kind: Type.Literal('vaultDeposit'), vault: Type.String({ minLength: 1 }), amount: Amount },
  { additionalProperties: false, description: 'Hold ERC-4626 shares worth at least `amount` of the vault asset' },
)

export const CompositeGoalSchema = Type.Union([HoldingGoalSchema, SupplyGoalSchema, BorrowGoalSchema, VaultDepositGoalSchema])

export const CompositeIntentSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    /** Market file (in fixtures/markets/) the CLI plans on when --market is not given. */
    market: Type.Optional(Type.String()),
    sources: Type.Array(CompositeSourceSchema, { minItems: 1, maxItems: 32 }),
    goals: Type.Array(CompositeGoalSchema, { minItems: 1, maxItems: 32 }),
    deadlineSeconds: Type.Number({ exclusiveMinimum: 0, maximum: 604_800 }),
    minProbability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    spend: Type.Optional(Type.Union([Type.Literal('needed'), Type.Literal('all')])),
    slippageBufferBps: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  },
  { additionalProperties: false, $id: 'CompositeIntent', title: 'CompositeIntent' },
)

export type CompositeIntentFile = Static<typeof CompositeIntentSchema>
