// The fill latency the devnet relayer produces, as the median and 95th percentile a bridge's
// latency tier states, derived from how the relayer works rather than measured.

export interface EstimateRelayerLatencyParameters {
  /** The relayer's wait between seeing a deposit and sending the fill. */
  delayMs: number
  /** How often the relayer polls the origin for deposits. */
  pollIntervalMs: number
  /** Interval-mining period of the destination chain. */
  destinationBlockTimeMs: number
}

/**
 * JSON-RPC round trips per fill (block + logs + two state reads + simulate + send), on loopback:
 * an assumption, generous for a local anvil.
 */
const OVERHEAD_MS = 200

/**
 * Latency from the deposit's block to the fill's block, in seconds: `delay + A + B + overhead` with
 * A ~ U(0, poll) the wait for the relayer's next poll and B ~ U(0, block) the wait for the destination's
 * next block, independent. The sum of two uniforms is symmetric, so its median is the sum of the means;
 * its 95th percentile, with a = min(poll, block), b = max, is `a + b − √(0.1·a·b)` when the upper 5 %
 * lies in the triangular tail (0.1·b ≤ a) and `0.95·b + a/2` otherwise (the flat middle of the trapezoid).
 */
export function estimateRelayerLatency(parameters: EstimateRelayerLatencyParameters): { medianSeconds: number; p95Seconds: number } {
  const { delayMs, pollIntervalMs, destinationBlockTimeMs } = parameters
  const a = Math.min(pollIntervalMs, destinationBlockTimeMs)
  const b = Math.max(pollIntervalMs, destinationBlockTimeMs)
  const median = delayMs + OVERHEAD_MS + (a + b) / 2
  const p95 = delayMs + OVERHEAD_MS + (0.1 * b <= a ? a + b - Math.sqrt(0.1 * a * b) : 0.95 * b + a / 2)
  return { medianSeconds: median / 1000, p95Seconds: p95 / 1000 }
}
