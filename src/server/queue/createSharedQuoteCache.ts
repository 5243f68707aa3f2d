// The quote cache shared by every `accord serve` on one Redis: an entry planned by one instance is
// served by the others until it expires. Keys hold the market version (quoteCacheKey), so an entry of
// a superseded version can never match a request on the current one.
import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { QuoteCacheEntry } from '../quoteCache.ts'
import type { RedisKeys } from './redisKeys.ts'

export interface SharedQuoteCache {
  get(key: string): Promise<QuoteCacheEntry | undefined>
  set(key: string, entry: QuoteCacheEntry, ttlMs: number): Promise<void>
}

export function createSharedQuoteCache(redis: Redis, keys: RedisKeys): SharedQuoteCache {
  const redisKey = (key: string) => keys.quote(createHash('sha256').update(key).digest('hex'))
  return {
    async get(key) {
      const text = await redis.get(redisKey(key))
      return text === null ? undefined : (JSON.parse(text) as QuoteCacheEntry)
    },
    async set(key, entry, ttlMs) {
      await redis.set(redisKey(key), JSON.stringify(entry), 'PX', ttlMs)
    },
  }
}
