// The number composite planning maximises when it chooses how the sources fund the goals: the
// probability that every goal holds by the deadline, less the fraction of the spent value lost to
// venue fees, slippage and gas. One percentage point of probability is thus worth one percent of the
// value moved — the exchange rate the composite benchmark (bench/composite.bench.ts) reports in.
import { rawToFloat } from '../amounts.ts'
import type { AssetRef, Market } from '../market/types.ts'
import type { CompositePlan } from './types.ts'

export interface ScoreCompositePlanReturnType {
  readonly score: number
  readonly probability: number
  /** Σ legs (USD value in − expected USD value out) + gas, at the market's reference prices. */
  readonly lossUsd: number
  /** USD value of the sources spent. */
  readonly spentUsd: number
}

/** USD value of a raw amount at the market's reference price (0 for an unknown token). */
export function valueUsd(market: Market, asset: AssetRef, raw: bigint): number {
  const token = market.tokens.find((candidate) => candidate.chainId === asset.chainId && candidate.address === asset.token.toLowerCase())
  return token ? rawToFloat(raw, token.decimals) * token.priceUsd : 0
}

export function scoreCompositePlan(market: Market, plan: CompositePlan): ScoreCompositePlanReturnType {
  const legLoss = plan.legs.reduce((sum, leg) => sum + valueUsd(market, leg.from, leg.plan.amountInRaw) - valueUsd(market, leg.to, leg.plan.expectedAmountOutRaw), 0)
  const lossUsd = legLoss + plan.gasCostUsd
  const spentUsd = plan.sources.reduce((sum, source, i) => sum + valueUsd(market, source.asset, plan.sourcesSpentRaw[i] ?? 0n), 0)
  const probability = plan.outcomeProbability
  return { score: probability - (spentUsd > 0 ? lossUsd / spentUsd : 0), probability, lossUsd, spentUsd }
}
