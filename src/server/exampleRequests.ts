// Request bodies that work on a given market, for the OpenAPI document's examples (Swagger UI's "Try it
// out" sends them as they are) and the start-up banner's curl line: every one is accepted by its route
// (test/src/server/openApi.test.ts posts each example the document carries).
import { formatAmount } from '../../solver/amounts.ts'
import type { Market } from '../../solver/market/types.ts'

export interface ExampleQuoteRequest {
  readonly from: { readonly chain: string; readonly token: string }
  readonly to: { readonly chain: string; readonly token: string }
  readonly amount: string
  readonly deadlineSeconds: number
}

/** A request that has a route on any market: across the first bridge, about 1 000 USD worth. */
export function exampleQuoteRequest(market: Market): ExampleQuoteRequest | undefined {
  const bridge = market.venues.find((venue) => venue.kind === 'bridge')
  const fromToken = bridge ? market.tokens.find((t) => t.chainId === bridge.from.chainId && t.address === bridge.from.token) : market.tokens[0]
  const toToken = bridge ? market.tokens.find((t) => t.chainId === bridge.to.chainId && t.address === bridge.to.token) : market.tokens[1]
  if (!fromToken || !toToken) return undefined
  const chainName = (chainId: number) => market.networks.find((network) => network.chainId === chainId)?.name ?? String(chainId)
  // Round 1 000 USD to a whole number of token units (at least 1) so the example reads well.
  const units = Math.max(1, Math.round(1000 / fromToken.priceUsd))
  return {
    from: { chain: chainName(fromToken.chainId), token: fromToken.symbol },
    to: { chain: chainName(toToken.chainId), token: toToken.symbol },
    amount: formatAmount(BigInt(units) * 10n ** BigInt(fromToken.decimals), fromToken.decimals),
    deadlineSeconds: 3600,
  }
}

/** Example bodies by route (`METHOD /path` as fastify names it), all valid on `market`. */
export function exampleRequestBodies(market: Market): Record<string, unknown> {
  const quote = exampleQuoteRequest(market)
  const token = market.tokens[0]
  const network = token ? market.networks.find((candidate) => candidate.chainId === token.chainId) : undefined
  return {
    ...(quote ? { 'POST /v1/quote': quote, 'POST /v1/executions': quote, 'POST /v1/batches': { intents: [{ id: 'example-1', ...quote }] } } : {}),
    // Re-states a token's current price: a valid update that changes nothing but the version.
    ...(token && network
      ? { 'POST /v1/market/updates': { updates: [{ kind: 'tokenPrice', chain: network.name, token: token.address, priceUsd: token.priceUsd }] } }
      : {}),
  }
}
