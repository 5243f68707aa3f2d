// Lookup tables over a Market, built once per market version and shared by every stage.
import { UnknownNetworkError, UnknownTokenError } from '../errors.ts'
import { assetKey } from './assetKey.ts'
import type { AssetKey, Market, Network, Token, Venue } from './types.ts'

export interface MarketIndex {
  readonly market: Market
  readonly networks: ReadonlyMap<number, Network>
  readonly tokens: ReadonlyMap<AssetKey, Token>
  readonly venues: ReadonlyMap<string, Venue>
}

const cache = new WeakMap<Market, MarketIndex>()

/** Builds (or returns the cached) lookup tables of a market. */
export function indexMarket(market: Market): MarketIndex {
  const cached = cache.get(market)
  if (cached) return cached
  const index: MarketIndex = {
    market,
    networks: new Map(market.networks.map((network) => [network.chainId, network])),
    tokens: new Map(market.tokens.map((token) => [assetKey(token.chainId, token.address), token])),
    venues: new Map(market.venues.map((venue) => [venue.id, venue])),
  }
  cache.set(market, index)
  return index
}

export function getNetwork(index: MarketIndex, chainId: number, field?: string): Network {
  const network = index.networks.get(chainId)
  if (!network) throw new UnknownNetworkError(chainId, { field })
  return network
}

export function getToken(index: MarketIndex, key: AssetKey, field?: string): Token {
  const token = index.tokens.get(key)
  if (!token) {
    const [chainId, address] = key.split(':') as [string, string]
    throw new UnknownTokenError(address, chainId, { field })
  }
  return token
}

/**
 * Resolves a network given by name (`base`, case-insensitive) or chain id (`8453`).
 * Throws UnknownNetworkError with `field` when nothing matches.
 */
export function resolveNetwork(index: MarketIndex, nameOrId: string | number, field?: string): Network {
  const text = String(nameOrId).trim().toLowerCase()
  if (/^\d+$/.test(text)) return getNetwork(index, Number(text), field)
  for (const network of index.market.networks) if (network.name === text) return network
  throw new UnknownNetworkError(nameOrId, { field })
}

/**
 * Resolves a token on a network given by symbol (`USDC`, case-insensitive) or address.
 * Throws UnknownTokenError with `field` when nothing matches.
 */
export function resolveToken(index: MarketIndex, network: Network, symbolOrAddress: string, field?: string): Token {
  const text = symbolOrAddress.trim().toLowerCase()
  if (text.startsWith('0x')) {
    const token = index.tokens.get(assetKey(network.chainId, text))
    if (token) return token
  } else {
    for (const token of index.market.tokens)
      if (token.chainId === network.chainId && token.symbol.toLowerCase() === text) return token
  }
  throw new UnknownTokenError(symbolOrAddress, network.name, { field })
}
