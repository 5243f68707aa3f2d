// Lookup tables over a Market, built once per market version and shared by every stage.
import { AmbiguousTokenError, UnknownNetworkError, UnknownTokenError } from '../errors.ts'
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
 * Resolves a token on a network given by address or symbol (`USDC`, case-insensitive). Tokens are identified by
 * (network, address); a symbol is only a label and may repeat, so it resolves only when exactly one token on the
 * network carries it. Throws UnknownTokenError with `field` when nothing matches, AmbiguousTokenError (listing the
 * candidates' addresses) when several do.
 */
export function resolveToken(index: MarketIndex, network: Network, symbolOrAddress: string, field?: string): Token {
  const text = symbolOrAddress.trim().toLowerCase()
  if (text.startsWith('0x')) {
    const token = index.tokens.get(assetKey(network.chainId, text))
    if (token) return token
    if (isNativeTokenAddress(text)) return wrappedNativeToken(index, network, symbolOrAddress, field)
  } else {
    const matches = index.market.tokens.filter((token) => token.chainId === network.chainId && token.symbol.toLowerCase() === text)
    if (matches.length === 1) return matches[0] as Token
    if (matches.length > 1)
      throw new AmbiguousTokenError(
        symbolOrAddress.trim(),
        network.name,
        matches.map((token) => token.address),
        { field },
      )
  }
  throw new UnknownTokenError(symbolOrAddress, network.name, { field })
}

/**
 * The addresses wallets and routers give the native coin, which has none: the zero address (LI.FI's
 * `0x0000…0000`) and EIP-7528's `0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE`
 * (https://eips.ethereum.org/EIPS/eip-7528).
 */
export const NATIVE_TOKEN_ADDRESSES: readonly string[] = ['0x0000000000000000000000000000000000000000', '0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee']

export function isNativeTokenAddress(address: string): boolean {
  return NATIVE_TOKEN_ADDRESSES.includes(address.trim().toLowerCase())
}

/**
 * The native coin as the market trades it: its wrapped ERC-20 (`W` + the network's native symbol, e.g.
 * WETH), which WETH9 mints and redeems 1:1 (`deposit`/`withdraw`), so amounts are the same. Unknown
 * token when the network lists no single such token.
 */
function wrappedNativeToken(index: MarketIndex, network: Network, reference: string, field: string | undefined): Token {
  const symbol = `w${network.nativeSymbol}`.toLowerCase()
  const matches = index.market.tokens.filter((token) => token.chainId === network.chainId && token.symbol.toLowerCase() === symbol)
  if (matches.length === 1) return matches[0] as Token
  throw new UnknownTokenError(`${reference} (native ${network.nativeSymbol}; no single W${network.nativeSymbol} to quote it as)`, network.name, { field })
}
