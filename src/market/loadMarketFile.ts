// Reads a market snapshot from disk.
import { readFile } from 'node:fs/promises'
import { InvalidMarketError } from '../../solver/errors.ts'
import type { Market } from '../../solver/market/types.ts'
import { describeDerivedPrices, describeInactiveVenues, parseMarketJson } from './parseMarket.ts'

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

/**
 * Notes about what the market loaded differently from its file: venues left out as inactive (empty pools, paused
 * bridges) and token prices derived from pools. Undefined when there is nothing to say.
 */
export function inactiveVenuesWarning(market: Market): string | undefined {
  const inactive = market.inactiveVenues ?? []
  const lines: string[] = []
  if (inactive.length > 0)
    lines.push(`warning: ${inactive.length} inactive venue${inactive.length === 1 ? '' : 's'} left out of the market: ${describeInactiveVenues(inactive)}`)
  const derived = describeDerivedPrices(market)
  if (derived) lines.push(`note: prices derived on load: ${derived}`)
  return lines.length === 0 ? undefined : lines.join('\n')
}
