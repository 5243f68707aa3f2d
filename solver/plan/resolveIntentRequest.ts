// The human form of an intent (chain and token by name or id/address, amounts as decimal strings),
// as the CLI, the HTTP API and intent files give it (its schema: src/market/intentSchema.ts), resolved
// against a market into an Intent.
import { parseAmount } from '../amounts.ts'
import { InvalidIntentError } from '../errors.ts'
import { indexMarket, resolveNetwork, resolveToken } from '../market/indexMarket.ts'
import type { Market } from '../market/types.ts'
import type { Intent, Objective } from '../model/intent.ts'
import { OBJECTIVES } from '../model/intentLimits.ts'

export interface AssetRequest {
  /** Network name (`base`) or chain id. */
  readonly chain: string | number
  /** Token symbol (`USDC`) or address. */
  readonly token: string
}

export interface IntentRequest {
  readonly from: AssetRequest
  readonly to: AssetRequest
  /** Amount of `from` in token units, a decimal string (`"250000"`). */
  readonly amount: string
  readonly deadlineSeconds?: number
  /** Minimum delivered amount in `to` token units, a decimal string. */
  readonly minAmountOut?: string
  readonly maxSlippageBps?: number
  readonly objective?: Objective
  readonly minProbability?: number
  readonly maxSteps?: number
  readonly allowBridges?: readonly string[]
  readonly denyBridges?: readonly string[]
  readonly allowNetworks?: ReadonlyArray<string | number>
  readonly denyNetworks?: ReadonlyArray<string | number>
}

/**
 * Resolves names and parses amounts. Throws UNKNOWN_NETWORK / UNKNOWN_TOKEN / INVALID_AMOUNT /
 * INVALID_INTENT errors whose `field` is `root` + the request's field path (`from.token`, `amount`).
 */
export function resolveIntentRequest(market: Market, request: IntentRequest, root = ''): Intent {
  const at = (field: string) => (root ? `${root}.${field}` : field)
  const index = indexMarket(market)
  const fromNetwork = resolveNetwork(index, request.from.chain, at('from.chain'))
  const fromToken = resolveToken(index, fromNetwork, request.from.token, at('from.token'))
  const toNetwork = resolveNetwork(index, request.to.chain, at('to.chain'))
  const toToken = resolveToken(index, toNetwork, request.to.token, at('to.token'))
  if (request.objective !== undefined && !OBJECTIVES.includes(request.objective))
    throw new InvalidIntentError(`Objective must be ${OBJECTIVES.map((o) => `"${o}"`).join(' or ')}.`, { field: at('objective') })
  const networks = (list: ReadonlyArray<string | number> | undefined, name: string) =>
    list?.map((network, i) => resolveNetwork(index, network, at(`${name}[${i}]`)).chainId)
  const allowNetworks = networks(request.allowNetworks, 'allowNetworks')
  const denyNetworks = networks(request.denyNetworks, 'denyNetworks')
  return {
    from: { chainId: fromNetwork.chainId, token: fromToken.address },
    to: { chainId: toNetwork.chainId, token: toToken.address },
    amountInRaw: parseAmount(request.amount, fromToken.decimals, { field: at('amount') }),
    ...(request.minAmountOut === undefined
      ? {}
      : { minAmountOutRaw: parseAmount(request.minAmountOut, toToken.decimals, { field: at('minAmountOut'), allowZero: true }) }),
    ...(request.maxSlippageBps === undefined ? {} : { maxSlippageBps: request.maxSlippageBps }),
    ...(request.deadlineSeconds === undefined ? {} : { deadlineSeconds: request.deadlineSeconds }),
    ...(request.objective === undefined ? {} : { objective: request.objective }),
    ...(request.minProbability === undefined ? {} : { minProbability: request.minProbability }),
    ...(request.maxSteps === undefined ? {} : { maxSteps: request.maxSteps }),
    ...(request.allowBridges === undefined ? {} : { allowBridges: request.allowBridges }),
    ...(request.denyBridges === undefined ? {} : { denyBridges: request.denyBridges }),
    ...(allowNetworks === undefined ? {} : { allowNetworks }),
    ...(denyNetworks === undefined ? {} : { denyNetworks }),
  }
}
