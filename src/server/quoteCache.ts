// Cache of finished quote responses (the JSON text and its status), keyed by market version and the
// resolved intent, so a request is answered from cache only for the exact market state it was planned on.
import { LRUCache } from 'lru-cache'
import type { Intent } from '../../solver/model/intent.ts'

export interface QuoteCacheEntry {
  readonly statusCode: number
  /** The response body, serialised once. */
  readonly body: string
}

/** A cached answer with its UTF-8 bytes, encoded once: a hit writes them to the socket as they are. */
export interface CachedQuote extends QuoteCacheEntry {
  readonly bytes: Buffer
}

export interface QuoteCacheOptions {
  /** Most entries kept (default 10 000). */
  readonly max?: number
  /** Lifetime of an entry and of the quote it holds (default 30 s). */
  readonly ttlMs?: number
  /** Most bytes of response text kept (default 64 MiB). */
  readonly maxSizeBytes?: number
}

export interface QuoteCache {
  readonly ttlMs: number
  get(key: string): CachedQuote | undefined
  /** Stores the entry (encoding its body once) and returns the stored form. */
  set(key: string, entry: QuoteCacheEntry): CachedQuote
  clear(): void
  readonly size: number
  /** The 200 answer whose `quoteId` is `quoteId`, while it is cached (a scan: for GET /v1/quotes/:id, not the hot path). */
  findByQuoteId(quoteId: string): CachedQuote | undefined
}

export const DEFAULT_QUOTE_TTL_MS = 30_000

export function createQuoteCache(options: QuoteCacheOptions = {}): QuoteCache {
  const ttlMs = options.ttlMs ?? DEFAULT_QUOTE_TTL_MS
  const lru = new LRUCache<string, CachedQuote>({
    max: options.max ?? 10_000,
    ttl: ttlMs,
    maxSize: options.maxSizeBytes ?? 64 * 1024 * 1024,
    // The text (UTF-16 length, within a factor of two of its bytes) and its UTF-8 bytes: good enough for a memory bound.
    sizeCalculation: (entry, key) => entry.body.length + entry.bytes.length + key.length,
  })
  return {
    ttlMs,
    get: (key) => lru.get(key),
    set: (key, entry) => {
      const cached: CachedQuote = { statusCode: entry.statusCode, body: entry.body, bytes: Buffer.from(entry.body, 'utf8') }
      lru.set(key, cached)
      return cached
    },
    clear: () => lru.clear(),
    findByQuoteId: (quoteId) => {
      // planQuote writes `quoteId` first, so the prefix identifies the answer without parsing it.
      const prefix = `{"quoteId":${JSON.stringify(quoteId)},`
      for (const entry of lru.values()) if (entry.statusCode === 200 && entry.body.startsWith(prefix)) return entry
      return undefined
    },
    get size() {
      return lru.size
    },
  }
}

/**
 * The cache key: market version + the resolved intent (chain ids, lower-case addresses, raw amounts)
 * + response options. Resolving first normalises `base:USDC` and `8453:0x8335…` to one key.
 */
export function quoteCacheKey(marketVersion: string, intent: Intent, options: Readonly<Record<string, unknown>> = {}): string {
  return `${marketVersion}|${JSON.stringify([intent, options], (_key, value) => (typeof value === 'bigint' ? value.toString() : value))}`
}
