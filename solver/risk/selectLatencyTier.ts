// Which fill-latency tier of a bridge applies to a transfer of a given size.
import { BaseError } from '../errors.ts'
import type { Bridge, LatencyTier } from '../market/types.ts'

/**
 * The first tier (tiers are sorted by `maxAmountRaw`) whose `maxAmountRaw` is absent or at least
 * `amountInRaw`; the last tier when the amount exceeds every bound; the first tier when no amount is
 * given. Throws INVALID_MARKET when the bridge has no tiers.
 */
export function selectLatencyTier(bridge: Bridge, amountInRaw?: bigint): LatencyTier {
  const tiers = bridge.latencyTiers
  const first = tiers[0]
  if (!first) throw new BaseError('INVALID_MARKET', `Bridge "${bridge.id}" has no latency tiers.`, { field: `venues.${bridge.id}.latencyTiers` })
  if (amountInRaw === undefined) return first
  for (const tier of tiers) if (tier.maxAmountRaw === undefined || amountInRaw <= tier.maxAmountRaw) return tier
  return tiers[tiers.length - 1] as LatencyTier
}
