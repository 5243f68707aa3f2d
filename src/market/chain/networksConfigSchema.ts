// JSON Schema of a networks config (`accord market read --config networks.json`): per network its RPC endpoint, the
// parameters a node cannot tell (finality, prices, volatility) with their sources, and the pools to read; bridges as
// in a market file.
import { Type, type Static } from '@sinclair/typebox'
import { AddressSchema, BridgeSchema } from '../marketSchema.ts'

const poolRef = { address: AddressSchema, id: Type.Optional(Type.String({ minLength: 1 })), gasUnits: Type.Optional(Type.Integer({ minimum: 0 })) }

export const NetworkConfigSchema = Type.Object(
  {
    chainId: Type.Integer({ minimum: 1 }),
    name: Type.String({ pattern: '^[a-z0-9-]+$', minLength: 1, maxLength: 40 }),
    displayName: Type.String({ minLength: 1 }),
    rpcUrl: Type.String({ pattern: '^(https?|wss?)://', description: 'JSON-RPC endpoint' }),
    blockTimeMs: Type.Number({ exclusiveMinimum: 0 }),
    finalitySeconds: Type.Number({ minimum: 0 }),
    nativeSymbol: Type.String({ minLength: 1 }),
    nativePriceUsd: Type.Number({ exclusiveMinimum: 0 }),
    congestion: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    source: Type.Optional(Type.String({ description: 'Where the parameters come from' })),
    /** Token prices and volatilities (symbol and decimals are read from the token contract). */
    tokens: Type.Array(
      Type.Object(
        { address: AddressSchema, priceUsd: Type.Number({ exclusiveMinimum: 0 }), annualVolatility: Type.Number({ minimum: 0, maximum: 10 }), source: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
    uniswapV2Pairs: Type.Optional(
      Type.Array(Type.Object({ ...poolRef, feeBps: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999 })) }, { additionalProperties: false })),
    ),
    uniswapV3Pools: Type.Optional(
      Type.Array(Type.Object({ ...poolRef, gasPerTickCrossed: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false })),
    ),
    /**
     * Multicall3 on this chain (mds1/multicall3); default its canonical address 0xcA11bde05977b3631167028862bE2a173976CA11.
     * Where the chain has no code there, the reads go out as plain JSON-RPC batches.
     */
    multicall3Address: Type.Optional(AddressSchema),
    /** Curve StableSwap pools (coins indexed by uint256: 3pool-era and stableswap-ng pools). */
    curveStableSwapPools: Type.Optional(Type.Array(Type.Object(poolRef, { additionalProperties: false }))),
    /** Bitmap words of initialized ticks read on each side of a V3 pool's price (each spans 256 × tickSpacing ticks). */
    v3TickWordsEachSide: Type.Optional(Type.Integer({ minimum: 0, maximum: 64 })),
  },
  { additionalProperties: false },
)

export const NetworksConfigSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ minLength: 1 }),
    networks: Type.Array(NetworkConfigSchema, { minItems: 1 }),
    bridges: Type.Optional(Type.Array(BridgeSchema)),
  },
  { additionalProperties: false },
)

export type NetworksConfig = Static<typeof NetworksConfigSchema>
export type NetworkConfig = Static<typeof NetworkConfigSchema>
