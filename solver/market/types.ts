// The market model the planner works on: networks, tokens and venues (pools and bridges).
// Everything here is plain readonly data; amounts are bigint in raw token units.

/** EVM address, lower-case hex with 0x prefix once loaded. */
export type Address = `0x${string}`

/** Identifies a token on a network: `${chainId}:${address}` with the address lower-cased. */
export type AssetKey = `${number}:${Address}`

export interface AssetRef {
  readonly chainId: number
  readonly token: Address
}

export interface Network {
  readonly chainId: number
  /** Short machine name, lower-case (`ethereum`, `arbitrum`, `base`). */
  readonly name: string
  readonly displayName: string
  /** Average block interval. */
  readonly blockTimeMs: number
  /** Time until a transaction is final for cross-chain use. */
  readonly finalitySeconds: number
  /** Gas price in wei of the native token. */
  readonly gasPriceWei: bigint
  readonly nativeSymbol: string
  readonly nativePriceUsd: number
  /** 0 = empty blocks, 1 = every block full; lengthens inclusion and raises revert risk. */
  readonly congestion: number
  /**
   * Measured probability that one swap attempt reverts for a reason other than price (e.g. from the
   * executor's own log). Absent: the risk model's assumption from congestion (solver/risk/parameters.ts).
   */
  readonly swapRevertProbability?: number
  /**
   * The executor's own time per step that is not waiting for a block: market re-read,
   * allowance read, simulation, signing, broadcast and receipt polling (solver/risk/MODEL.md §1).
   * Absent: the devnet-measured default (solver/risk/parameters.ts DEFAULT_TRANSACTION_OVERHEAD).
   */
  readonly executorOverhead?: ExecutorOverhead
  /** How many observations `congestion` and `swapRevertProbability` rest on, when fitted (`accord calibrate`). */
  readonly observations?: { readonly inclusion?: number; readonly swapAttempts?: number }
}

/** A log-normal per-transaction overhead given by its median and 95th percentile (seconds). */
export interface ExecutorOverhead {
  readonly medianSeconds: number
  readonly p95Seconds: number
  /** Transactions the estimate rests on, when fitted. */
  readonly observations?: number
}

export interface Token {
  readonly chainId: number
  readonly address: Address
  readonly symbol: string
  readonly decimals: number
  /**
   * USD price of one token unit. Stated in the market file, or — where the file gives none — derived at load time
   * (deriveTokenPrices; `priceSource` says how).
   */
  readonly priceUsd: number
  /** Absent: the price was stated. Otherwise how it was derived (issue 18: real snapshots leave many tokens unpriced). */
  readonly priceSource?: TokenPriceSource
  /** Annualised volatility of the USD price (0.6 = 60 %/year); drives price drift while steps wait. */
  readonly annualVolatility: number
}

/**
 * - `derived`: priced through the pool path of greatest depth to a token with a stated price (`from`); `depthUsd`
 *   is the USD value of the shallowest pool side on that path, the liquidity the price rests on.
 * - `unpriced`: no path reaches a priced token. The token is priced relative to `anchor` (the best-connected token
 *   of its unpriced component, nominally 1) only so the optimiser can scale its variables; plans into it are made in
 *   its own units and their gas is not valued (gasCostInTokenUnits).
 */
export type TokenPriceSource =
  | { readonly kind: 'derived'; readonly from: AssetKey; readonly path: readonly string[]; readonly depthUsd: number }
  | { readonly kind: 'unpriced'; readonly anchor: AssetKey; readonly path: readonly string[] }

/** Uniswap V2 style x·y = k pool. */
export interface ConstantProductPool {
  readonly kind: 'constantProduct'
  readonly id: string
  readonly chainId: number
  readonly address: Address
  readonly token0: Address
  readonly token1: Address
  readonly reserve0: bigint
  readonly reserve1: bigint
  /** Swap fee in basis points (Uniswap V2: 30). */
  readonly feeBps: number
  /** Gas used by one swap through this pool. */
  readonly gasUnits: number
}

/** Curve StableSwap pool (n coins). */
export interface StableSwapPool {
  readonly kind: 'stableSwap'
  readonly id: string
  readonly chainId: number
  readonly address: Address
  readonly tokens: readonly Address[]
  readonly balances: readonly bigint[]
  /** Amplification coefficient A as in the contract's `A()` (not multiplied by A_PRECISION). */
  readonly amplification: bigint
  /** Fee with denominator 1e10, as in the contract (4_000_000 = 0.04 %). */
  readonly fee: bigint
  /**
   * Per-coin rate multipliers as the contract's `stored_rates()` (1e18 precision, decimals included: a plain
   * 6-decimal coin has 10^30). Absent: 10^(36 − decimals) for every coin (StableSwap3Pool.vy RATES).
   */
  readonly rates?: readonly bigint[]
  readonly gasUnits: number
}

/** Balancer V2 weighted pool (WeightedPool / WeightedPool2Tokens), swapped through the Vault. */
export interface BalancerWeightedPool {
  readonly kind: 'balancerWeighted'
  readonly id: string
  readonly chainId: number
  readonly address: Address
  readonly tokens: readonly Address[]
  /** Raw balances per token, as the Vault's `getPoolTokens`. */
  readonly balances: readonly bigint[]
  /** Normalised weights, 18-decimal fixed point, summing to 1e18. */
  readonly weights: readonly bigint[]
  /** The pool's `getScalingFactors()`: 1e18·10^(18 − decimals), times a token rate where the pool applies one. */
  readonly scalingFactors: readonly bigint[]
  /** `getSwapFeePercentage()`, 18-decimal fixed point (3e15 = 0.3 %), taken from the input. */
  readonly swapFee: bigint
  /** `v0`: first factories, every power through LogExpMath; `v3Plus`: powers 1, 2, 4 computed exactly. */
  readonly version: 'v0' | 'v3Plus'
  readonly gasUnits: number
}

/** Balancer V2 stable pool (StablePool / ComposableStablePool without its BPT), fee taken from the input. */
export interface BalancerStablePool {
  readonly kind: 'balancerStable'
  readonly id: string
  readonly chainId: number
  readonly address: Address
  readonly tokens: readonly Address[]
  readonly balances: readonly bigint[]
  /** `getScalingFactors()`, including rate providers' rates at snapshot time. */
  readonly scalingFactors: readonly bigint[]
  /** `getAmplificationParameter().value`: A × 1000 (AMP_PRECISION). */
  readonly amplificationParameter: bigint
  /** `getSwapFeePercentage()`, 18-decimal fixed point. */
  readonly swapFee: bigint
  readonly gasUnits: number
}

/** An initialized tick of a concentrated-liquidity pool: liquidity added when the price crosses it upward. */
export interface InitializedTick {
  readonly tick: number
  /** Signed: removed when the price crosses the tick downward. */
  readonly liquidityNet: bigint
}

/**
 * Uniswap V3 concentrated-liquidity pool: slot0 (`sqrtPriceX96`, `tick`), in-range `liquidity` and the initialized
 * ticks, in the contract's units (Uniswap/v3-core contracts/UniswapV3Pool.sol).
 */
export interface ConcentratedLiquidityPool {
  readonly kind: 'concentratedLiquidity'
  readonly id: string
  readonly chainId: number
  readonly address: Address
  readonly token0: Address
  readonly token1: Address
  /** Fee in pips (hundredths of a basis point): 500 = 0.05 %, 3000 = 0.3 %, as the pool's `fee()`. */
  readonly fee: number
  readonly tickSpacing: number
  /** √(token1/token0 raw price)·2^96. */
  readonly sqrtPriceX96: bigint
  readonly tick: number
  /** Liquidity in range at the current price. */
  readonly liquidity: bigint
  /** Initialized ticks, ascending, multiples of tickSpacing. */
  readonly ticks: readonly InitializedTick[]
  /** Ticks [lower, upper] over which `ticks` is complete (a chain reader fetches a window); absent: all of them. */
  readonly tickRange?: { readonly lower: number; readonly upper: number }
  /** Gas of a swap that crosses no initialized tick. */
  readonly gasUnits: number
  /** Extra gas per initialized tick crossed (Tick.cross writes storage). */
  readonly gasPerTickCrossed: number
}

export type BridgeKind = 'intent' | 'liquidityPool' | 'burnMint' | 'canonical'

/** Fill-latency distribution of a bridge for transfers up to `maxAmountRaw` (input-token units). */
export interface LatencyTier {
  /** Upper bound of the transfer size this tier covers; absent on the last tier. */
  readonly maxAmountRaw?: bigint
  readonly medianSeconds: number
  readonly p95Seconds: number
  /** Fills the estimate rests on, when fitted (`accord calibrate`). */
  readonly observations?: number
}

/** A one-directional bridge route: `from` token on one network to `to` token on another. */
export interface Bridge {
  readonly kind: 'bridge'
  readonly id: string
  /** Protocol name, e.g. `across`, `cctp`, `stargate`, `arbitrum-canonical`. */
  readonly protocol: string
  readonly bridgeKind: BridgeKind
  readonly from: AssetRef
  readonly to: AssetRef
  /** Fixed fee, in input-token raw units, taken before the proportional fee. */
  readonly feeFixedRaw: bigint
  readonly feeBps: number
  /** Largest amount (output-token raw units) the destination can deliver. */
  readonly liquidityCapRaw: bigint
  /** Sorted by `maxAmountRaw`; the last tier has none. */
  readonly latencyTiers: readonly LatencyTier[]
  /** Probability that a transfer is not delivered (refunded or stuck past the deadline). */
  readonly failureProbability: number
  /** Settled transfers (filled or refunded) `failureProbability` rests on, when fitted. */
  readonly failureObservations?: number
  /** Gas of the deposit transaction on the origin network. */
  readonly gasUnits: number
  /** Origin confirmations the bridge waits for before filling. */
  readonly confirmations: number
}

export type Pool = ConstantProductPool | StableSwapPool | ConcentratedLiquidityPool | BalancerWeightedPool | BalancerStablePool
export type Venue = Pool | Bridge

/**
 * One asset of a lending market, as the Aave V3 Pool stores it (ReserveData and its configuration
 * bitmap) and its oracle prices it. Indexes and rates are rays (1e27); percentages have two
 * decimals (8000 = 80.00 %); caps are whole tokens (0 = no cap), as in ReserveConfiguration.
 */
export interface LendingReserve {
  readonly token: Address
  readonly decimals: number
  readonly ltvBps: number
  readonly liquidationThresholdBps: number
  /** 10500 = the liquidator receives 5 % extra collateral. */
  readonly liquidationBonusBps: number
  readonly active: boolean
  readonly frozen: boolean
  readonly paused: boolean
  readonly borrowingEnabled: boolean
  /** Oracle price in the market's base currency (AaveOracle.getAssetPrice; USD with 8 decimals on Aave V3). */
  readonly priceBase: bigint
  readonly liquidityIndexRay: bigint
  readonly variableBorrowIndexRay: bigint
  /** Current supply (liquidity) rate and variable borrow rate, rays per year. */
  readonly liquidityRateRay: bigint
  readonly variableBorrowRateRay: bigint
  /** Unix seconds of the last index update (ReserveData.lastUpdateTimestamp). */
  readonly lastUpdateTimestamp: number
  /** aToken scaledTotalSupply plus accruedToTreasury (scaled), for the supply cap check. */
  readonly scaledSuppliedRaw: bigint
  readonly scaledVariableDebtRaw: bigint
  readonly totalStableDebtRaw: bigint
  /** Underlying held by the aToken: the most that can be borrowed or withdrawn now. */
  readonly availableLiquidityRaw: bigint
  readonly supplyCapTokens: bigint
  readonly borrowCapTokens: bigint
  readonly aToken: Address
  readonly variableDebtToken: Address
}

/** A lending market (an Aave V3 Pool) on one network. */
export interface LendingMarket {
  readonly kind: 'lending'
  readonly id: string
  readonly protocol: 'aave-v3'
  readonly chainId: number
  /** The Pool proxy (supply, borrow, getUserAccountData). */
  readonly pool: Address
  readonly oracle: Address
  /** Units of one base-currency unit in oracle prices (1e8 for USD on Aave V3). */
  readonly baseCurrencyUnit: bigint
  readonly reserves: readonly LendingReserve[]
  /** Gas of one supply and of one variable-rate borrow. */
  readonly supplyGasUnits: number
  readonly borrowGasUnits: number
}

/** An ERC-4626 vault (OpenZeppelin ERC4626 rounding, with its decimals offset). */
export interface Erc4626Vault {
  readonly kind: 'erc4626'
  readonly id: string
  readonly chainId: number
  readonly address: Address
  readonly asset: Address
  readonly totalAssetsRaw: bigint
  readonly totalSupplyRaw: bigint
  /** ERC4626._decimalsOffset() (OpenZeppelin default 0). */
  readonly decimalsOffset: number
  readonly depositGasUnits: number
}

export interface Market {
  readonly name: string
  /** Snapshot time, unix seconds. */
  readonly timestamp: number
  /** Content hash of the state; changes whenever any state changes (see computeMarketVersion). */
  readonly version: string
  readonly networks: readonly Network[]
  readonly tokens: readonly Token[]
  readonly venues: readonly Venue[]
  /**
   * Venues listed in the snapshot that cannot trade (an empty reserve, no liquidity, a paused bridge): kept out of
   * `venues` so no stage sees them, and reported so a user knows why they are missing.
   */
  readonly inactiveVenues?: readonly InactiveVenue[]
  /** Lending markets (absent on markets without any). */
  readonly lendingMarkets?: readonly LendingMarket[]
  /** ERC-4626 vaults (absent on markets without any). */
  readonly vaults?: readonly Erc4626Vault[]
}

export interface InactiveVenue {
  readonly id: string
  readonly kind: Venue['kind']
  /** Why the venue cannot trade, e.g. `reserve1 is 0`, `paused`. */
  readonly reason: string
  /** Its state as listed, so the market can be written out again and updated back to life. */
  readonly venue: Venue
}
