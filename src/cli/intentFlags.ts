// The flags that describe an intent (quote, execute), derived from the intent contract
// (src/market/intentSchema.ts): one flag per field, parsed by the field's schema type and checked
// against the same schema, so the CLI accepts exactly what the HTTP body accepts.
import { BaseError } from '../../solver/errors.ts'
import type { AssetRequest, IntentRequest } from '../../solver/plan/resolveIntentRequest.ts'
import { IntentRequestSchema, intentRequestProperties } from '../market/intentSchema.ts'
import { assertMatchesSchema } from '../market/validateSchema.ts'

/** The flag of every intent field; a field added to the contract without a flag fails typechecking. */
export const INTENT_FLAG_NAMES = {
  from: 'from',
  to: 'to',
  amount: 'amount',
  amountRaw: 'amount-raw',
  deadlineSeconds: 'deadline',
  minAmountOut: 'min-out',
  minAmountOutRaw: 'min-out-raw',
  maxSlippageBps: 'max-slippage-bps',
  objective: 'objective',
  minProbability: 'min-probability',
  maxSteps: 'max-steps',
  allowBridges: 'allow-bridges',
  denyBridges: 'deny-bridges',
  allowNetworks: 'allow-networks',
  denyNetworks: 'deny-networks',
  allowances: 'allowances',
} as const satisfies Record<keyof typeof intentRequestProperties, string>

type IntentField = keyof typeof INTENT_FLAG_NAMES
export type IntentFlag = (typeof INTENT_FLAG_NAMES)[IntentField]

/** parseArgs options of the intent flags: every value is a string, parsed by `intentRequestFromFlags`. */
export const INTENT_FLAGS = Object.fromEntries(Object.values(INTENT_FLAG_NAMES).map((flag) => [flag, { type: 'string' }])) as {
  readonly [F in IntentFlag]: { readonly type: 'string' }
}

/** `base:USDC` → { chain: 'base', token: 'USDC' }. */
export function parseAssetArgument(value: string, field: string): AssetRequest {
  const separator = value.indexOf(':')
  if (separator <= 0 || separator === value.length - 1)
    throw new BaseError('INVALID_ARGUMENT', `Expected CHAIN:TOKEN (e.g. base:USDC), got "${value}".`, { field })
  return { chain: value.slice(0, separator), token: value.slice(separator + 1) }
}

/** `base:USDC:swapRouter:max` → an allowance request (the amount in base units, or `max`). */
export function parseAllowanceArgument(value: string, field: string): Record<string, string> {
  const parts = value.split(':')
  if (parts.length !== 4 || parts.some((part) => part === ''))
    throw new BaseError('INVALID_ARGUMENT', `Expected CHAIN:TOKEN:SPENDER:AMOUNT_RAW (e.g. base:USDC:swapRouter:max), got "${value}".`, { field })
  const [chain, token, spender, amountRaw] = parts as [string, string, string, string]
  return { chain, token, spender, amountRaw }
}

/** A flag's text as the JSON value its schema field takes: an asset, a comma-separated list, a number, or the string itself. */
function parseFlagValue(field: IntentField, value: string, flag: string): unknown {
  if (field === 'allowances') return value.split(',').map((item) => item.trim()).filter((item) => item !== '').map((item) => parseAllowanceArgument(item, flag))
  const schema = intentRequestProperties[field] as { type?: string }
  if (schema.type === 'object') return parseAssetArgument(value, flag)
  if (schema.type === 'array') return value.split(',').map((item) => item.trim()).filter((item) => item !== '')
  if (schema.type === 'number' || schema.type === 'integer') {
    const number = Number(value)
    if (value.trim() === '' || !Number.isFinite(number)) throw new BaseError('INVALID_ARGUMENT', `Expected a number, got "${value}".`, { field: flag })
    return number
  }
  return value
}

/**
 * The intent request the flags describe, checked against the intent contract. Throws INVALID_ARGUMENT
 * with the flag as `field` (`--max-steps`) for a missing required flag or a value the contract rejects;
 * names and amounts are resolved later, against the market, by resolveIntentRequest.
 */
export function intentRequestFromFlags(values: Partial<Record<IntentFlag, string | undefined>>): IntentRequest {
  const request: Record<string, unknown> = {}
  for (const [field, flag] of Object.entries(INTENT_FLAG_NAMES) as Array<[IntentField, IntentFlag]>) {
    const value = values[flag]
    if (value !== undefined) request[field] = parseFlagValue(field, value, `--${flag}`)
  }
  for (const required of IntentRequestSchema.required ?? [])
    if (request[required] === undefined) {
      const flag = `--${INTENT_FLAG_NAMES[required as IntentField]}`
      throw new BaseError('INVALID_ARGUMENT', `${flag} is required.`, { field: flag })
    }
  // One of the two amount flags (the contract makes both optional; resolveIntentRequest refuses both).
  if (request.amount === undefined && request.amountRaw === undefined)
    throw new BaseError('INVALID_ARGUMENT', `--${INTENT_FLAG_NAMES.amount} (or --${INTENT_FLAG_NAMES.amountRaw}) is required.`, { field: `--${INTENT_FLAG_NAMES.amount}` })
  try {
    assertMatchesSchema<IntentRequest>(IntentRequestSchema, request, 'INVALID_ARGUMENT', 'option')
  } catch (error) {
    const accord = error as BaseError
    const field = accord.field?.split(/[.[]/)[0] as IntentField | undefined
    const flag = field && field in INTENT_FLAG_NAMES ? `--${INTENT_FLAG_NAMES[field]}` : undefined
    throw new BaseError('INVALID_ARGUMENT', flag ? accord.shortMessage.replace(`Invalid option: ${accord.field}`, flag) : accord.shortMessage, {
      ...(flag ? { field: flag } : {}),
      cause: error,
    })
  }
  return request as unknown as IntentRequest
}
