// Exact conversion between decimal strings in token units and bigint raw units. The only place
// decimals are parsed or formatted; no floats touch an amount here.
import { InvalidAmountError } from './errors.ts'

const DECIMAL = /^(\d+)(?:\.(\d+))?$/

export interface ParseAmountOptions {
  /** Field path reported in errors. */
  field?: string
  /** Accept zero (default false: an amount to trade must be positive). */
  allowZero?: boolean
}

/**
 * Parses a decimal string (`"250000.5"`) into raw units for a token with `decimals` decimals.
 * Throws InvalidAmountError for anything that is not a plain non-negative decimal, for more
 * fractional digits than the token has, and for zero unless allowed. Never rounds.
 *
 * @example parseAmount('1.5', 6) // 1_500_000n
 */
export function parseAmount(value: string, decimals: number, options: ParseAmountOptions = {}): bigint {
  const { field, allowZero = false } = options
  if (typeof value !== 'string') throw new InvalidAmountError('Amount must be a decimal string.', { field })
  const text = value.trim()
  if (text.startsWith('-')) throw new InvalidAmountError(`Amount must not be negative: "${value}".`, { field })
  const match = DECIMAL.exec(text)
  if (!match) throw new InvalidAmountError(`Amount is not a decimal number: "${value}".`, { field })
  const whole = match[1] as string
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  if (fraction.length > decimals)
    throw new InvalidAmountError(`Amount "${value}" has ${fraction.length} decimals; the token has only ${decimals}.`, {
      field,
    })
  const raw = BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0')
  if (raw === 0n && !allowZero) throw new InvalidAmountError('Amount must be greater than zero.', { field })
  return raw
}

/**
 * Formats raw units as a decimal string without trailing zeros.
 *
 * @example formatAmount(1_500_000n, 6) // '1.5'
 */
export function formatAmount(raw: bigint, decimals: number): string {
  const negative = raw < 0n
  const abs = negative ? -raw : raw
  const base = 10n ** BigInt(decimals)
  const whole = abs / base
  const fraction = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
}

/** Raw units to a float in token units; for the optimiser and display only, never for reported amounts. */
export function rawToFloat(raw: bigint, decimals: number): number {
  return Number(raw) / 10 ** decimals
}

/** A float in token units to raw units, rounded down. For turning optimiser allocations into exact amounts. */
export function floatToRaw(value: number, decimals: number): bigint {
  if (!Number.isFinite(value) || value <= 0) return 0n
  // BigInt of an integral float is exact, whatever its size.
  return BigInt(Math.floor(value * 10 ** decimals))
}
