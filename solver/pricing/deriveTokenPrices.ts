// USD prices for the tokens a market snapshot leaves unpriced (110 of 271 tokens of a real CoW Protocol auction,
// USDC among them), derived from the pools that connect them to priced tokens.
import { assetKey } from '../market/assetKey.ts'
import { indexMarket } from '../market/indexMarket.ts'
import type { AssetKey, Market, Network, Token, Venue } from '../market/types.ts'
import { venueAssetKeys } from '../venues/resolveVenuePair.ts'
import { venueCurve } from '../venues/venueCurve.ts'

/** A token as a snapshot gives it: the price may be missing. */
export type UnpricedToken = Omit<Token, 'priceUsd' | 'priceSource'> & { readonly priceUsd?: number }

interface Reach {
  readonly price: number
  /** Bottleneck: the smallest USD depth along the path so far (Infinity at a token with a stated price). */
  readonly depth: number
  readonly origin: AssetKey
  readonly path: readonly string[]
}

/**
 * Prices every token. A token without a stated price takes the price along the widest path — the path whose
 * shallowest pool is deepest, found by a bottleneck Dijkstra from all priced tokens — through pools and bridges:
 * - a pool step from a known token T to a coin U multiplies by U's mid price in T, the geometric mean of the
 *   optimiser's marginal rates U→T and 1/(T→U) at zero size (the fee cancels; constant product: R_T/R_U exactly);
 *   its depth is the USD value of T's balance in the pool;
 * - a bridge step (either direction) carries the price 1:1; its depth is its liquidity cap in USD.
 * Tokens no path connects to a priced token are grouped by component; each component's token with the most venues
 * becomes its anchor at a nominal price of 1 and the others are priced relative to it (`priceSource.kind`
 * `unpriced`). Pure; deterministic for a given market (ties broken by token order).
 */
export function deriveTokenPrices(networks: readonly Network[], tokens: readonly UnpricedToken[], venues: readonly Venue[]): Token[] {
  if (tokens.every((token) => token.priceUsd !== undefined)) return tokens as Token[]
  // Curves need only the tokens' decimals: a scratch market with placeholder prices.
  const scratch: Market = { name: 'prices', timestamp: 0, version: 'prices', networks, tokens: tokens.map((t) => ({ ...t, priceUsd: 1 })), venues }
  const index = indexMarket(scratch)
  const keys = tokens.map((token) => assetKey(token.chainId, token.address))
  const venuesOf = new Map<AssetKey, Venue[]>()
  for (const venue of venues) for (const key of new Set(venueAssetKeys(venue))) venuesOf.set(key, [...(venuesOf.get(key) ?? []), venue])
  const decimalsOf = new Map(tokens.map((token, k) => [keys[k] as AssetKey, token.decimals]))
  const reached = new Map<AssetKey, Reach>()

  const neighbours = (key: AssetKey, reach: Reach): Array<[AssetKey, Reach]> => {
    const result: Array<[AssetKey, Reach]> = []
    for (const venue of venuesOf.get(key) ?? []) {
      const coins = venueAssetKeys(venue)
      const k = coins.indexOf(key)
      for (const [u, other] of coins.entries()) {
        if (u === k) continue
        let price: number
        let depthUsd: number
        if (venue.kind === 'bridge') {
          price = reach.price
          depthUsd = (Number(venue.liquidityCapRaw) / 10 ** (decimalsOf.get(coins[1] as AssetKey) as number)) * reach.price
        } else {
          const toKnown = venueCurve(index, venue, other, key).marginal(0)
          const fromKnown = venueCurve(index, venue, key, other).marginal(0)
          price = reach.price * Math.sqrt(toKnown / fromKnown)
          depthUsd = (Number(poolBalance(venue, k)) / 10 ** (decimalsOf.get(key) as number)) * reach.price
        }
        if (!(price > 0) || !Number.isFinite(price)) continue
        result.push([other, { price, depth: Math.min(reach.depth, depthUsd), origin: reach.origin, path: [...reach.path, venue.id] }])
      }
    }
    return result
  }

  const widen = (seeds: ReadonlyArray<[AssetKey, Reach]>) => {
    const candidates = new Map<AssetKey, Reach>(seeds)
    while (candidates.size > 0) {
      let best: [AssetKey, Reach] | undefined
      for (const entry of candidates) if (!best || entry[1].depth > best[1].depth) best = entry
      const [key, reach] = best as [AssetKey, Reach]
      candidates.delete(key)
      reached.set(key, reach)
      for (const [other, next] of neighbours(key, reach)) {
        if (reached.has(other)) continue
        const current = candidates.get(other)
        if (!current || next.depth > current.depth) candidates.set(other, next)
      }
    }
  }

  widen(tokens.flatMap((token, k): Array<[AssetKey, Reach]> => (token.priceUsd === undefined ? [] : [[keys[k] as AssetKey, { price: token.priceUsd, depth: Infinity, origin: keys[k] as AssetKey, path: [] }]])))
  const stated = new Set(keys.filter((_, k) => tokens[k]?.priceUsd !== undefined))
  for (;;) {
    let anchor: AssetKey | undefined
    for (const key of keys) if (!reached.has(key) && (!anchor || (venuesOf.get(key)?.length ?? 0) > (venuesOf.get(anchor)?.length ?? 0))) anchor = key
    if (!anchor) break
    widen([[anchor, { price: 1, depth: Infinity, origin: anchor, path: [] }]])
  }

  return tokens.map((token, k) => {
    const key = keys[k] as AssetKey
    if (token.priceUsd !== undefined) return token as Token
    const reach = reached.get(key) as Reach
    const priceSource = stated.has(reach.origin)
      ? { kind: 'derived' as const, from: reach.origin, path: reach.path, depthUsd: reach.depth }
      : { kind: 'unpriced' as const, anchor: reach.origin, path: reach.path }
    return { ...token, priceUsd: reach.price, priceSource }
  })
}

function poolBalance(venue: Exclude<Venue, { kind: 'bridge' }>, k: number): bigint {
  // A concentrated-liquidity pool has no balance to rest a price on here (its depth is per tick): 0.
  if (venue.kind === 'concentratedLiquidity') return 0n
  return venue.kind === 'constantProduct' ? (k === 0 ? venue.reserve0 : venue.reserve1) : (venue.balances[k] as bigint)
}

/**
 * Gas of `gasUsd` in units of `token`, for objectives net of gas. Zero for a token whose component has no USD price
 * (`priceSource.kind === 'unpriced'`): its plans are made in its own units and gas cannot be valued in them.
 */
export function gasCostInTokenUnits(gasUsd: number, token: Token): number {
  return token.priceSource?.kind === 'unpriced' ? 0 : gasUsd / token.priceUsd
}
