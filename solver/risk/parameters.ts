// The risk model's constants in one place, each with its source or the reasoning behind it
// (solver/risk/MODEL.md states the model they feed). Assumptions are marked as such.

/**
 * Seconds in a year for annualised volatilities: a Julian year, 365.25 days. Crypto assets trade
 * around the clock, so volatility is annualised over calendar time (as Deribit's DVOL index does).
 */
export const SECONDS_PER_YEAR = 31_557_600

/**
 * Inclusion model: in each block a pending transaction is included with probability
 * `1 − INCLUSION_DELAY_PER_CONGESTION · congestion`, so it waits a geometric number of extra blocks.
 * ASSUMPTION. Reasoning: under EIP-1559 a transaction paying the usual priority fee is included in
 * the next block unless that block is full of better-paying transactions; `congestion` is the share
 * of full blocks, and a median-tip transaction loses about half of those auctions. At congestion 1
 * this gives an inclusion probability of 1/2 per block (two blocks on average), and the base fee's
 * 12.5 %-per-block rise (EIP-1559 `BASE_FEE_MAX_CHANGE_DENOMINATOR = 8`) clears sustained
 * congestion within a few blocks, which keeps the geometric tail short.
 */
export const INCLUSION_DELAY_PER_CONGESTION = 0.5

/**
 * Swap revert probability per attempt (reverts for reasons other than the price drift the model
 * prices separately: state changed between simulation and inclusion, gas estimate too low, a sandwich
 * pushing the trade through its guard, a dropped or replaced transaction):
 * `SWAP_FAILURE_AT_EMPTY + SWAP_FAILURE_PER_CONGESTION · congestion`.
 * ASSUMPTION: 0.1 % in empty blocks rising to 1.1 % when every block is full. Public revert-rate
 * figures mix in arbitrage bots (which revert by design), so they do not measure this quantity;
 * replace these two numbers with the executor's own failure log when it has one.
 */
export const SWAP_FAILURE_AT_EMPTY = 0.001
export const SWAP_FAILURE_PER_CONGESTION = 0.01

/**
 * Attempts a swap gets before it counts as failed. A reverted swap leaves its input where it was, and
 * the executor re-solves from that holding (src/executor/runExecution.ts: a failed step triggers a
 * re-solve, budget `maxResolves` = 3 per execution), which sends the same trade again unless the
 * market moved. So a revert costs the time of one more inclusion, not the plan. Three attempts is
 * the executor's budget minus one, as the budget is shared by the whole execution; the step fails
 * only when all three revert (f³ ≤ 1.4·10⁻⁶). A bridge that is refunded is not retried here: a refund
 * takes the bridge's fill deadline, which is longer than most intents' deadlines.
 */
export const SWAP_ATTEMPTS = 3

/** Φ⁻¹(0.95): a log-normal with median m and 95th percentile q has σ = ln(q/m)/Z_95. */
export const Z_95 = 1.6448536269514722

/** Intervals of the time grid completion-time distributions are discretised on. */
export const GRID_INTERVALS = 512

/**
 * The grid ends at the longest path of the steps' (1 − HORIZON_TAIL_PROBABILITY)-quantiles; by the
 * union bound at most n·HORIZON_TAIL_PROBABILITY of completion-time mass (n steps) lies beyond it.
 */
export const HORIZON_TAIL_PROBABILITY = 1e-5

/** Quasi-Monte Carlo points over the steps' durations when averaging the price-drift tail. */
export const PRICE_QUADRATURE_POINTS = 256

/**
 * A step's transaction deadline is its completion-time quantile at this level plus
 * TX_DEADLINE_MARGIN_SECONDS (capped at the intent's deadline): late enough that the deadline turns
 * at most 0.1 % of otherwise successful steps into failures, early enough that a stuck transaction
 * cannot execute at a price hours old.
 */
export const TX_DEADLINE_QUANTILE = 0.999
export const TX_DEADLINE_MARGIN_SECONDS = 60

/**
 * The executor's own time per step besides waiting for blocks (MODEL.md §1): it re-reads the market
 * and re-checks the plan, then for the approval and the step's transaction reads the allowance,
 * simulates, signs, journals and broadcasts. Log-normal with this median and 95th percentile,
 * seconds, once per step; a network's `executorOverhead` replaces it.
 * MEASURED: `accord calibrate` on the journals of 6 devnet executions (15 steps) of
 * `npm run bench:calibration` on the shared 2-core development machine under load (load average
 * ≈ 20): median 1.21 s, p95 4.30 s. A quiet machine is several times faster and a remote RPC adds its
 * round trips, which is why networks state their own once calibrated.
 */
export const DEFAULT_TRANSACTION_OVERHEAD = { medianSeconds: 1.2, p95Seconds: 4.3 } as const

/**
 * After a refund the executor reads the market and re-solves before it sends again (the re-solve
 * latency measured inside real executions: p50 170 ms, p99 1.96 s, issue 12); the refund itself is
 * seen one origin block after the fill deadline plus a polling interval. Seconds added to the fill
 * deadline to get the time the funds can move again (MODEL.md §4.5). MEASURED order of magnitude.
 */
export const RECOVERY_DELAY_SECONDS = 1

/**
 * Where in a step's overhead the executor checks the deadline before sending it
 * (src/executor/runExecution.ts `advance`): after the market re-read and the trigger evaluation, before
 * the allowance read, simulation, signing and broadcast. ASSUMED half of the overhead: the journal
 * records the overhead as one span (step-sent − previous record), so the split is not measured.
 */
export const START_CHECK_OVERHEAD_SHARE = 0.5

/**
 * Quasi-Monte Carlo points of the start-rule estimate (startRuleProbability.ts). The rule is a
 * threshold, so the integrand jumps and converges more slowly than the price tail: on the test split
 * the share it lets run is off by 5.5 points at 256, 1.8 at 512 and 0.7 at 1 024 (against 40 000
 * simulated executions).
 */
export const START_RULE_POINTS = 1024
