// Who holds each devnet bridge's liquidity: the relayer, whose balance on the destination is what it can fill.
import type { Address } from 'viem'
import type { DevnetInfo } from './types.ts'

/** Bridge id → relayer address; the `bridgeLiquidityHolders` readMarketFromChain takes. */
export function devnetBridgeLiquidityHolders(info: Pick<DevnetInfo, 'bridges' | 'relayer'>): Map<string, Address> {
  return new Map(info.bridges.map((bridge) => [bridge.id, info.relayer.address]))
}
