// Issue 18: the CoW Protocol auction importer on the committed real-pool snapshot (fixtures/auctions/cow-mainnet.json,
// pool states from cowprotocol/services solver tests) and on edge shapes of the format.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { BaseError } from '../../../solver/errors.ts'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import { quoteVenue } from '../../../solver/venues/quoteVenue.ts'
import { listVenueEdges } from '../../../solver/venues/venueEdges.ts'
import { getAmountOut } from '../../../solver/venues/constantProduct.ts'
import { getSqrtRatioAtTick } from '../../../solver/venues/uniswapV3/tickMath.ts'
import { simulateSwap } from '../../../solver/venues/uniswapV3/simulateSwap.ts'
import { importCowAuction } from '../../../src/market/importCowAuction.ts'
import { parseMarket } from '../../../src/market/parseMarket.ts'

const fixture = (path: string) => fileURLToPath(new URL(`../../../fixtures/${path}`, import.meta.url))
const auction = JSON.parse(readFileSync(fixture('auctions/cow-mainnet.json'), 'utf8')) as Record<string, any>
const options = { nativePriceUsd: 1673.23, name: 'cow-mainnet', source: 'CoW Protocol auction cow-mainnet.json' }

describe('importCowAuction on the real snapshot', () => {
  const { market, report } = importCowAuction(auction, options)

  it('reports tokens and pools per kind', () => {
    expect(report.tokens).toEqual({ listed: 5, imported: 6, priced: 5, unpriced: 1 })
    expect(report.liquidity).toEqual({
      constantProduct: { seen: 2, imported: 2, skipped: {} },
      weightedProduct: { seen: 1, imported: 1, skipped: {} },
      stable: { seen: 1, imported: 1, skipped: {} },
    })
    expect(market.pools.map((pool) => pool.kind)).toEqual(['constantProduct', 'constantProduct', 'balancerWeighted', 'balancerStable'])
  })

  it('is the committed fixtures/markets/cow-mainnet.json', () => {
    expect(market).toEqual(JSON.parse(readFileSync(fixture('markets/cow-mainnet.json'), 'utf8')))
  })

  it('round-trips: the pools keep the auction state exactly and quote as the contracts do', () => {
    const loaded = parseMarket(market)
    const index = indexMarket(loaded)
    // Every direction of every pool quotes a positive amount for a small trade.
    for (const venue of loaded.venues)
      for (const { from, to } of listVenueEdges(venue)) {
        const decimals = index.tokens.get(from)!.decimals
        expect(quoteVenue(index, venue, from, to, 10n ** BigInt(decimals)).amountOutRaw, `${venue.id} ${from}→${to}`).toBeGreaterThan(0n)
      }
    // Uniswap V2 WETH/USDC: reserves sorted by address, 30 bps.
    const usdcWeth = loaded.venues.find((venue) => venue.id === 'cp-b4e16d01')!
    const quote = quoteVenue(index, usdcWeth, '1:0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2', '1:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48', 10n ** 18n)
    expect(quote.amountOutRaw).toBe(getAmountOut(10n ** 18n, 16551311935742077745684n, 30493445841295n, 30))
    // The Balancer pools pay what CoW Protocol's solver computed on the same states (cowprotocol/services
    // crates/solvers/src/tests/cases/bal_liquidity.rs: weighted GNO→COW and stable DAI→USDC).
    const weighted = loaded.venues.find((venue) => venue.kind === 'balancerWeighted')!
    expect(quoteVenue(index, weighted, '1:0x6810e776880c02933d47db1b9fc05908e5386b96', '1:0xdef1ca1fb7fbcdc777520aa7f396b4e015f497ab', 10n ** 18n).amountOutRaw).toBe(
      1657855325872947866705n,
    )
    const stable = loaded.venues.find((venue) => venue.kind === 'balancerStable')!
    expect(quoteVenue(index, stable, '1:0x6b175474e89094c44da98b954eedeac495271d0f', '1:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48', 10n * 10n ** 18n).amountOutRaw).toBe(9999475n)
  })

  it('prices tokens from the reference prices and derives the one the auction does not list', () => {
    const loaded = parseMarket(market)
    const usdc = loaded.tokens.find((token) => token.symbol === 'USDC')!
    // referencePrice·10^6/1e36 ETH per USDC × 1673.23 USD per ETH.
    expect(usdc.priceUsd).toBeCloseTo((597647838715990684620292096 * 1e6) / 1e36 * 1673.23, 9)
    const usdt = loaded.tokens.find((token) => token.address === '0xdac17f958d2ee523a2206206994597c13d831ec7')!
    expect(usdt.decimals).toBe(6) // from the stable pool's scaling factor 1e12
    expect(usdt.priceSource).toMatchObject({ kind: 'derived', path: ['bal-stable-06df3b2b'] })
  })
})

describe('importCowAuction on other shapes', () => {
  const extended = structuredClone(auction)
  extended.liquidity.push(
    {
      // USDC/WETH 0.05 % at about 1,800 USD per ETH (the mainnet pool's address), a full-range and a narrow position.
      kind: 'concentratedLiquidity',
      id: '4',
      address: '0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640',
      router: '0xe592427a0aece92de3edee1f18e0157c05861564',
      gasEstimate: '110000',
      tokens: ['0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2', '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48'],
      sqrtPrice: String(getSqrtRatioAtTick(201_390) + 12_345n),
      liquidity: String(5n * 10n ** 17n + 3n * 10n ** 18n),
      tick: 201_390,
      liquidityNet: { '887270': String(-(5n * 10n ** 17n)), '-887270': String(5n * 10n ** 17n), '201000': String(3n * 10n ** 18n), '201800': String(-3n * 10n ** 18n), '202000': '0' },
      fee: '0.0005',
    },
    { kind: 'limitOrder', id: '5', hash: '0x00', makerToken: '0x00', takerToken: '0x00', makerAmount: '1', takerAmount: '1', takerTokenFeeAmount: '0', gasEstimate: '1', fee: '0' },
    {
      kind: 'constantProduct',
      id: '6',
      address: '0x1111111111111111111111111111111111111111',
      gasEstimate: '110000',
      fee: '0.003',
      tokens: { '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2': { balance: '0' }, '0xdef1ca1fb7fbcdc777520aa7f396b4e015f497ab': { balance: '5' } },
    },
  )
  extended.tokens['0x6810e776880c02933d47db1b9fc05908e5386b96'].referencePrice = null

  it('imports a concentrated pool with its ticks, skips limit orders with a count, loads an empty pool as inactive, leaves a null price unpriced', () => {
    const { market, report } = importCowAuction(extended, options)
    expect(report.liquidity.concentratedLiquidity).toEqual({ seen: 1, imported: 1, skipped: {} })
    // Tokens in address order, fee 0.0005 → 500 pips → tick spacing 10 (UniswapV3Factory), ticks ascending, a zero net dropped.
    expect(market.pools.find((pool) => pool.kind === 'concentratedLiquidity')).toEqual({
      kind: 'concentratedLiquidity',
      id: 'uni-v3-88e6a0c2',
      chainId: 1,
      address: '0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640',
      token0: '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48',
      token1: '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2',
      fee: 500,
      tickSpacing: 10,
      sqrtPriceX96: String(getSqrtRatioAtTick(201_390) + 12_345n),
      tick: 201_390,
      liquidity: '3500000000000000000',
      ticks: [
        { tick: -887270, liquidityNet: '500000000000000000' },
        { tick: 201000, liquidityNet: '3000000000000000000' },
        { tick: 201800, liquidityNet: '-3000000000000000000' },
        { tick: 887270, liquidityNet: '-500000000000000000' },
      ],
      gasUnits: 110000,
      gasPerTickCrossed: 28500,
      source: 'CoW Protocol auction cow-mainnet.json, liquidity id 4',
    })
    // It quotes through the exact V3 swap loop: 2,000 WETH → USDC crosses the narrow position's upper tick.
    const loaded = parseMarket(market)
    const pool = loaded.venues.find((venue) => venue.kind === 'concentratedLiquidity')!
    const weth = '1:0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2'
    const usdc = '1:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48'
    const quote = quoteVenue(indexMarket(loaded), pool, weth, usdc, 2000n * 10n ** 18n)
    if (pool.kind !== 'concentratedLiquidity') throw new Error('not V3')
    const swap = simulateSwap(pool, { zeroForOne: false, amountSpecified: 2000n * 10n ** 18n })
    expect(swap.initializedTicksCrossed).toBeGreaterThan(0)
    expect(quote.amountOutRaw).toBe(-swap.amount0)
    expect(report.liquidity.limitOrder).toEqual({ seen: 1, imported: 0, skipped: { 'not a pool Accord models': 1 } })
    expect(report.liquidity.limitOrder).toEqual({ seen: 1, imported: 0, skipped: { 'not a pool Accord models': 1 } })
    expect(report.inactive).toBe(1)
    expect(report.tokens.unpriced).toBe(2)
    expect(loaded.inactiveVenues?.map((venue) => venue.id)).toEqual(['cp-11111111'])
    expect(loaded.tokens.find((token) => token.symbol === 'GNO')?.priceSource).toMatchObject({ kind: 'derived', path: ['bal-weighted-92762b42'] })
  })

  it('skips concentrated pools it cannot simulate exactly, with the reason', () => {
    const v3 = extended.liquidity[4]
    const variants = [
      { ...v3, fee: '0.002' },
      { ...v3, liquidityNet: { ...v3.liquidityNet, '201005': '7' } },
      { ...v3, tick: 201_000 },
      { ...v3, liquidityNet: { '201000': String(3n * 10n ** 18n), '201800': String(-3n * 10n ** 18n) } },
    ]
    const { report } = importCowAuction({ ...auction, liquidity: [...auction.liquidity, ...variants.map((pool, i) => ({ ...pool, id: String(i), address: `0x${String(i + 1).padStart(40, '0')}` }))] }, options)
    expect(report.liquidity.concentratedLiquidity).toEqual({
      seen: 4,
      imported: 0,
      skipped: {
        'fee tier 2000 pips has no known tick spacing': 1,
        "a tick off the fee tier's tick spacing": 1,
        'tick does not match sqrtPrice': 1,
        'liquidityNet does not add up to the liquidity in range (ticks incomplete)': 1,
      },
    })
    expect(() => importCowAuction({ ...auction, liquidity: [...auction.liquidity, { ...v3, sqrtPrice: '-1' }] }, options)).toThrow(expect.objectContaining({ field: 'auction.liquidity[4].sqrtPrice' }))
  })

  it('rejects a malformed auction with the field path', () => {
    const broken = structuredClone(auction)
    broken.liquidity[2].tokens['0x6810e776880c02933d47db1b9fc05908e5386b96'].balance = '-5'
    let error: unknown
    try {
      importCowAuction(broken, options)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(BaseError)
    expect(error).toMatchObject({ code: 'INVALID_MARKET', field: 'auction.liquidity[2].tokens.0x6810e776880c02933d47db1b9fc05908e5386b96.balance' })
    expect(() => importCowAuction({ tokens: {}, liquidity: [{}], effectiveGasPrice: '1' }, options)).toThrow(/kind/)
  })
})

describe('accord market import', () => {
  it('prints the market and the per-kind report', async () => {
    const bin = fixture('../bin/accord.mjs')
    const { stdout, stderr } = await promisify(execFile)('node', [bin, 'market', 'import', '--from', 'cow-auction', fixture('auctions/cow-mainnet.json'), '--native-price-usd', '1673.23', '--name', 'cow-mainnet'], { timeout: 60_000 })
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readFileSync(fixture('markets/cow-mainnet.json'), 'utf8')))
    expect(stderr).toContain('weightedProduct: 1 imported of 1')
    const failed = await promisify(execFile)('node', [bin, 'market', 'import', '--from', 'cow-auction', fixture('auctions/cow-mainnet.json')], { timeout: 60_000 }).catch((e) => e)
    expect(failed.code).toBe(2)
    expect(failed.stderr).toContain('--native-price-usd')
  }, 120_000) // two child processes of the CLI on a shared machine
})
