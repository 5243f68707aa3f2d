// Default shape of the devnet: chains, tokens, pools, bridge fees and funding. All numbers here are
// devnet assumptions chosen to make routing interesting (different depths, block times and a small
// WETH price gap between chains), not measurements of real networks.
import type { DevnetChainSpec, DevnetPoolSpec, DevnetTokenSpec, DevnetUniswapV3PoolSpec } from './types.ts'

/** Stablecoin volatility ≈ 2 %/year and ETH ≈ 60 %/year are round assumptions for the risk model. */
export const DEVNET_TOKENS: readonly DevnetTokenSpec[] = [
  { symbol: 'USDC', name: 'USD Coin (devnet)', decimals: 6, priceUsd: 1, annualVolatility: 0.02 },
  { symbol: 'USDT', name: 'Tether USD (devnet)', decimals: 6, priceUsd: 1, annualVolatility: 0.02 },
  { symbol: 'WETH', name: 'Wrapped Ether (devnet)', decimals: 18, priceUsd: 3000, annualVolatility: 0.6 },
]

/** Three chains with distinct ids (outside registered ranges) and block times of 1 s, 2 s and 250 ms. */
export const DEVNET_CHAINS: readonly DevnetChainSpec[] = [
  { chainId: 900001, name: 'devnet-a', displayName: 'Devnet A', blockTimeMs: 1000, poolDepthUsd: 4_000_000 },
  { chainId: 900002, name: 'devnet-b', displayName: 'Devnet B', blockTimeMs: 2000, poolDepthUsd: 2_000_000, priceSkew: { WETH: 0.997 } },
  { chainId: 900003, name: 'devnet-c', displayName: 'Devnet C', blockTimeMs: 250, poolDepthUsd: 1_000_000, priceSkew: { WETH: 1.003 } },
]

/** The Uniswap V2 pairs created on every chain. */
export const DEVNET_POOLS: readonly DevnetPoolSpec[] = [
  { symbol0: 'USDC', symbol1: 'WETH' },
  { symbol0: 'USDT', symbol1: 'WETH' },
  { symbol0: 'USDC', symbol1: 'USDT' },
]

/**
 * The Uniswap V3 pools `accord devnet up` creates on every chain (startDevnet `uniswapV3`): USDC/WETH at 0.05 % and
 * USDT/WETH at 0.3 %, beside the V2 pairs of the same tokens, so splits across V2 and V3 are in play.
 */
export const DEVNET_UNISWAP_V3_POOLS: readonly DevnetUniswapV3PoolSpec[] = [
  { symbolA: 'USDC', symbolB: 'WETH', fee: 500, depthShare: 0.25 },
  { symbolA: 'USDT', symbolB: 'WETH', fee: 3000, depthShare: 0.25 },
]

/**
 * Bridge fee per token: a proportional part and a fixed part (raw input units) standing for the
 * relayer's destination gas, in the manner of Across's relayer fee (capital + gas components).
 */
export const DEVNET_BRIDGE_FEES: Readonly<Record<string, { feeBps: number; feeFixedRaw: bigint }>> = {
  USDC: { feeBps: 5, feeFixedRaw: 100_000n }, // 0.10 USDC
  USDT: { feeBps: 5, feeFixedRaw: 100_000n }, // 0.10 USDT
  WETH: { feeBps: 5, feeFixedRaw: 30_000_000_000_000n }, // 0.00003 WETH ≈ 0.09 USD
}

/**
 * The demo devnet's bridge fees: USDT and WETH cost 1 % to bridge, USDC the default 0.05 % + 0.10
 * USDC, as if only USDC had deep relayer liquidity. A devnet assumption chosen so that the cheapest
 * route from USDT on devnet-a to WETH on devnet-c swaps into USDC, bridges it and swaps into WETH.
 */
export const DEMO_BRIDGE_FEES = {
  USDC: DEVNET_BRIDGE_FEES.USDC!,
  USDT: { feeBps: 100, feeFixedRaw: 100_000n },
  WETH: { feeBps: 100, feeFixedRaw: 30_000_000_000_000n },
} as const

/** USD value minted per token per chain: the relayer's inventory (the bridges' liquidity) and the user's wallet. */
export const DEVNET_FUNDING_USD = { relayer: 2_000_000, user: 100_000 } as const

/**
 * Gas of one swap through UniswapV2Router02.swapExactTokensForTokens (one hop, 132 959 measured) and
 * of one AccordSpoke.deposit (240 570 measured: it writes a fresh 8-slot record), on this devnet with
 * anvil 1.7.1; used as the venues' gasUnits. test/src/devnet/startDevnet.test.ts re-measures them.
 */
export const DEVNET_GAS_UNITS = { swap: 133_000, deposit: 241_000 } as const

/** Native-token price used for gas costs on every devnet chain (devnet assumption, matches WETH). */
export const DEVNET_NATIVE_PRICE_USD = 3000
