// Where the execution's funds are, from the chain: before every step and every re-solve the
// executor reads the account's balances of the tokens the journal says a leg holds and plans from
// the chain's figures, capped by the journal's. The journal is the record of intent (which funds are
// the execution's); the chain says which of them are still there. So funds that left the account
// outside the execution (another sender on the same key, a reorg the journal has not seen) are not
// planned, and funds that arrived from elsewhere (a transfer in, a refund not yet journalled) are
// not taken: the executor never moves funds outside the intent.
import type { AssetKey } from '../../solver/market/types.ts'
import { parseAssetKey } from '../../solver/market/assetKey.ts'
import { clientsFor, type ExecutorRuntime } from './executorRuntime.ts'
import type { HoldingReading } from './executionTerms.ts'
import { allocateChainHoldings } from './allocateChainHoldings.ts'
import type { LegState } from './foldJournal.ts'
import { spendableRaw } from './spendableRaw.ts'
import { taggedBlockNumber } from './taggedBlockNumber.ts'
import { withRetry } from './withRetry.ts'

export type { HoldingReading } from './executionTerms.ts'

/**
 * What the execution may spend of `asset` per the chain: spendableRaw at the latest block and, where
 * the chain has a finality tag (or more than one confirmation), no more than at the block at that
 * depth — funds the journal counts are under it by construction (awaitTransaction, watchBridge), so
 * funds above it are not yet the execution's to plan with. Undefined without a baseline.
 */
async function chainSpendableRaw(runtime: ExecutorRuntime, asset: AssetKey, options: { readonly safeDepth: boolean }): Promise<bigint | undefined> {
  const latest = await spendableRaw(runtime, asset)
  if (latest === undefined || !options.safeDepth) return latest
  const { chainId } = parseAssetKey(asset)
  const { publicClient, chain } = clientsFor(runtime, chainId)
  let depth: bigint | undefined
  if (chain.finalityTag !== undefined) depth = await taggedBlockNumber(publicClient, chain.finalityTag, runtime.settings.retry)
  else if ((chain.confirmations ?? 1) > 1) depth = (await withRetry(() => publicClient.getBlockNumber({ cacheTime: 0 }), runtime.settings.retry)) - BigInt((chain.confirmations ?? 1) - 1)
  if (depth === undefined || depth < 0n) return latest
  const atDepth = await spendableRaw(runtime, asset, depth)
  return atDepth === undefined || latest < atDepth ? latest : atDepth
}

/**
 * Reads the chain's figure of every non-target asset any active leg holds,
 * and returns `leg`'s holdings as the chain allows them, with one reading per asset of the leg.
 * `safeDepth`: also read at the chain's finality depth (re-solves and resumes; the per-step check
 * reads the latest block, as the spend check does). A node that does not answer leaves the journal's figure.
 */
export async function readChainHoldings(
  runtime: ExecutorRuntime,
  leg: LegState,
  target: AssetKey,
  options: { readonly safeDepth: boolean },
): Promise<{ readonly holdings: Map<AssetKey, bigint>; readonly readings: readonly HoldingReading[] }> {
  const { state } = runtime
  const assets = new Set<AssetKey>()
  for (const active of state.legs) if (active.status === 'active') for (const asset of active.holdings.keys()) if (asset !== target) assets.add(asset)
  for (const asset of leg.holdings.keys()) if (asset !== target) assets.add(asset)
  const chain = new Map<AssetKey, bigint>()
  for (const asset of assets) {
    const figure = await chainSpendableRaw(runtime, asset, options).catch(() => undefined)
    if (figure !== undefined) chain.set(asset, figure)
  }
  const holdings = allocateChainHoldings(state, chain, target).get(leg.legId) ?? new Map(leg.holdings)
  const readings: HoldingReading[] = []
  for (const [asset, journalRaw] of leg.holdings) {
    const chainRaw = chain.get(asset)
    if (asset === target || chainRaw === undefined) continue
    readings.push({ asset, journalRaw, chainRaw, usedRaw: holdings.get(asset) ?? 0n })
  }
  return { holdings, readings }
}
