// Checks an intent against a market before planning — what no schema can: names and lists against the
// market, and rules across fields. Every problem becomes an error with the path of the offending field.
import { BaseError, InvalidIntentError, InvalidAmountError } from '../errors.ts'
import { assetKeyOf } from '../market/assetKey.ts'
import { getNetwork, getToken, type MarketIndex } from '../market/indexMarket.ts'
import type { Token } from '../market/types.ts'
import type { Intent } from '../model/intent.ts'
import { INTENT_LIMITS, isWithinLimit } from '../model/intentLimits.ts'

const MAX_UINT256 = 2n ** 256n - 1n
/** 2^53: whole-token amounts the optimiser's doubles represent exactly. */
const MAX_OPTIMISER_UNITS = 2n ** 53n

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
  if (intent.amountInRaw > MAX_UINT256) throw new InvalidAmountError('Amount exceeds uint256, the largest amount an ERC-20 transfer can carry.', { field: 'amount' })
  // The optimiser works in floats of whole tokens; above 2^53 of them its inputs lose integer precision.
  if (intent.amountInRaw / 10n ** BigInt(tokenIn.decimals) > MAX_OPTIMISER_UNITS)
    throw new InvalidAmountError(`Amount exceeds ${MAX_OPTIMISER_UNITS} whole tokens, more than the planner can optimise (and more than exists of any token).`, { field: 'amount' })
  if (intent.minAmountOutRaw !== undefined && intent.minAmountOutRaw < 0n)
    throw new InvalidAmountError('Minimum output must not be negative.', { field: 'minAmountOut' })
  if (intent.minAmountOutRaw !== undefined && intent.maxSlippageBps !== undefined)
    throw new InvalidIntentError('Give either a minimum output or a maximum slippage, not both.', { field: 'maxSlippageBps' })
  // The field limits the input schemas enforce, applied again for callers that build an Intent directly.
  for (const field of Object.keys(INTENT_LIMITS) as Array<keyof typeof INTENT_LIMITS>) {
    const value = intent[field]
    if (value !== undefined && !isWithinLimit(value, INTENT_LIMITS[field])) throw new InvalidIntentError(INTENT_LIMITS[field].message, { field })
  }
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
