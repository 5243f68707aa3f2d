// Joint funding of composite goals, checked by brute force: every split of the need between two
// sources on a grid of eighths, each planned as a forced allocation through the same planner, scores
// no better than the split the joint search picks; and the greedy split (largest source first, the
// planner's former rule) is beaten by a clear margin when the largest source is the costly one.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseMarketJson } from '../../../src/market/parseMarket.ts'
import { enumerateFundingAllocations } from '../../../solver/composite/enumerateFundingAllocations.ts'
import { planCompositeIntent } from '../../../solver/composite/planCompositeIntent.ts'
import { fundingCapacity } from '../../../solver/composite/planFundingLeg.ts'
import { resolveCompositeRequest } from '../../../solver/composite/resolveCompositeRequest.ts'
import { scoreCompositePlan } from '../../../solver/composite/scoreCompositePlan.ts'
import type { CompositePlan } from '../../../solver/composite/types.ts'

const market = parseMarketJson(readFileSync(new URL('../../../fixtures/markets/devnet-composite.json', import.meta.url), 'utf8'))
const lendingId = market.lendingMarkets![0]!.id

describe('planCompositeIntent funds the goals jointly', () => {
  // 100,000 USDT on devnet-a must be swapped and bridged; 80,000 USDC on devnet-b only bridged.
  const intent = resolveCompositeRequest(market, {
    sources: [
      { chain: 'devnet-a', token: 'USDT', amount: '100000' },
      { chain: 'devnet-b', token: 'USDC', amount: '80000' },
    ],
    goals: [{ id: 'collateral', kind: 'supply', market: lendingId, token: 'USDC', amount: '100000' }],
    deadlineSeconds: 1200,
  })
  const need = 100_000_000_000n
  const planned = (result: ReturnType<typeof planCompositeIntent>): CompositePlan => {
    if (result.status !== 'ok') throw new Error(result.reason)
    return result.plan
  }

  it('scores at least as well as every split on a grid of eighths, and beats the largest-first split', () => {
    const joint = planned(planCompositeIntent(market, intent))
    const best = scoreCompositePlan(market, joint)
    // What arrives covers the goal; the sources are not overspent.
    expect(joint.legs.reduce((sum, leg) => sum + leg.plan.minAmountOutRaw, 0n)).toBeGreaterThanOrEqual(need)
    joint.sourcesSpentRaw.forEach((spent, i) => expect(spent).toBeLessThanOrEqual(intent.sources[i]!.maxAmountRaw))

    let feasible = 0
    for (let k = 0n; k <= 8n; k++) {
      const fromUsdt = (need * k) / 8n
      const result = planCompositeIntent(market, intent, { fundingAllocation: [[fromUsdt, need - fromUsdt]] })
      if (result.status !== 'ok') continue
      feasible++
      expect(scoreCompositePlan(market, result.plan).score).toBeLessThanOrEqual(best.score)
    }
    expect(feasible).toBeGreaterThanOrEqual(5)

    // Greedy: the source that can bring the most (the USDT) first, up to what it can bring, the rest from the USDC.
    const usdtCapacity = fundingCapacity(market, intent.sources[0]!.asset, { chainId: joint.legs[0]!.to.chainId, token: joint.legs[0]!.to.token }, intent.sources[0]!.maxAmountRaw, 1200, 10).capacityRaw
    const fromUsdt = usdtCapacity < need ? usdtCapacity : need
    const greedy = scoreCompositePlan(market, planned(planCompositeIntent(market, intent, { fundingAllocation: [[fromUsdt, need - fromUsdt]] })))
    expect(best.score).toBeGreaterThan(greedy.score)
    expect(best.lossUsd).toBeLessThan(greedy.lossUsd / 2)
  })
})

describe('enumerateFundingAllocations', () => {
  const usdc = (chainId: number) => ({ chainId, token: '0x00000000000000000000000000000000000000aa' as const })
  it('funds in place first, then deals the rest in equal parts within each source’s capacity', () => {
    const sources = [usdc(3), usdc(1), usdc(2)].map((asset) => ({ asset, maxAmountRaw: 1_000n }))
    const demands = [{ goalId: 'g', asset: usdc(3), amountRaw: 1_800n }]
    const allocations = enumerateFundingAllocations({ sources, demands, capacityRaw: [[1_000n, 900n, 500n]], efficiency: [[1, 0.99, 0.999]], units: 4 })
    // 1,000 in place; 800 left in quarters of 200 over two routed sources: 5 splits, those giving source 2 over 500 dropped (3 and 4 quarters).
    for (const [row] of allocations) {
      expect(row![0]).toBe(1_000n)
      expect(row![1]! + row![2]!).toBe(800n)
      expect(row![2]! <= 500n && row![1]! <= 900n).toBe(true)
    }
    const grid = allocations.filter(([row]) => row![1]! % 200n === 0n)
    expect(grid.map(([row]) => row![2])).toEqual([0n, 200n, 400n])
    // The cheapest-first fill (source 2 keeps more value) is added off the grid: 500 from it, 300 from source 1.
    expect(allocations.map(([row]) => row![2])).toContain(500n)
  })
})
