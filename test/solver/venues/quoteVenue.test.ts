import { describe, expect, it } from 'vitest'
import { BaseError } from '../../../solver/errors.ts'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { quoteVenue } from '../../../solver/venues/quoteVenue.ts'
import { getDy } from '../../../solver/venues/stableSwap.ts'
import { bridgeUp, cpPool, DAI, index, stablePool, USDC, USDC_L2, USDT, WETH } from './fixtureMarket.ts'

const k = (chainId: number, token: string) => assetKey(chainId, token)
// UniswapV2Library.getAmountOut with its 997/1000 constants (v2-periphery), written out independently.
const v2AmountOut = (amountIn: bigint, reserveIn: bigint, reserveOut: bigint) =>
  (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n)

describe('quoteVenue', () => {
  it('quotes a constant-product pool in both directions as the V2 library does', () => {
    const usdcIn = 25_000n * 10n ** 6n
    const toWeth = quoteVenue(index, cpPool, k(1, USDC), k(1, WETH), usdcIn)
    expect(toWeth.amountOutRaw).toBe(v2AmountOut(usdcIn, cpPool.reserve0, cpPool.reserve1))
    expect(toWeth.feeRaw).toBe((usdcIn * 3n) / 1000n)
    expect(toWeth.exceedsCapacity).toBe(false)

    const wethIn = 7n * 10n ** 18n
    const toUsdc = quoteVenue(index, cpPool, k(1, WETH), k(1, USDC), wethIn)
    expect(toUsdc.amountOutRaw).toBe(v2AmountOut(wethIn, cpPool.reserve1, cpPool.reserve0))
  })

  it('quotes a StableSwap pool with the contract fee in both tokens', () => {
    const daiIn = 1_000_000n * 10n ** 18n
    const quote = quoteVenue(index, stablePool, k(1, DAI), k(1, USDC), daiIn)
    // The pool's exact math with the coin decimals written out by hand (DAI 18, USDC 6, USDT 6).
    const parameters = { balances: stablePool.balances, decimals: [18, 6, 6], amplification: 2000n, fee: 4_000_000n }
    expect(quote.amountOutRaw).toBe(getDy(parameters, 0, 1, daiIn))
    // The fee is 0.04 % of the gross output: ≈ 400 USDC, reported also in DAI at the 1:1 peg.
    const gross = quote.amountOutRaw + quote.feeOutRaw
    expect(quote.feeOutRaw).toBe((gross * 4_000_000n) / 10n ** 10n)
    const feeInDai = Number(quote.feeRaw) / 1e18
    expect(Math.abs(feeInDai - Number(quote.feeOutRaw) / 1e6)).toBeLessThan(1e-6)
    expect(quote.exceedsCapacity).toBe(false)
  })

  it('quotes a bridge from its fee schedule and flags output above the liquidity cap', () => {
    const amountIn = 1_000_001_500_000n // 1,000,001.5 USDC
    const quote = quoteVenue(index, bridgeUp, k(1, USDC), k(10, USDC_L2), amountIn)
    // 1,000,000 after the fixed fee; 5 bps = 500; 999,500 at 18 decimals.
    expect(quote.amountOutRaw).toBe(999_500n * 10n ** 18n)
    expect(quote.feeRaw).toBe(1_500_000n + 500_000_000n)
    expect(quote.exceedsCapacity).toBe(false)
    const tooMuch = quoteVenue(index, bridgeUp, k(1, USDC), k(10, USDC_L2), 2_100_000n * 10n ** 6n)
    expect(tooMuch.amountOutRaw).toBeGreaterThan(bridgeUp.liquidityCapRaw)
    expect(tooMuch.exceedsCapacity).toBe(true)
  })

  it('quotes zero for zero', () => {
    for (const [venue, from, to] of [
      [cpPool, k(1, USDC), k(1, WETH)],
      [stablePool, k(1, USDT), k(1, DAI)],
      [bridgeUp, k(1, USDC), k(10, USDC_L2)],
    ] as const)
      expect(quoteVenue(index, venue, from, to, 0n).amountOutRaw).toBe(0n)
  })

  it('throws INVALID_ARGUMENT for a pair the venue does not trade', () => {
    const attempts: Array<() => unknown> = [
      () => quoteVenue(index, cpPool, k(1, DAI), k(1, WETH), 1n),
      () => quoteVenue(index, cpPool, k(1, USDC), k(1, USDC), 1n),
      () => quoteVenue(index, stablePool, k(1, DAI), k(1, WETH), 1n),
      () => quoteVenue(index, bridgeUp, k(10, USDC_L2), k(1, USDC), 1n),
      () => quoteVenue(index, cpPool, k(10, USDC), k(1, WETH), 1n),
    ]
    for (const attempt of attempts) {
      expect(attempt).toThrow(BaseError)
      try {
        attempt()
      } catch (error) {
        expect((error as BaseError).code).toBe('INVALID_ARGUMENT')
      }
    }
    expect(() => quoteVenue(index, cpPool, k(1, USDC), k(1, WETH), -1n)).toThrow(BaseError)
  })
})
