// Shapes shared by the devnet modules, and the sidecar file `devnet.json` (DevnetInfo) that tells
// the executor where everything is deployed; the market file has no slot for contract addresses.
import type { Address } from '../../solver/market/types.ts'

export interface DevnetTokenSpec {
  readonly symbol: string
  readonly name: string
  readonly decimals: number
  /** Reference price the pools are seeded at (devnet assumption, not a live price). */
  readonly priceUsd: number
  readonly annualVolatility: number
}

export interface DevnetChainSpec {
  readonly chainId: number
  /** Market network name (lower-case). */
  readonly name: string
  readonly displayName: string
  /** anvil interval mining period. */
  readonly blockTimeMs: number
  /** USD value seeded on each side of every pool of this chain. */
  readonly poolDepthUsd: number
  /** Multiplies a token's reference price in this chain's pools (1.002 = 0.2 % dearer); default 1. */
  readonly priceSkew?: Readonly<Record<string, number>>
}

export interface DevnetPoolSpec {
  readonly symbol0: string
  readonly symbol1: string
}

export interface DevnetPoolInfo {
  /** Venue id in the market file. */
  readonly id: string
  readonly address: Address
  /** Uniswap's ordering: token0 < token1 by address. */
  readonly token0: Address
  readonly token1: Address
  readonly symbol0: string
  readonly symbol1: string
}

export interface DevnetChainContracts {
  readonly factory: Address
  readonly router: Address
  readonly spoke: Address
  /** By symbol. */
  readonly tokens: Readonly<Record<string, Address>>
  readonly pools: readonly DevnetPoolInfo[]
  /** Uniswap V3 (factory, SwapRouter, QuoterV2, position manager and pools), when the devnet deployed it. */
  readonly uniswapV3?: DevnetUniswapV3Info
  /** The Aave V3 market and ERC-4626 vault, on the one chain that hosts them (see devnetLendingDefaults.ts). */
  readonly lending?: DevnetLendingContracts
  /** Multicall3 (deployMulticall3.ts), for live market reads through `multicall3Address`. */
  readonly multicall3?: Address
}

/** A Uniswap V3 pool to create on every chain, at the chain's reference prices. */
export interface DevnetUniswapV3PoolSpec {
  readonly symbolA: string
  readonly symbolB: string
  /** Fee tier in pips: 500, 3000 or 10000. */
  readonly fee: number
  /** Value of its full-range position as a share of the chain's poolDepthUsd (narrow positions add more). */
  readonly depthShare: number
}

export interface DevnetUniswapV3PoolInfo extends DevnetPoolInfo {
  readonly fee: number
  readonly tickSpacing: number
}

export interface DevnetUniswapV3Info {
  readonly factory: Address
  readonly swapRouter: Address
  readonly quoterV2: Address
  readonly positionManager: Address
  readonly pools: readonly DevnetUniswapV3PoolInfo[]
}

/** Addresses of the Aave V3 deployment (from @aave/core-v3) and the vault on one devnet chain. */
export interface DevnetLendingContracts {
  readonly marketId: string
  readonly poolAddressesProvider: Address
  readonly aclManager: Address
  /** The Pool proxy users call. */
  readonly pool: Address
  readonly poolConfigurator: Address
  readonly oracle: Address
  readonly dataProvider: Address
  /** By symbol. `aggregator` is the MockAggregator price source the oracle reads. */
  readonly reserves: Readonly<
    Record<string, { readonly aToken: Address; readonly variableDebtToken: Address; readonly stableDebtToken: Address; readonly aggregator: Address; readonly interestRateStrategy: Address }>
  >
  readonly vault: { readonly address: Address; readonly assetSymbol: string }
}

export interface DevnetChainInfo {
  readonly chainId: number
  readonly name: string
  readonly displayName: string
  readonly rpcUrl: string
  readonly blockTimeMs: number
  readonly contracts: DevnetChainContracts
}

/** One direction of one token over the AccordSpoke bridge; `id` is the bridge venue id in the market. */
export interface DevnetBridgeInfo {
  readonly id: string
  readonly symbol: string
  readonly originChainId: number
  readonly destinationChainId: number
  readonly inputToken: Address
  readonly outputToken: Address
  /** Call `deposit` here. */
  readonly originSpoke: Address
  /** The relayer calls `fill` here. */
  readonly destinationSpoke: Address
  readonly feeBps: number
  /** Decimal digits, input-token raw units; taken before the proportional fee. */
  readonly feeFixedRaw: string
}

export interface DevnetRelayerInfo {
  readonly address: Address
  readonly delayMs: number
  readonly failureRate: number
  readonly seed: number
  readonly pollIntervalMs: number
}

export interface DevnetAccountInfo {
  readonly address: Address
  /** Index on the devnet mnemonic (m/44'/60'/0'/0/index). */
  readonly addressIndex: number
}

/** Contents of `devnet.json`. */
export interface DevnetInfo {
  readonly version: 1
  readonly name: string
  /** Unix seconds. */
  readonly createdAt: number
  /** anvil's public development mnemonic; every account below derives from it. */
  readonly mnemonic: string
  readonly accounts: { readonly deployer: DevnetAccountInfo; readonly relayer: DevnetAccountInfo; readonly user: DevnetAccountInfo }
  readonly tokens: readonly DevnetTokenSpec[]
  readonly chains: readonly DevnetChainInfo[]
  readonly bridges: readonly DevnetBridgeInfo[]
  readonly relayer: DevnetRelayerInfo
  /** Absolute path of the market file written alongside, when one was written. */
  readonly marketFile?: string
}
