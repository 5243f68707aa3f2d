// One step of a plan on chain: a swap through UniswapV2Router02.swapExactTokensForTokens or, for a Uniswap V3
// pool, SwapRouter.exactInputSingle (uniswapV3SwapCall.ts) (guarded by
// amountOutMin and a deadline) or a bridge deposit on AccordSpoke (asking for the exact output the
// bridge's fee schedule gives, before a fill deadline). Approves the spender first when the
// allowance is short, simulates before signing, and journals every transaction.
import { ContractFunctionExecutionError, encodeFunctionData, type Address, type Hex } from 'viem'
import { BaseError } from '../../solver/errors.ts'
import { parseAssetKey } from '../../solver/market/assetKey.ts'
import type { Step } from '../../solver/model/plan.ts'
import { spokeAbi, swapRouterAbi, erc20Abi } from './venueAbis.ts'
import { clientsFor, type ExecutorRuntime } from './executorRuntime.ts'
import { findStep, type StepStatus } from './foldJournal.ts'
import { sendJournaledTransaction } from './journaledTransaction.ts'
import { uniswapV3SwapCall } from './uniswapV3SwapCall.ts'
import { recheckReceipts } from './recheckReceipts.ts'
import { reconcileTransaction } from './reconcileTransaction.ts'
import { checkSpend } from './spendableRaw.ts'
import { withRetry } from './withRetry.ts'

export interface SendStepParameters {
  readonly legId: number
  readonly step: Step
  /** What the step spends (allocateStepInput). */
  readonly amountInRaw: bigint
  /** Swap: amountOutMin. Bridge: the deposit's outputAmount — the exact bridge output for amountInRaw. */
  readonly minAmountOutRaw: bigint
  /** The exact output predicted on the market just read. */
  readonly predictedAmountOutRaw: bigint
  /** Swap deadline or bridge fill deadline, unix seconds of chain time. */
  readonly deadline: number
  readonly confirmations: number
}

export interface SendStepReturnType {
  /** `confirmed` (swap), `deposited` (bridge, fill pending), `failed`, or `pending` when its transaction was abandoned. */
  readonly status: StepStatus
  readonly failure?: string
}

interface Call {
  readonly to: Address
  readonly data: Hex
  readonly simulate: () => Promise<unknown>
}

function describeRevert(error: unknown): string {
  if (error instanceof ContractFunctionExecutionError) return error.shortMessage
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}

/**
 * Sends one step and waits for it (a deposit: until it is confirmed on the origin; watchBridge waits
 * for the fill). A simulation that reverts writes `step-failed` and sends nothing; a transaction that
 * reverts on chain is journalled as such. Transport errors are retried (withRetry) and otherwise thrown.
 */
export async function sendStep(runtime: ExecutorRuntime, parameters: SendStepParameters): Promise<SendStepReturnType> {
  const { legId, step, amountInRaw, minAmountOutRaw, predictedAmountOutRaw, deadline, confirmations } = parameters
  const { chain, publicClient } = clientsFor(runtime, step.chainId)
  const account = runtime.account
  const retry = runtime.settings.retry
  const tokenIn = parseAssetKey(step.tokenIn).token
  const tokenOut = parseAssetKey(step.tokenOut)
  const v3Swap =
    step.action === 'swap' && step.venueKind === 'concentratedLiquidity'
      ? uniswapV3SwapCall({ route: chain.uniswapV3, step, amountInRaw, minAmountOutRaw, recipient: account.address, deadline })
      : undefined
  const spender = v3Swap?.address ?? (step.action === 'swap' ? chain.router : chain.spoke)
  const fail = async (reason: string) => {
    await runtime.record({ type: 'step-failed', legId, stepIndex: step.index, reason })
    return { status: 'failed' as const, failure: reason }
  }
  const common = { legId, stepIndex: step.index, chainId: step.chainId, amountInRaw, minAmountOutRaw, predictedAmountOutRaw, deadline, confirmations }

  // The spend limit, from the chain: never more than the execution's own funds (spendableRaw.ts).
  const outside = await checkSpend(runtime, step.tokenIn, amountInRaw)
  if (outside !== undefined) {
    await runtime.record({ type: 'stopped', reason: `step ${step.index} of leg ${legId} not sent: ${outside}` })
    return { status: 'pending', failure: outside }
  }
  const allowance = await withRetry(
    () => publicClient.readContract({ address: tokenIn, abi: erc20Abi, functionName: 'allowance', args: [account.address, spender] }),
    retry,
  )
  if (allowance < amountInRaw) {
    // Exactly what this step spends: no standing allowance outlives the step.
    const approve = { address: tokenIn, abi: erc20Abi, functionName: 'approve', args: [spender, amountInRaw] } as const
    try {
      await withRetry(() => publicClient.simulateContract({ ...approve, account }), retry)
    } catch (error) {
      if (error instanceof ContractFunctionExecutionError) return fail(`approve simulation reverted: ${describeRevert(error)}`)
      throw error
    }
    const tx = await sendJournaledTransaction(runtime, {
      ...common,
      purpose: 'approve',
      to: tokenIn,
      data: encodeFunctionData(approve),
      confirmations: 1,
    })
    await reconcileTransaction(runtime, tx, 1)
    // Abandoned (its nonce went to another sender): the step stays pending and is tried again.
    if (tx.status === 'abandoned') return { status: 'pending' }
    if (tx.status !== 'success') return { status: 'failed', failure: `approve transaction ${tx.hash} reverted` }
  }

  let call: Call
  let destinationFromBlock: bigint | undefined
  if (v3Swap) {
    call = { to: v3Swap.address, data: encodeFunctionData(v3Swap), simulate: () => publicClient.simulateContract({ ...v3Swap, account }) }
  } else if (step.action === 'swap') {
    const swap = {
      address: chain.router,
      abi: swapRouterAbi,
      functionName: 'swapExactTokensForTokens',
      args: [amountInRaw, minAmountOutRaw, [tokenIn, tokenOut.token], account.address, BigInt(deadline)],
    } as const
    call = { to: chain.router, data: encodeFunctionData(swap), simulate: () => publicClient.simulateContract({ ...swap, account }) }
  } else {
    const destination = clientsFor(runtime, tokenOut.chainId)
    const deposit = {
      address: chain.spoke,
      abi: spokeAbi,
      functionName: 'deposit',
      args: [tokenIn, amountInRaw, BigInt(tokenOut.chainId), tokenOut.token, minAmountOutRaw, account.address, deadline],
    } as const
    call = { to: chain.spoke, data: encodeFunctionData(deposit), simulate: () => publicClient.simulateContract({ ...deposit, account }) }
    destinationFromBlock = await withRetry(() => destination.publicClient.getBlockNumber({ cacheTime: 0 }), retry)
  }

  try {
    await withRetry(call.simulate, retry)
  } catch (error) {
    if (!(error instanceof ContractFunctionExecutionError)) throw error
    // A reorg that took back this step's approval (or an input) makes the call revert: settle that first.
    if ((await recheckReceipts(runtime)) > 0) return { status: 'pending' }
    return fail(`${step.action} simulation reverted: ${describeRevert(error)}`)
  }
  const tx = await sendJournaledTransaction(runtime, {
    ...common,
    purpose: step.action === 'swap' ? 'swap' : 'deposit',
    to: call.to,
    data: call.data,
    ...(destinationFromBlock === undefined ? {} : { destinationFromBlock }),
  })
  await reconcileTransaction(runtime, tx, confirmations)
  // pending again when every signature of it was abandoned (the loop re-evaluates and sends anew).
  const settled = findStep(runtime.state, legId, step.index)
  return { status: settled.status, ...(settled.failure === undefined ? {} : { failure: settled.failure }) }
}
