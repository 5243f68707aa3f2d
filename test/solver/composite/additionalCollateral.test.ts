// additionalCollateral against the closed form of Aave's health factor (collateral · liquidation
// threshold / debt, in the oracle's base currency; GenericLogic.calculateUserAccountData): the extra
// USDT a position holding 20,000 USDT must supply before borrowing 6 WETH at a floor of 1.1.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseMarketJson } from '../../../src/market/parseMarket.ts'
import { additionalCollateral, simulateSupplyAndBorrow } from '../../../solver/composite/requiredCollateral.ts'

const market = parseMarketJson(readFileSync(new URL('../../../fixtures/markets/devnet-composite.json', import.meta.url), 'utf8'))
const lending = market.lendingMarkets![0]!
const address = (symbol: string) => market.tokens.find((token) => token.chainId === lending.chainId && token.symbol === symbol)!.address
const usdt = lending.reserves.find((reserve) => reserve.token === address('USDT'))!
const weth = lending.reserves.find((reserve) => reserve.token === address('WETH'))!

describe('additionalCollateral', () => {
  const timestamp = market.timestamp
  const held = simulateSupplyAndBorrow(lending, [{ token: usdt.token, amountRaw: 20_000_000_000n }], undefined, timestamp)
  const borrow = { token: weth.token, amountRaw: 6n * 10n ** 18n, minHealthFactorWad: 1_100_000_000_000_000_000n }

  it('is the smallest extra supply that lifts the health factor to the floor, as the closed form says', () => {
    const result = additionalCollateral(held.market!, held.position!, usdt.token, borrow, timestamp, 100_000_000_000n)
    expect(result).toBeDefined()
    // Smallest T (raw USDT) with T·p/1e6 · LT/1e4 ≥ 1.1 · 6 · p_weth, i.e. T ≥ 11 · 6 · p_weth · 1e4 · 1e6 / (10 · LT · p).
    const numerator = 11n * 6n * weth.priceBase * 10_000n * 10n ** 6n
    const denominator = 10n * BigInt(usdt.liquidationThresholdBps) * usdt.priceBase
    const total = (numerator + denominator - 1n) / denominator
    expect(result!.extraRaw).toBe(total - 20_000_000_000n)
    expect(result!.healthFactorWad >= borrow.minHealthFactorWad).toBe(true)
    // One unit less does not pass: the floor is binding, not the Pool's LTV check.
    expect(additionalCollateral(held.market!, held.position!, usdt.token, borrow, timestamp, result!.extraRaw - 1n)).toBeUndefined()
  })

  it('is 0 when the borrow already passes, and undefined past what the ceiling allows', () => {
    expect(additionalCollateral(held.market!, held.position!, usdt.token, { ...borrow, amountRaw: 10n ** 18n }, timestamp, 0n)?.extraRaw).toBe(0n)
    expect(additionalCollateral(held.market!, held.position!, usdt.token, borrow, timestamp, 1_000_000_000n)).toBeUndefined()
  })
})
