import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BaseError } from '../../../solver/errors.ts'
import { getAmountIn, getAmountOut, marginalRate } from '../../../solver/venues/constantProduct.ts'

// The Uniswap V2 library as written in v2-periphery contracts/libraries/UniswapV2Library.sol, with its 997/1000
// constants: the independent reference (our implementation takes the fee in basis points).
const v2AmountOut = (amountIn: bigint, reserveIn: bigint, reserveOut: bigint) =>
  (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n)
const v2AmountIn = (amountOut: bigint, reserveIn: bigint, reserveOut: bigint) =>
  (reserveIn * amountOut * 1000n) / ((reserveOut - amountOut) * 997n) + 1n

// UniswapV2Pair.swap's K check (v2-core contracts/UniswapV2Pair.sol), generalised from 1000/3 to 10000/feeBps:
// balanceInAdjusted·balanceOutAdjusted ≥ reserveIn·reserveOut·10000².
const passesKCheck = (amountIn: bigint, amountOut: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: bigint) =>
  ((reserveIn + amountIn) * 10_000n - amountIn * feeBps) * ((reserveOut - amountOut) * 10_000n) >= reserveIn * reserveOut * 10_000n ** 2n

const e18 = (n: bigint) => n * 10n ** 18n

describe('getAmountOut', () => {
  it('matches the Uniswap v2-periphery router tests', () => {
    // Uniswap/v2-periphery test/UniswapV2Router02.spec.ts, 'getAmountOut' and 'getAmountsOut' (reserves 10000/10000).
    expect(getAmountOut(2n, 100n, 100n, 30)).toBe(1n)
    expect(getAmountOut(2n, 10_000n, 10_000n, 30)).toBe(1n)
    // Uniswap/v2-periphery test/UniswapV2Router01.spec.ts, 'swapExactTokensForTokens' (reserves 5e18/10e18, 1e18 in).
    expect(getAmountOut(e18(1n), e18(5n), e18(10n), 30)).toBe(1662497915624478906n)
  })

  it('matches the largest outputs the pair accepts in the Uniswap v2-core pair tests', () => {
    // Uniswap/v2-core test/UniswapV2Pair.spec.ts, swapTestCases [swapAmount, reserve0, reserve1, expectedOutput] in
    // units of 1e18: expectedOutput passes UniswapV2Pair's K check and expectedOutput + 1 reverts with 'UniswapV2: K'.
    const cases: Array<[bigint, bigint, bigint, bigint]> = [
      [e18(1n), e18(5n), e18(10n), 1662497915624478906n],
      [e18(1n), e18(10n), e18(5n), 453305446940074565n],
      [e18(2n), e18(5n), e18(10n), 2851015155847869602n],
      [e18(2n), e18(10n), e18(5n), 831248957812239453n],
      [e18(1n), e18(10n), e18(10n), 906610893880149131n],
      [e18(1n), e18(100n), e18(100n), 987158034397061298n],
      [e18(1n), e18(1000n), e18(1000n), 996006981039903216n],
    ]
    for (const [amountIn, reserveIn, reserveOut, expected] of cases)
      expect(getAmountOut(amountIn, reserveIn, reserveOut, 30)).toBe(expected)
  })

  it('equals the V2 library formula with 997/1000 when feeBps = 30, up to 256-bit sizes', () => {
    const reserve = fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 112n - 1n }), fc.bigInt({ min: 1n, max: 2n ** 128n }))
    const amount = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n }), fc.bigInt({ min: 0n, max: 2n ** 128n }))
    fc.assert(
      fc.property(amount, reserve, reserve, (amountIn, reserveIn, reserveOut) => {
        expect(getAmountOut(amountIn, reserveIn, reserveOut, 30)).toBe(v2AmountOut(amountIn, reserveIn, reserveOut))
      }),
      { numRuns: 2000 },
    )
  })

  it('is the largest output that passes the pair K check, for any fee', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2n ** 100n }),
        fc.bigInt({ min: 1n, max: 2n ** 100n }),
        fc.bigInt({ min: 1n, max: 2n ** 100n }),
        fc.integer({ min: 0, max: 9_999 }),
        (amountIn, reserveIn, reserveOut, feeBps) => {
          const out = getAmountOut(amountIn, reserveIn, reserveOut, feeBps)
          expect(out).toBeLessThan(reserveOut)
          expect(passesKCheck(amountIn, out, reserveIn, reserveOut, BigInt(feeBps))).toBe(true)
          if (out + 1n < reserveOut) expect(passesKCheck(amountIn, out + 1n, reserveIn, reserveOut, BigInt(feeBps))).toBe(false)
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('rejects empty reserves, negative amounts and invalid fees', () => {
    const code = (fn: () => unknown) => {
      try {
        fn()
      } catch (error) {
        return error instanceof BaseError ? error.code : 'not a BaseError'
      }
      return 'no error'
    }
    expect(code(() => getAmountOut(2n, 0n, 100n, 30))).toBe('INVALID_ARGUMENT')
    expect(code(() => getAmountOut(2n, 100n, 0n, 30))).toBe('INVALID_ARGUMENT')
    expect(code(() => getAmountOut(-1n, 100n, 100n, 30))).toBe('INVALID_ARGUMENT')
    expect(code(() => getAmountOut(2n, 100n, 100n, 10_000))).toBe('INVALID_ARGUMENT')
    expect(code(() => getAmountOut(2n, 100n, 100n, 2.5))).toBe('INVALID_ARGUMENT')
    expect(getAmountOut(0n, 100n, 100n, 30)).toBe(0n)
  })
})

describe('getAmountIn', () => {
  it('matches the Uniswap v2-periphery router tests', () => {
    // Uniswap/v2-periphery test/UniswapV2Router02.spec.ts, 'getAmountIn' and 'getAmountsIn' (reserves 10000/10000).
    expect(getAmountIn(1n, 100n, 100n, 30)).toBe(2n)
    expect(getAmountIn(1n, 10_000n, 10_000n, 30)).toBe(2n)
    // Uniswap/v2-periphery test/UniswapV2Router01.spec.ts, 'swapTokensForExactTokens' (reserves 5e18/10e18, 1e18 out).
    expect(getAmountIn(e18(1n), e18(5n), e18(10n), 30)).toBe(557227237267357629n)
  })

  it('equals the V2 library formula with 997/1000 when feeBps = 30', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 128n }), fc.bigInt({ min: 2n, max: 2n ** 128n }), fc.double({ min: 0, max: 1, noNaN: true }), (reserveIn, reserveOut, share) => {
        const amountOut = 1n + (BigInt(Math.floor(share * 1e9)) * (reserveOut - 2n)) / 1_000_000_000n
        expect(getAmountIn(amountOut, reserveIn, reserveOut, 30)).toBe(v2AmountIn(amountOut, reserveIn, reserveOut))
      }),
      { numRuns: 2000 },
    )
  })

  it('buys at least the requested output, and two units less input does not', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2n ** 96n }),
        fc.bigInt({ min: 2n, max: 2n ** 96n }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 9_999 }),
        (reserveIn, reserveOut, share, feeBps) => {
          const amountOut = 1n + (BigInt(Math.floor(share * 1e9)) * (reserveOut - 2n)) / 1_000_000_000n
          const amountIn = getAmountIn(amountOut, reserveIn, reserveOut, feeBps)
          expect(getAmountOut(amountIn, reserveIn, reserveOut, feeBps)).toBeGreaterThanOrEqual(amountOut)
          if (amountIn >= 2n) expect(getAmountOut(amountIn - 2n, reserveIn, reserveOut, feeBps)).toBeLessThan(amountOut)
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('rejects outputs the pool cannot pay', () => {
    expect(() => getAmountIn(100n, 100n, 100n, 30)).toThrow(BaseError)
    expect(() => getAmountIn(101n, 100n, 100n, 30)).toThrow(/less than the output reserve/)
    expect(() => getAmountIn(-1n, 100n, 100n, 30)).toThrow(BaseError)
    expect(() => getAmountIn(1n, 0n, 100n, 30)).toThrow(BaseError)
  })
})

describe('marginalRate', () => {
  it('is the limit of the average rate of ever smaller trades', () => {
    const reserveIn = 12_345_678n * 10n ** 18n
    const reserveOut = 98_765n * 10n ** 18n
    for (const feeBps of [0, 5, 30, 100]) {
      // A trade of 1e-8 of the reserve: price impact ≈ 1e-8, rounding ≈ 1e-15 of the output.
      const amountIn = reserveIn / 100_000_000n
      const average = Number(getAmountOut(amountIn, reserveIn, reserveOut, feeBps)) / Number(amountIn)
      expect(Math.abs(marginalRate(reserveIn, reserveOut, feeBps) / average - 1)).toBeLessThan(2e-8)
      expect(marginalRate(reserveIn, reserveOut, feeBps)).toBeGreaterThan(average)
    }
  })
})
