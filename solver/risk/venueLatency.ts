// Latency parameters of one venue: the network's block time and congestion for inclusion, the
// bridge's fill-latency tier as a log-normal.
import { getNetwork, type MarketIndex } from '../market/indexMarket.ts'
import type { Venue } from '../market/types.ts'
import { logNormalFromMedianP95 } from './latencyDistribution.ts'
import { swapRevertProbability } from './estimateVenueSuccessProbability.ts'
import { DEFAULT_TRANSACTION_OVERHEAD, INCLUSION_DELAY_PER_CONGESTION, SWAP_ATTEMPTS } from './parameters.ts'
import { selectLatencyTier } from './selectLatencyTier.ts'
import type { StepLatency } from '../model/latency.ts'

export interface VenueLatencyOptions {
  /** Transfer size selecting a bridge's latency tier; without it the first (smallest) tier. */
  readonly amountInRaw?: bigint
  /**
   * Confirmations waited after a swap before its output is spent, counting the inclusion block
   * (1 = included, as viem's `waitForTransactionReceipt`); default 1. Ignored for bridges, whose
   * fill-latency tiers are measured from deposit to fill and so already contain the relayer's wait.
   */
  readonly confirmations?: number
  /** Approval transactions sent before the trade (default 1: the executor approves what each step spends). */
  readonly approvals?: number
}

/** The latency distribution of a trade through `venue` (see StepLatency). */
export function venueLatency(index: MarketIndex, venue: Venue, options: VenueLatencyOptions = {}): StepLatency {
  const network = getNetwork(index, venue.kind === 'bridge' ? venue.from.chainId : venue.chainId)
  const blockSeconds = Math.max(0, network.blockTimeMs / 1000)
  const congestion = Math.min(1, Math.max(0, network.congestion))
  const inclusionProbability = 1 - INCLUSION_DELAY_PER_CONGESTION * congestion
  const approvals = Math.max(0, Math.floor(options.approvals ?? 1))
  const measured = network.executorOverhead ?? DEFAULT_TRANSACTION_OVERHEAD
  const overhead = logNormalFromMedianP95(measured.medianSeconds, measured.p95Seconds)
  if (venue.kind === 'bridge') {
    const tier = selectLatencyTier(venue, options.amountInRaw)
    return {
      blockSeconds,
      inclusionProbability,
      confirmationSeconds: 0,
      fill: logNormalFromMedianP95(tier.medianSeconds, tier.p95Seconds),
      attempts: undefined,
      approvals,
      overhead,
    }
  }
  const confirmations = Math.max(1, Math.floor(options.confirmations ?? 1))
  return {
    blockSeconds,
    inclusionProbability,
    confirmationSeconds: (confirmations - 1) * blockSeconds,
    fill: undefined,
    attempts: { revertProbability: swapRevertProbability(index, venue), max: SWAP_ATTEMPTS },
    approvals,
    overhead,
  }
}
