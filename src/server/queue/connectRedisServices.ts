// `accord serve --redis URL`: connects the parts an instance shares with the others through Redis —
// the market, the quote cache, the batch queue and the execution lanes — and closes them with the server.
import { Redis } from 'ioredis'
import type { MarketStore } from '../marketStore.ts'
import type { BatchQueue } from './batchQueue.ts'
import { createRedisBatchQueue } from './createRedisBatchQueue.ts'
import { createRedisExecutionQueue } from './createRedisExecutionQueue.ts'
import type { ExecutionQueue } from '../executions/executionQueue.ts'
import { createSharedMarket, type SharedMarket } from './createSharedMarket.ts'
import { createSharedQuoteCache, type SharedQuoteCache } from './createSharedQuoteCache.ts'
import { redisKeys } from './redisKeys.ts'

export interface RedisServices {
  readonly shared: { readonly market: SharedMarket; readonly quoteCache: SharedQuoteCache }
  readonly jobs: BatchQueue
  /** Executions queued on their signing account's lane (used with --devnet-dir). */
  readonly executions: ExecutionQueue
  close(): Promise<void>
}

export async function connectRedisServices(url: string, store: MarketStore): Promise<RedisServices> {
  const redis = new Redis(url, { maxRetriesPerRequest: 3 })
  const subscriber = new Redis(url)
  const keys = redisKeys()
  const market = await createSharedMarket({ redis, subscriber, store, keys })
  const jobs = createRedisBatchQueue({ url, redis, keys })
  const executions = createRedisExecutionQueue({ url, redis, keys })
  return {
    shared: { market, quoteCache: createSharedQuoteCache(redis, keys) },
    jobs,
    executions,
    async close() {
      await jobs.close()
      await executions.close()
      await market.close()
      subscriber.disconnect()
      await redis.quit().catch(() => {})
    },
  }
}
