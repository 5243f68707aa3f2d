// Market files with a Uniswap V3 pool: accepted and round-tripped when valid, rejected with the field path otherwise.
import { describe, expect, it } from 'vitest'
import { BaseError } from '../../../solver/errors.ts'
import { getSqrtRatioAtTick } from '../../../solver/venues/uniswapV3/tickMath.ts'
import { parseMarket, serializeMarket } from '../../../src/market/parseMarket.ts'

const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'
const WETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2'

function market(): { [key: string]: any } {
  return {
    name: 'v3',
    timestamp: 0,
    networks: [{ chainId: 1, name: 'ethereum', displayName: 'Ethereum', blockTimeMs: 12000, finalitySeconds: 900, gasPriceWei: '1000000000', nativeSymbol: 'ETH', nativePriceUsd: 3000, congestion: 0.2 }],
    tokens: [
      { chainId: 1, address: USDC, symbol: 'USDC', decimals: 6, priceUsd: 1, annualVolatility: 0.01 },
      { chainId: 1, address: WETH, symbol: 'WETH', decimals: 18, priceUsd: 3000, annualVolatility: 0.6 },
    ],
    pools: [
      {
        kind: 'concentratedLiquidity',
        id: 'eth-usdc-weth-500',
        chainId: 1,
        address: '0x88e6A0c2dDD26FEEb64F039a2c41296FcB3f5640',
        token0: USDC,
        token1: WETH,
        fee: 500,
        tickSpacing: 10,
        sqrtPriceX96: String(getSqrtRatioAtTick(195_005) + 1n),
        tick: 195_005,
        liquidity: '20000000000000000000',
        ticks: [
          { tick: 194_000, liquidityNet: '20000000000000000000' },
          { tick: 196_000, liquidityNet: '-20000000000000000000' },
        ],
        tickRange: { lower: 189_440, upper: 199_670 },
        gasUnits: 104000,
        gasPerTickCrossed: 28500,
        source: 'test pool',
      },
    ],
    bridges: [],
  }
}

function fieldOf(file: unknown): string | undefined {
  try {
    parseMarket(file)
  } catch (error) {
    expect(error).toBeInstanceOf(BaseError)
    expect((error as BaseError).code).toBe('INVALID_MARKET')
    return (error as BaseError).field
  }
  throw new Error('expected an INVALID_MARKET error')
}

const broken = (edit: (pool: { [key: string]: any }) => void) => {
  const file = market()
  edit(file.pools[0])
  return file
}

describe('concentratedLiquidity pools in market files', () => {
  it('parses bigint state and lower-case addresses, and round-trips through serializeMarket', () => {
    const parsed = parseMarket(market())
    const pool = parsed.venues[0]
    if (pool?.kind !== 'concentratedLiquidity') throw new Error('expected a V3 pool')
    expect(pool.liquidity).toBe(20n * 10n ** 18n)
    expect(pool.ticks[1]).toEqual({ tick: 196_000, liquidityNet: -(20n * 10n ** 18n) })
    expect(pool.token0).toBe(USDC.toLowerCase())
    expect(parseMarket(serializeMarket(parsed)).version).toBe(parsed.version)
  })

  it.each([
    ['a tick that is not a multiple of tickSpacing', (p: any) => (p.ticks[0].tick = 194_001), 'pools[0].ticks[0].tick'],
    ['ticks out of order', (p: any) => p.ticks.reverse(), 'pools[0].ticks[1].tick'],
    ['a zero liquidityNet', (p: any) => (p.ticks[0].liquidityNet = '0'), 'pools[0].ticks[0].liquidityNet'],
    ['a tick that does not match the price', (p: any) => (p.tick = 100), 'pools[0].tick'],
    ['a price outside TickMath', (p: any) => (p.sqrtPriceX96 = '1'), 'pools[0].sqrtPriceX96'],
    ['liquidity above uint128', (p: any) => (p.liquidity = String(1n << 128n)), 'pools[0].liquidity'],
    ['a non-numeric liquidityNet', (p: any) => (p.ticks[0].liquidityNet = '-x'), 'pools[0].ticks[0].liquidityNet'],
    ['an unknown token', (p: any) => (p.token1 = '0x0000000000000000000000000000000000000001'), 'pools[0].token1'],
    ['an inverted tickRange', (p: any) => (p.tickRange = { lower: 10, upper: -10 }), 'pools[0].tickRange'],
    ['a missing gasPerTickCrossed', (p: any) => delete p.gasPerTickCrossed, 'pools[0]'],
  ])('rejects %s', (_name, edit, field) => {
    expect(fieldOf(broken(edit))).toContain(field)
  })
})
