// The intent contract: one TypeBox schema of an intent in human form (networks by name or chain id,
// tokens by symbol or address, amounts as decimal strings in token units), with the limits of
// solver/model/intentLimits.ts. The HTTP quote, execution and batch bodies, the intent-set files
// (fixtures/intents/*.json) and the CLI's intent flags (src/cli/intentFlags.ts) are all derived from it;
// each request is then resolved against a market with solver/plan/resolveIntentRequest.ts.
import { Type, type Static, type TNumber, type TInteger } from '@sinclair/typebox'
import {
  INTENT_LIMITS,
  MAX_ALTERNATIVES,
  MAX_AMOUNT_DIGITS,
  MAX_BRIDGE_NAME_LENGTH,
  MAX_LIST_ITEMS,
  MAX_REFERENCE_LENGTH,
  OBJECTIVES,
  type IntentFieldLimit,
} from '../../solver/model/intentLimits.ts'
import type { IntentRequest } from '../../solver/plan/resolveIntentRequest.ts'
import { STEP_SPENDERS } from '../../solver/model/allowance.ts'

/** A non-negative decimal number in token units, as a string (`"250000"`, `"0.5"`). More digits than the token has are rejected later, with the token's own limit. */
export const DecimalAmount = (description: string) =>
  Type.String({ pattern: `^[0-9]{1,${MAX_AMOUNT_DIGITS}}(\\.[0-9]{1,${MAX_AMOUNT_DIGITS}})?$`, description })

/** A whole number of base units (`"250000000000"` for 250 000 USDC), as a string: at most 78 digits (a uint256). */
export const RawAmount = (description: string) => Type.String({ pattern: '^[0-9]{1,78}$', description })

/** Network name (`base`) or chain id (`8453`, or `"8453"`). */
export const ChainRefSchema = Type.Union([Type.String({ minLength: 1, maxLength: MAX_REFERENCE_LENGTH }), Type.Integer({ minimum: 1 })], {
  description: 'Network name (`base`) or chain id (`8453`)',
})

export const AssetRequestSchema = Type.Object(
  {
    chain: ChainRefSchema,
    token: Type.String({
      minLength: 1,
      maxLength: MAX_REFERENCE_LENGTH,
      description: 'Token symbol (`USDC`) or address; the native coin (`0x0000000000000000000000000000000000000000` or `0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE`) is quoted as its wrapped token (WETH)',
    }),
  },
  { additionalProperties: false },
)

/** A numeric field with the bounds of its limit. */
function limited(limit: IntentFieldLimit, description: string): TNumber | TInteger {
  const bounds = {
    ...(limit.minimum === undefined ? {} : { minimum: limit.minimum }),
    ...(limit.exclusiveMinimum === undefined ? {} : { exclusiveMinimum: limit.exclusiveMinimum }),
    maximum: limit.maximum,
    description,
  }
  return limit.integer ? Type.Integer(bounds) : Type.Number(bounds)
}

/** A standing allowance of the executing account: the steps it covers send no approval, so the schedule and timing leave it out. */
export const AllowanceRequestSchema = Type.Object(
  {
    chain: ChainRefSchema,
    token: Type.String({ minLength: 1, maxLength: MAX_REFERENCE_LENGTH, description: 'Token symbol or address' }),
    spender: Type.Union(
      STEP_SPENDERS.map((spender) => Type.Literal(spender)),
      { description: 'The contract allowed: `swapRouter` (the Uniswap V2 router), `concentratedLiquidityRouter` (Uniswap V3 SwapRouter), `bridgeSpoke`' },
    ),
    amount: Type.Optional(DecimalAmount('Allowance in token units; exactly one of `amount` and `amountRaw`')),
    amountRaw: Type.Optional(Type.String({ pattern: '^([0-9]{1,78}|max)$', description: 'Instead of `amount`: base units, or `max` for 2^256 − 1 (an unlimited approval)' })),
  },
  { additionalProperties: false },
)

const NameList = Type.Array(Type.String({ minLength: 1, maxLength: MAX_BRIDGE_NAME_LENGTH }), { maxItems: MAX_LIST_ITEMS })
const ChainList = Type.Array(ChainRefSchema, { maxItems: MAX_LIST_ITEMS })

/** The fields of an intent request (solver/plan/resolveIntentRequest.ts `IntentRequest`). */
export const intentRequestProperties = {
  from: AssetRequestSchema,
  to: AssetRequestSchema,
  amount: Type.Optional(DecimalAmount('Amount of `from` to spend, in token units (`"250000.5"`); exactly one of `amount` and `amountRaw`')),
  amountRaw: Type.Optional(RawAmount('Instead of `amount`: the amount of `from` in base units (`"250000500000"` for 250 000.5 USDC)')),
  deadlineSeconds: Type.Optional(limited(INTENT_LIMITS.deadlineSeconds, 'Everything delivered within this many seconds')),
  minAmountOut: Type.Optional(DecimalAmount('Smallest acceptable delivered amount of `to`, in token units')),
  minAmountOutRaw: Type.Optional(RawAmount('Instead of `minAmountOut`: the smallest acceptable delivered amount in base units of `to`')),
  maxSlippageBps: Type.Optional(limited(INTENT_LIMITS.maxSlippageBps, 'Instead of minAmountOut: minimum = expected × (1 − bps/10 000)')),
  objective: Type.Optional(Type.Union(OBJECTIVES.map((objective) => Type.Literal(objective)), { description: 'What to maximise (default probability)' })),
  minProbability: Type.Optional(limited(INTENT_LIMITS.minProbability, 'With objective output: the least acceptable outcome probability')),
  maxSteps: Type.Optional(limited(INTENT_LIMITS.maxSteps, 'Most venues on one path')),
  allowBridges: Type.Optional(NameList),
  denyBridges: Type.Optional(NameList),
  allowNetworks: Type.Optional(ChainList),
  denyNetworks: Type.Optional(ChainList),
  allowances: Type.Optional(Type.Array(AllowanceRequestSchema, { maxItems: MAX_LIST_ITEMS, description: "The executing account's standing allowances (quotes; an execution reads them from the chain)" })),
}

export const IntentRequestSchema = Type.Object(intentRequestProperties, { additionalProperties: false })

/** How many alternative plans a quote returns besides the best; the quote body and `accord quote` take it. */
export const MaxAlternativesSchema = Type.Integer({
  minimum: 0,
  maximum: MAX_ALTERNATIVES,
  description: `Most alternative plans returned besides the best (default ${MAX_ALTERNATIVES})`,
})

/** The body of POST /v1/quote and POST /v1/executions: an intent request and how many alternatives to return. */
export const QuoteRequestSchema = Type.Object({ ...intentRequestProperties, maxAlternatives: Type.Optional(MaxAlternativesSchema) }, { additionalProperties: false })

/** The caller's name for one intent of a batch or an intent set. */
export const IntentIdSchema = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$', description: 'Caller-chosen id, unique within the batch' })

/** One intent of POST /v1/batches: an intent request with an id. */
export const BatchIntentSchema = Type.Object({ id: IntentIdSchema, ...intentRequestProperties }, { additionalProperties: false })

/** One entry of an intent-set file: a batch intent with an optional note. */
export const IntentEntrySchema = Type.Object(
  { id: IntentIdSchema, description: Type.Optional(Type.String()), ...intentRequestProperties },
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
export type QuoteRequest = Static<typeof QuoteRequestSchema>
export type IntentEntryFile = Static<typeof IntentEntrySchema>
export type IntentSetFile = Static<typeof IntentSetFileSchema>

// The schema and the solver's IntentRequest describe the same object: a field added to one and not the
// other fails typechecking here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends ReadonlyArray<infer U> ? U[] : T[K] }
const _schemaMatchesSolver: Same<keyof IntentRequestFile, keyof IntentRequest> & (IntentRequestFile extends Mutable<IntentRequest> ? true : false) = true
void _schemaMatchesSolver
