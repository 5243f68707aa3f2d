// The float output curve of a Uniswap V3 pool for the split optimiser: piecewise between initialized ticks, each
// piece the constant-liquidity closed form of the whitepaper (Uniswap V3 Core, §6.2.3):
//   token0 in:  1/√P' = 1/√P + Δx/L, out Δy = L·(√P − √P');  token1 in: √P' = √P + Δy/L, out Δx = L·(1/√P − 1/√P').
// The marginal output is (1 − fee)·P (token0 in) or (1 − fee)/P (token1 in) at the current price, so it is continuous
// across ticks (liquidity jumps, price does not) and falls as the price moves: the curve is concave and C¹.
// It mirrors solver/venues/uniswapV3/simulateSwap.ts up to rounding (the exact amounts come from there).
import type { ConcentratedLiquidityPool } from '../market/types.ts'
import { MAX_TICK, MIN_TICK } from './uniswapV3/tickMath.ts'

interface Piece {
  /** Cumulative input after fee (raw) at the start of the piece, and the output (raw) there. */
  readonly inStart: number
  readonly outStart: number
  /** √price (raw token1/token0) at the start of the piece. */
  readonly sqrtStart: number
  readonly liquidity: number
}

const sqrtAtTick = (tick: number) => Math.pow(1.0001, tick / 2)

/** The VenueCurve shape of venueCurve.ts (declared here too, so the two files do not import each other). */
export interface ConcentratedLiquidityCurve {
  output(x: number): number
  marginal(x: number): number
  readonly maxOutput: number
  readonly fixedFee: number
}

/** The curve of `pool` for token0 → token1 (`zeroForOne`) or token1 → token0, in token units. */
export function concentratedLiquidityCurve(pool: ConcentratedLiquidityPool, zeroForOne: boolean, decimalsIn: number, decimalsOut: number): ConcentratedLiquidityCurve {
  const gamma = 1 - pool.fee / 1e6
  const scaleIn = 10 ** decimalsIn
  const scaleOut = 10 ** decimalsOut
  const pieces: Piece[] = []
  let sqrt = Number(pool.sqrtPriceX96) / 2 ** 96
  let liquidity = Number(pool.liquidity)
  let inTotal = 0
  let outTotal = 0
  const lowest = Math.max(MIN_TICK, pool.tickRange?.lower ?? MIN_TICK)
  const highest = Math.min(MAX_TICK, pool.tickRange?.upper ?? MAX_TICK)
  // Initialized ticks in the order the price meets them, then the edge of what is known.
  const ticks = zeroForOne
    ? pool.ticks.filter((t) => t.tick <= pool.tick).reverse()
    : pool.ticks.filter((t) => t.tick > pool.tick)
  const stops = [...ticks.map((t) => ({ tick: t.tick, net: Number(t.liquidityNet) })), { tick: zeroForOne ? lowest : highest, net: 0 }]
  for (const stop of stops) {
    if (zeroForOne ? stop.tick < lowest : stop.tick > highest) break
    const sqrtNext = sqrtAtTick(stop.tick)
    pieces.push({ inStart: inTotal, outStart: outTotal, sqrtStart: sqrt, liquidity })
    if (liquidity > 0) {
      if (zeroForOne && sqrtNext < sqrt) {
        inTotal += liquidity * (1 / sqrtNext - 1 / sqrt)
        outTotal += liquidity * (sqrt - sqrtNext)
      } else if (!zeroForOne && sqrtNext > sqrt) {
        inTotal += liquidity * (sqrtNext - sqrt)
        outTotal += liquidity * (1 / sqrt - 1 / sqrtNext)
      }
    }
    sqrt = sqrtNext
    liquidity = Math.max(0, liquidity + (zeroForOne ? -stop.net : stop.net))
  }
  const maxOutRaw = outTotal
  const maxInRaw = inTotal
  /** The piece holding cumulative input `x` (after fee, raw): the last whose start is ≤ x (binary search). */
  const pieceAt = (x: number): Piece => {
    let lo = 0
    let hi = pieces.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if ((pieces[mid] as Piece).inStart <= x) lo = mid
      else hi = mid - 1
    }
    return pieces[lo] as Piece
  }
  /** √price after input x (after fee, raw) within its piece. */
  const sqrtAfter = (piece: Piece, x: number): number => {
    const dx = x - piece.inStart
    if (piece.liquidity <= 0) return piece.sqrtStart
    return zeroForOne
      ? (piece.liquidity * piece.sqrtStart) / (piece.liquidity + dx * piece.sqrtStart)
      : piece.sqrtStart + dx / piece.liquidity
  }
  return {
    output: (x) => {
      if (!(x > 0) || pieces.length === 0) return 0
      const xRaw = x * scaleIn * gamma
      if (xRaw >= maxInRaw) return maxOutRaw / scaleOut
      const piece = pieceAt(xRaw)
      const s = sqrtAfter(piece, xRaw)
      // Without cancellation: L·(√a − √P) = Δx·√a·√P (token0 in); L·(1/√a − 1/√P) = Δy/(√a·√P) (token1 in).
      const dx = xRaw - piece.inStart
      const out = zeroForOne ? dx * piece.sqrtStart * s : dx / (piece.sqrtStart * s)
      return (piece.outStart + out) / scaleOut
    },
    marginal: (x) => {
      if (pieces.length === 0) return 0
      const xRaw = Math.max(0, x) * scaleIn * gamma
      if (xRaw >= maxInRaw) return 0
      const s = sqrtAfter(pieceAt(xRaw), xRaw)
      const price = zeroForOne ? s * s : 1 / (s * s)
      return (gamma * price * scaleIn) / scaleOut
    },
    maxOutput: maxOutRaw / scaleOut,
    fixedFee: 0,
  }
}
