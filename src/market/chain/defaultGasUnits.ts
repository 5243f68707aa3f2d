// Gas of one swap, used for pools whose config gives none. Measured on the devnet (anvil 1.7.1):
// UniswapV2Router02.swapExactTokensForTokens, one hop: 132,959 (src/devnet/devnetDefaults.ts DEVNET_GAS_UNITS,
// re-measured by test/src/devnet/startDevnet.test.ts); SwapRouter.exactInputSingle through a Uniswap V3 pool:
// 103,884 + 28,452 per initialized tick crossed, least squares over 690 swaps (re-measured by
// test/src/devnet/uniswapV3Swaps.test.ts). Uniswap's smart-order-router assumes about 31,000 per tick on mainnet.
// A Curve StableSwap exchange: 150,000, the middle of the 140–160k estimate of fixtures/realisticMarket.ts (not
// measured: the devnet has no Curve pool).
export const DEFAULT_GAS_UNITS = { uniswapV2Swap: 133_000, uniswapV3Swap: 104_000, uniswapV3PerTickCrossed: 28_500, curveStableSwap: 150_000 } as const
