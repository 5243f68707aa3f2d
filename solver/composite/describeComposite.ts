// Small helpers the composite planner's reasons and failure states share: amounts in words, health
// factors as decimals, asset comparison.
import type { AssetRef, Market, Network } from '../market/types.ts'

export function sameAsset(a: AssetRef, b: AssetRef): boolean {
  return a.chainId === b.chainId && a.token.toLowerCase() === b.token.toLowerCase()
}

export function networkOf(market: Market, chainId: number): Network {
  return market.networks.find((network) => network.chainId === chainId) as Network
}

/** `123,456.5 USDC on base` (display only; amounts in plans stay raw). */
export function describeAmount(market: Market, asset: AssetRef, raw: bigint): string {
  const token = market.tokens.find((candidate) => candidate.chainId === asset.chainId && candidate.address === asset.token.toLowerCase())
  const value = Number(raw) / 10 ** (token?.decimals ?? 0)
  return `${value.toLocaleString('en-US', { maximumFractionDigits: 6 })} ${token?.symbol ?? asset.token} on ${networkOf(market, asset.chainId)?.name ?? asset.chainId}`
}

/** `TOKEN on network`. */
export function describeAsset(market: Market, asset: AssetRef): string {
  return describeAmount(market, asset, 0n).replace(/^0 /, '')
}

/** A wad as a decimal with two places, rounded down (1.4999 → 1.49). */
export function formatWad(wad: bigint): string {
  return (Number(wad / 10n ** 14n) / 10_000).toFixed(2)
}
