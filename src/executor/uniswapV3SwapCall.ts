// The transaction of a swap step through a Uniswap V3 pool: SwapRouter.exactInputSingle of @uniswap/v3-periphery
// (contracts/SwapRouter.sol), guarded by amountOutMinimum and a deadline, with no price limit (the minimum is the
// guard, as for the V2 route).
import type { Address } from 'viem'
import { BaseError } from '../../solver/errors.ts'
import { parseAssetKey } from '../../solver/market/assetKey.ts'
import type { Step } from '../../solver/model/plan.ts'
import { uniswapV3SwapRouterAbi } from '../market/chain/uniswapV3Abis.ts'

/** Where a chain's V3 pools are reached: the SwapRouter, and each pool venue's fee tier (the router's pool key). */
export interface UniswapV3Route {
  readonly swapRouter: Address
  /** Venue id → fee in pips. */
  readonly poolFees: ReadonlyMap<string, number>
}

export interface UniswapV3SwapCallParameters {
  readonly route: UniswapV3Route | undefined
  readonly step: Pick<Step, 'venueId' | 'tokenIn' | 'tokenOut' | 'chainId'>
  readonly amountInRaw: bigint
  readonly minAmountOutRaw: bigint
  readonly recipient: Address
  /** Unix seconds of chain time. */
  readonly deadline: number
}

/**
 * The exactInputSingle call (address, abi, function, args) for viem's simulateContract / encodeFunctionData.
 * Throws BaseError `UNKNOWN_VENUE` when the chain has no V3 router or the venue's fee tier is not known.
 */
export function uniswapV3SwapCall(parameters: UniswapV3SwapCallParameters) {
  const { route, step, amountInRaw, minAmountOutRaw, recipient, deadline } = parameters
  const fee = route?.poolFees.get(step.venueId)
  if (route === undefined || fee === undefined)
    throw new BaseError('UNKNOWN_VENUE', `No Uniswap V3 route for venue "${step.venueId}" on chain ${step.chainId}.`, {
      field: 'targets.chains.uniswapV3',
    })
  return {
    address: route.swapRouter,
    abi: uniswapV3SwapRouterAbi,
    functionName: 'exactInputSingle',
    args: [
      {
        tokenIn: parseAssetKey(step.tokenIn).token,
        tokenOut: parseAssetKey(step.tokenOut).token,
        fee,
        recipient,
        deadline: BigInt(deadline),
        amountIn: amountInRaw,
        amountOutMinimum: minAmountOutRaw,
        sqrtPriceLimitX96: 0n,
      },
    ],
  } as const
}
