// Public clients for every chain of a devnet, keyed by chain id: the `clients` readMarketFromChain takes.
import type { Chain, HttpTransport, PublicClient } from 'viem'
import { createDevnetPublicClient } from './defineDevnetChain.ts'
import type { DevnetInfo } from './types.ts'

/** One client per chain; `batch` (default true) sends each tick's calls as one JSON-RPC batch. */
export function createDevnetClients(info: Pick<DevnetInfo, 'chains'>, options: { batch?: boolean } = {}): Map<number, PublicClient<HttpTransport, Chain>> {
  return new Map(info.chains.map((chain) => [chain.chainId, createDevnetPublicClient(chain, { batch: options.batch ?? true })]))
}
