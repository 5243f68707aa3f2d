// Issue 18, end to end: one market with every real-data shape — Balancer weighted and stable pools, a rate-scaled
// StableSwap pool, a repeated symbol, an unpriced token, an empty pool and a paused bridge — loads, and intents
// through each new kind are planned; every plan's exact steps replay to the same amounts with the venues' math.
import { describe, expect, it } from 'vitest'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { resolveIntentRequest, type IntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { parseMarket } from '../../../src/market/parseMarket.ts'
import { replayPlansInSequence } from '../../solver/batch/replaySteps.ts'
import { readSmallMarketFile } from '../server/helpers.ts'

const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'
const USDT = '0xdAC17F958D2ee523a2206206994597C13D831ec7'
const WETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2'
const WSTETH = '0x7f39C581F595B53c5cb19bD0b3f8dA6c935E2Ca0'
const FAKE_USDC = '0x0000000000000000000000000000000000c0ffee' // a second "USDC" (symbol copy), made-up address
const UNPRICED = '0x0000000000000000000000000000000000abc123' // no price anywhere in the file, made-up address

function realDataMarketFile() {
  const file = readSmallMarketFile()
  file.tokens.push(
    { chainId: 1, address: WSTETH, symbol: 'wstETH', decimals: 18, priceUsd: 3510, annualVolatility: 0.6 },
    { chainId: 1, address: FAKE_USDC, symbol: 'USDC', decimals: 6, priceUsd: 0.01, annualVolatility: 2 },
    { chainId: 1, address: UNPRICED, symbol: 'ABC', decimals: 18, annualVolatility: 1 },
  )
  const pool = (n: number) => `0x${n.toString(16).padStart(40, '0')}`
  file.pools.push(
    {
      kind: 'stableSwap',
      id: 'wsteth-weth-ng',
      chainId: 1,
      address: pool(0xf001),
      tokens: [WSTETH, WETH],
      balances: ['10000000000000000000000', '11700000000000000000000'],
      amplification: '200',
      fee: '1000000',
      rateProviders: [{ coin: 0, rate: '1170000000000000000' }],
      gasUnits: 150_000,
    },
    {
      kind: 'balancerWeighted',
      id: 'bal-weth-usdc-80-20',
      chainId: 1,
      address: pool(0xf002),
      tokens: [WETH, USDC],
      balances: ['2000000000000000000000', '1500000000000'],
      weights: ['800000000000000000', '200000000000000000'],
      swapFee: '3000000000000000',
      gasUnits: 100_000,
    },
    {
      kind: 'balancerStable',
      id: 'bal-usdc-usdt',
      chainId: 1,
      address: pool(0xf003),
      tokens: [USDC, USDT],
      balances: ['4000000000000', '4000000000000'],
      amplificationParameter: '1000000',
      swapFee: '50000000000000',
      gasUnits: 180_000,
    },
    {
      kind: 'constantProduct',
      id: 'abc-weth',
      chainId: 1,
      address: pool(0xf004),
      token0: UNPRICED,
      token1: WETH,
      reserve0: '1000000000000000000000000',
      reserve1: '100000000000000000000',
      feeBps: 30,
      gasUnits: 110_000,
    },
    { kind: 'constantProduct', id: 'dead', chainId: 1, address: pool(0xf005), token0: FAKE_USDC, token1: WETH, reserve0: '0', reserve1: '5', feeBps: 30, gasUnits: 110_000 },
  )
  file.bridges[0] = { ...file.bridges[0]!, paused: true }
  return file
}

const market = parseMarket(realDataMarketFile())
const eth = (token: string) => ({ chain: 'ethereum', token })

describe('a market with every real-data shape', () => {
  it('loads: inactive venues listed apart, the unpriced token priced through its pool', () => {
    expect(market.inactiveVenues?.map((venue) => venue.id)).toEqual(['dead', readSmallMarketFile().bridges[0]!.id])
    const abc = market.tokens.find((token) => token.symbol === 'ABC')!
    // 100 WETH ($3000 each) against 1,000,000 ABC: $0.30, resting on the pool's $300k WETH side.
    expect(abc.priceUsd).toBeCloseTo(0.3, 9)
    expect(abc.priceSource).toEqual({ kind: 'derived', from: `1:${WETH.toLowerCase()}`, path: ['abc-weth'], depthUsd: 300_000 })
  })

  const intents: Array<[string, IntentRequest, string]> = [
    ['through the rate-scaled StableSwap pool', { from: eth('wstETH'), to: eth('WETH'), amount: '100' }, 'stableSwap'],
    ['through the Balancer stable pool', { from: eth(USDT), to: eth(USDC), amount: '2000000' }, 'balancerStable'],
    ['through the Balancer weighted pool', { from: eth('WETH'), to: eth(USDC), amount: '300' }, 'balancerWeighted'],
    ['from the token priced only through a pool', { from: eth('ABC'), to: eth(USDC), amount: '50000' }, 'constantProduct'],
  ]
  // Objective output: the default (probability) prefers the fewest steps and would leave a second pool unused.
  it.each(intents)('plans %s, and its steps replay exactly', (_name, request, kind) => {
    const result = quoteIntent(market, resolveIntentRequest(market, { ...request, deadlineSeconds: 3600, objective: 'output' }))
    expect(result.status).toBe('ok')
    if (result.status !== 'ok') return
    expect(result.plan.steps.map((step) => step.venueKind)).toContain(kind)
    const [replayed] = replayPlansInSequence(market, [result.plan])
    expect(replayed).toEqual({ deliveredRaw: result.plan.expectedAmountOutRaw, matchesPlan: true, feasible: true })
  })

  it('refuses the repeated symbol with both candidates', () => {
    expect(() => resolveIntentRequest(market, { from: eth('USDC'), to: eth('WETH'), amount: '1' })).toThrow(
      new RegExp(`${USDC.toLowerCase()}.*${FAKE_USDC}`),
    )
  })
})
