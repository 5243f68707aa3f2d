// JSON Schema of a market snapshot file (fixtures/markets/*.json), written with TypeBox so the same
// schema validates files, HTTP bodies and appears in the OpenAPI document.
import { Type, type Static } from '@sinclair/typebox'

/** Raw token amount as a string of decimal digits (JSON has no bigint). */
export const RawAmount = Type.String({ pattern: '^[0-9]{1,78}$', description: 'Raw token units, decimal digits' })
export const AddressSchema = Type.String({ pattern: '^0x[0-9a-fA-F]{40}$', description: 'EVM address' })
const Probability = Type.Number({ minimum: 0, maximum: 1 })
const PositiveSeconds = Type.Number({ exclusiveMinimum: 0 })

export const NetworkSchema = Type.Object(
  {
    chainId: Type.Integer({ minimum: 1 }),
    name: Type.String({ pattern: '^[a-z0-9-]+$', minLength: 1, maxLength: 40 }),
    displayName: Type.String({ minLength: 1 }),
    blockTimeMs: Type.Number({ exclusiveMinimum: 0 }),
    finalitySeconds: Type.Number({ minimum: 0 }),
    gasPriceWei: RawAmount,
    nativeSymbol: Type.String({ minLength: 1 }),
    nativePriceUsd: Type.Number({ exclusiveMinimum: 0 }),
    congestion: Probability,
    swapRevertProbability: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 0.9,
        description: "Measured share of swap attempts that revert for reasons other than price; absent: derived from congestion",
      }),
    ),
    executorOverhead: Type.Optional(
      Type.Object(
        { medianSeconds: PositiveSeconds, p95Seconds: PositiveSeconds, observations: Type.Optional(Type.Integer({ minimum: 0 })) },
        { additionalProperties: false, description: "The executor's own time per step besides waiting for blocks (log-normal)" },
      ),
    ),
    observations: Type.Optional(
      Type.Object(
        { inclusion: Type.Optional(Type.Integer({ minimum: 0 })), swapAttempts: Type.Optional(Type.Integer({ minimum: 0 })) },
        { additionalProperties: false, description: 'Observations the fitted congestion and swap revert rate rest on' },
      ),
    ),
    source: Type.Optional(Type.String({ description: 'Where the parameters come from' })),
  },
  { additionalProperties: false },
)

export const TokenSchema = Type.Object(
  {
    chainId: Type.Integer({ minimum: 1 }),
    address: AddressSchema,
    symbol: Type.String({ minLength: 1, maxLength: 20 }),
    decimals: Type.Integer({ minimum: 0, maximum: 36 }),
    priceUsd: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'USD per token unit; absent: derived from the deepest pool path to a priced token' }),
    ),
    annualVolatility: Type.Number({ minimum: 0, maximum: 10 }),
  },
  { additionalProperties: false },
)

export const ConstantProductPoolSchema = Type.Object(
  {
    kind: Type.Literal('constantProduct'),
    id: Type.String({ minLength: 1 }),
    chainId: Type.Integer({ minimum: 1 }),
    address: AddressSchema,
    token0: AddressSchema,
    token1: AddressSchema,
    reserve0: RawAmount,
    reserve1: RawAmount,
    feeBps: Type.Integer({ minimum: 0, maximum: 9999 }),
    gasUnits: Type.Integer({ minimum: 0 }),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

/** A coin's rate oracle (stableswap-ng `rate_oracles`, Lido's wstETH rate, an ERC-4626 share price) at snapshot time. */
export const RateProviderSchema = Type.Object(
  {
    coin: Type.Integer({ minimum: 0, maximum: 7, description: 'Index of the coin in tokens' }),
    address: Type.Optional(AddressSchema),
    rate: Type.String({ pattern: '^[0-9]{1,78}$', description: 'The oracle rate at snapshot time, 1e18 = 1.0' }),
  },
  { additionalProperties: false },
)

export const StableSwapPoolSchema = Type.Object(
  {
    kind: Type.Literal('stableSwap'),
    id: Type.String({ minLength: 1 }),
    chainId: Type.Integer({ minimum: 1 }),
    address: AddressSchema,
    tokens: Type.Array(AddressSchema, { minItems: 2, maxItems: 8 }),
    balances: Type.Array(RawAmount, { minItems: 2, maxItems: 8 }),
    amplification: RawAmount,
    fee: RawAmount,
    rates: Type.Optional(
      Type.Array(RawAmount, {
        minItems: 2,
        maxItems: 8,
        description: "The pool's stored_rates() per coin (1e18 precision, decimals included: 10^(36 − decimals) for a plain coin)",
      }),
    ),
    rateProviders: Type.Optional(Type.Array(RateProviderSchema, { description: 'Rate oracles of coins, with their rate at snapshot time' })),
    gasUnits: Type.Integer({ minimum: 0 }),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

/** Signed raw amount (a tick's liquidityNet). */
const SignedRawAmount = Type.String({ pattern: '^-?[0-9]{1,78}$', description: 'Signed integer, decimal digits' })
/** Uniswap V3 TickMath.MIN_TICK / MAX_TICK. */
const TickSchema = Type.Integer({ minimum: -887272, maximum: 887272 })

export const ConcentratedLiquidityPoolSchema = Type.Object(
  {
    kind: Type.Literal('concentratedLiquidity'),
    id: Type.String({ minLength: 1 }),
    chainId: Type.Integer({ minimum: 1 }),
    address: AddressSchema,
    token0: AddressSchema,
    token1: AddressSchema,
    fee: Type.Integer({ minimum: 0, maximum: 999999, description: 'Fee in pips (1e6 = 100 %), as UniswapV3Pool.fee()' }),
    tickSpacing: Type.Integer({ minimum: 1, maximum: 16383 }),
    sqrtPriceX96: RawAmount,
    tick: TickSchema,
    liquidity: RawAmount,
    ticks: Type.Array(Type.Object({ tick: TickSchema, liquidityNet: SignedRawAmount }, { additionalProperties: false }), {
      description: 'Initialized ticks, ascending',
    }),
    tickRange: Type.Optional(
      Type.Object({ lower: TickSchema, upper: TickSchema }, { additionalProperties: false, description: 'Ticks over which `ticks` is complete' }),
    ),
    gasUnits: Type.Integer({ minimum: 0 }),
    gasPerTickCrossed: Type.Integer({ minimum: 0 }),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

const FixedPoint18 = Type.String({ pattern: '^[0-9]{1,78}$', description: '18-decimal fixed point as decimal digits (1e18 = 1.0)' })

export const BalancerWeightedPoolSchema = Type.Object(
  {
    kind: Type.Literal('balancerWeighted'),
    id: Type.String({ minLength: 1 }),
    chainId: Type.Integer({ minimum: 1 }),
    address: AddressSchema,
    tokens: Type.Array(AddressSchema, { minItems: 2, maxItems: 8 }),
    balances: Type.Array(RawAmount, { minItems: 2, maxItems: 8 }),
    weights: Type.Array(FixedPoint18, { minItems: 2, maxItems: 8, description: 'Normalised weights summing to 1e18' }),
    scalingFactors: Type.Optional(
      Type.Array(FixedPoint18, { minItems: 2, maxItems: 8, description: 'getScalingFactors(); absent: 1e18·10^(18 − decimals)' }),
    ),
    swapFee: FixedPoint18,
    version: Type.Optional(Type.Union([Type.Literal('v0'), Type.Literal('v3Plus')], { description: 'Weighted math version; default v3Plus' })),
    gasUnits: Type.Integer({ minimum: 0 }),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

export const BalancerStablePoolSchema = Type.Object(
  {
    kind: Type.Literal('balancerStable'),
    id: Type.String({ minLength: 1 }),
    chainId: Type.Integer({ minimum: 1 }),
    address: AddressSchema,
    tokens: Type.Array(AddressSchema, { minItems: 2, maxItems: 5 }),
    balances: Type.Array(RawAmount, { minItems: 2, maxItems: 5 }),
    scalingFactors: Type.Optional(
      Type.Array(FixedPoint18, { minItems: 2, maxItems: 5, description: 'getScalingFactors() including token rates; absent: 1e18·10^(18 − decimals)' }),
    ),
    amplificationParameter: Type.String({ pattern: '^[0-9]{1,78}$', description: 'getAmplificationParameter().value: A × 1000' }),
    swapFee: FixedPoint18,
    gasUnits: Type.Integer({ minimum: 0 }),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

export const PoolSchema = Type.Union([ConstantProductPoolSchema, StableSwapPoolSchema, ConcentratedLiquidityPoolSchema, BalancerWeightedPoolSchema, BalancerStablePoolSchema])

export const AssetRefSchema = Type.Object(
  { chainId: Type.Integer({ minimum: 1 }), token: AddressSchema },
  { additionalProperties: false },
)

export const LatencyTierSchema = Type.Object(
  {
    maxAmountRaw: Type.Optional(RawAmount),
    medianSeconds: PositiveSeconds,
    p95Seconds: PositiveSeconds,
    observations: Type.Optional(Type.Integer({ minimum: 0, description: 'Fills the tier was fitted on' })),
  },
  { additionalProperties: false },
)

export const BridgeSchema = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    protocol: Type.String({ minLength: 1 }),
    bridgeKind: Type.Union([
      Type.Literal('intent'),
      Type.Literal('liquidityPool'),
      Type.Literal('burnMint'),
      Type.Literal('canonical'),
    ]),
    from: AssetRefSchema,
    to: AssetRefSchema,
    feeFixedRaw: RawAmount,
    feeBps: Type.Integer({ minimum: 0, maximum: 9999 }),
    liquidityCapRaw: RawAmount,
    latencyTiers: Type.Array(LatencyTierSchema, { minItems: 1 }),
    failureProbability: Probability,
    failureObservations: Type.Optional(Type.Integer({ minimum: 0, description: 'Settled transfers the failure probability was fitted on' })),
    gasUnits: Type.Integer({ minimum: 0 }),
    confirmations: Type.Integer({ minimum: 0 }),
    paused: Type.Optional(Type.Boolean({ description: 'A paused bridge loads as inactive' })),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

const Bps = Type.Integer({ minimum: 0, maximum: 65535, description: 'Two decimals: 8000 = 80.00 %' })

export const LendingReserveSchema = Type.Object(
  {
    token: AddressSchema,
    decimals: Type.Integer({ minimum: 0, maximum: 36 }),
    ltvBps: Bps,
    liquidationThresholdBps: Bps,
    liquidationBonusBps: Bps,
    active: Type.Boolean(),
    frozen: Type.Boolean(),
    paused: Type.Boolean(),
    borrowingEnabled: Type.Boolean(),
    priceBase: Type.String({ pattern: '^[0-9]{1,78}$', description: "Oracle price in the market's base currency units" }),
    liquidityIndexRay: RawAmount,
    variableBorrowIndexRay: RawAmount,
    liquidityRateRay: RawAmount,
    variableBorrowRateRay: RawAmount,
    lastUpdateTimestamp: Type.Integer({ minimum: 0 }),
    scaledSuppliedRaw: RawAmount,
    scaledVariableDebtRaw: RawAmount,
    totalStableDebtRaw: RawAmount,
    availableLiquidityRaw: RawAmount,
    supplyCapTokens: RawAmount,
    borrowCapTokens: RawAmount,
    aToken: AddressSchema,
    variableDebtToken: AddressSchema,
  },
  { additionalProperties: false },
)

/** An Aave V3 Pool and its reserves, as src/market/readLendingMarket.ts reads them. */
export const LendingMarketSchema = Type.Object(
  {
    kind: Type.Literal('lending'),
    id: Type.String({ minLength: 1 }),
    protocol: Type.Literal('aave-v3'),
    chainId: Type.Integer({ minimum: 1 }),
    pool: AddressSchema,
    oracle: AddressSchema,
    baseCurrencyUnit: RawAmount,
    reserves: Type.Array(LendingReserveSchema, { minItems: 1 }),
    supplyGasUnits: Type.Integer({ minimum: 0 }),
    borrowGasUnits: Type.Integer({ minimum: 0 }),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

export const VaultSchema = Type.Object(
  {
    kind: Type.Literal('erc4626'),
    id: Type.String({ minLength: 1 }),
    chainId: Type.Integer({ minimum: 1 }),
    address: AddressSchema,
    asset: AddressSchema,
    totalAssetsRaw: RawAmount,
    totalSupplyRaw: RawAmount,
    decimalsOffset: Type.Integer({ minimum: 0, maximum: 36 }),
    depositGasUnits: Type.Integer({ minimum: 0 }),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

export const MarketFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    timestamp: Type.Integer({ minimum: 0, description: 'Snapshot time, unix seconds' }),
    networks: Type.Array(NetworkSchema),
    tokens: Type.Array(TokenSchema),
    pools: Type.Array(PoolSchema),
    bridges: Type.Array(BridgeSchema),
    lendingMarkets: Type.Optional(Type.Array(LendingMarketSchema)),
    vaults: Type.Optional(Type.Array(VaultSchema)),
  },
  { additionalProperties: false },
)

export type MarketFile = Static<typeof MarketFileSchema>
export type NetworkFile = Static<typeof NetworkSchema>
export type TokenFile = Static<typeof TokenSchema>
export type PoolFile = Static<typeof PoolSchema>
export type StableSwapPoolFile = Static<typeof StableSwapPoolSchema>
export type BridgeFile = Static<typeof BridgeSchema>
export type LendingMarketFile = Static<typeof LendingMarketSchema>
export type VaultFile = Static<typeof VaultSchema>
