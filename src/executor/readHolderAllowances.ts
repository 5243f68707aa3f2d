// The account's standing allowances on the token it is about to spend, for the spenders sendStep.ts
// may hand it to, so the planner knows which approvals the executor will skip (Intent.allowances).
import type { AssetRef } from '../../solver/market/types.ts'
import type { HolderAllowance, StepSpender } from '../../solver/model/allowance.ts'
import { clientsFor, type ExecutorRuntime } from './executorRuntime.ts'
import { erc20Abi } from './venueAbis.ts'
import { withRetry } from './withRetry.ts'

/** Reads `allowance(account, spender)` of `asset` for the chain's V2 router, its V3 SwapRouter (when it has one) and its spoke. Nonzero ones only. */
export async function readHolderAllowances(runtime: ExecutorRuntime, asset: AssetRef): Promise<HolderAllowance[]> {
  const { chain, publicClient } = clientsFor(runtime, asset.chainId)
  const spenders: Array<[StepSpender, `0x${string}`]> = [['swapRouter', chain.router], ['bridgeSpoke', chain.spoke]]
  if (chain.uniswapV3) spenders.push(['concentratedLiquidityRouter', chain.uniswapV3.swapRouter])
  const read = await Promise.all(
    spenders.map(async ([spender, address]) => ({
      chainId: asset.chainId,
      token: asset.token,
      spender,
      amountRaw: await withRetry(() => publicClient.readContract({ address: asset.token, abi: erc20Abi, functionName: 'allowance', args: [runtime.account.address, address] }), runtime.settings.retry),
    })),
  )
  return read.filter((allowance) => allowance.amountRaw > 0n)
}
