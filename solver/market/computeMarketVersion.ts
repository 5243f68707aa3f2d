// The market version is a content hash of all state, so it changes exactly when any state changes
// (a reserve, a gas price, a bridge's latency) and two identical snapshots share a version.
import type { Market } from './types.ts'

type Unversioned = Omit<Market, 'version'>

/** Two interleaved 32-bit FNV-1a lanes over a canonical serialisation of the state; 16 hex characters. Not cryptographic: it detects change, it does not resist forgery. */
export function computeMarketVersion(market: Unversioned): string {
  const text = JSON.stringify(
    {
      name: market.name,
      timestamp: market.timestamp,
      networks: market.networks,
      tokens: market.tokens,
      venues: market.venues,
      inactiveVenues: market.inactiveVenues,
      // Only when present, so the versions of markets without them do not change.
      ...(market.lendingMarkets ? { lendingMarkets: market.lendingMarkets } : {}),
      ...(market.vaults ? { vaults: market.vaults } : {}),
    },
    (_key, value) => (typeof value === 'bigint' ? `${value}n` : value),
  )
  // FNV-1a (http://www.isthe.com/chongo/tech/comp/fnv/); the second lane also mixes the first so the lanes differ.
  let h1 = 0x811c9dc5
  let h2 = 0xcbf29ce4
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x01000193) >>> 0
  }
  return h2.toString(16).padStart(8, '0') + h1.toString(16).padStart(8, '0')
}

/** Returns the market with its version set from its content. */
export function withMarketVersion(market: Unversioned): Market {
  return { ...market, version: computeMarketVersion(market) }
}
