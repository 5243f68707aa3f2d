// JSON schema of a serialised plan (src/format/serializePlan.ts), for the OpenAPI document and for
// checking responses. A compile-time guard keeps it the same shape as serializePlan's return type.
import { Type, type Static } from '@sinclair/typebox'
import type { SerializedFrontierPoint, SerializedPlan } from '../../format/serializePlan.ts'

export const AmountSchema = Type.Object(
  {
    raw: Type.String({ pattern: '^-?[0-9]+$', description: 'Exact amount in raw token units' }),
    amount: Type.String({ description: 'The same amount in token units, a decimal string' }),
    symbol: Type.String(),
  },
  { additionalProperties: false },
)

export const AssetSchema = Type.Object(
  {
    chainId: Type.Integer(),
    chain: Type.String({ description: 'Network name' }),
    token: Type.String({ description: 'Token address' }),
    symbol: Type.String(),
    decimals: Type.Integer(),
  },
  { additionalProperties: false },
)

const Seconds = (description: string) => Type.Number({ description })
const Probability = Type.Number({ minimum: 0, maximum: 1 })

export const StepSchema = Type.Object(
  {
    index: Type.Integer({ minimum: 0 }),
    action: Type.Union([Type.Literal('swap'), Type.Literal('bridge')]),
    venueId: Type.String(),
    venueKind: Type.Union([
      Type.Literal('constantProduct'),
      Type.Literal('stableSwap'),
      Type.Literal('concentratedLiquidity'),
      Type.Literal('balancerWeighted'),
      Type.Literal('balancerStable'),
      Type.Literal('bridge'),
    ]),
    chainId: Type.Integer({ description: 'Network the transaction is sent on' }),
    chain: Type.String(),
    tokenIn: AssetSchema,
    tokenOut: AssetSchema,
    amountIn: AmountSchema,
    amountOut: AmountSchema,
    fee: AmountSchema,
    gasUnits: Type.Number(),
    gasCostWei: Type.String({ pattern: '^[0-9]+$' }),
    gasCostUsd: Type.Number(),
    dependsOn: Type.Array(Type.Integer()),
  },
  { additionalProperties: false },
)

export const ScheduledStepSchema = Type.Object(
  {
    stepIndex: Type.Integer({ minimum: 0 }),
    dependsOn: Type.Array(Type.Integer()),
    earliestStartSeconds: Seconds('Earliest send time, seconds after the start'),
    expectedCompletionSeconds: Seconds('Expected completion, seconds after the start'),
    p95CompletionSeconds: Seconds('95th-percentile completion, seconds after the start'),
    minAmountOut: AmountSchema,
    deadlineSeconds: Seconds('Transaction deadline, seconds after the start'),
    confirmations: Type.Integer({ minimum: 0 }),
    successProbability: Probability,
    transactions: Type.Array(
      Type.Object(
        {
          purpose: Type.Union([Type.Literal('approve'), Type.Literal('swap'), Type.Literal('deposit')]),
          expectedSeconds: Seconds('Expected executor overhead plus inclusion of this transaction'),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)

export const PlanSchema = Type.Object(
  {
    marketVersion: Type.String(),
    strategy: Type.String(),
    from: AssetSchema,
    to: AssetSchema,
    amountIn: AmountSchema,
    expectedAmountOut: AmountSchema,
    minAmountOut: AmountSchema,
    outcomeProbability: Type.Object(
      { total: Probability, allStepsSucceed: Probability, withinDeadline: Probability, aboveMinimum: Probability, recovery: Probability },
      { additionalProperties: false },
    ),
    expectedDurationSeconds: Type.Number(),
    p95DurationSeconds: Type.Number(),
    gasCostUsd: Type.Number(),
    routes: Type.Array(Type.Object({ venueIds: Type.Array(Type.String()), amountIn: AmountSchema }, { additionalProperties: false })),
    steps: Type.Array(StepSchema),
    schedule: Type.Object(
      { expectedDurationSeconds: Type.Number(), p95DurationSeconds: Type.Number(), steps: Type.Array(ScheduledStepSchema) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'A plan: steps with exact amounts, their schedule and the outcome probability' },
)

export const AlternativeLabelSchema = Type.Union([Type.Literal('best'), Type.Literal('cheapest'), Type.Literal('fastest'), Type.Literal('safest')])

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
// Compile-time guard: fails type checking when serializePlan's output and this schema drift apart.
export const planSchemaMatchesSerializer: Same<Static<typeof PlanSchema>, SerializedPlan> = true

/** One point of the output/probability/time frontier (src/format/serializePlan.ts serializeFrontier). */
export const FrontierPointSchema = Type.Object(
  {
    chosen: Type.Boolean({ description: 'True for the plan returned as `plan`' }),
    strategy: Type.String(),
    expectedAmountOut: AmountSchema,
    minAmountOut: AmountSchema,
    outcomeProbability: Probability,
    expectedDurationSeconds: Seconds('Expected time until the last step completes'),
    p95DurationSeconds: Seconds('95th percentile of that time'),
    gasCostUsd: Type.Number(),
    steps: Type.Integer({ minimum: 1 }),
    routes: Type.Array(Type.Object({ venueIds: Type.Array(Type.String()), share: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false, description: 'A plan no other beats on expected output, outcome probability and p95 duration at once' },
)
export const FrontierSchema = Type.Array(FrontierPointSchema, { description: 'Pareto frontier of (expected output, outcome probability, p95 duration), most likely first' })
export const frontierSchemaMatchesType: Same<Static<typeof FrontierPointSchema>, SerializedFrontierPoint> = true
