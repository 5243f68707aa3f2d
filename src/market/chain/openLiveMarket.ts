// A market read from live nodes that stays live: reads the networks config (`accord serve --config networks.json`),
// reads every network once (readMarketFromNetworks), and watches their blocks to refresh what changed
// (watchLiveMarket), sharing one client per network between the two.
import { readFile } from 'node:fs/promises'
import type { PublicClient } from 'viem'
import { BaseError } from '../../../solver/errors.ts'
import type { Market } from '../../../solver/market/types.ts'
import { assertMatchesSchema } from '../validateSchema.ts'
import { NetworksConfigSchema, type NetworksConfig } from './networksConfigSchema.ts'
import { createNetworkClient, readMarketFromNetworks, type ChainReadStatus } from './readMarketFromNetworks.ts'
import { watchLiveMarket, type LiveMarketHolder, type WatchLiveMarketParameters, type WatchLiveMarketReturnType } from './watchLiveMarket.ts'

export interface LiveMarket {
  readonly config: NetworksConfig
  readonly market: Market
  readonly chains: readonly ChainReadStatus[]
  /** Starts the block watchers that keep `holder` current (see watchLiveMarket). */
  watch(holder: LiveMarketHolder, options?: Pick<WatchLiveMarketParameters, 'onRefresh' | 'onError' | 'pollingIntervalMs'>): WatchLiveMarketReturnType
}

/**
 * Reads `configFile` and the networks it names. Throws BaseError INVALID_ARGUMENT (field `--config`) for a file that
 * cannot be read or does not match NetworksConfigSchema, INVALID_MARKET when no network could be read; networks
 * that fail are reported `stale` in `chains` and left out until a later read.
 */
export async function openLiveMarket(configFile: string, options: { timeoutMs?: number } = {}): Promise<LiveMarket> {
  let config: unknown
  try {
    config = JSON.parse(await readFile(configFile, 'utf8'))
  } catch (error) {
    throw new BaseError('INVALID_ARGUMENT', `Cannot read the networks config ${configFile}: ${(error as Error).message}`, { field: '--config', cause: error })
  }
  assertMatchesSchema<NetworksConfig>(NetworksConfigSchema, config, 'INVALID_ARGUMENT', 'networks config')
  const valid = config
  const clients = new Map<number, PublicClient>(valid.networks.map((network) => [network.chainId, createNetworkClient(network, options.timeoutMs)]))
  const { market, chains } = await readMarketFromNetworks({ config: valid, clients })
  const readAt = new Map(chains.flatMap((chain) => (chain.blockNumber === undefined ? [] : [[chain.chainId, chain.blockNumber] as const])))
  return {
    config: valid,
    market,
    chains,
    watch: (holder, watchOptions = {}) => watchLiveMarket({ config: valid, holder, clients, readAt, ...watchOptions }),
  }
}
