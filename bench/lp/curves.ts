// Explicit concave venue curves for the split-optimiser tests, written from their published formulas
// (independent of solver/venues, which is written separately).
import type { SplitEdge } from '../../solver/lp/types.ts'

export interface ConstantProductEdgeParameters {
  readonly id: string
  readonly from: string
  readonly to: string
  readonly reserveIn: number
  readonly reserveOut: number
  readonly feeBps: number
  readonly fixedCost?: number
}

/**
 * x·y = k pool in floats: y = R_out·x·γ / (R_in + x·γ), γ = 1 − fee (UniswapV2Library.getAmountOut,
 * https://github.com/Uniswap/v2-periphery/blob/master/contracts/libraries/UniswapV2Library.sol,
 * without the integer rounding). Marginal: R_out·R_in·γ / (R_in + x·γ)².
 */
export function constantProductEdge(parameters: ConstantProductEdgeParameters): SplitEdge {
  const { id, from, to, reserveIn, reserveOut, feeBps, fixedCost = 0 } = parameters
  const gamma = 1 - feeBps / 10_000
  return {
    id,
    from,
    to,
    output: (x) => (reserveOut * x * gamma) / (reserveIn + x * gamma),
    marginal: (x) => (reserveOut * reserveIn * gamma) / (reserveIn + x * gamma) ** 2,
    maxOutput: reserveOut,
    fixedCost,
  }
}

export interface LinearBridgeEdgeParameters {
  readonly id: string
  readonly from: string
  readonly to: string
  /** `to` units per `from` unit before the fee. */
  readonly rate: number
  readonly feeBps: number
  /** Most the bridge can deliver (its liquidity on the destination side). */
  readonly cap: number
  /** 'curve': output = min(rate·(1−fee)·x, cap) itself; 'maxOutput': output is linear, the cap only in maxOutput. */
  readonly capIn?: 'curve' | 'maxOutput'
  readonly fixedCost?: number
}

/** A bridge paying rate·(1 − fee) per unit up to its liquidity cap: linear, then flat (concave). */
export function linearBridgeEdge(parameters: LinearBridgeEdgeParameters): SplitEdge {
  const { id, from, to, rate, feeBps, cap, capIn = 'curve', fixedCost = 0 } = parameters
  const net = rate * (1 - feeBps / 10_000)
  const saturation = cap / net
  return {
    id,
    from,
    to,
    output: capIn === 'curve' ? (x) => Math.min(net * x, cap) : (x) => net * x,
    marginal: capIn === 'curve' ? (x) => (x < saturation ? net : 0) : () => net,
    maxOutput: cap,
    fixedCost,
  }
}
