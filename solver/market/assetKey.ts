// Canonical identity of a token on a network, used as graph node key and map key.
import type { Address, AssetKey, AssetRef } from './types.ts'

export function assetKey(chainId: number, token: Address | string): AssetKey {
  return `${chainId}:${token.toLowerCase() as Address}`
}

export function assetKeyOf(ref: AssetRef): AssetKey {
  return assetKey(ref.chainId, ref.token)
}

export function parseAssetKey(key: AssetKey): AssetRef {
  const separator = key.indexOf(':')
  return { chainId: Number(key.slice(0, separator)), token: key.slice(separator + 1) as Address }
}
