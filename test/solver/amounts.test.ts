import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatAmount, parseAmount } from '../../solver/amounts.ts'

describe('parseAmount / formatAmount', () => {
  it('round-trips every raw amount exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 200n }), fc.integer({ min: 0, max: 30 }), (raw, decimals) => {
        expect(parseAmount(formatAmount(raw, decimals), decimals)).toBe(raw)
      }),
      { seed: 7 },
    )
  })

  it('parses decimals as the written number times 10^decimals', () => {
    expect(parseAmount('250000', 6)).toBe(250_000_000_000n)
    expect(parseAmount('1.5', 18)).toBe(1_500_000_000_000_000_000n)
    expect(parseAmount('0.000001', 6)).toBe(1n)
    expect(parseAmount('1.50', 1)).toBe(15n) // trailing zeros are not extra precision
  })

  it.each([
    ['-1', /negative/],
    ['0', /greater than zero/],
    ['0.0', /greater than zero/],
    ['1.0000001', /7 decimals; the token has only 6/],
    ['1e6', /not a decimal/],
    ['', /not a decimal/],
    ['abc', /not a decimal/],
    ['1.', /not a decimal/],
  ])('rejects %j with a clear message and the field', (value, message) => {
    try {
      parseAmount(value, 6, { field: 'amount' })
      expect.unreachable()
    } catch (error) {
      expect((error as { code: string }).code).toBe('INVALID_AMOUNT')
      expect((error as { field: string }).field).toBe('amount')
      expect((error as Error).message).toMatch(message)
    }
  })
})
