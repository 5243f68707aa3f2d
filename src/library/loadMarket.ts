// The library's market loader: a market file (Accord's JSON format, src/market/marketSchema.ts), by
// default the bundled realistic market that `accord quote` and `accord serve` use.
import type { Market } from '../../solver/market/types.ts'
import { DEFAULT_MARKET_FILE } from '../config/defaults.ts'
import { loadMarketFile } from '../market/loadMarketFile.ts'

/** Loads and validates a market file (default: fixtures/markets/realistic.json); a bad file throws INVALID_MARKET. */
export function loadMarket(path: string = DEFAULT_MARKET_FILE): Promise<Market> {
  return loadMarketFile(path)
}
