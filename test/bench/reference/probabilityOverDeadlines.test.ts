import { describe, expect, it } from 'vitest'
import { DEADLINE_LADDER_SECONDS, probabilityOverDeadlines } from '../../../bench/reference/probabilityOverDeadlines.ts'
import type { Market } from '../../../solver/market/types.ts'
import type { Intent } from '../../../solver/model/intent.ts'
import type { Plan } from '../../../solver/model/plan.ts'

const market = {} as Market
const intent: Intent = { from: { chainId: 1, token: '0x01' }, to: { chainId: 1, token: '0x02' }, amountInRaw: 1n, maxSlippageBps: 50 }
const planWith = (p: number) => ({ outcomeProbability: { total: p } }) as unknown as Plan

describe('probabilityOverDeadlines', () => {
  it('plans every deadline of the ladder with the minimum fixed and the slippage dropped', async () => {
    const seen: Intent[] = []
    const result = await probabilityOverDeadlines(market, intent, 42n, (_, planned) => {
      seen.push(planned)
      return planWith(planned.deadlineSeconds! / 3600)
    })
    expect(seen.map((i) => i.deadlineSeconds)).toEqual(DEADLINE_LADDER_SECONDS)
    expect(seen.every((i) => i.minAmountOutRaw === 42n && i.maxSlippageBps === undefined)).toBe(true)
    expect(result.nonDecreasing).toBe(true)
  })

  it("flags issue 11's jumping series (30 s 93.9 %, 45 s 7.4 %, 60 s none, …) and counts a missing plan as 0", async () => {
    const series = [0.939, 0.074, undefined, 0.012, 0.233, 0.877, 0.877, 0.987, 0.899]
    let i = 0
    const result = await probabilityOverDeadlines(market, intent, 1n, () => {
      const p = series[i++]
      return p === undefined ? undefined : planWith(p)
    })
    expect(result.probabilities[2]).toBe(0)
    expect(result.nonDecreasing).toBe(false)
  })
})
