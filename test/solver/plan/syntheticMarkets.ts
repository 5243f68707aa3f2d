// Small synthetic markets for the planner-search tests: one network without gas, constant-product
// pools built from USD depths, so that closed forms and brute force apply.
import { withMarketVersion } from '../../../solver/market/computeMarketVersion.ts'
import type { Address, ConstantProductPool, Market, Token } from '../../../solver/market/types.ts'

export const CHAIN_ID = 1
export const address = (n: number): Address => `0x${n.toString(16).padStart(40, '0')}`

export interface SyntheticToken {
  readonly symbol: string
  readonly decimals: number
  readonly priceUsd: number
}

export const USDC: SyntheticToken = { symbol: 'USDC', decimals: 6, priceUsd: 1 }
export const WETH: SyntheticToken = { symbol: 'WETH', decimals: 18, priceUsd: 3000 }

/** Raw reserve worth `usd` of a token. */
export function reserveOf(token: SyntheticToken, usd: number): bigint {
  return BigInt(Math.round((usd / token.priceUsd) * 1e6)) * 10n ** BigInt(token.decimals - 6)
}

export interface SyntheticPool {
  readonly a: number
  readonly b: number
  /** USD depth per side. */
  readonly depthUsd: number
  readonly feeBps: number
  /** Optional price skew: side b is worth (1 + skew) × side a. */
  readonly skew?: number
}

/** A one-network market of `tokens` and constant-product `pools` (indices into tokens), gas price 0. */
export function syntheticMarket(tokens: readonly SyntheticToken[], pools: readonly SyntheticPool[]): Market {
  const marketTokens: Token[] = tokens.map((token, i) => ({ chainId: CHAIN_ID, address: address(i + 1), symbol: token.symbol, decimals: token.decimals, priceUsd: token.priceUsd, annualVolatility: 0.5 }))
  const venues: ConstantProductPool[] = pools.map((pool, i) => ({
    kind: 'constantProduct',
    id: `pool-${i}`,
    chainId: CHAIN_ID,
    address: address(1000 + i),
    token0: address(pool.a + 1),
    token1: address(pool.b + 1),
    reserve0: reserveOf(tokens[pool.a]!, pool.depthUsd),
    reserve1: reserveOf(tokens[pool.b]!, pool.depthUsd * (1 + (pool.skew ?? 0))),
    feeBps: pool.feeBps,
    gasUnits: 100_000,
  }))
  return withMarketVersion({
    name: 'synthetic',
    timestamp: 1_700_000_000,
    networks: [{ chainId: CHAIN_ID, name: 'testnet', displayName: 'Testnet', blockTimeMs: 12_000, finalitySeconds: 900, gasPriceWei: 0n, nativeSymbol: 'ETH', nativePriceUsd: 3000, congestion: 0 }],
    tokens: marketTokens,
    venues,
  })
}

/**
 * The continuous optimum of routing `amountIn` (token units) through parallel constant-product pools
 * (reserves in token units): equal marginal rates γ·x·y/(x + γa)² = λ on every pool used, so
 * a_i = max(0, (√(γ x_i y_i / λ) − x_i)/γ), with λ found by bisection so that Σ a_i = amountIn.
 * Returns the allocation and the total output (token units).
 */
export function parallelPoolsOptimum(pools: ReadonlyArray<{ x: number; y: number; feeBps: number }>, amountIn: number): { allocation: number[]; output: number } {
  const allocationAt = (lambda: number) =>
    pools.map(({ x, y, feeBps }) => {
      const gamma = 1 - feeBps / 10_000
      return Math.max(0, (Math.sqrt((gamma * x * y) / lambda) - x) / gamma)
    })
  let low = 1e-30
  let high = Math.max(...pools.map(({ x, y, feeBps }) => ((1 - feeBps / 10_000) * y) / x))
  for (let i = 0; i < 200; i++) {
    const mid = Math.sqrt(low * high)
    const total = allocationAt(mid).reduce((sum, a) => sum + a, 0)
    if (total > amountIn) low = mid
    else high = mid
  }
  const allocation = allocationAt(Math.sqrt(low * high))
  const output = pools.reduce((sum, { x, y, feeBps }, i) => {
    const a = allocation[i]!
    const gamma = 1 - feeBps / 10_000
    return sum + (gamma * a * y) / (x + gamma * a)
  }, 0)
  return { allocation, output }
}
