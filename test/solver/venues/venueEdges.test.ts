import { describe, expect, it } from 'vitest'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { listVenueEdges } from '../../../solver/venues/venueEdges.ts'
import { bridgeUp, cpPool, DAI, index, stablePool, USDC, USDC_L2, USDT, WETH } from './fixtureMarket.ts'

const key = (chainId: number, token: string) => assetKey(chainId, token)
const asSet = (edges: Array<{ from: string; to: string }>) => new Set(edges.map(({ from, to }) => `${from}>${to}`))

describe('listVenueEdges', () => {
  it('lists both directions of a constant-product pair', () => {
    expect(asSet(listVenueEdges(cpPool))).toEqual(new Set([`${key(1, USDC)}>${key(1, WETH)}`, `${key(1, WETH)}>${key(1, USDC)}`]))
  })

  it('lists all n·(n−1) ordered pairs of a StableSwap pool', () => {
    const coins = [DAI, USDC, USDT].map((token) => key(1, token))
    const expected = new Set(coins.flatMap((from) => coins.filter((to) => to !== from).map((to) => `${from}>${to}`)))
    const edges = listVenueEdges(stablePool)
    expect(edges).toHaveLength(6)
    expect(asSet(edges)).toEqual(expected)
  })

  it('lists only from → to for a bridge', () => {
    expect(listVenueEdges(bridgeUp)).toEqual([{ from: key(1, USDC), to: key(10, USDC_L2) }])
  })

  it('uses the asset keys the market index knows', () => {
    for (const venue of [cpPool, stablePool, bridgeUp])
      for (const { from, to } of listVenueEdges(venue)) {
        expect(index.tokens.has(from)).toBe(true)
        expect(index.tokens.has(to)).toBe(true)
      }
  })
})
