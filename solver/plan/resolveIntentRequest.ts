// The human form of an intent (chain and token by name or id/address, amounts as decimal strings),
// as the CLI, the HTTP API and intent files give it (its schema: src/market/intentSchema.ts), resolved
// against a market into an Intent.
import { parseAmount } from '../amounts.ts'
import { InvalidAmountError, InvalidIntentError } from '../errors.ts'
import { indexMarket, resolveNetwork, resolveToken } from '../market/indexMarket.ts'
import type { Market } from '../market/types.ts'
import type { Intent, Objective } from '../model/intent.ts'
import { STEP_SPENDERS, type HolderAllowance, type StepSpender } from '../model/allowance.ts'
import { OBJECTIVES } from '../model/intentLimits.ts'

export interface AssetRequest {
  /** Network name (`base`) or chain id. */
  readonly chain: string | number
  /** Token symbol (`USDC`) or address. */
  readonly token: string
}

/** A standing allowance of the executing account (solver/model/allowance.ts), in human form. */
export interface AllowanceRequest {
  readonly chain: string | number
  readonly token: string
  readonly spender: StepSpender
  /** In token units; exactly one of `amount` and `amountRaw`. */
  readonly amount?: string
  /** In base units, or `max` for 2²⁵⁶ − 1 (an unlimited approval). */
  readonly amountRaw?: string
}

export interface IntentRequest {
  readonly from: AssetRequest
  readonly to: AssetRequest
  /** Amount of `from` in token units, a decimal string (`"250000"`). Exactly one of `amount` and `amountRaw`. */
  readonly amount?: string
  /** Amount of `from` in base units (`"250000000000"` for 250 000 USDC), as LI.FI's `fromAmount`. */
  readonly amountRaw?: string
  readonly deadlineSeconds?: number
  /** Minimum delivered amount in `to` token units, a decimal string. */
  readonly minAmountOut?: string
  /** Instead of minAmountOut: the minimum in base units of `to`. */
  readonly minAmountOutRaw?: string
  readonly maxSlippageBps?: number
  readonly objective?: Objective
  readonly minProbability?: number
  readonly maxSteps?: number
  readonly allowBridges?: readonly string[]
  readonly denyBridges?: readonly string[]
  readonly allowNetworks?: ReadonlyArray<string | number>
  readonly denyNetworks?: ReadonlyArray<string | number>
  /** The executing account's standing allowances: steps they cover send no approval (markApprovalsRequired). */
  readonly allowances?: readonly AllowanceRequest[]
}

/** Raw units: an integer of base units, at most 78 digits (uint256's 2²⁵⁶ − 1 has 78). */
const RAW_AMOUNT = /^[0-9]{1,78}$/

interface AmountFields {
  readonly decimal: string | undefined
  readonly raw: string | undefined
  readonly decimalName: string
  readonly rawName: string
  readonly decimals: number
  readonly allowZero: boolean
}

/**
 * An amount given in token units (`decimal`) or in base units (`raw`): exactly one of the two (else
 * INVALID_INTENT naming both fields); a raw amount must be an integer below 2²⁵⁶ (INVALID_AMOUNT).
 */
function parseAmountFields(fields: AmountFields, at: (field: string) => string): bigint {
  const { decimal, raw, decimalName, rawName, decimals, allowZero } = fields
  if (decimal !== undefined && raw !== undefined)
    throw new InvalidIntentError(`Give ${decimalName} (token units) or ${rawName} (base units), not both.`, { field: at(rawName) })
  if (decimal !== undefined) return parseAmount(decimal, decimals, { field: at(decimalName), allowZero })
  if (raw === undefined) throw new InvalidIntentError(`${decimalName} (token units) or ${rawName} (base units) is required.`, { field: at(decimalName) })
  if (typeof raw !== 'string' || !RAW_AMOUNT.test(raw) || BigInt(raw) >= 2n ** 256n)
    throw new InvalidAmountError(`${rawName} must be a whole number of base units below 2^256, got "${String(raw)}".`, { field: at(rawName) })
  const value = BigInt(raw)
  if (value === 0n && !allowZero) throw new InvalidAmountError('Amount must be greater than zero.', { field: at(rawName) })
  return value
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
  const allowances = request.allowances === undefined ? undefined : resolveAllowances(index, request.allowances, (i, field) => at(`allowances[${i}]${field ? `.${field}` : ''}`))
  return {
    from: { chainId: fromNetwork.chainId, token: fromToken.address },
    to: { chainId: toNetwork.chainId, token: toToken.address },
    amountInRaw: parseAmountFields(
      { decimal: request.amount, raw: request.amountRaw, decimalName: 'amount', rawName: 'amountRaw', decimals: fromToken.decimals, allowZero: false },
      at,
    ),
    ...(request.minAmountOut === undefined && request.minAmountOutRaw === undefined
      ? {}
      : {
          minAmountOutRaw: parseAmountFields(
            { decimal: request.minAmountOut, raw: request.minAmountOutRaw, decimalName: 'minAmountOut', rawName: 'minAmountOutRaw', decimals: toToken.decimals, allowZero: true },
            at,
          ),
        }),
    ...(request.maxSlippageBps === undefined ? {} : { maxSlippageBps: request.maxSlippageBps }),
    ...(request.deadlineSeconds === undefined ? {} : { deadlineSeconds: request.deadlineSeconds }),
    ...(request.objective === undefined ? {} : { objective: request.objective }),
    ...(request.minProbability === undefined ? {} : { minProbability: request.minProbability }),
    ...(request.maxSteps === undefined ? {} : { maxSteps: request.maxSteps }),
    ...(request.allowBridges === undefined ? {} : { allowBridges: request.allowBridges }),
    ...(request.denyBridges === undefined ? {} : { denyBridges: request.denyBridges }),
    ...(allowNetworks === undefined ? {} : { allowNetworks }),
    ...(denyNetworks === undefined ? {} : { denyNetworks }),
    ...(allowances === undefined || allowances.length === 0 ? {} : { allowances }),
  }
}

/** An allowance's `amountRaw` of `max`: 2²⁵⁶ − 1, what an unlimited approval sets. */
const MAX_ALLOWANCE = 'max'

/**
 * The allowances with networks and tokens resolved and amounts parsed; INVALID_INTENT for an
 * unknown spender or the same (network, token, spender) twice, and the errors of the other fields,
 * each with its path (`allowances[1].token`).
 */
function resolveAllowances(index: ReturnType<typeof indexMarket>, requests: readonly AllowanceRequest[], at: (i: number, field?: string) => string): HolderAllowance[] {
  const seen = new Set<string>()
  return requests.map((request, i) => {
    const network = resolveNetwork(index, request.chain, at(i, 'chain'))
    const token = resolveToken(index, network, request.token, at(i, 'token'))
    if (!STEP_SPENDERS.includes(request.spender))
      throw new InvalidIntentError(`An allowance's spender must be ${STEP_SPENDERS.map((s) => `"${s}"`).join(', ')}.`, { field: at(i, 'spender') })
    const key = `${network.chainId}:${token.address.toLowerCase()}:${request.spender}`
    if (seen.has(key)) throw new InvalidIntentError(`The allowance of ${token.symbol} on ${network.name} for ${request.spender} is given twice.`, { field: at(i) })
    seen.add(key)
    const amountRaw =
      request.amountRaw === MAX_ALLOWANCE && request.amount === undefined
        ? 2n ** 256n - 1n
        : parseAmountFields(
            { decimal: request.amount, raw: request.amountRaw, decimalName: 'amount', rawName: 'amountRaw', decimals: token.decimals, allowZero: true },
            (field) => at(i, field),
          )
    return { chainId: network.chainId, token: token.address, spender: request.spender, amountRaw }
  })
}
