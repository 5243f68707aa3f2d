// The market shared by every `accord serve` on one Redis: the current version's id and each version's
// market file live in Redis; an update is applied to the current version and committed only if that is
// still current (compare-and-set in a Lua script, so concurrent updates on two instances never lose
// one), then published. Every request first compares its instance's version with Redis (one GET) and
// loads a newer one, so once an update's response has returned no instance answers with the old
// version; the published message lets idle instances load it ahead of their next request.
import type { Redis } from 'ioredis'
import type { Market } from '../../../solver/market/types.ts'
import { parseMarket, serializeMarket } from '../../market/parseMarket.ts'
import { applyMarketUpdates, type ApplyMarketUpdatesParameters } from '../applyMarketUpdates.ts'
import type { MarketStore, MarketUpdateResult } from '../marketStore.ts'
import { OverloadedError } from '../workers/overloadedError.ts'
import type { RedisKeys } from './redisKeys.ts'

export interface SharedMarket {
  /** Makes the store's market Redis's current one. */
  refresh(): Promise<void>
  /** Applies updates to the current version and commits them (all or nothing, across instances). */
  commit(parameters: ApplyMarketUpdatesParameters): Promise<MarketUpdateResult>
  close(): Promise<void>
}

// KEYS: current, new version's key, previous version's key. ARGV: expected current, new version, new file, channel, seconds to keep the old file.
const COMMIT_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[3], tonumber(ARGV[5]))
redis.call('PUBLISH', ARGV[4], ARGV[2])
return 1`

export interface CreateSharedMarketParameters {
  readonly redis: Redis
  /** A second connection for SUBSCRIBE (a subscribed connection can do nothing else). */
  readonly subscriber: Redis
  readonly store: MarketStore
  readonly keys: RedisKeys
  /** How long a superseded version's file stays (batch jobs queued on it still read it); default 1 day. */
  readonly keepSupersededSeconds?: number
}

/** Joins the shared market: the first instance's market becomes current; later ones adopt the current one. */
export async function createSharedMarket({ redis, subscriber, store, keys, keepSupersededSeconds = 86_400 }: CreateSharedMarketParameters): Promise<SharedMarket> {
  const initial = store.current
  await redis.set(keys.market(initial.version), JSON.stringify(serializeMarket(initial)), 'NX')
  await redis.set(keys.marketCurrent, initial.version, 'NX')

  let loading: Promise<void> | undefined
  const load = async (version: string) => {
    const text = await redis.get(keys.market(version))
    if (text === null) throw new Error(`Market version ${version} is current in Redis but its file is missing.`)
    const market = parseMarket(JSON.parse(text))
    // A newer version may have been loaded meanwhile; only move forward to what Redis says now.
    if ((await redis.get(keys.marketCurrent)) === market.version) store.replace(market)
  }
  const refresh = async () => {
    const version = await redis.get(keys.marketCurrent)
    if (version === null || version === store.current.version) return
    // One load at a time; requests arriving meanwhile wait for it.
    loading ??= load(version).finally(() => (loading = undefined))
    await loading
  }

  await subscriber.subscribe(keys.marketChannel)
  subscriber.on('message', () => void refresh().catch(() => {}))
  await refresh()

  return {
    refresh,
    async commit(parameters) {
      for (let attempt = 0; attempt < 5; attempt++) {
        await refresh()
        const previous = store.current
        const next = applyMarketUpdates(previous, parameters)
        if (next.version === previous.version) return { previousVersion: previous.version, version: previous.version, changed: false, market: previous }
        const committed = await redis.eval(
          COMMIT_SCRIPT,
          3,
          keys.marketCurrent,
          keys.market(next.version),
          keys.market(previous.version),
          previous.version,
          next.version,
          JSON.stringify(serializeMarket(next)),
          keys.marketChannel,
          String(keepSupersededSeconds),
        )
        if (committed === 1) {
          store.replace(next)
          return { previousVersion: previous.version, version: next.version, changed: true, market: next }
        }
      }
      throw new OverloadedError('OVERLOADED', 'The market is being updated concurrently; retry the update.', 1)
    },
    async close() {
      await subscriber.unsubscribe(keys.marketChannel).catch(() => {})
    },
  }
}
