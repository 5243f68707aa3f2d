// Stage 1 of quoteIntent: resolve an intent against a market into everything the later stages share
// (the market's index and graph, the two tokens, the trade's size, the hop limit, the LP backend).
import { rawToFloat } from '../amounts.ts'
import { buildMarketGraph, type MarketGraph } from '../graph/buildMarketGraph.ts'
import { assetKeyOf } from '../market/assetKey.ts'
import { indexMarket, type MarketIndex } from '../market/indexMarket.ts'
import type { AssetKey, Market, Token } from '../market/types.ts'
import type { Intent } from '../model/intent.ts'
import { createJsLpSolverBackend } from '../lp/backends/jsLpSolverBackend.ts'
import type { LpBackend } from '../lp/types.ts'
import { validateIntent } from './validateIntent.ts'

/** Default hop limit (venues on one path) when the intent gives no maxSteps. */
export const DEFAULT_MAX_HOPS = 4
/** Relative tolerance of the split LP's tangent refinement. */
export const DEFAULT_QUOTE_TOLERANCE = 1e-5

export interface QuoteOptions {
  /** LP backend; default javascript-lp-solver (stateless, so one instance per quote costs nothing). */
  readonly backend?: LpBackend
  /** Default hop limit when the intent has no maxSteps. */
  readonly maxHops?: number
  /** Relative tolerance of the LP refinement. */
  readonly tolerance?: number
}

export interface QuoteContext {
  readonly market: Market
  readonly index: MarketIndex
  readonly graph: MarketGraph
  readonly intent: Intent
  readonly tokenIn: Token
  readonly tokenOut: Token
  readonly source: AssetKey
  readonly sink: AssetKey
  /** USD value of the input at the market's prices. */
  readonly amountUsd: number
  readonly maxHops: number
  readonly backend: LpBackend
  readonly tolerance: number
}

/** Validates the intent (throws what validateIntent throws: input errors with their field path) and gathers the context. */
export function prepareQuote(market: Market, intent: Intent, options: QuoteOptions = {}): QuoteContext {
  const index = indexMarket(market)
  const { tokenIn, tokenOut } = validateIntent(index, intent)
  return {
    market,
    index,
    graph: buildMarketGraph(market),
    intent,
    tokenIn,
    tokenOut,
    source: assetKeyOf(intent.from),
    sink: assetKeyOf(intent.to),
    amountUsd: rawToFloat(intent.amountInRaw, tokenIn.decimals) * tokenIn.priceUsd,
    maxHops: intent.maxSteps ?? options.maxHops ?? DEFAULT_MAX_HOPS,
    backend: options.backend ?? createJsLpSolverBackend(),
    tolerance: options.tolerance ?? DEFAULT_QUOTE_TOLERANCE,
  }
}
