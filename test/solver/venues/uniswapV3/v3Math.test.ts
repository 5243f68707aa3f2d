import { describe, expect, it } from 'vitest'
import { BaseError } from '../../../../solver/errors.ts'
import { getAmount0Delta, getAmount1Delta, getNextSqrtPriceFromInput, getNextSqrtPriceFromOutput } from '../../../../solver/venues/uniswapV3/sqrtPriceMath.ts'
import { computeSwapStep } from '../../../../solver/venues/uniswapV3/swapMath.ts'
import { getSqrtRatioAtTick, getTickAtSqrtRatio, MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK } from '../../../../solver/venues/uniswapV3/tickMath.ts'
import { amountDeltas, encodePriceSqrt, nextSqrtPriceFromInput, nextSqrtPriceFromOutput, sqrtRatioAtTick, swapSteps, tickAtSqrtRatio } from './v3CoreVectors.ts'

describe('TickMath (Uniswap/v3-core test/TickMath.spec.ts vectors)', () => {
  it.each(sqrtRatioAtTick)('getSqrtRatioAtTick(%i)', (tick, expected) => {
    expect(getSqrtRatioAtTick(tick)).toBe(BigInt(expected))
  })

  it('MIN/MAX_SQRT_RATIO are the ratios of MIN/MAX_TICK', () => {
    expect(getSqrtRatioAtTick(MIN_TICK)).toBe(MIN_SQRT_RATIO)
    expect(getSqrtRatioAtTick(MAX_TICK)).toBe(MAX_SQRT_RATIO)
  })

  it('rejects ticks out of range', () => {
    expect(() => getSqrtRatioAtTick(MIN_TICK - 1)).toThrow(BaseError)
    expect(() => getSqrtRatioAtTick(MAX_TICK + 1)).toThrow(BaseError)
  })

  it.each(tickAtSqrtRatio)('getTickAtSqrtRatio(%s)', (ratio, expected) => {
    expect(getTickAtSqrtRatio(BigInt(ratio))).toBe(expected)
  })

  it('rejects ratios out of range', () => {
    expect(() => getTickAtSqrtRatio(MIN_SQRT_RATIO - 1n)).toThrow(BaseError)
    expect(() => getTickAtSqrtRatio(MAX_SQRT_RATIO)).toThrow(BaseError)
  })

  it('the spec\'s encodePriceSqrt ratios land between their tick and tick + 1', () => {
    for (const [reserve1, reserve0] of [['1000000000000', '1'], ['1000000', '1'], ['1', '64'], ['1', '8'], ['1', '2'], ['1', '1'], ['2', '1'], ['8', '1'], ['64', '1']] as const) {
      const ratio = encodePriceSqrt({ reserve1, reserve0 })
      const tick = getTickAtSqrtRatio(ratio)
      expect(getSqrtRatioAtTick(tick) <= ratio && ratio < getSqrtRatioAtTick(tick + 1)).toBe(true)
    }
  })

  it('is the greatest tick at or below the ratio on a seeded sweep (the contract\'s definition)', () => {
    let seed = 17
    for (let i = 0; i < 2_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      const tick = (seed % (2 * MAX_TICK)) - MAX_TICK
      const ratio = getSqrtRatioAtTick(tick)
      expect(getTickAtSqrtRatio(ratio)).toBe(tick)
      if (tick > MIN_TICK) expect(getTickAtSqrtRatio(ratio - 1n)).toBe(tick - 1)
    }
  })
})

describe('SqrtPriceMath (Uniswap/v3-core test/SqrtPriceMath.spec.ts)', () => {
  it.each(nextSqrtPriceFromInput)('getNextSqrtPriceFromInput: $name', (v) => {
    const run = () => getNextSqrtPriceFromInput(encodePriceSqrt(v.price), BigInt(v.liquidity), BigInt(v.amount), v.zeroForOne)
    if (v.expected === 'revert') expect(run).toThrow(BaseError)
    else expect(run()).toBe(BigInt(v.expected))
  })

  it.each(nextSqrtPriceFromOutput)('getNextSqrtPriceFromOutput: $name', (v) => {
    const run = () => getNextSqrtPriceFromOutput(encodePriceSqrt(v.price), BigInt(v.liquidity), BigInt(v.amount), v.zeroForOne)
    if (v.expected === 'revert') expect(run).toThrow(BaseError)
    else expect(run()).toBe(BigInt(v.expected))
  })

  it.each(amountDeltas)('getAmountDelta: $name', (v) => {
    const f = v.token === 0 ? getAmount0Delta : getAmount1Delta
    expect(f(encodePriceSqrt(v.priceA), encodePriceSqrt(v.priceB), BigInt(v.liquidity), v.roundUp)).toBe(BigInt(v.expected))
  })

  it('amount0 for prices that overflow 2^256 when multiplied differs by one between roundings', () => {
    const a = encodePriceSqrt({ reserve1: (1n << 90n).toString(), reserve0: '1' })
    const b = encodePriceSqrt({ reserve1: (1n << 96n).toString(), reserve0: '1' })
    const liquidity = 10n ** 18n
    expect(getAmount0Delta(a, b, liquidity, true)).toBe(getAmount0Delta(a, b, liquidity, false) + 1n)
  })
})

describe('SwapMath.computeSwapStep (Uniswap/v3-core test/SwapMath.spec.ts)', () => {
  it.each(swapSteps)('$name', (v) => {
    const price = encodePriceSqrt(v.price)
    const target = encodePriceSqrt(v.target)
    const result = computeSwapStep(price, target, BigInt(v.liquidity), BigInt(v.amountRemaining), v.feePips)
    expect(result.amountIn).toBe(BigInt(v.expected.amountIn))
    expect(result.amountOut).toBe(BigInt(v.expected.amountOut))
    expect(result.feeAmount).toBe(BigInt(v.expected.feeAmount))
    if (v.expected.sqrtQ !== undefined) expect(result.sqrtRatioNextX96).toBe(encodePriceSqrt(v.expected.sqrtQ))
  })

  it('the fully spent and fully received steps end where SqrtPriceMath puts the whole amount (the spec\'s relations)', () => {
    const price = encodePriceSqrt({ reserve1: '1', reserve0: '1' })
    const liquidity = 2n * 10n ** 18n
    const spent = computeSwapStep(price, encodePriceSqrt({ reserve1: '1000', reserve0: '100' }), liquidity, 10n ** 18n, 600)
    expect(spent.sqrtRatioNextX96).toBe(getNextSqrtPriceFromInput(price, liquidity, 10n ** 18n - spent.feeAmount, false))
    const received = computeSwapStep(price, encodePriceSqrt({ reserve1: '10000', reserve0: '100' }), liquidity, -(10n ** 18n), 600)
    expect(received.sqrtRatioNextX96).toBe(getNextSqrtPriceFromOutput(price, liquidity, 10n ** 18n, false))
  })
})
