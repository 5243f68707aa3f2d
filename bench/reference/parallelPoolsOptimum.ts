// Closed-form optimum of one trade split over N parallel constant-product pools of the same pair:
// the check the reference optimum is tested against.

export interface ParallelPool {
  /** Input-token reserve, token units. */
  readonly reserveIn: number
  /** Output-token reserve, token units. */
  readonly reserveOut: number
  readonly feeBps: number
}

export interface ParallelPoolsOptimum {
  /** Input per pool, token units (0 for pools left out). */
  readonly inputs: readonly number[]
  /** Total output, token units. */
  readonly amountOut: number
  /** The common marginal rate λ of the pools that trade. */
  readonly marginalRate: number
}

/**
 * Maximises Σ f_i(x_i) subject to Σ x_i = X, x_i ≥ 0, with f_i(x) = γ_i·x·B_i/(A_i + γ_i·x) (Uniswap V2
 * getAmountOut in real numbers, γ_i = 1 − fee_i). The objective is concave, so the optimum equalises
 * marginal rates (KKT; Angeris, Evans, Chitra, Boyd, "Optimal Routing for Constant Function Market
 * Makers", 2022): every trading pool has f_i'(x_i) = γ_i·A_i·B_i/(A_i + γ_i·x_i)² = λ, i.e.
 *   x_i = √(A_i·B_i/(γ_i·λ)) − A_i/γ_i,
 * and summing over the trading set S gives 1/√λ = (X + Σ_S A_i/γ_i) / Σ_S √(A_i·B_i/γ_i).
 * A pool trades iff its spot rate γ_i·B_i/A_i exceeds λ; S is found by adding pools in order of
 * spot rate until the next one's spot rate is no longer above λ. With equal prices and equal fees
 * every pool trades and the total is that of one pool with the summed reserves: γ·X·ΣB/(ΣA + γ·X).
 */
export function parallelPoolsOptimum(pools: readonly ParallelPool[], amountIn: number): ParallelPoolsOptimum {
  const gamma = pools.map((pool) => 1 - pool.feeBps / 10_000)
  const spot = pools.map((pool, i) => (gamma[i]! * pool.reserveOut) / pool.reserveIn)
  const order = pools.map((_, i) => i).sort((a, b) => spot[b]! - spot[a]!)
  let lambda = 0
  let trading = 0
  let sumOffset = 0
  let sumRoot = 0
  for (const [position, i] of order.entries()) {
    const pool = pools[i]!
    const offset = sumOffset + pool.reserveIn / gamma[i]!
    const root = sumRoot + Math.sqrt((pool.reserveIn * pool.reserveOut) / gamma[i]!)
    const candidate = (root / (amountIn + offset)) ** 2
    if (position > 0 && spot[i]! <= lambda) break
    // Adding pool i is right only if it would trade at the λ the enlarged set gives.
    if (position > 0 && spot[i]! <= candidate) break
    sumOffset = offset
    sumRoot = root
    lambda = candidate
    trading = position + 1
  }
  const inputs = pools.map(() => 0)
  let amountOut = 0
  for (const i of order.slice(0, trading)) {
    const pool = pools[i]!
    const x = Math.max(0, Math.sqrt((pool.reserveIn * pool.reserveOut) / (gamma[i]! * lambda)) - pool.reserveIn / gamma[i]!)
    inputs[i] = x
    amountOut += (gamma[i]! * x * pool.reserveOut) / (pool.reserveIn + gamma[i]! * x)
  }
  return { inputs, amountOut, marginalRate: lambda }
}
