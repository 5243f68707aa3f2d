import { describe, expect, it } from 'vitest'
import { BaseError } from '../../../solver/errors.ts'
import type { Bridge } from '../../../solver/market/types.ts'
import { getBridgeAmountOut, getBridgeFeeRaw } from '../../../solver/venues/bridge.ts'
import { bridgeUp } from './fixtureMarket.ts'

// Hand-computed from the definition: fixed fee first, then floor(rest·bps/10000), then decimals.
const bridge = (feeFixedRaw: bigint, feeBps: number): Bridge => ({ ...bridgeUp, feeFixedRaw, feeBps })

describe('getBridgeAmountOut', () => {
  it('takes the fixed fee, then the proportional fee, then scales 6 → 18 decimals', () => {
    // 101.5 USDC − 1.5 fixed = 100; 5 bps of 100 = 0.05; 99.95 at 18 decimals.
    expect(getBridgeAmountOut(bridge(1_500_000n, 5), 101_500_000n, 6, 18)).toBe(99_950_000_000_000_000_000n)
    expect(getBridgeFeeRaw(bridge(1_500_000n, 5), 101_500_000n)).toBe(1_550_000n)
  })

  it('rounds the proportional fee down', () => {
    // 1999 raw after the fixed fee: 5 bps = 0.9995 raw → 0 fee.
    expect(getBridgeAmountOut(bridge(1_500_000n, 5), 1_501_999n, 6, 18)).toBe(1_999n * 10n ** 12n)
    // 2000 raw: exactly 1 raw of fee.
    expect(getBridgeAmountOut(bridge(1_500_000n, 5), 1_502_000n, 6, 18)).toBe(1_999n * 10n ** 12n)
    expect(getBridgeFeeRaw(bridge(1_500_000n, 5), 1_502_000n)).toBe(1_500_001n)
  })

  it('rounds down when moving to fewer decimals', () => {
    // 1.234567890123456789 in, no fee: 1.234567 at 6 decimals.
    expect(getBridgeAmountOut(bridge(0n, 0), 1_234_567_890_123_456_789n, 18, 6)).toBe(1_234_567n)
    // 10 bps: fee floor(x/1000) = 1_234_567_890_123_456; rest 1_233_333_322_233_333_333 → 1_233_333 at 6 decimals.
    expect(getBridgeAmountOut(bridge(0n, 10), 1_234_567_890_123_456_789n, 18, 6)).toBe(1_233_333n)
    // Less than one unit of the destination's precision is lost entirely.
    expect(getBridgeAmountOut(bridge(0n, 0), 999_999_999_999n, 18, 6)).toBe(0n)
  })

  it('keeps the amount when decimals match', () => {
    expect(getBridgeAmountOut(bridge(100n, 30), 10_100n, 6, 6)).toBe(10_000n - 30n)
  })

  it('delivers nothing when the fixed fee eats the amount', () => {
    expect(getBridgeAmountOut(bridge(1_500_000n, 5), 1_500_000n, 6, 18)).toBe(0n)
    expect(getBridgeAmountOut(bridge(1_500_000n, 5), 1_000_000n, 6, 18)).toBe(0n)
    expect(getBridgeAmountOut(bridge(1_500_000n, 5), 0n, 6, 18)).toBe(0n)
    expect(getBridgeFeeRaw(bridge(1_500_000n, 5), 1_000_000n)).toBe(1_000_000n)
  })

  it('does not cap the output at the liquidity cap (the caller checks)', () => {
    const small = { ...bridge(0n, 0), liquidityCapRaw: 10n }
    expect(getBridgeAmountOut(small, 1_000n, 6, 6)).toBe(1_000n)
  })

  it('rejects negative amounts and invalid fees', () => {
    expect(() => getBridgeAmountOut(bridge(0n, 0), -1n, 6, 6)).toThrow(BaseError)
    expect(() => getBridgeAmountOut(bridge(0n, 10_001), 1n, 6, 6)).toThrow(BaseError)
    expect(() => getBridgeAmountOut(bridge(-1n, 0), 1n, 6, 6)).toThrow(BaseError)
  })
})
