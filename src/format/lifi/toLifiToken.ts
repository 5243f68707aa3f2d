// Accord's networks and tokens in the shapes LI.FI's API gives them (@lifi/types: `Token` in
// src/tokens/token.ts, `ExtendedChain` in src/api.ts, `EVMChain` in src/chains/EVMChain.ts), so the
// `@lifi/sdk` client's getChains / getTokens read them unchanged.
import type { ChainKey, ChainType, CoinKey, ExtendedChain, Token as LifiToken } from '@lifi/types'
import type { Network, Token } from '../../../solver/market/types.ts'

/** The address LI.FI gives a chain's native coin (its `nativeToken.address`). */
export const LIFI_NATIVE_ADDRESS = '0x0000000000000000000000000000000000000000'

export function toLifiToken(token: Token): LifiToken {
  return {
    chainId: token.chainId,
    address: token.address,
    symbol: token.symbol,
    decimals: token.decimals,
    name: token.symbol,
    // LI.FI's `coinKey` is its own enum of coins; the symbol is the nearest Accord has.
    coinKey: token.symbol as CoinKey,
    priceUSD: String(token.priceUsd),
  }
}

/** The network's native coin, priced as the market prices gas. */
export function nativeLifiToken(network: Network): LifiToken {
  return {
    chainId: network.chainId,
    address: LIFI_NATIVE_ADDRESS,
    symbol: network.nativeSymbol,
    decimals: 18,
    name: network.nativeSymbol,
    coinKey: network.nativeSymbol as CoinKey,
    priceUSD: String(network.nativePriceUsd),
  }
}

/**
 * A network as an EVM `ExtendedChain`. `key` is Accord's network name (LI.FI's `ChainKey` is its own
 * list of three-letter keys, which a devnet or an unlisted network has no entry in); `rpcUrls` are the
 * nodes the service itself talks to, when it has any.
 */
export function toLifiChain(network: Network, rpcUrl: string | undefined, mainnet: boolean): ExtendedChain {
  return {
    key: network.name as ChainKey,
    chainType: 'EVM' as ChainType,
    name: network.name,
    coin: network.nativeSymbol as CoinKey,
    id: network.chainId,
    mainnet,
    nativeToken: nativeLifiToken(network),
    metamask: {
      chainId: `0x${network.chainId.toString(16)}`,
      blockExplorerUrls: [],
      chainName: network.name,
      nativeCurrency: { name: network.nativeSymbol, symbol: network.nativeSymbol, decimals: 18 },
      rpcUrls: rpcUrl === undefined ? [] : [rpcUrl],
    },
  }
}
