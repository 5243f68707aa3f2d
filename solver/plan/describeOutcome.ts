// Words and numbers for the planner's reasons: probabilities, durations, holdings.
import { getNetwork, type MarketIndex } from '../market/indexMarket.ts'
import type { Token } from '../market/types.ts'

/** Two decimals, more near certainty so that 0.9990 and 0.9999 do not both read "1.00". */
export function formatProbability(p: number): string {
  return p >= 0.99 && p < 1 ? p.toFixed(4) : p.toFixed(2)
}

/** As a percentage with one decimal (two near certainty). */
export function formatPercent(p: number): string {
  return `${(p * 100).toFixed(p >= 0.99 && p < 1 ? 2 : 1)} %`
}

/** 14 s, 5.4 min, 2.1 h, 7.0 d. */
export function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`
  if (seconds < 5_400) return `${(seconds / 60).toFixed(1)} min`
  if (seconds < 172_800) return `${(seconds / 3_600).toFixed(1)} h`
  return `${(seconds / 86_400).toFixed(1)} d`
}

export function describeAsset(index: MarketIndex, token: Token): string {
  return `${token.symbol} on ${getNetwork(index, token.chainId).name}`
}
