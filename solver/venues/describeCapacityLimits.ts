// Why a trade of this size finds no route: the venues leaving the source that cannot take the whole input, each with
// its limit — Balancer's max-in ratio (WeightedMath `_MAX_IN_RATIO` = 30 % of the balance, the Vault reverts with
// BAL#304), a pool math revert, a concentrated pool that runs out of known liquidity, a bridge's liquidity cap.
import { formatAmount } from '../amounts.ts'
import { getToken, type MarketIndex } from '../market/indexMarket.ts'
import type { AssetKey, Venue } from '../market/types.ts'
import { maxWeightedAmountIn } from './balancerWeighted.ts'
import { quoteVenue } from './quoteVenue.ts'
import { resolveVenuePair } from './resolveVenuePair.ts'

/**
 * One clause per venue direction leaving `tokenIn` that refuses `amountInRaw` (quoteVenue's `exceedsCapacity`),
 * joined with "; ", or undefined when none does. Pure; amounts in the token's units.
 */
export function describeCapacityLimits(
  index: MarketIndex,
  edges: Iterable<{ readonly venue: Venue; readonly from: AssetKey; readonly to: AssetKey }>,
  tokenIn: AssetKey,
  amountInRaw: bigint,
): string | undefined {
  const token = getToken(index, tokenIn)
  const amount = (raw: bigint) => `${formatAmount(raw, token.decimals)} ${token.symbol}`
  const clauses = new Map<string, string>()
  for (const { venue, from, to } of edges) {
    if (from !== tokenIn || clauses.has(venue.id)) continue
    let exceeds: boolean
    try {
      exceeds = quoteVenue(index, venue, from, to, amountInRaw).exceedsCapacity
    } catch {
      continue // an input error of this venue (e.g. uint112 overflow) is reported by the planner itself
    }
    if (!exceeds) continue
    if (venue.kind === 'balancerWeighted') {
      const limit = maxWeightedAmountIn(venue, resolveVenuePair(venue, from, to).indexIn)
      clauses.set(venue.id, `${venue.id} takes at most ${amount(limit)} per swap (Balancer's max-in ratio: 30 % of its balance; the Vault reverts with BAL#304)`)
    } else if (venue.kind === 'balancerStable') clauses.set(venue.id, `${venue.id}: Balancer's StableMath reverts for ${amount(amountInRaw)}`)
    else if (venue.kind === 'concentratedLiquidity') clauses.set(venue.id, `${venue.id} runs out of liquidity within its known ticks before taking ${amount(amountInRaw)}`)
    else if (venue.kind === 'bridge') clauses.set(venue.id, `${venue.id} has ${formatAmount(venue.liquidityCapRaw, getToken(index, to).decimals)} ${getToken(index, to).symbol} of liquidity`)
  }
  return clauses.size === 0 ? undefined : [...clauses.values()].join('; ')
}
