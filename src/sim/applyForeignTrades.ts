// Other traders' swaps in a pool, landing in the same block just before one of the plan's swaps:
// the order flow the risk model leaves out.
import type { MarketIndex } from '../../solver/market/indexMarket.ts'
import type { AssetKey, Pool } from '../../solver/market/types.ts'
import { applyVenueTrade } from '../../solver/venues/applyVenueTrade.ts'
import { quoteVenue } from '../../solver/venues/quoteVenue.ts'
import { resolveVenuePair } from '../../solver/venues/resolveVenuePair.ts'
import { poolMidPrice } from './poolMidPrice.ts'
import { sampleExponential, samplePoisson } from './randomVariates.ts'

/**
 * Foreign order flow. ASSUMPTION (no published per-pool figures are used): a busy pool sees about
 * one swap per block ahead of any given transaction, each a small share of the pool's depth; the
 * defaults (DEFAULT_FLOW_TRADERS) are deliberately modest.
 */
export interface FlowTraders {
  /** Mean number of other traders' swaps ahead of each of the plan's swaps in its block (Poisson). */
  readonly tradesPerBlock: number
  /** Mean size of one such swap as a share of the pool's balance of the token it sells (exponential). */
  readonly sizeShareOfDepth: number
}

/** One swap per block of 2 bps of depth on average: a price move of about ±4 bps per trade in a constant-product pool. */
export const DEFAULT_FLOW_TRADERS: FlowTraders = { tradesPerBlock: 1, sizeShareOfDepth: 0.0002 }

export interface ApplyForeignTradesReturnType {
  readonly pool: Pool
  readonly trades: number
  /** New mid price of A in B over the old one: the factor arbitrageurs undo after the block. */
  readonly priceFactor: number
}

/**
 * Draws the foreign swaps in `pool` between `tokenA` and `tokenB` and executes them with the exact
 * venue math (quoteVenue, applyVenueTrade): a Poisson(tradesPerBlock) count, each selling A or B with
 * probability ½, sized sizeShareOfDepth × Exp(1) of the pool's balance of the token sold (at most
 * half of it). Uses `random` in a fixed order, so a seed reproduces the flow.
 */
export function applyForeignTrades(
  index: MarketIndex,
  pool: Pool,
  tokenA: AssetKey,
  tokenB: AssetKey,
  flow: FlowTraders,
  random: () => number,
): ApplyForeignTradesReturnType {
  const count = samplePoisson(random, flow.tradesPerBlock)
  if (count === 0) return { pool, trades: 0, priceFactor: 1 }
  const before = poolMidPrice(index, pool, tokenA, tokenB)
  let state = pool
  for (let trade = 0; trade < count; trade++) {
    const sellA = random() < 0.5
    const [tokenIn, tokenOut] = sellA ? [tokenA, tokenB] : [tokenB, tokenA]
    const size = flow.sizeShareOfDepth * sampleExponential(random)
    const balance = balanceOf(state, tokenIn, tokenOut)
    const amountInRaw = BigInt(Math.floor(Math.min(0.5, size) * Number(balance)))
    if (amountInRaw <= 0n) continue
    const { amountOutRaw } = quoteVenue(index, state, tokenIn, tokenOut, amountInRaw)
    if (amountOutRaw <= 0n) continue
    state = applyVenueTrade(state, tokenIn, tokenOut, amountInRaw, amountOutRaw) as Pool
  }
  return { pool: state, trades: count, priceFactor: poolMidPrice(index, state, tokenA, tokenB) / before }
}

function balanceOf(pool: Pool, tokenIn: AssetKey, tokenOut: AssetKey): bigint {
  const { indexIn } = resolveVenuePair(pool, tokenIn, tokenOut)
  if (pool.kind === 'concentratedLiquidity') {
    // Virtual reserves of the current range, x = L/√P and y = L·√P (Uniswap V3 whitepaper §6.2.1).
    return indexIn === 0 ? (pool.liquidity << 96n) / pool.sqrtPriceX96 : (pool.liquidity * pool.sqrtPriceX96) >> 96n
  }
  return pool.kind === 'constantProduct' ? (indexIn === 0 ? pool.reserve0 : pool.reserve1) : pool.balances[indexIn]!
}
