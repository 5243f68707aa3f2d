// Checks an intent against a market before planning: every problem becomes an error with the path
// of the offending field, so the HTTP layer and the CLI can point at it.
import { BaseError, InvalidIntentError, InvalidAmountError } from '../errors.ts'
import { assetKeyOf } from '../market/assetKey.ts'
import { getNetwork, getToken, type MarketIndex } from '../market/indexMarket.ts'
import type { Token } from '../market/types.ts'
import type { Intent } from '../model/intent.ts'

export interface ValidatedIntent {
  readonly intent: Intent
  readonly tokenIn: Token
  readonly tokenOut: Token
}

/** Throws an Accord error (UNKNOWN_NETWORK, UNKNOWN_TOKEN, INVALID_AMOUNT, INVALID_INTENT) with `field`. */
export function validateIntent(index: MarketIndex, intent: Intent): ValidatedIntent {
  getNetwork(index, intent.from.chainId, 'from.chain')
  getNetwork(index, intent.to.chainId, 'to.chain')
  const tokenIn = getToken(index, assetKeyOf(intent.from), 'from.token')
  const tokenOut = getToken(index, assetKeyOf(intent.to), 'to.token')
  if (assetKeyOf(intent.from) === assetKeyOf(intent.to))
    throw new InvalidIntentError('From and to are the same token on the same network; there is nothing to do.', { field: 'to' })
  if (intent.amountInRaw <= 0n) throw new InvalidAmountError('Amount must be greater than zero.', { field: 'amount' })
  if (intent.minAmountOutRaw !== undefined && intent.minAmountOutRaw < 0n)
    throw new InvalidAmountError('Minimum output must not be negative.', { field: 'minAmountOut' })
  if (intent.minAmountOutRaw !== undefined && intent.maxSlippageBps !== undefined)
    throw new InvalidIntentError('Give either a minimum output or a maximum slippage, not both.', { field: 'maxSlippageBps' })
  if (intent.maxSlippageBps !== undefined && !(Number.isInteger(intent.maxSlippageBps) && intent.maxSlippageBps >= 0 && intent.maxSlippageBps < 10_000))
    throw new InvalidIntentError('Maximum slippage must be a whole number of basis points from 0 to 9999.', { field: 'maxSlippageBps' })
  if (intent.deadlineSeconds !== undefined && !(Number.isFinite(intent.deadlineSeconds) && intent.deadlineSeconds > 0))
    throw new InvalidIntentError('Deadline must be a positive number of seconds.', { field: 'deadlineSeconds' })
  if (intent.minProbability !== undefined && !(intent.minProbability >= 0 && intent.minProbability <= 1))
    throw new InvalidIntentError('Minimum probability must be between 0 and 1.', { field: 'minProbability' })
  if (intent.maxSteps !== undefined && !(Number.isInteger(intent.maxSteps) && intent.maxSteps >= 1 && intent.maxSteps <= 8))
    throw new InvalidIntentError('Maximum steps must be a whole number from 1 to 8.', { field: 'maxSteps' })
  intent.allowNetworks?.forEach((chainId, i) => getNetwork(index, chainId, `allowNetworks[${i}]`))
  intent.denyNetworks?.forEach((chainId, i) => getNetwork(index, chainId, `denyNetworks[${i}]`))
  for (const [list, name] of [
    [intent.allowBridges, 'allowBridges'],
    [intent.denyBridges, 'denyBridges'],
  ] as const)
    list?.forEach((id, i) => {
      const known = index.market.venues.some((venue) => venue.kind === 'bridge' && (venue.id === id || venue.protocol === id))
      if (!known) throw new BaseError('UNKNOWN_VENUE', `Unknown bridge or bridge protocol "${id}".`, { field: `${name}[${i}]` })
    })
  for (const [chainId, field] of [
    [intent.from.chainId, 'from.chain'],
    [intent.to.chainId, 'to.chain'],
  ] as const) {
    if (intent.denyNetworks?.includes(chainId)) throw new InvalidIntentError('The network is on the deny list.', { field })
    if (intent.allowNetworks && !intent.allowNetworks.includes(chainId))
      throw new InvalidIntentError('The network is not on the allow list.', { field })
  }
  return { intent, tokenIn, tokenOut }
}
