// The duration distribution of one step, as the risk model describes it (built by risk/stepLatency.ts,
// evaluated by risk/latencyDistribution.ts and risk/timeGrid.ts).

/**
 * A step's duration D = O + Σ_{i ≤ a + N} Y_i + c + L, independent parts (seconds): the executor's
 * overhead O for the step, then a approvals and N attempts of the step's own transaction:
 * - Y, inclusion: the wait for the next block, uniform on [0, blockSeconds), plus G·blockSeconds
 *   where G is the number of blocks that pass the transaction over, geometric with
 *   P(G = g) = (1 − p)^g·p, p = `inclusionProbability`. A swap with `attempts` is sent again when it
 *   reverts, so its Y is the sum of N independent inclusions, N the attempt that lands (given that
 *   one does: P(N = n) ∝ f^(n−1)·(1 − f), n ≤ `attempts.max`, f = `attempts.revertProbability`);
 * - c = `confirmationSeconds`, the (confirmations − 1) further blocks waited after inclusion;
 * - L, the bridge fill after the deposit is included, log-normal: ln L ~ N(`fill.mu`, `fill.sigma`²);
 *   absent for swaps.
 * Functions over it live in `risk/latencyDistribution.ts`.
 */
export interface StepLatency {
  readonly blockSeconds: number
  readonly inclusionProbability: number
  readonly confirmationSeconds: number
  readonly fill: { readonly mu: number; readonly sigma: number } | undefined
  /** Swaps: each attempt reverts with `revertProbability` and is sent again, up to `max` attempts. */
  readonly attempts: StepAttempts | undefined
  /** Approval transactions sent (and waited for) before the step's own transaction: 0 or 1. */
  readonly approvals: number
  /**
   * The executor's own time for the step (market re-read, trigger check, allowance read, simulations,
   * signing, broadcasts), log-normal: ln O ~ N(mu, sigma²), once per step. Undefined: none.
   */
  readonly overhead: { readonly mu: number; readonly sigma: number } | undefined
}

export interface StepAttempts {
  readonly revertProbability: number
  readonly max: number
}
