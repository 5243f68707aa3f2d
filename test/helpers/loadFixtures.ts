// Test helpers: load bundled market fixtures and intent sets.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Market } from '../../solver/market/types.ts'
import type { Intent } from '../../solver/model/intent.ts'
import { resolveIntentRequest, type IntentRequest } from '../../solver/plan/resolveIntentRequest.ts'
import { parseMarketJson } from '../../src/market/parseMarket.ts'

export const fixturePath = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))

const markets = new Map<string, Market>()
export function loadMarketFixture(name: 'small' | 'realistic' | 'large-8x400x40'): Market {
  let market = markets.get(name)
  if (!market) {
    market = parseMarketJson(readFileSync(fixturePath(`markets/${name}.json`), 'utf8'))
    markets.set(name, market)
  }
  return market
}

export function loadIntentFixture(market: Market, file: string): Array<{ id: string; request: IntentRequest; intent: Intent }> {
  const set = JSON.parse(readFileSync(fixturePath(`intents/${file}`), 'utf8')) as { intents: Array<IntentRequest & { id: string }> }
  return set.intents.map((request) => ({ id: request.id, request, intent: resolveIntentRequest(market, request) }))
}
