// The relayer behaviours the calibration benchmark runs under: each a failure rate and a log-normal
// fill delay (median, 95th percentile). The planner never reads these: it gets what probing the
// relayer measured (probeRelayer.ts), as an operator would.
import type { RelayerDecision } from '../../src/devnet/relayer.ts'

export interface RelayerRegime {
  readonly name: string
  readonly failureRate: number
  /** The relayer's wait before filling, log-normal (milliseconds). */
  readonly delay: { readonly medianMs: number; readonly p95Ms: number }
}

/** Devnet assumptions chosen to span reliable, failing, very unreliable and slow relayers. */
export const RELAYER_REGIMES: readonly RelayerRegime[] = [
  { name: 'reliable', failureRate: 0.03, delay: { medianMs: 600, p95Ms: 1500 } },
  { name: 'failing', failureRate: 0.15, delay: { medianMs: 1000, p95Ms: 3000 } },
  { name: 'unreliable', failureRate: 0.3, delay: { medianMs: 1500, p95Ms: 4000 } },
  { name: 'slow', failureRate: 0.08, delay: { medianMs: 4000, p95Ms: 10000 } },
]

/** Φ⁻¹(0.95), for the log-normal's σ = ln(p95/median)/Z. */
const Z_95 = 1.6448536269514722

/** One relayer decision: never fill with the regime's failure rate, else fill after a log-normal delay. `random` is seeded. */
export function decideUnder(regime: RelayerRegime, random: () => number): RelayerDecision {
  if (random() < regime.failureRate) return { fill: false }
  // Box–Muller from two uniforms.
  const u = Math.max(1e-12, random())
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
  const sigma = Math.log(regime.delay.p95Ms / regime.delay.medianMs) / Z_95
  return { fill: true, delayMs: Math.round(regime.delay.medianMs * Math.exp(sigma * z)) }
}
