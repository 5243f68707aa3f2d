// A benchmark case (an intent on its market, in a trade-size bucket) and a suite of them: the types
// both the fixture suites (suite.ts) and the generated ones (generatedSuites.ts) build.
import { rawToFloat } from '../../solver/amounts.ts'
import { assetKeyOf } from '../../solver/market/assetKey.ts'
import { getToken, indexMarket } from '../../solver/market/indexMarket.ts'
import type { Market } from '../../solver/market/types.ts'
import type { Intent } from '../../solver/model/intent.ts'

export type TradeSizeBucket = 'small' | 'medium' | 'whale'
export const TRADE_SIZE_BUCKETS: readonly TradeSizeBucket[] = ['small', 'medium', 'whale']

/** Lower bounds (USD) of the medium and whale buckets; they match the realistic intent sets' own split. */
export const MEDIUM_FROM_USD = 10_000
export const WHALE_FROM_USD = 250_000

/** The bucket of a trade worth `amountUsd`: below $10k small, below $250k medium, else whale. */
export function tradeSizeBucket(amountUsd: number): TradeSizeBucket {
  return amountUsd >= WHALE_FROM_USD ? 'whale' : amountUsd >= MEDIUM_FROM_USD ? 'medium' : 'small'
}

export interface SuiteCase {
  /** The intent's id in its set (suffixed with the set's name if two sets share an id). */
  readonly id: string
  readonly intentSet: string
  readonly market: Market
  readonly intent: Intent
  /** Input value at the market's USD prices. */
  readonly amountUsd: number
  readonly bucket: TradeSizeBucket
}

export interface Suite {
  readonly name: string
  /** Intent-set files, as given or found. */
  readonly files: readonly string[]
  readonly markets: ReadonlyArray<{ readonly file: string; readonly name: string; readonly version: string }>
  readonly cases: readonly SuiteCase[]
}

/** A suite case for `intent` on `market` (bucket from its USD size). */
export function createSuiteCase(id: string, intentSet: string, market: Market, intent: Intent): SuiteCase {
  const tokenIn = getToken(indexMarket(market), assetKeyOf(intent.from))
  const amountUsd = rawToFloat(intent.amountInRaw, tokenIn.decimals) * tokenIn.priceUsd
  return { id, intentSet, market, intent, amountUsd, bucket: tradeSizeBucket(amountUsd) }
}

