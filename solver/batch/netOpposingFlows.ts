// Coincidence of wants: intents that trade X→Y and Y→X settle the overlapping amount with each other
// at a reference rate between the two directions' best marginal rates, so neither pays venue fees or
// price impact on it; only the residual goes to the venues. See MODEL.md, "Netting".
import type { MarketGraph } from '../graph/buildMarketGraph.ts'
import { assetKeyOf } from '../market/assetKey.ts'
import { getToken, type MarketIndex } from '../market/indexMarket.ts'
import type { Intent } from '../model/intent.ts'
import { quoteVenue } from '../venues/quoteVenue.ts'
import { venueCurve } from '../venues/venueCurve.ts'
import type { NettingFill } from './types.ts'

export interface NettingEntry {
  readonly id: string
  readonly intent: Intent
  /** Edges of the intent's best value path on the untouched market (empty: no route, not netted). */
  readonly bestPath: readonly string[]
}

export interface NetOpposingFlowsReturnType {
  /** Input left for the venues per intent id (raw units of its input token). */
  readonly residualAmountInRaw: ReadonlyMap<string, bigint>
  readonly fills: ReadonlyMap<string, readonly NettingFill[]>
  readonly pairs: number
  readonly savingUsd: number
}

/** Zero-size rate of a path (output token units per input token unit): the product of marginal(0). */
function pathRate(index: MarketIndex, graph: MarketGraph, path: readonly string[]): number {
  let rate = 1
  for (const edge of path) {
    const { venue, from, to } = graph.getEdgeAttributes(edge)
    rate *= venueCurve(index, venue, from, to).marginal(0)
  }
  return rate
}

/** Exact output of `amountInRaw` along `path` on the untouched market; 0 if a venue cannot take it. */
function pathOutputRaw(index: MarketIndex, graph: MarketGraph, path: readonly string[], amountInRaw: bigint): bigint {
  let amount = amountInRaw
  try {
    for (const edge of path) {
      const { venue, from, to } = graph.getEdgeAttributes(edge)
      amount = quoteVenue(index, venue, from, to, amount).amountOutRaw
    }
  } catch {
    return 0n
  }
  return amount
}

/** A positive float as mantissa·2^exponent, so raw conversions are exact integer arithmetic. */
function toBinaryRational(value: number): { mantissa: bigint; exponent: number } {
  const exponent = Math.floor(Math.log2(value)) - 52
  return { mantissa: BigInt(Math.round(value / 2 ** exponent)), exponent }
}

function multiplyFloor(amount: bigint, rate: { mantissa: bigint; exponent: number }): bigint {
  const product = amount * rate.mantissa
  return rate.exponent >= 0 ? product << BigInt(rate.exponent) : product >> BigInt(-rate.exponent)
}

function divideFloor(amount: bigint, rate: { mantissa: bigint; exponent: number }): bigint {
  return rate.exponent >= 0 ? amount / (rate.mantissa << BigInt(rate.exponent)) : (amount << BigInt(-rate.exponent)) / rate.mantissa
}

/**
 * Matches X→Y intents against Y→X intents (in input order, first come first matched) at
 * ρ = √(r_XY / r_YX), the geometric mean of the two best paths' zero-size rates: r_XY ≤ ρ ≤ 1/r_YX
 * whenever r_XY·r_YX < 1 (no arbitrage), so each side gets at least the best marginal rate any venue
 * path offers it, hence more than the venues would deliver for the same amount. (For one constant-
 * product pool, ρ is the pool's mid price R_Y/R_X: the fee cancels in the ratio.) Pairs with an
 * arbitrage (r_XY·r_YX ≥ 1) or without a route in either direction are not netted.
 * Amounts are exact: what one side gives, the other receives; rounding (floor) is against the side
 * that is matched in full, by at most one raw unit.
 */
export function netOpposingFlows(index: MarketIndex, graph: MarketGraph, entries: readonly NettingEntry[]): NetOpposingFlowsReturnType {
  const residual = new Map(entries.map((entry) => [entry.id, entry.intent.amountInRaw]))
  const fills = new Map<string, NettingFill[]>()
  const groups = new Map<string, NettingEntry[]>()
  for (const entry of entries) {
    if (entry.bestPath.length === 0) continue
    const from = assetKeyOf(entry.intent.from)
    const to = assetKeyOf(entry.intent.to)
    const key = from < to ? `${from}|${to}` : `${to}|${from}`
    groups.set(key, [...(groups.get(key) ?? []), entry])
  }
  let pairs = 0
  let savingUsd = 0
  for (const [key, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [x] = key.split('|') as [string, string]
    const forward = group.filter((entry) => assetKeyOf(entry.intent.from) === x)
    const backward = group.filter((entry) => assetKeyOf(entry.intent.from) !== x)
    if (forward.length === 0 || backward.length === 0) continue
    const first = forward[0] as NettingEntry
    const reverse = backward[0] as NettingEntry
    const tokenX = getToken(index, assetKeyOf(first.intent.from))
    const tokenY = getToken(index, assetKeyOf(first.intent.to))
    const rateForward = pathRate(index, graph, first.bestPath)
    const rateBackward = pathRate(index, graph, reverse.bestPath)
    if (!(rateForward > 0 && rateBackward > 0) || rateForward * rateBackward >= 1) continue
    // ρ in raw Y per raw X.
    const rho = Math.sqrt(rateForward / rateBackward) * 10 ** (tokenY.decimals - tokenX.decimals)
    const rate = toBinaryRational(rho)
    let i = 0
    let j = 0
    while (i < forward.length && j < backward.length) {
      const a = forward[i] as NettingEntry
      const b = backward[j] as NettingEntry
      const ra = residual.get(a.id) as bigint
      const rb = residual.get(b.id) as bigint
      const yForA = multiplyFloor(ra, rate)
      // Either A is matched in full (at ρ, rounded down against A) or B is.
      const fullA = yForA <= rb
      const givenX = fullA ? ra : divideFloor(rb, rate)
      const givenY = fullA ? yForA : rb
      if (fullA) i++
      else j++
      if (givenX <= 0n || givenY <= 0n) continue
      residual.set(a.id, ra - givenX)
      residual.set(b.id, rb - givenY)
      if (fullA && rb === givenY) j++
      const savingA = (Number(givenY - pathOutputRaw(index, graph, a.bestPath, givenX)) / 10 ** tokenY.decimals) * tokenY.priceUsd
      const savingB = (Number(givenX - pathOutputRaw(index, graph, b.bestPath, givenY)) / 10 ** tokenX.decimals) * tokenX.priceUsd
      fills.set(a.id, [...(fills.get(a.id) ?? []), { counterpartyId: b.id, givenRaw: givenX, receivedRaw: givenY, savingUsd: savingA }])
      fills.set(b.id, [...(fills.get(b.id) ?? []), { counterpartyId: a.id, givenRaw: givenY, receivedRaw: givenX, savingUsd: savingB }])
      pairs++
      savingUsd += savingA + savingB
    }
  }
  return { residualAmountInRaw: residual, fills, pairs, savingUsd }
}
