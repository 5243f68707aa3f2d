// The spend limit, read from the chain: what of a token the execution may still spend is the
// account's balance now less what was not the execution's when it started (the `baseline` record),
// the intent's source token allowed down to its baseline less the spend limit. Checked before every
// send and re-broadcast, so that however the journal and the chain came apart (a reorg, another
// sender on the account, a bug), the executor never spends the user's other funds. (Read at the
// latest block: on a chain with a finality tag, outputs are counted only under it — awaitTransaction,
// watchBridge — before they are spent. Reading the balance at the tag as well made the check refuse
// funds on anvil under load, seen in the fault tests; not kept.)
import { assetKeyOf, parseAssetKey } from '../../solver/market/assetKey.ts'
import type { AssetKey } from '../../solver/market/types.ts'
import { clientsFor, type ExecutorRuntime } from './executorRuntime.ts'
import { erc20Abi } from './venueAbis.ts'
import { withRetry } from './withRetry.ts'

/** The account's balance of `asset` now (or at `blockNumber`), raw units. */
export async function balanceOf(runtime: ExecutorRuntime, asset: AssetKey, blockNumber?: bigint): Promise<bigint> {
  const { chainId, token } = parseAssetKey(asset)
  const { publicClient } = clientsFor(runtime, chainId)
  return withRetry(
    () => publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [runtime.account.address], ...(blockNumber === undefined ? { blockTag: 'latest' as const } : { blockNumber }) }),
    runtime.settings.retry,
  )
}

/**
 * How much of `asset` the execution may spend now (or at `blockNumber`; raw units), or undefined
 * when the journal has no baseline (an execution started before baselines were journalled).
 */
export async function spendableRaw(runtime: ExecutorRuntime, asset: AssetKey, blockNumber?: bigint): Promise<bigint | undefined> {
  const { state } = runtime
  const baseline = state.baseline?.get(asset)
  if (baseline === undefined) return undefined
  const isSource = assetKeyOf(state.intent.from) === asset
  const limit = state.options.spendLimitRaw ?? state.intent.amountInRaw
  const floor = baseline - (isSource ? limit : 0n)
  const spendable = (await balanceOf(runtime, asset, blockNumber)) - floor
  return spendable > 0n ? spendable : 0n
}

/** Undefined when `amountRaw` of `asset` may be spent; else why not. */
export async function checkSpend(runtime: ExecutorRuntime, asset: AssetKey, amountRaw: bigint): Promise<string | undefined> {
  const spendable = await spendableRaw(runtime, asset)
  if (spendable === undefined || amountRaw <= spendable) return undefined
  return `spending ${amountRaw} of ${asset} would take the account below what is not this execution's (it may spend ${spendable})`
}
