// Response schemas of /lifi/v1, for the OpenAPI document and fastify's serialiser: LI.FI's types as
// @lifi/types declares them (src/step.ts `Action`, `Estimate`, `Step`, `LiFiStep`; src/api.ts `Route`,
// `RoutesResponse`, `ChainsResponse`, `TokensResponse`, `ToolsResponse`, `StatusResponse`;
// src/tokens/token.ts `Token`), with the fields Accord fills. Every object admits more properties:
// LI.FI adds fields between versions, and Accord's `accord` extension rides along (described, not
// enumerated: it is the plan's own schema, GET /v1/quotes/:id).
import { Type, type TObject, type TProperties } from '@sinclair/typebox'

const open = <T extends TProperties>(properties: T, description?: string): TObject<T> => Type.Object(properties, { additionalProperties: true, ...(description ? { description } : {}) })
const Raw = Type.String({ pattern: '^[0-9]+$', description: 'Raw units (base units of the token), decimal digits' })
const Usd = Type.String({ description: 'US dollars, two decimals' })
const Hex = Type.String({ pattern: '^0x[0-9a-fA-F]*$' })

export const LifiTokenSchema = open({
  chainId: Type.Integer(),
  address: Type.String({ description: 'The native coin: 0x0000000000000000000000000000000000000000' }),
  symbol: Type.String(),
  decimals: Type.Integer(),
  name: Type.String(),
  coinKey: Type.Optional(Type.String()),
  priceUSD: Type.String(),
})

const ActionSchema = open({
  fromChainId: Type.Integer(),
  fromAmount: Raw,
  fromToken: LifiTokenSchema,
  fromAddress: Type.Optional(Type.String()),
  toChainId: Type.Integer(),
  toToken: LifiTokenSchema,
  toAddress: Type.Optional(Type.String()),
  slippage: Type.Optional(Type.Number({ description: 'Fraction: 0.005 = 0.5 %' })),
})

const FeeCostSchema = open({ name: Type.String(), description: Type.Optional(Type.String()), percentage: Type.String(), token: LifiTokenSchema, amount: Raw, amountUSD: Usd, included: Type.Boolean() })
const GasCostSchema = open({ type: Type.String(), price: Raw, estimate: Raw, limit: Raw, amount: Raw, amountUSD: Usd, token: LifiTokenSchema })

const EstimateSchema = open({
  tool: Type.String(),
  fromAmount: Raw,
  fromAmountUSD: Type.Optional(Usd),
  toAmount: Raw,
  toAmountMin: Type.String({ pattern: '^[0-9]+$', description: 'What the transactions guarantee (Σ the delivering steps\' guards), or the plan\'s minimum without transactions' }),
  toAmountUSD: Type.Optional(Usd),
  approvalAddress: Type.String({ description: 'The contract to approve for fromAmount (0x0…0: none)' }),
  feeCosts: Type.Optional(Type.Array(FeeCostSchema)),
  gasCosts: Type.Optional(Type.Array(GasCostSchema)),
  executionDuration: Type.Number({ description: 'Seconds' }),
})

export const TransactionRequestSchema = open(
  { chainId: Type.Integer(), from: Type.String(), to: Type.String(), data: Hex, value: Hex, gasLimit: Hex },
  'A transaction to sign as it is: quantities as hex strings',
)

const ToolDetailsSchema = open({ key: Type.String(), name: Type.String(), logoURI: Type.String() })

const StepPartSchema = open({
  id: Type.String(),
  type: Type.Union([Type.Literal('swap'), Type.Literal('cross'), Type.Literal('protocol'), Type.Literal('lifi'), Type.Literal('custom')]),
  tool: Type.String({ description: 'The venue id, or `wrap`/`unwrap` (WETH9)' }),
  toolDetails: ToolDetailsSchema,
  action: ActionSchema,
  estimate: EstimateSchema,
  transactionRequest: Type.Optional(TransactionRequestSchema),
})

const AccordExtensionSchema = open(
  {
    quoteId: Type.String(),
    marketVersion: Type.String(),
    outcomeProbability: Type.Optional(open({})),
    expectedDurationSeconds: Type.Number(),
    p95DurationSeconds: Type.Number(),
    transactions: Type.Optional(
      Type.Array(open({ stepIndex: Type.Integer({ description: '−1 for wrap and unwrap' }), purpose: Type.String({ description: 'wrap | approve | swap | deposit | unwrap' }), transactionRequest: TransactionRequestSchema })),
    ),
  },
  'Accord\'s figures LI.FI has no field for: outcome probability, schedule, frontier, the plan\'s own amounts, and every transaction in the order to send it',
)

export const LifiStepSchema = open({
  id: Type.String(),
  type: Type.Literal('lifi'),
  tool: Type.String(),
  toolDetails: ToolDetailsSchema,
  action: ActionSchema,
  estimate: EstimateSchema,
  includedSteps: Type.Array(StepPartSchema),
  transactionRequest: Type.Optional(TransactionRequestSchema),
  accord: Type.Optional(AccordExtensionSchema),
})

const RouteSchema = open({
  id: Type.String(),
  fromChainId: Type.Integer(),
  fromAmountUSD: Usd,
  fromAmount: Raw,
  fromToken: LifiTokenSchema,
  fromAddress: Type.Optional(Type.String()),
  toChainId: Type.Integer(),
  toAmountUSD: Usd,
  toAmount: Raw,
  toAmountMin: Raw,
  toToken: LifiTokenSchema,
  toAddress: Type.Optional(Type.String()),
  gasCostUSD: Type.Optional(Usd),
  containsSwitchChain: Type.Optional(Type.Boolean()),
  steps: Type.Array(LifiStepSchema),
  tags: Type.Optional(Type.Array(Type.String())),
  accord: Type.Optional(AccordExtensionSchema),
})

export const RoutesResponseSchema = open({ routes: Type.Array(RouteSchema), unavailableRoutes: open({ filteredOut: Type.Array(open({})), failed: Type.Array(open({})) }) })

export const ChainsResponseSchema = open({
  chains: Type.Array(open({ key: Type.String(), chainType: Type.String(), name: Type.String(), coin: Type.String(), id: Type.Integer(), mainnet: Type.Boolean(), nativeToken: LifiTokenSchema, metamask: open({ chainId: Type.String(), rpcUrls: Type.Array(Type.String()) }) })),
})

export const TokensResponseSchema = open({ tokens: Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Array(LifiTokenSchema), { description: 'Chain id → its tokens, the native coin first' }) })

export const ToolsResponseSchema = open({
  bridges: Type.Array(open({ key: Type.String(), name: Type.String(), logoURI: Type.String(), supportedChains: Type.Array(open({ fromChainId: Type.Integer(), toChainId: Type.Integer() })) })),
  exchanges: Type.Array(open({ key: Type.String(), name: Type.String(), logoURI: Type.String(), supportedChains: Type.Array(Type.Integer()) })),
})

const TransferSchema = open({ txHash: Type.Optional(Type.String()), chainId: Type.Integer(), txLink: Type.Optional(Type.String()), amount: Type.Optional(Raw) })
export const StatusResponseSchema = open({
  status: Type.Union([Type.Literal('NOT_FOUND'), Type.Literal('PENDING'), Type.Literal('FAILED'), Type.Literal('DONE')]),
  substatus: Type.Optional(Type.String()),
  substatusMessage: Type.Optional(Type.String()),
  tool: Type.Optional(Type.String()),
  sending: Type.Optional(TransferSchema),
  receiving: Type.Optional(TransferSchema),
})
