// The contract a plan step calls and its calldata, as src/executor/sendStep.ts sends it: UniswapV2Router02
// swapExactTokensForTokens, Uniswap V3 SwapRouter exactInputSingle, AccordSpoke deposit. Venues reached
// through other contracts (Curve pools, the Balancer Vault, lending pools and vaults) are refused by name:
// the service holds no deployment of them to call and no test of their calldata on a chain, and a wrong
// transaction is worse than none.
import { encodeFunctionData, zeroAddress, type Address, type Hex } from 'viem'
import { BaseError } from '../../solver/errors.ts'
import { assetKey } from '../../solver/market/assetKey.ts'
import type { Venue } from '../../solver/market/types.ts'
import type { ExecutionTargets } from '../executor/chainEnvironment.ts'
import { uniswapV3SwapCall } from '../executor/uniswapV3SwapCall.ts'
import { spokeAbi, swapRouterAbi } from '../executor/venueAbis.ts'

export interface EncodeStepCallParameters {
  readonly targets: ExecutionTargets
  /** The step as the API serialises it; `index` only names it in errors. */
  readonly step: {
    readonly index: number
    readonly venueId: string
    readonly chainId: number
    readonly tokenIn: { readonly token: string }
    readonly tokenOut: { readonly chainId: number; readonly token: string }
  }
  readonly venue: Venue
  readonly amountInRaw: bigint
  /** The transaction's guard: a swap's amountOutMin, a deposit's exact outputAmount. */
  readonly minAmountOutRaw: bigint
  readonly recipient: Address
  /** Unix seconds: a swap's deadline, a deposit's fillDeadline. */
  readonly deadline: number
  /** Where the error's field path starts (`plan.steps[2]`, `body.includedSteps[0]`). */
  readonly field: string
}

/** Names of the venue kinds the service cannot build a transaction for, as users know them. */
const UNSUPPORTED_KIND: Partial<Record<Venue['kind'], string>> = {
  stableSwap: 'Curve StableSwap pool',
  balancerWeighted: 'Balancer V2 weighted pool',
  balancerStable: 'Balancer V2 stable pool',
}

/**
 * Throws BaseError `UNKNOWN_VENUE` (HTTP 404) when the step's chain has no known contracts, or when the
 * venue's kind has no transaction builder: the message names the pool and says how to plan without it.
 */
export function encodeStepCall(parameters: EncodeStepCallParameters): { to: Address; data: Hex } {
  const { targets, step, venue, amountInRaw, minAmountOutRaw, recipient, deadline, field } = parameters
  const chain = targets.chains.get(step.chainId)
  if (!chain) throw new BaseError('UNKNOWN_VENUE', `No contracts are known on chain ${step.chainId} for step ${step.index} (${step.venueId}): this service cannot build its transaction.`, { field: `${field}.chainId` })
  const tokenIn = step.tokenIn.token as Address
  const tokenOut = step.tokenOut.token as Address
  const missing = (contract: string, key: string) =>
    new BaseError('UNKNOWN_VENUE', `No ${contract} is configured on chain ${step.chainId} (${chain.name}), so step ${step.index} (${step.venueId}) has no transaction: add "${key}" to the contracts file, or ask without fromAddress for a quote only.`, {
      field: `${field}.venueId`,
    })
  if (venue.kind === 'bridge') {
    if (chain.spoke === zeroAddress) throw missing('AccordSpoke', 'accordSpoke')
    const args = [tokenIn, amountInRaw, BigInt(step.tokenOut.chainId), tokenOut, minAmountOutRaw, recipient, deadline] as const
    return { to: chain.spoke, data: encodeFunctionData({ abi: spokeAbi, functionName: 'deposit', args }) }
  }
  if (venue.kind === 'concentratedLiquidity') {
    if (chain.uniswapV3 === undefined) throw missing('Uniswap V3 SwapRouter', 'uniswapV3SwapRouter')
    const call = uniswapV3SwapCall({
      route: chain.uniswapV3,
      step: { venueId: step.venueId, chainId: step.chainId, tokenIn: assetKey(step.chainId, tokenIn), tokenOut: assetKey(step.chainId, tokenOut) },
      amountInRaw,
      minAmountOutRaw,
      recipient,
      deadline,
    })
    return { to: call.address, data: encodeFunctionData(call) }
  }
  if (venue.kind === 'constantProduct') {
    if (chain.router === zeroAddress) throw missing('UniswapV2Router02', 'uniswapV2Router02')
    const args = [amountInRaw, minAmountOutRaw, [tokenIn, tokenOut], recipient, BigInt(deadline)] as const
    return { to: chain.router, data: encodeFunctionData({ abi: swapRouterAbi, functionName: 'swapExactTokensForTokens', args }) }
  }
  const name = UNSUPPORTED_KIND[venue.kind] ?? `${venue.kind} venue`
  throw new BaseError(
    'UNKNOWN_VENUE',
    `Step ${step.index} swaps in the ${name} "${venue.id}", whose transaction this service cannot build (it signs only Uniswap V2/V3 swaps and AccordSpoke deposits). Ask again without it: denyExchanges=${venue.id} (LI.FI), or without fromAddress for a quote only.`,
    { field: `${field}.venueId` },
  )
}
