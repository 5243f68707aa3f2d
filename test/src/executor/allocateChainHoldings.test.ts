// allocateChainHoldings: what the chain shows of each asset is shared among the active legs by leg
// id, each capped by its journal figure. Checked against the sums the rule implies: no leg gets more
// than the journal says it holds, the legs together get no more than the chain shows, and a
// shortfall falls on the later legs first.
import { describe, expect, it } from 'vitest'
import type { AssetKey } from '../../../solver/market/types.ts'
import type { LegState } from '../../../src/executor/foldJournal.ts'
import { allocateChainHoldings } from '../../../src/executor/allocateChainHoldings.ts'

const USDC = '1:0x00000000000000000000000000000000000000c1' as AssetKey
const USDT = '1:0x00000000000000000000000000000000000000d1' as AssetKey
const TARGET = '2:0x00000000000000000000000000000000000000e1' as AssetKey

const leg = (legId: number, holdings: Array<[AssetKey, bigint]>, status: LegState['status'] = 'active') => ({ legId, status, holdings: new Map(holdings) }) as unknown as LegState

describe('allocateChainHoldings', () => {
  it('caps each leg by its journal figure and the legs together by the chain, the shortfall on the later leg', () => {
    const state = { legs: [leg(2, [[USDC, 300n]]), leg(1, [[USDC, 500n], [USDT, 40n]])] }
    const result = allocateChainHoldings(state, new Map([[USDC, 700n], [USDT, 90n]]), TARGET)
    expect(result.get(1)).toEqual(new Map([[USDC, 500n], [USDT, 40n]]))
    expect(result.get(2)).toEqual(new Map([[USDC, 200n]]))
  })

  it('never gives a leg more than the journal counts, whatever the chain shows', () => {
    const state = { legs: [leg(0, [[USDC, 500n]])] }
    expect(allocateChainHoldings(state, new Map([[USDC, 10_000n]]), TARGET).get(0)).toEqual(new Map([[USDC, 500n]]))
    expect(allocateChainHoldings(state, new Map([[USDC, 0n]]), TARGET).get(0)).toEqual(new Map([[USDC, 0n]]))
  })

  it('leaves the target, assets without a chain figure and superseded legs as they are', () => {
    const state = { legs: [leg(0, [[USDC, 500n]], 'superseded'), leg(1, [[USDC, 400n], [TARGET, 7n], [USDT, 3n]])] }
    const result = allocateChainHoldings(state, new Map([[USDC, 100n], [TARGET, 0n]]), TARGET)
    expect(result.has(0)).toBe(false)
    expect(result.get(1)).toEqual(new Map([[USDC, 100n], [TARGET, 7n], [USDT, 3n]]))
  })

  it('over random journals, each leg gets min(journal, what the earlier legs left) and the total is min(journal total, chain)', () => {
    let seed = 12345
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let trial = 0; trial < 200; trial++) {
      const legs = Array.from({ length: 1 + (next() % 4) }, (_, legId) => leg(legId, [[USDC, BigInt(next() % 1000)]]))
      const chain = BigInt(next() % 2500)
      const result = allocateChainHoldings({ legs }, new Map([[USDC, chain]]), TARGET)
      const journalTotal = legs.reduce((sum, l) => sum + (l.holdings.get(USDC) ?? 0n), 0n)
      const shares = legs.map((l) => result.get(l.legId)!.get(USDC)!)
      const total = shares.reduce((sum, share) => sum + share, 0n)
      expect(total).toBe(journalTotal < chain ? journalTotal : chain)
      legs.forEach((l, i) => expect(shares[i]! <= l.holdings.get(USDC)!).toBe(true))
      // Earlier legs are served in full before a later leg gets anything short.
      const firstShort = shares.findIndex((share, i) => share < legs[i]!.holdings.get(USDC)!)
      if (firstShort >= 0) for (let i = firstShort + 1; i < shares.length; i++) expect(shares[i]).toBe(0n)
    }
  })
})
