// The limits of an intent, in one place: the input schemas (src/market/intentSchema.ts, from which the
// HTTP body, intent files, batch entries and CLI flags derive) compile them, and the solver's own check
// (plan/validateIntent.ts) applies the same numbers to intents that reach it without a schema.

/** What the planner can maximise. */
export const OBJECTIVES = ['probability', 'output'] as const

/** Inclusive numeric bounds of an intent field; `exclusiveMinimum` when zero itself is not allowed. */
export interface IntentFieldLimit {
  readonly minimum?: number
  readonly exclusiveMinimum?: number
  readonly maximum: number
  readonly integer: boolean
  /** The sentence a person reads when the value is out of bounds. */
  readonly message: string
}

export const INTENT_LIMITS = {
  /** Below 10 000 bps, so that the minimum output stays positive. */
  maxSlippageBps: { minimum: 0, maximum: 9999, integer: true, message: 'Maximum slippage must be a whole number of basis points from 0 to 9999.' },
  /** At most 30 days: the slowest bridge tier the markets describe (canonical withdrawals, 7 days) fits well inside. */
  deadlineSeconds: { exclusiveMinimum: 0, maximum: 30 * 24 * 3600, integer: false, message: 'Deadline must be a positive number of seconds, at most 30 days.' },
  minProbability: { minimum: 0, maximum: 1, integer: false, message: 'Minimum probability must be between 0 and 1.' },
  /** Most venues on one path: beyond 8 hops the path enumeration grows past the planner's budget. */
  maxSteps: { minimum: 1, maximum: 8, integer: true, message: 'Maximum steps must be a whole number from 1 to 8.' },
} as const satisfies Record<string, IntentFieldLimit>

/** Digits before and after the decimal point of an amount (token decimals go up to 36, marketSchema). */
export const MAX_AMOUNT_DIGITS = 40
/** Longest network name or token symbol/address accepted in a request. */
export const MAX_REFERENCE_LENGTH = 64
/** Longest bridge id or protocol name in an allow/deny list. */
export const MAX_BRIDGE_NAME_LENGTH = 100
/** Most entries in one allow/deny list. */
export const MAX_LIST_ITEMS = 64
/** Most alternative plans a quote returns besides the best. */
export const MAX_ALTERNATIVES = 3

/** Whether `value` lies within `limit`. */
export function isWithinLimit(value: number, limit: IntentFieldLimit): boolean {
  if (!Number.isFinite(value) || (limit.integer && !Number.isInteger(value))) return false
  if (limit.minimum !== undefined && value < limit.minimum) return false
  if (limit.exclusiveMinimum !== undefined && value <= limit.exclusiveMinimum) return false
  return value <= limit.maximum
}
