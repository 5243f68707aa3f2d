// Scenario suites: intent sets from fixtures/intents/ with the markets they name, each intent placed
// in a trade-size bucket.
import { readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { basename, isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BaseError } from '../../solver/errors.ts'
import type { Market } from '../../solver/market/types.ts'
import { resolveIntentRequest } from '../../solver/plan/resolveIntentRequest.ts'
import { IntentSetFileSchema, type IntentSetFile } from '../../src/market/intentSchema.ts'
import { loadMarketFile } from '../../src/market/loadMarketFile.ts'
import { assertMatchesSchema } from '../../src/market/validateSchema.ts'
import { GENERATED_SUITES } from './generatedSuites.ts'

export { createSuiteCase, MEDIUM_FROM_USD, TRADE_SIZE_BUCKETS, tradeSizeBucket, WHALE_FROM_USD, type Suite, type SuiteCase, type TradeSizeBucket } from './suiteCase.ts'
import { createSuiteCase, type Suite, type SuiteCase } from './suiteCase.ts'

/** Named suites: intent-set files in fixtures/intents/. */
export const SUITES: Readonly<Record<string, readonly string[]>> = {
  realistic: ['realistic-small.json', 'realistic-medium.json', 'realistic-whale.json'],
  'realistic-whale': ['realistic-whale.json'],
  small: ['small-market.json'],
  'cow-mainnet': ['cow-mainnet.json'],
}
export const DEFAULT_SUITE = 'realistic'

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url))

/**
 * Loads a suite: a name from SUITES or GENERATED_SUITES (parallel-pools, multi-hop), or a comma-separated list of intent-set files (paths relative to
 * `cwd`, or names in fixtures/intents/). Each file is checked against the intent-set schema; its
 * market is read from fixtures/markets/. Throws INVALID_ARGUMENT (field `--suite`) for an unknown
 * suite or missing file, INVALID_INTENT / INVALID_MARKET for bad files.
 */
export async function loadSuite(spec: string, cwd: string = process.cwd()): Promise<Suite> {
  const generate = GENERATED_SUITES[spec]
  if (generate) return generate()
  const named = SUITES[spec]
  const entries = named ?? spec.split(',').map((part) => part.trim()).filter((part) => part.length > 0)
  if (entries.length === 0) throw new BaseError('INVALID_ARGUMENT', 'The suite names no intent files.', { field: '--suite' })
  const files = entries.map((entry) => {
    const candidates = isAbsolute(entry) ? [entry] : [resolve(cwd, entry), resolve(FIXTURES, 'intents', entry)]
    const found = candidates.find((candidate) => existsSync(candidate))
    if (!found)
      throw new BaseError('INVALID_ARGUMENT', `Unknown suite or intent file "${entry}"; suites: ${[...Object.keys(SUITES), ...Object.keys(GENERATED_SUITES)].join(', ')}.`, { field: '--suite' })
    return found
  })
  const markets = new Map<string, Market>()
  const cases: SuiteCase[] = []
  const ids = new Set<string>()
  for (const file of files) {
    let json: unknown
    try {
      json = JSON.parse(await readFile(file, 'utf8'))
    } catch (error) {
      throw new BaseError('INVALID_INTENT', `Cannot read intent set ${file}: ${(error as Error).message}`, { cause: error })
    }
    assertMatchesSchema<IntentSetFile>(IntentSetFileSchema, json, 'INVALID_INTENT', `intent set ${basename(file)}`)
    let market = markets.get(json.market)
    if (!market) {
      market = await loadMarketFile(resolve(FIXTURES, 'markets', json.market))
      markets.set(json.market, market)
    }
    for (const entry of json.intents) {
      const { id, description: _description, ...request } = entry
      const caseId = ids.has(id) ? `${id}@${json.name}` : id
      ids.add(caseId)
      cases.push(createSuiteCase(caseId, json.name, market, resolveIntentRequest(market, request, `${json.name}.${id}`)))
    }
  }
  return {
    name: named ? spec : files.map((file) => basename(file, '.json')).join('+'),
    files: files.map((file) => (file.startsWith(FIXTURES) ? `fixtures/${file.slice(FIXTURES.length)}` : file)),
    markets: [...markets].map(([file, market]) => ({ file: `fixtures/markets/${file}`, name: market.name, version: market.version })),
    cases,
  }
}
