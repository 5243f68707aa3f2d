// Learning the timing and failure parameters of a market from what the executor observed: per
// network the executor's overhead per transaction, the inclusion wait and the swap revert rate; per
// bridge its fill-latency tiers and its failure rate. Closed-form estimators (MODEL.md §8).
import { withMarketVersion } from '../market/computeMarketVersion.ts'
import type { LatencyTier, Market, Network, Venue } from '../market/types.ts'
import { logNormalFromMedianP95 } from './latencyDistribution.ts'
import { INCLUSION_DELAY_PER_CONGESTION, SWAP_FAILURE_AT_EMPTY, SWAP_FAILURE_PER_CONGESTION, Z_95 } from './parameters.ts'
import { selectLatencyTier } from './selectLatencyTier.ts'

/** One transaction the executor sent and saw confirmed. */
export interface TransactionObservation {
  readonly chainId: number
  readonly purpose: 'approve' | 'swap' | 'deposit'
  /** From the executor's previous journal record to the broadcast: its own time (seconds). */
  readonly overheadSeconds: number
  /** From the broadcast until the receipt with its confirmations was seen (seconds). */
  readonly waitSeconds: number
  /** Confirmations waited for, counting the inclusion block. */
  readonly confirmations: number
  /** Swaps: whether the transaction reverted on chain. */
  readonly reverted: boolean
}

/** One bridge transfer that settled: filled (with the time from the deposit's receipt to the fill being seen) or refunded. */
export interface TransferObservation {
  readonly bridgeId: string
  readonly amountInRaw: bigint
  readonly filled: boolean
  /** From the deposit's receipt with its `confirmations` seen to the fill seen, seconds. */
  readonly fillSeconds?: number
  /**
   * Confirmations the executor waited for on the deposit before it started watching for the fill
   * (counting the inclusion block; default 1). The relayer waits for them too, inside the fill time
   * the model's latency tier measures from the deposit's inclusion (MODEL.md §1), so calibrateMarket
   * adds (confirmations − 1) origin blocks back.
   */
  readonly confirmations?: number
}

/** One step the executor completed sending: its own time over all the step's transactions. */
export interface StepOverheadObservation {
  readonly chainId: number
  /** Σ over the step's transactions of (previous journal record → broadcast), seconds. */
  readonly overheadSeconds: number
}

export interface CalibrationObservations {
  readonly transactions: readonly TransactionObservation[]
  readonly steps: readonly StepOverheadObservation[]
  readonly transfers: readonly TransferObservation[]
}

/** One estimate written into the market, with what it rests on. */
export interface CalibrationEstimate {
  /** `network:<chainId>` or `bridge:<id>` (with `#tier` for a latency tier). */
  readonly subject: string
  readonly parameter: 'executorOverhead' | 'congestion' | 'swapRevertProbability' | 'latencyTier' | 'failureProbability'
  readonly value: string
  readonly observations: number
}

export interface CalibrateMarketReturnType {
  readonly market: Market
  readonly estimates: readonly CalibrationEstimate[]
}

/**
 * The weight, in observations, of a bridge's current value when the market does not say how many
 * observations it rests on (`failureObservations`, a tier's `observations`): new transfers update the
 * market's estimate rather than replace it, so a bridge with few transfers keeps most of what was
 * known. For the failure rate this is the posterior mean under a Beta prior of this weight centred on
 * the current rate; for a latency tier, the log-mean and log-variance are updated the same way.
 */
export const BRIDGE_FAILURE_PRIOR_WEIGHT = 20
export const BRIDGE_LATENCY_PRIOR_WEIGHT = 5
/** The same for a network's swap revert rate (`observations.swapAttempts`). */
export const SWAP_REVERT_PRIOR_WEIGHT = 20

/** The network's per-attempt swap revert probability as the risk model reads it (estimateVenueSuccessProbability.ts). */
function swapRevertProbabilityOf(network: Network): number {
  if (network.swapRevertProbability !== undefined) return network.swapRevertProbability
  return SWAP_FAILURE_AT_EMPTY + SWAP_FAILURE_PER_CONGESTION * Math.min(1, Math.max(0, network.congestion))
}

/** Fewest observations for a network's overhead or inclusion estimate to replace the market's. */
export const MIN_NETWORK_OBSERVATIONS = 5

/** Maximum-likelihood log-normal: μ̂ = mean(ln x), σ̂² = mean((ln x − μ̂)²). Samples must be positive. */
export function fitLogNormal(samples: readonly number[]): { mu: number; sigma: number } {
  const logs = samples.map((sample) => Math.log(sample))
  const mu = logs.reduce((sum, value) => sum + value, 0) / logs.length
  const variance = logs.reduce((sum, value) => sum + (value - mu) ** 2, 0) / logs.length
  return { mu, sigma: Math.sqrt(variance) }
}

/** Median e^μ and 95th percentile e^(μ + Φ⁻¹(0.95)·σ) of a log-normal. */
export function logNormalMedianP95(fit: { mu: number; sigma: number }): { medianSeconds: number; p95Seconds: number } {
  return { medianSeconds: Math.exp(fit.mu), p95Seconds: Math.exp(fit.mu + Z_95 * fit.sigma) }
}

/**
 * The congestion whose inclusion model has the observed mean wait (method of moments): one
 * transaction waits E[Y] + c = b·(1/2 + (1 − p)/p) + (confirmations − 1)·b, so with
 * x = mean(wait − c)/b − 1/2 ≥ 0, p = 1/(1 + x) and congestion = (1 − p)/INCLUSION_DELAY_PER_CONGESTION,
 * clamped to [0, 1]. The executor's receipt polling is inside the wait, so this is inclusion as the
 * executor sees it.
 */
export function fitCongestion(blockSeconds: number, waits: readonly { waitSeconds: number; confirmations: number }[]): number {
  const mean = waits.reduce((sum, w) => sum + w.waitSeconds - Math.max(0, w.confirmations - 1) * blockSeconds, 0) / waits.length
  const x = Math.max(0, mean / blockSeconds - 0.5)
  const p = 1 / (1 + x)
  return Math.min(1, Math.max(0, (1 - p) / INCLUSION_DELAY_PER_CONGESTION))
}

const round = (value: number, digits = 4) => Number(value.toPrecision(digits))

/**
 * The market with every parameter the observations inform replaced by its estimate (MODEL.md §8):
 * - network `executorOverhead`: log-normal MLE of the steps' overhead on that network;
 * - network `congestion`: fitCongestion on the waits of its transactions;
 * - network `swapRevertProbability`: (reverted + m·r₀)/(sent + m), r₀ the rate the model used so far
 *   and m the attempts it rests on (`observations.swapAttempts`, else SWAP_REVERT_PRIOR_WEIGHT);
 * - bridge `failureProbability`: (refunds + m·f₀)/(transfers + m), f₀ the market's rate and m the
 *   observations it rests on (`failureObservations`, else BRIDGE_FAILURE_PRIOR_WEIGHT);
 * - bridge latency tier (the tier each transfer's amount selects), on fill times counted from the
 *   deposit's inclusion (the journal's, from the last confirmation, plus (confirmations − 1) origin blocks): log-normal with
 *   μ = (Σ ln x + m·μ₀)/(n + m), σ² = (Σ (ln x − μ)² + m·(σ₀² + (μ₀ − μ)²))/(n + m) — the mean and
 *   variance of the new log fill times pooled with m pseudo-observations of the tier's current
 *   log-normal (μ₀, σ₀); m is the tier's
 *   `observations` (else BRIDGE_LATENCY_PRIOR_WEIGHT); a tier without fills keeps its values.
 * With m = 0 both are the maximum-likelihood estimates of the new observations alone.
 * Networks with fewer than MIN_NETWORK_OBSERVATIONS transactions keep theirs. Every estimate
 * carries its observation count, in the market (`observations` fields) and in `estimates`.
 */
export function calibrateMarket(market: Market, observations: CalibrationObservations): CalibrateMarketReturnType {
  const estimates: CalibrationEstimate[] = []
  const networks = market.networks.map((network): Network => {
    const transactions = observations.transactions.filter((tx) => tx.chainId === network.chainId)
    let next: Network = network
    const overheads = observations.steps.filter((step) => step.chainId === network.chainId && step.overheadSeconds > 0).map((step) => step.overheadSeconds)
    if (overheads.length >= MIN_NETWORK_OBSERVATIONS) {
      const { medianSeconds, p95Seconds } = logNormalMedianP95(fitLogNormal(overheads))
      next = { ...next, executorOverhead: { medianSeconds: round(medianSeconds), p95Seconds: round(Math.max(p95Seconds, medianSeconds)), observations: overheads.length } }
      estimates.push({ subject: `network:${network.chainId}`, parameter: 'executorOverhead', value: `median ${round(medianSeconds)} s, p95 ${round(p95Seconds)} s`, observations: overheads.length })
    }
    const waits = transactions.filter((tx) => tx.waitSeconds >= 0)
    if (waits.length >= MIN_NETWORK_OBSERVATIONS && network.blockTimeMs > 0) {
      const congestion = round(fitCongestion(network.blockTimeMs / 1000, waits))
      next = { ...next, congestion, observations: { ...next.observations, inclusion: waits.length } }
      estimates.push({ subject: `network:${network.chainId}`, parameter: 'congestion', value: String(congestion), observations: waits.length })
    }
    const swaps = transactions.filter((tx) => tx.purpose === 'swap')
    if (swaps.length > 0) {
      const m = network.observations?.swapAttempts ?? SWAP_REVERT_PRIOR_WEIGHT
      const rate = round((swaps.filter((tx) => tx.reverted).length + m * swapRevertProbabilityOf(network)) / (swaps.length + m))
      next = { ...next, swapRevertProbability: Math.min(0.9, rate), observations: { ...next.observations, swapAttempts: swaps.length + m } }
      estimates.push({ subject: `network:${network.chainId}`, parameter: 'swapRevertProbability', value: String(rate), observations: swaps.length })
    }
    return next
  })

  const venues = market.venues.map((venue): Venue => {
    if (venue.kind !== 'bridge') return venue
    const transfers = observations.transfers.filter((transfer) => transfer.bridgeId === venue.id)
    if (transfers.length === 0) return venue
    const refunds = transfers.filter((transfer) => !transfer.filled).length
    const m = venue.failureObservations ?? BRIDGE_FAILURE_PRIOR_WEIGHT
    const failureProbability = round((refunds + m * venue.failureProbability) / (transfers.length + m))
    estimates.push({ subject: `bridge:${venue.id}`, parameter: 'failureProbability', value: String(failureProbability), observations: transfers.length })
    // The tier's fill time runs from the deposit's inclusion; the journal's from its last confirmation.
    const originBlockSeconds = (market.networks.find((network) => network.chainId === venue.from.chainId)?.blockTimeMs ?? 0) / 1000
    const latencyTiers = venue.latencyTiers.map((tier, position): LatencyTier => {
      const fills = transfers
        .filter((transfer) => transfer.filled && transfer.fillSeconds !== undefined && transfer.fillSeconds > 0 && selectLatencyTier(venue, transfer.amountInRaw) === tier)
        .map((transfer) => Math.log((transfer.fillSeconds as number) + Math.max(0, (transfer.confirmations ?? 1) - 1) * originBlockSeconds))
      if (fills.length === 0) return tier
      const prior = logNormalFromMedianP95(tier.medianSeconds, tier.p95Seconds)
      const w = tier.observations ?? BRIDGE_LATENCY_PRIOR_WEIGHT
      const mu = (fills.reduce((sum, value) => sum + value, 0) + w * prior.mu) / (fills.length + w)
      const variance = (fills.reduce((sum, value) => sum + (value - mu) ** 2, 0) + w * (prior.sigma ** 2 + (prior.mu - mu) ** 2)) / (fills.length + w)
      const { medianSeconds, p95Seconds } = logNormalMedianP95({ mu, sigma: Math.sqrt(variance) })
      const fitted = { medianSeconds: round(medianSeconds), p95Seconds: round(Math.max(p95Seconds, medianSeconds)) }
      estimates.push({
        subject: `bridge:${venue.id}#${position}`,
        parameter: 'latencyTier',
        value: `median ${fitted.medianSeconds} s, p95 ${fitted.p95Seconds} s`,
        observations: fills.length,
      })
      return { ...(tier.maxAmountRaw === undefined ? {} : { maxAmountRaw: tier.maxAmountRaw }), ...fitted, observations: fills.length + w }
    })
    return { ...venue, failureProbability, failureObservations: transfers.length + m, latencyTiers }
  })

  const { version: _version, ...rest } = market
  return { market: withMarketVersion({ ...rest, networks, venues }), estimates }
}
