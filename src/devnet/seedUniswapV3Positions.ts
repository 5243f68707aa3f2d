// The positions a devnet Uniswap V3 pool is seeded with: one full-range position plus `rangeCount` ranges of seeded
// centre and width around the start price, so that swaps cross many initialized ticks. Shared by the devnet
// (deployDevnetUniswapV3) and the V3 test fixture, which differ only in how many ranges and how far they spread.
import { getAmount0Delta, getAmount1Delta } from '../../solver/venues/uniswapV3/sqrtPriceMath.ts'
import { getSqrtRatioAtTick, MAX_TICK, MIN_TICK } from '../../solver/venues/uniswapV3/tickMath.ts'
import type { UniswapV3PositionSpec } from './deployUniswapV3.ts'

export interface SeedUniswapV3PositionsParameters {
  /** Seeded uniform [0, 1) source (solver/random.ts createRandom); draws 2 per range, then 1 per narrow position. */
  readonly random: () => number
  readonly tickSpacing: number
  /** The tick the ranges centre on. */
  readonly startTick: number
  /** The pool's initial √price, Q64.96 (decides each position's token amounts). */
  readonly sqrtPriceX96: bigint
  /** Liquidity of the full-range position; each narrow one gets 0.2–3.2× it. */
  readonly baseLiquidity: number
  /** Narrow ranges besides the full-range one. */
  readonly rangeCount: number
  /** Range centres are uniform within ±spreadTicks/2 of startTick. */
  readonly spreadTicks: number
}

/** Widest narrow range, ticks (widths are log-uniform from one tick spacing up to it). */
const MAX_WIDTH_TICKS = 4000

/**
 * Full range first, then `rangeCount` ranges with log-uniform widths, all aligned to the tick spacing. Each
 * position's amounts are those of its liquidity at the start price, rounded up (whitepaper §6.2.3; SqrtPriceMath
 * getAmount0Delta/getAmount1Delta), so the position manager mints at most that liquidity.
 */
export function seedUniswapV3Positions(parameters: SeedUniswapV3PositionsParameters): UniswapV3PositionSpec[] {
  const { random, tickSpacing: spacing, startTick, sqrtPriceX96, baseLiquidity, rangeCount, spreadTicks } = parameters
  const align = (tick: number) => Math.round(tick / spacing) * spacing
  const ranges: [number, number][] = [[Math.ceil(MIN_TICK / spacing) * spacing, Math.floor(MAX_TICK / spacing) * spacing]]
  for (let i = 0; i < rangeCount; i++) {
    const center = startTick + (random() - 0.5) * spreadTicks
    const width = Math.max(spacing, align(Math.exp(Math.log(spacing) + random() * Math.log(MAX_WIDTH_TICKS / spacing))))
    const lower = align(center - width / 2)
    ranges.push([lower, Math.max(lower + spacing, align(center + width / 2))])
  }
  return ranges.map(([tickLower, tickUpper], i) => {
    const liquidity = BigInt(Math.floor(baseLiquidity * (i === 0 ? 1 : 0.2 + 3 * random())))
    const [sqrtLower, sqrtUpper] = [getSqrtRatioAtTick(tickLower), getSqrtRatioAtTick(tickUpper)]
    const sqrtCurrent = sqrtPriceX96 < sqrtLower ? sqrtLower : sqrtPriceX96 > sqrtUpper ? sqrtUpper : sqrtPriceX96
    return {
      tickLower,
      tickUpper,
      amount0Desired: getAmount0Delta(sqrtCurrent, sqrtUpper, liquidity, true),
      amount1Desired: getAmount1Delta(sqrtLower, sqrtCurrent, liquidity, true),
    }
  })
}
