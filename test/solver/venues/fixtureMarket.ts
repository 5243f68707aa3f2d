// A small market for the venue tests: one constant-product pool, one 3-coin StableSwap pool with mixed decimals,
// and bridges between two networks. Numbers are made up; the tests compare against independent formulas.
import { indexMarket, type MarketIndex } from '../../../solver/market/indexMarket.ts'
import type { Address, Bridge, ConstantProductPool, Market, Network, StableSwapPool, Token } from '../../../solver/market/types.ts'

export const WETH = '0x00000000000000000000000000000000000000e1' as Address
export const USDC = '0x00000000000000000000000000000000000000c1' as Address
export const USDT = '0x00000000000000000000000000000000000000d1' as Address
export const DAI = '0x00000000000000000000000000000000000000a1' as Address
export const USDC_L2 = '0x00000000000000000000000000000000000000c2' as Address

const network = (chainId: number, name: string): Network => ({
  chainId,
  name,
  displayName: name,
  blockTimeMs: 2000,
  finalitySeconds: 60,
  gasPriceWei: 1_000_000_000n,
  nativeSymbol: 'ETH',
  nativePriceUsd: 3000,
  congestion: 0.2,
})

const token = (chainId: number, address: Address, symbol: string, decimals: number, priceUsd: number): Token => ({
  chainId,
  address,
  symbol,
  decimals,
  priceUsd,
  annualVolatility: 0.5,
})

export const cpPool: ConstantProductPool = {
  kind: 'constantProduct',
  id: 'weth-usdc',
  chainId: 1,
  address: '0x0000000000000000000000000000000000000101',
  token0: USDC,
  token1: WETH,
  reserve0: 30_000_000n * 10n ** 6n,
  reserve1: 10_000n * 10n ** 18n,
  feeBps: 30,
  gasUnits: 110_000,
}

export const stablePool: StableSwapPool = {
  kind: 'stableSwap',
  id: 'three-pool',
  chainId: 1,
  address: '0x0000000000000000000000000000000000000102',
  tokens: [DAI, USDC, USDT],
  balances: [80_000_000n * 10n ** 18n, 120_000_000n * 10n ** 6n, 50_000_000n * 10n ** 6n],
  amplification: 2000n,
  fee: 4_000_000n,
  gasUnits: 160_000,
}

export const bridgeUp: Bridge = {
  kind: 'bridge',
  id: 'usdc-1-to-10',
  protocol: 'test',
  bridgeKind: 'intent',
  from: { chainId: 1, token: USDC },
  to: { chainId: 10, token: USDC_L2 },
  feeFixedRaw: 1_500_000n,
  feeBps: 5,
  liquidityCapRaw: 2_000_000n * 10n ** 18n,
  latencyTiers: [{ medianSeconds: 30, p95Seconds: 120 }],
  failureProbability: 0.001,
  gasUnits: 90_000,
  confirmations: 2,
}

export const market: Market = {
  name: 'venue-tests',
  timestamp: 1_700_000_000,
  version: 'test',
  networks: [network(1, 'ethereum'), network(10, 'optimism')],
  tokens: [
    token(1, WETH, 'WETH', 18, 3000),
    token(1, USDC, 'USDC', 6, 1),
    token(1, USDT, 'USDT', 6, 1),
    token(1, DAI, 'DAI', 18, 1),
    // An 18-decimal USDC-like token on the destination, so the bridge changes decimals.
    token(10, USDC_L2, 'USDC', 18, 1),
  ],
  venues: [cpPool, stablePool, bridgeUp],
}

export const index: MarketIndex = indexMarket(market)
