// Market updates: the updated market must be the market an independently edited file describes (same
// content, same version), and every wrong update must be refused whole, with the field that is wrong.
import { describe, expect, it } from 'vitest'
import { BaseError } from '../../../solver/errors.ts'
import { parseMarket } from '../../../src/market/parseMarket.ts'
import { applyMarketUpdates } from '../../../src/server/applyMarketUpdates.ts'
import { createMarketStore } from '../../../src/server/marketStore.ts'
import type { MarketUpdate } from '../../../src/server/schemas/marketUpdateSchema.ts'
import { loadSmallMarket, readSmallMarketFile } from './helpers.ts'

function caught(fn: () => unknown): BaseError {
  try {
    fn()
  } catch (error) {
    if (error instanceof BaseError) return error
    throw error
  }
  throw new Error('expected an Accord error')
}

describe('applyMarketUpdates', () => {
  it('gives the market (and version) of the same edits made to the file', () => {
    const market = loadSmallMarket()
    const updates: MarketUpdate[] = [
      { kind: 'poolReserves', pool: 'arb-weth-usdc', reserve0: '123456789000000000000', reserve1: '987654321000' },
      { kind: 'poolBalances', pool: 'eth-usdc-usdt-stable', balances: ['4000000000000', '6000000000000'] },
      { kind: 'bridge', bridge: 'across-usdc-base-arb', liquidityCapRaw: '777000000', latencyTiers: [{ medianSeconds: 40, p95Seconds: 90 }], failureProbability: 0.01 },
      { kind: 'network', chain: 'base', gasPriceWei: '9000000', congestion: 0.9 },
      { kind: 'network', chain: 1, nativePriceUsd: 3100 },
      { kind: 'tokenPrice', chain: 'arbitrum', token: 'weth', priceUsd: 3100 },
    ]
    const updated = applyMarketUpdates(market, { updates, timestamp: 1_800_000_000 })

    const file = readSmallMarketFile()
    const pool = (id: string) => file.pools.find((p) => p.id === id)!
    const arb = pool('arb-weth-usdc')
    if (arb.kind !== 'constantProduct') throw new Error('fixture changed')
    arb.reserve0 = '123456789000000000000'
    arb.reserve1 = '987654321000'
    const stable = pool('eth-usdc-usdt-stable')
    if (stable.kind !== 'stableSwap') throw new Error('fixture changed')
    stable.balances = ['4000000000000', '6000000000000']
    const bridge = file.bridges.find((b) => b.id === 'across-usdc-base-arb')!
    Object.assign(bridge, { liquidityCapRaw: '777000000', latencyTiers: [{ medianSeconds: 40, p95Seconds: 90 }], failureProbability: 0.01 })
    Object.assign(file.networks.find((n) => n.name === 'base')!, { gasPriceWei: '9000000', congestion: 0.9 })
    file.networks.find((n) => n.chainId === 1)!.nativePriceUsd = 3100
    file.tokens.find((t) => t.chainId === 42161 && t.symbol === 'WETH')!.priceUsd = 3100
    file.timestamp = 1_800_000_000
    const expected = parseMarket(file)

    expect(updated).toEqual(expected)
    expect(updated.version).toBe(expected.version)
    expect(updated.version).not.toBe(market.version)
  })

  it('keeps the version when the updates set the values already there', () => {
    const market = loadSmallMarket()
    const pool = market.venues.find((venue) => venue.id === 'eth-usdc-weth')
    if (pool?.kind !== 'constantProduct') throw new Error('fixture changed')
    const same = applyMarketUpdates(market, {
      updates: [{ kind: 'poolReserves', pool: pool.id, reserve0: String(pool.reserve0), reserve1: String(pool.reserve1) }],
    })
    expect(same.version).toBe(market.version)
  })

  it.each([
    ['unknown pool', { kind: 'poolReserves', pool: 'nope', reserve0: '1', reserve1: '1' }, 'UNKNOWN_VENUE', 'body.updates[1].pool'],
    ['unknown bridge', { kind: 'bridge', bridge: 'nope', feeBps: 1 }, 'UNKNOWN_VENUE', 'body.updates[1].bridge'],
    ['pool update on a bridge', { kind: 'poolReserves', pool: 'cctp-usdc-eth-base', reserve0: '1', reserve1: '1' }, 'INVALID_MARKET', 'body.updates[1].pool'],
    ['bridge update on a pool', { kind: 'bridge', bridge: 'eth-usdc-weth', feeBps: 1 }, 'INVALID_MARKET', 'body.updates[1].bridge'],
    ['reserves on a StableSwap pool', { kind: 'poolReserves', pool: 'eth-usdc-usdt-stable', reserve0: '1', reserve1: '1' }, 'INVALID_MARKET', 'body.updates[1].kind'],
    ['balances on a constant-product pool', { kind: 'poolBalances', pool: 'eth-usdc-weth', balances: ['1', '1'] }, 'INVALID_MARKET', 'body.updates[1].kind'],
    ['wrong number of balances', { kind: 'poolBalances', pool: 'eth-usdc-usdt-stable', balances: ['1', '1', '1'] }, 'INVALID_MARKET', 'body.updates[1].balances'],
    ['p95 below the median', { kind: 'bridge', bridge: 'cctp-usdc-eth-base', latencyTiers: [{ medianSeconds: 100, p95Seconds: 50 }] }, 'INVALID_MARKET', 'body.updates[1].latencyTiers[0].p95Seconds'],
    ['unknown network', { kind: 'network', chain: 'solana', gasPriceWei: '1' }, 'UNKNOWN_NETWORK', 'body.updates[1].chain'],
    ['unknown token', { kind: 'tokenPrice', chain: 'base', token: 'DOGE', priceUsd: 1 }, 'UNKNOWN_TOKEN', 'body.updates[1].token'],
  ] as const)('refuses %s, changing nothing', (_name, bad, code, field) => {
    const market = loadSmallMarket()
    const store = createMarketStore(market)
    const good: MarketUpdate = { kind: 'network', chain: 'base', gasPriceWei: '1' }
    const error = caught(() => store.update({ updates: [good, bad as MarketUpdate], root: 'body' }))
    expect({ code: error.code, field: error.field }).toEqual({ code, field })
    expect(store.current).toBe(market)
  })

  // Issue 18: a drained pool or bridge is inactive, not invalid; it stays in the market's file form and comes back.
  it('leaves an emptied pool or bridge inactive and brings it back with the next update', () => {
    const store = createMarketStore(loadSmallMarket())
    const { market: drained } = store.update({
      updates: [
        { kind: 'poolReserves', pool: 'eth-usdc-weth', reserve0: '0', reserve1: '1' },
        { kind: 'bridge', bridge: 'cctp-usdc-eth-base', liquidityCapRaw: '0' },
      ],
    })
    expect(drained.venues.some((venue) => venue.id === 'eth-usdc-weth' || venue.id === 'cctp-usdc-eth-base')).toBe(false)
    expect(drained.inactiveVenues?.map((venue) => [venue.id, venue.reason])).toEqual([
      ['eth-usdc-weth', 'reserve0 is 0'],
      ['cctp-usdc-eth-base', 'liquidityCapRaw is 0'],
    ])
    const { market: refilled } = store.update({ updates: [{ kind: 'poolReserves', pool: 'eth-usdc-weth', reserve0: '5', reserve1: '7' }] })
    expect(refilled.venues.find((venue) => venue.id === 'eth-usdc-weth')).toMatchObject({ reserve0: 5n, reserve1: 7n })
    expect(refilled.inactiveVenues?.map((venue) => venue.id)).toEqual(['cctp-usdc-eth-base'])
  })

  it('tells listeners about a new version only', () => {
    const store = createMarketStore(loadSmallMarket())
    const seen: string[] = []
    store.onChange((market, previous) => seen.push(`${previous.version}>${market.version}`))
    const first = store.update({ updates: [{ kind: 'network', chain: 'base', gasPriceWei: '1' }] })
    const second = store.update({ updates: [{ kind: 'network', chain: 'base', gasPriceWei: '1' }] })
    expect(first.changed).toBe(true)
    expect(second.changed).toBe(false)
    expect(seen).toEqual([`${first.previousVersion}>${first.version}`])
  })
})
