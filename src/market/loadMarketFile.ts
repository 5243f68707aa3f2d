// Reads a market snapshot from disk.
import { readFile } from 'node:fs/promises'
import { InvalidMarketError } from '../../solver/errors.ts'
import type { Market } from '../../solver/market/types.ts'
import { describeInactiveVenues, parseMarketJson } from './parseMarket.ts'

/** Loads and validates a market file; a missing or unreadable file is an InvalidMarketError. */
export async function loadMarketFile(path: string): Promise<Market> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new InvalidMarketError(`Cannot read market file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, {
      cause: error,
    })
  }
  return parseMarketJson(text)
}

/** `warning: …` naming the venues the market loaded as inactive (empty pools, paused bridges); undefined if none. */
export function inactiveVenuesWarning(market: Market): string | undefined {
  const inactive = market.inactiveVenues ?? []
  if (inactive.length === 0) return undefined
  return `warning: ${inactive.length} inactive venue${inactive.length === 1 ? '' : 's'} left out of the market: ${describeInactiveVenues(inactive)}`
}
