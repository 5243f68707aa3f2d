import { describe, expect, it } from 'vitest'
import { BaseError } from '../../../solver/errors.ts'
import type { MarketFile } from '../../../src/market/marketSchema.ts'
import { parseMarket, parseMarketJson, serializeMarket } from '../../../src/market/parseMarket.ts'

// A minimal valid market written out by hand (not taken from a fixture), mutated per test.
const USDC_ETH = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'
const USDT_ETH = '0xdAC17F958D2ee523a2206206994597C13D831ec7'
const WETH_ETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2'
const USDC_BASE = '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913'

function validMarket(): MarketFile {
  const network = (chainId: number, name: string) => ({
    chainId,
    name,
    displayName: name,
    blockTimeMs: 2000,
    finalitySeconds: 900,
    gasPriceWei: '1000000000',
    nativeSymbol: 'ETH',
    nativePriceUsd: 3000,
    congestion: 0.2,
  })
  const token = (chainId: number, address: string, symbol: string, decimals: number, priceUsd: number) => ({
    chainId,
    address: address as `0x${string}`,
    symbol,
    decimals,
    priceUsd,
    annualVolatility: 0.5,
  })
  return {
    name: 'test',
    timestamp: 1_700_000_000,
    networks: [network(1, 'ethereum'), network(8453, 'base')],
    tokens: [
      token(1, USDC_ETH, 'USDC', 6, 1),
      token(1, USDT_ETH, 'USDT', 6, 1),
      token(1, WETH_ETH, 'WETH', 18, 3000),
      token(8453, USDC_BASE, 'USDC', 6, 1),
    ],
    pools: [
      {
        kind: 'constantProduct',
        id: 'usdc-weth',
        chainId: 1,
        address: '0x1111111111111111111111111111111111111111',
        token0: USDC_ETH,
        token1: WETH_ETH,
        reserve0: '3000000000000',
        reserve1: '1000000000000000000000',
        feeBps: 30,
        gasUnits: 110_000,
      },
      {
        kind: 'stableSwap',
        id: 'usdc-usdt',
        chainId: 1,
        address: '0x2222222222222222222222222222222222222222',
        tokens: [USDC_ETH, USDT_ETH],
        balances: ['5000000000000', '5000000000000'],
        amplification: '2000',
        fee: '4000000',
        gasUnits: 140_000,
      },
    ],
    bridges: [
      {
        id: 'cctp-eth-base',
        protocol: 'cctp',
        bridgeKind: 'burnMint',
        from: { chainId: 1, token: USDC_ETH },
        to: { chainId: 8453, token: USDC_BASE },
        feeFixedRaw: '0',
        feeBps: 0,
        liquidityCapRaw: '1000000000000000000',
        latencyTiers: [
          { maxAmountRaw: '10000000000', medianSeconds: 20, p95Seconds: 60 },
          { medianSeconds: 960, p95Seconds: 1200 },
        ],
        failureProbability: 0.001,
        gasUnits: 120_000,
        confirmations: 65,
      },
    ],
  }
}

/** Mutable deep copy to break in one place. */
type Mutable = { [key: string]: any }
const broken = (edit: (market: Mutable) => void): unknown => {
  const market = structuredClone(validMarket()) as Mutable
  edit(market)
  return market
}

/** Runs `fn`, expects an INVALID_MARKET error, and returns its field path. */
function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(BaseError)
    expect((error as BaseError).code).toBe('INVALID_MARKET')
    return (error as BaseError).field
  }
  throw new Error('expected an INVALID_MARKET error, but the market was accepted')
}
const invalidField = (market: unknown) => fieldOf(() => parseMarket(market))

describe('parseMarket accepts a valid market', () => {
  it('builds bigint amounts and lower-case addresses from the strings in the file', () => {
    const market = parseMarket(validMarket())
    expect(market.networks.map((n) => n.chainId)).toEqual([1, 8453])
    expect(market.networks[0]?.gasPriceWei).toBe(1_000_000_000n)
    const pool = market.venues[0]
    expect(pool?.kind).toBe('constantProduct')
    if (pool?.kind !== 'constantProduct') return
    expect(pool.token0).toBe(USDC_ETH.toLowerCase())
    expect(pool.reserve0).toBe(3_000_000n * 10n ** 6n)
    expect(pool.reserve1).toBe(1000n * 10n ** 18n)
    const bridge = market.venues[2]
    expect(bridge?.kind).toBe('bridge')
    if (bridge?.kind !== 'bridge') return
    expect(bridge.latencyTiers[0]?.maxAmountRaw).toBe(10_000n * 10n ** 6n)
    expect(bridge.latencyTiers[1]?.maxAmountRaw).toBeUndefined()
    expect(market.version).toMatch(/^[0-9a-f]{16}$/)
  })

  it('gives a different version when any state changes, the same for the same state', () => {
    const a = parseMarket(validMarket())
    const b = parseMarket(validMarket())
    const c = parseMarket(broken((m) => (m.pools[0].reserve0 = '3000000000001')))
    expect(b.version).toBe(a.version)
    expect(c.version).not.toBe(a.version)
  })

  it('round-trips through serializeMarket', () => {
    const market = parseMarket(validMarket())
    const again = parseMarket(serializeMarket(market))
    expect(again.version).toBe(market.version)
    expect(again).toEqual(market)
  })
})

describe('parseMarket rejects invalid markets with the field path', () => {
  it('malformed JSON', () => {
    expect(fieldOf(() => parseMarketJson('{"name": "x", '))).toBeUndefined()
    expect(fieldOf(() => parseMarketJson(''))).toBeUndefined()
  })

  it('a value that is not a market object', () => {
    expect(invalidField(null)).toBeUndefined()
    expect(invalidField([])).toBeUndefined()
  })

  it('an empty market: no networks', () => {
    expect(invalidField({ ...validMarket(), networks: [], tokens: [], pools: [], bridges: [] })).toBe('networks')
  })

  it('an empty market: no venues', () => {
    expect(invalidField({ ...validMarket(), pools: [], bridges: [] })).toBe('pools')
  })

  it('a missing required field', () => {
    expect(invalidField(broken((m) => delete m.networks[1].gasPriceWei))).toBe('networks[1].gasPriceWei')
    expect(invalidField(broken((m) => delete m.bridges[0].latencyTiers))).toBe('bridges[0].latencyTiers')
  })

  it('an unknown token in a pool', () => {
    expect(invalidField(broken((m) => (m.pools[0].token0 = '0x9999999999999999999999999999999999999999')))).toBe('pools[0].token0')
    expect(invalidField(broken((m) => (m.pools[1].tokens[1] = '0x9999999999999999999999999999999999999999')))).toBe('pools[1].tokens[1]')
  })

  it('a token that exists only on another network', () => {
    expect(invalidField(broken((m) => (m.pools[0].token0 = USDC_BASE)))).toBe('pools[0].token0')
  })

  it('a pool on an unknown chain', () => {
    expect(invalidField(broken((m) => (m.pools[0].chainId = 999)))).toBe('pools[0].chainId')
  })

  it('a token on an unknown chain', () => {
    expect(invalidField(broken((m) => (m.tokens[3].chainId = 10)))).toBe('tokens[3].chainId')
  })

  it('a negative reserve', () => {
    expect(invalidField(broken((m) => (m.pools[0].reserve0 = '-5')))).toBe('pools[0].reserve0')
  })

  it('a non-numeric reserve string', () => {
    expect(invalidField(broken((m) => (m.pools[0].reserve1 = '12abc')))).toBe('pools[0].reserve1')
    expect(invalidField(broken((m) => (m.pools[0].reserve0 = '1.5')))).toBe('pools[0].reserve0')
    expect(invalidField(broken((m) => (m.pools[1].balances[0] = '1e6')))).toBe('pools[1].balances[0]')
  })

  it('a reserve given as a JSON number instead of a string', () => {
    expect(invalidField(broken((m) => (m.pools[0].reserve0 = 3_000_000)))).toBe('pools[0].reserve0')
  })

  it('a market whose every venue is inactive', () => {
    const dead = broken((m) => {
      m.pools[0].reserve0 = '0'
      m.pools[1].balances[1] = '0'
      m.bridges[0].paused = true
    })
    expect(invalidField(dead)).toBe('pools')
  })

  it('a pool trading a token against itself', () => {
    expect(invalidField(broken((m) => (m.pools[0].token1 = m.pools[0].token0)))).toBe('pools[0].token1')
    // Same address in another case is the same token.
    expect(invalidField(broken((m) => (m.pools[0].token1 = USDC_ETH.toLowerCase())))).toBe('pools[0].token1')
    expect(invalidField(broken((m) => (m.pools[1].tokens[1] = USDC_ETH)))).toBe('pools[1].tokens[1]')
  })

  it('a StableSwap pool whose balances do not match its tokens', () => {
    expect(invalidField(broken((m) => m.pools[1].balances.push('1')))).toBe('pools[1].balances')
  })

  it('a bridge from a chain to the same chain', () => {
    expect(invalidField(broken((m) => (m.bridges[0].to = { chainId: 1, token: USDT_ETH })))).toBe('bridges[0].to.chainId')
  })

  it('a bridge to an unknown chain or token', () => {
    expect(invalidField(broken((m) => (m.bridges[0].to.chainId = 10)))).toBe('bridges[0].to')
    expect(invalidField(broken((m) => (m.bridges[0].from.token = WETH_ETH.replace('C02', 'C03'))))).toBe('bridges[0].from')
  })

  it('a duplicate venue id', () => {
    expect(invalidField(broken((m) => (m.pools[1].id = 'usdc-weth')))).toBe('pools[1].id')
    expect(invalidField(broken((m) => (m.bridges[0].id = 'usdc-usdt')))).toBe('bridges[0].id')
  })

  it('a duplicate network, token or pool address', () => {
    expect(invalidField(broken((m) => (m.networks[1].chainId = 1)))).toBe('networks[1].chainId')
    expect(invalidField(broken((m) => (m.networks[1].name = 'ethereum')))).toBe('networks[1].name')
    expect(invalidField(broken((m) => (m.tokens[1].address = USDC_ETH.toLowerCase())))).toBe('tokens[1].address')
    expect(invalidField(broken((m) => (m.pools[1].address = m.pools[0].address)))).toBe('pools[1].address')
  })

  it('an extra unknown field', () => {
    expect(invalidField(broken((m) => (m.extra = 1)))).toBe('extra')
    expect(invalidField(broken((m) => (m.networks[0].rpcUrl = 'http://localhost')))).toBe('networks[0].rpcUrl')
    expect(invalidField(broken((m) => (m.pools[0].tickSpacing = 60)))).toBe('pools[0].tickSpacing')
    expect(invalidField(broken((m) => (m.pools[1].extra = true)))).toBe('pools[1].extra')
    expect(invalidField(broken((m) => (m.bridges[0].latencyTiers[0].p50Seconds = 5)))).toBe('bridges[0].latencyTiers[0].p50Seconds')
  })

  it('an unknown pool kind, naming the kinds there are', () => {
    const market = broken((m) => (m.pools[0].kind = 'concentrated'))
    expect(invalidField(market)).toBe('pools[0].kind')
    expect(() => parseMarket(market)).toThrow(/must be one of "constantProduct", "stableSwap"/)
  })

  it('says what a raw amount must look like', () => {
    expect(() => parseMarket(broken((m) => (m.pools[0].reserve0 = '-5')))).toThrow(/pools\[0\]\.reserve0 must be raw token units/)
  })

  it('a latency tier whose p95 is below its median', () => {
    expect(invalidField(broken((m) => (m.bridges[0].latencyTiers[1].p95Seconds = 900)))).toBe('bridges[0].latencyTiers[1].p95Seconds')
  })

  it('latency tiers out of order or with a misplaced bound', () => {
    expect(
      invalidField(
        broken((m) =>
          m.bridges[0].latencyTiers.splice(1, 0, { maxAmountRaw: '5000000000', medianSeconds: 30, p95Seconds: 90 }),
        ),
      ),
    ).toBe('bridges[0].latencyTiers[1].maxAmountRaw')
    expect(invalidField(broken((m) => (m.bridges[0].latencyTiers[1].maxAmountRaw = '20000000000')))).toBe(
      'bridges[0].latencyTiers[1].maxAmountRaw',
    )
    expect(invalidField(broken((m) => delete m.bridges[0].latencyTiers[0].maxAmountRaw))).toBe('bridges[0].latencyTiers[0].maxAmountRaw')
  })

  it('a probability outside [0, 1]', () => {
    expect(invalidField(broken((m) => (m.bridges[0].failureProbability = 1.5)))).toBe('bridges[0].failureProbability')
    expect(invalidField(broken((m) => (m.networks[0].congestion = -0.1)))).toBe('networks[0].congestion')
  })

  it('a bridge fee in fractions of a basis point', () => {
    expect(invalidField(broken((m) => (m.bridges[0].feeBps = 1.5)))).toBe('bridges[0].feeBps')
  })

  it('malformed values of the real-data fields', () => {
    expect(invalidField(broken((m) => (m.bridges[0].paused = 'yes')))).toBe('bridges[0].paused')
    expect(invalidField(broken((m) => (m.pools[1].rates = ['1000000000000000000000000000000', '-1'])))).toBe('pools[1].rates[1]')
    expect(invalidField(broken((m) => (m.pools[1].rates = ['1000000000000000000000000000000'])))).toBe('pools[1].rates')
    expect(invalidField(broken((m) => (m.pools[1].rateProviders = [{ coin: 2, rate: '1000000000000000000' }])))).toBe('pools[1].rateProviders[0].coin')
    expect(invalidField(broken((m) => (m.pools[1].rateProviders = [{ coin: 0, rate: '0' }])))).toBe('pools[1].rateProviders[0].rate')
  })

  it('a malformed address', () => {
    expect(invalidField(broken((m) => (m.tokens[0].address = '0x1234')))).toBe('tokens[0].address')
  })
})

// Issue 18: real snapshots list dead pools, paused bridges, rate-scaled StableSwap pools and Balancer pools.
describe('parseMarket loads real-data shapes', () => {
  it('loads zero-reserve pools and paused or empty bridges as inactive instead of rejecting the market', () => {
    const market = parseMarket(
      broken((m) => {
        m.pools[0].reserve1 = '0'
        m.bridges[0].liquidityCapRaw = '0'
        m.bridges.push({ ...structuredClone(m.bridges[0]), id: 'paused', liquidityCapRaw: '5', paused: true })
      }),
    )
    expect(market.venues.map((venue) => venue.id)).toEqual(['usdc-usdt'])
    expect(market.inactiveVenues?.map(({ id, kind, reason }) => ({ id, kind, reason }))).toEqual([
      { id: 'usdc-weth', kind: 'constantProduct', reason: 'reserve1 is 0' },
      { id: 'cctp-eth-base', kind: 'bridge', reason: 'liquidityCapRaw is 0' },
      { id: 'paused', kind: 'bridge', reason: 'paused' },
    ])
    // Written back whole (the paused bridge with its flag), so the file round-trips.
    const again = parseMarket(serializeMarket(market))
    expect(again.inactiveVenues).toEqual(market.inactiveVenues)
    expect(again.version).toBe(market.version)
    expect(parseMarket(validMarket()).inactiveVenues).toBeUndefined()
  })

  it('turns rate providers into stored rates as stableswap-ng does (rate multiplier × oracle rate / 1e18)', () => {
    const market = parseMarket(broken((m) => (m.pools[1].rateProviders = [{ coin: 1, rate: '1170000000000000000' }])))
    const pool = market.venues.find((venue) => venue.id === 'usdc-usdt')
    expect(pool).toMatchObject({ rates: [10n ** 30n, 117n * 10n ** 28n] })
    expect(serializeMarket(market).pools[1]).toMatchObject({ rates: [String(10n ** 30n), String(117n * 10n ** 28n)] })
  })

  it('loads Balancer weighted and stable pools with default scaling factors from the decimals', () => {
    const market = parseMarket(
      broken((m) => {
        m.pools.push(
          {
            kind: 'balancerWeighted',
            id: 'bal-80-20',
            chainId: 1,
            address: '0x3333333333333333333333333333333333333333',
            tokens: [WETH_ETH, USDC_ETH],
            balances: ['1000000000000000000000', '750000000000'],
            weights: ['800000000000000000', '200000000000000000'],
            swapFee: '3000000000000000',
            gasUnits: 100_000,
          },
          {
            kind: 'balancerStable',
            id: 'bal-stable',
            chainId: 1,
            address: '0x4444444444444444444444444444444444444444',
            tokens: [USDC_ETH, USDT_ETH],
            balances: ['1000000000000', '1000000000000'],
            amplificationParameter: '200000',
            swapFee: '100000000000000',
            gasUnits: 180_000,
          },
        )
      }),
    )
    expect(market.venues.find((venue) => venue.id === 'bal-80-20')).toMatchObject({ scalingFactors: [10n ** 18n, 10n ** 30n], version: 'v3Plus' })
    expect(market.venues.find((venue) => venue.id === 'bal-stable')).toMatchObject({ scalingFactors: [10n ** 30n, 10n ** 30n], amplificationParameter: 200_000n })
    // Round trip through the file shape.
    expect(parseMarket(serializeMarket(market)).venues).toEqual(market.venues)
  })

  it('rejects malformed Balancer pools with the field path', () => {
    const withWeighted = (edit: (pool: Mutable) => void) =>
      broken((m) => {
        const pool: Mutable = {
          kind: 'balancerWeighted',
          id: 'bal',
          chainId: 1,
          address: '0x3333333333333333333333333333333333333333',
          tokens: [WETH_ETH, USDC_ETH],
          balances: ['1', '1'],
          weights: ['500000000000000000', '500000000000000000'],
          swapFee: '3000000000000000',
          gasUnits: 1,
        }
        edit(pool)
        m.pools.push(pool)
      })
    expect(invalidField(withWeighted((p) => (p.weights = ['500000000000000000', '400000000000000000'])))).toBe('pools[2].weights')
    expect(invalidField(withWeighted((p) => (p.weights = ['995000000000000000', '5000000000000000'])))).toBe('pools[2].weights[1]')
    expect(invalidField(withWeighted((p) => (p.swapFee = '1000000000000000000')))).toBe('pools[2].swapFee')
    expect(invalidField(withWeighted((p) => (p.scalingFactors = ['0', '1'])))).toBe('pools[2].scalingFactors[0]')
    expect(invalidField(withWeighted((p) => (p.version = 'v2'))))?.toMatch(/^pools\[2\]/)
  })
})
