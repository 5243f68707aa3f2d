// Keeps a live market current: on every new block of a network (viem watchBlockNumber, polling the node), the pools
// that emitted state events since the last refresh are re-read (refreshChangedPools) and the market is replaced only
// when their state changed, so the version moves exactly when the state does. Used by `accord serve --config`.
import type { Address, PublicClient } from 'viem'
import type { Market } from '../../../solver/market/types.ts'
import type { NetworksConfig } from './networksConfigSchema.ts'
import { refreshChangedPools } from './refreshChangedPools.ts'

/** Where the market lives: the server's MarketStore fits (its `replace` tells the quote workers and the cache). */
export interface LiveMarketHolder {
  readonly current: Market
  replace(market: Market): void
}

export interface LiveMarketRefresh {
  readonly chainId: number
  readonly fromBlock: bigint
  readonly toBlock: bigint
  readonly changedPools: readonly string[]
  /** The market version after the refresh. */
  readonly version: string
}

export interface WatchLiveMarketParameters {
  readonly config: NetworksConfig
  readonly holder: LiveMarketHolder
  /** By chain id; networks without a client are not watched. */
  readonly clients: ReadonlyMap<number, PublicClient>
  /** The block each network was read at (readMarketFromNetworks' chains); refreshes start after it. */
  readonly readAt: ReadonlyMap<number, bigint>
  /** Polling interval; default each network's blockTimeMs (at least 100 ms). */
  readonly pollingIntervalMs?: number
  readonly onRefresh?: (refresh: LiveMarketRefresh) => void
  /** A network whose node fails: its venues keep their last state (stale) and the next block retries the range. */
  readonly onError?: (chainId: number, error: unknown) => void
}

export interface WatchLiveMarketReturnType {
  /** Stops watching; resolves once a refresh in progress has finished. */
  stop(): Promise<void>
}

/**
 * Starts one block watcher per network. Refreshes run one at a time across networks (each starts from the holder's
 * current market, so no refresh undoes another's). A failed refresh is reported through `onError` and retried
 * over the same blocks on the next block.
 */
export function watchLiveMarket(parameters: WatchLiveMarketParameters): WatchLiveMarketReturnType {
  const { config, holder, clients } = parameters
  let queue: Promise<void> = Promise.resolve()
  let stopped = false
  const unwatch: Array<() => void> = []
  for (const network of config.networks) {
    const client = clients.get(network.chainId)
    if (client === undefined) continue
    let last = parameters.readAt.get(network.chainId)
    const refresh = async (blockNumber: bigint) => {
      if (stopped) return
      if (last === undefined) {
        last = blockNumber
        return
      }
      if (blockNumber <= last) return
      const fromBlock = last + 1n
      try {
        const { market, changedPools } = await refreshChangedPools({
          client,
          market: holder.current,
          chainId: network.chainId,
          fromBlock,
          toBlock: blockNumber,
          v3TickWordsEachSide: network.v3TickWordsEachSide ?? 2,
          ...(network.multicall3Address === undefined ? {} : { multicall3Address: network.multicall3Address as Address }),
        })
        last = blockNumber
        if (stopped) return
        if (changedPools.length > 0) holder.replace(market)
        parameters.onRefresh?.({ chainId: network.chainId, fromBlock, toBlock: blockNumber, changedPools, version: holder.current.version })
      } catch (error) {
        parameters.onError?.(network.chainId, error)
      }
    }
    unwatch.push(
      client.watchBlockNumber({
        poll: true,
        emitMissed: false,
        pollingInterval: parameters.pollingIntervalMs ?? Math.max(100, network.blockTimeMs),
        onBlockNumber: (blockNumber) => {
          queue = queue.then(() => refresh(blockNumber))
        },
        onError: (error) => parameters.onError?.(network.chainId, error),
      }),
    )
  }
  return {
    async stop() {
      stopped = true
      for (const stop of unwatch) stop()
      await queue
    },
  }
}
