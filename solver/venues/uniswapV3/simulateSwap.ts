// The Uniswap V3 swap loop over initialized ticks, as UniswapV3Pool.swap runs it, on a pool state held as data.
// Source: Uniswap/v3-core contracts/UniswapV3Pool.sol (swap), contracts/libraries/TickBitmap.sol
// (nextInitializedTickWithinOneWord) and LiquidityMath.sol (addDelta). The loop steps to the next initialized tick
// or to the edge of the current 256-tick bitmap word, whichever is nearer, exactly as the contract does: a step
// boundary changes the rounding, so stopping only at initialized ticks would differ from the pool by a few wei.
import { BaseError } from '../../errors.ts'
import type { InitializedTick } from '../../market/types.ts'
import { MAX_UINT128 } from './fullMath.ts'
import { computeSwapStep } from './swapMath.ts'
import { getSqrtRatioAtTick, getTickAtSqrtRatio, MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK } from './tickMath.ts'


/** The pool state a swap needs (slot0, liquidity, the initialized ticks), in the contract's units. */
export interface ConcentratedLiquidityState {
  readonly sqrtPriceX96: bigint
  readonly tick: number
  /** In-range liquidity L. */
  readonly liquidity: bigint
  /** Fee in hundredths of a basis point (pips): 500 = 0.05 %, 3000 = 0.3 %. */
  readonly fee: number
  readonly tickSpacing: number
  /** Initialized ticks, ascending, each a multiple of tickSpacing. */
  readonly ticks: readonly InitializedTick[]
  /**
   * The ticks [lower, upper] for which `ticks` is known to be complete (a reader fetches whole bitmap words around the
   * price). Absent: `ticks` lists every initialized tick of the pool.
   */
  readonly tickRange?: { readonly lower: number; readonly upper: number }
}

export interface SimulateSwapParameters {
  readonly zeroForOne: boolean
  /** > 0: exact input (fee included); < 0: exact output. */
  readonly amountSpecified: bigint
  /** Default: MIN_SQRT_RATIO + 1 or MAX_SQRT_RATIO − 1, as SwapRouter and QuoterV2 use when given 0. */
  readonly sqrtPriceLimitX96?: bigint
}

export interface SimulateSwapReturnType {
  /** Pool's token0 delta: positive = paid into the pool, negative = paid out (as the contract's return value). */
  readonly amount0: bigint
  readonly amount1: bigint
  readonly sqrtPriceX96: bigint
  readonly tick: number
  readonly liquidity: bigint
  /** Total swap fee taken, input-token raw units (protocol share included). */
  readonly feeAmount: bigint
  /** Initialized ticks crossed (each costs gas: Tick.cross writes storage). */
  readonly initializedTicksCrossed: number
  /** False when the swap would leave `tickRange`: the amounts are then those up to its edge, not the pool's. */
  readonly withinKnownTicks: boolean
}

/** Index of the first tick in `ticks` with tick ≥ value (binary search). */
function lowerBound(ticks: readonly InitializedTick[], value: number): number {
  let lo = 0
  let hi = ticks.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((ticks[mid] as InitializedTick).tick < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * TickBitmap.nextInitializedTickWithinOneWord on a sorted tick list: the next initialized tick at or below
 * (lte) / above the current tick, limited to the current 256-bit word of compressed ticks.
 */
function nextInitializedTickWithinOneWord(
  ticks: readonly InitializedTick[],
  tick: number,
  tickSpacing: number,
  lte: boolean,
): { next: number; initialized: boolean; word: number } {
  const compressed = Math.floor(tick / tickSpacing)
  if (lte) {
    const word = Math.floor(compressed / 256)
    const wordStart = word * 256 * tickSpacing
    const index = lowerBound(ticks, compressed * tickSpacing + 1) - 1
    const candidate = index >= 0 ? (ticks[index] as InitializedTick).tick : undefined
    return candidate !== undefined && candidate >= wordStart
      ? { next: candidate, initialized: true, word }
      : { next: wordStart, initialized: false, word }
  }
  const word = Math.floor((compressed + 1) / 256)
  const wordEnd = (word * 256 + 255) * tickSpacing
  const index = lowerBound(ticks, (compressed + 1) * tickSpacing)
  const candidate = index < ticks.length ? (ticks[index] as InitializedTick).tick : undefined
  return candidate !== undefined && candidate <= wordEnd
    ? { next: candidate, initialized: true, word }
    : { next: wordEnd, initialized: false, word }
}

function liquidityNetAt(ticks: readonly InitializedTick[], tick: number): bigint {
  const entry = ticks[lowerBound(ticks, tick)]
  return entry !== undefined && entry.tick === tick ? entry.liquidityNet : 0n
}

/**
 * Runs UniswapV3Pool.swap on `state` without touching anything: the amounts the pool would take and pay, and the
 * state it would be left in. Protocol fees do not change the amounts and are ignored.
 * Throws BaseError `INVALID_ARGUMENT` where the pool reverts: amountSpecified = 0 ('AS'), a price limit on the
 * wrong side ('SPL'), liquidity under- or overflow ('LS'/'LA').
 */
export function simulateSwap(state: ConcentratedLiquidityState, parameters: SimulateSwapParameters): SimulateSwapReturnType {
  const { zeroForOne, amountSpecified } = parameters
  const limit = parameters.sqrtPriceLimitX96 ?? (zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n)
  if (amountSpecified === 0n) throw new BaseError('INVALID_ARGUMENT', 'Swap amount must not be zero.', { field: 'amountSpecified' })
  if (zeroForOne ? !(limit < state.sqrtPriceX96 && limit > MIN_SQRT_RATIO) : !(limit > state.sqrtPriceX96 && limit < MAX_SQRT_RATIO))
    throw new BaseError('INVALID_ARGUMENT', 'Price limit is on the wrong side of the current price.', { field: 'sqrtPriceLimitX96' })
  const exactInput = amountSpecified > 0n
  const { ticks, tickSpacing, fee, tickRange } = state
  const wordLower = tickRange === undefined ? -Infinity : Math.floor(Math.floor(tickRange.lower / tickSpacing) / 256)
  const wordUpper = tickRange === undefined ? Infinity : Math.floor(Math.floor(tickRange.upper / tickSpacing) / 256)
  let remaining = amountSpecified
  let calculated = 0n
  let sqrtPriceX96 = state.sqrtPriceX96
  let tick = state.tick
  let liquidity = state.liquidity
  let initializedTicksCrossed = 0
  let feeAmount = 0n
  let withinKnownTicks = true
  while (remaining !== 0n && sqrtPriceX96 !== limit) {
    const sqrtPriceStartX96 = sqrtPriceX96
    const step = nextInitializedTickWithinOneWord(ticks, tick, tickSpacing, zeroForOne)
    if (step.word < wordLower || step.word > wordUpper) {
      withinKnownTicks = false
      break
    }
    const tickNext = Math.min(MAX_TICK, Math.max(MIN_TICK, step.next))
    const sqrtPriceNextX96 = getSqrtRatioAtTick(tickNext)
    const target = (zeroForOne ? sqrtPriceNextX96 < limit : sqrtPriceNextX96 > limit) ? limit : sqrtPriceNextX96
    const result = computeSwapStep(sqrtPriceX96, target, liquidity, remaining, fee)
    sqrtPriceX96 = result.sqrtRatioNextX96
    feeAmount += result.feeAmount
    if (exactInput) {
      remaining -= result.amountIn + result.feeAmount
      calculated -= result.amountOut
    } else {
      remaining += result.amountOut
      calculated += result.amountIn + result.feeAmount
    }
    if (sqrtPriceX96 === sqrtPriceNextX96) {
      if (step.initialized) {
        const net = liquidityNetAt(ticks, tickNext)
        liquidity += zeroForOne ? -net : net
        if (liquidity < 0n) throw new BaseError('INVALID_ARGUMENT', 'Liquidity underflows crossing a tick (the pool reverts LS).')
        if (liquidity > MAX_UINT128) throw new BaseError('INVALID_ARGUMENT', 'Liquidity overflows crossing a tick (the pool reverts LA).')
        initializedTicksCrossed++
      }
      tick = zeroForOne ? tickNext - 1 : tickNext
    } else if (sqrtPriceX96 !== sqrtPriceStartX96) {
      tick = getTickAtSqrtRatio(sqrtPriceX96)
    }
  }
  const [amount0, amount1] =
    zeroForOne === exactInput ? [amountSpecified - remaining, calculated] : [calculated, amountSpecified - remaining]
  return { amount0, amount1, sqrtPriceX96, tick, liquidity, feeAmount, initializedTicksCrossed, withinKnownTicks }
}
