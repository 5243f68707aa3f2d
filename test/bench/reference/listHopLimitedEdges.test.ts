import { describe, expect, it } from 'vitest'
import { multiHopMarket } from '../../../bench/harness/generatedSuites.ts'
import { listHopLimitedEdges } from '../../../bench/reference/listHopLimitedEdges.ts'
import { buildMarketGraph } from '../../../solver/graph/buildMarketGraph.ts'
import { assetKey } from '../../../solver/market/assetKey.ts'

describe('listHopLimitedEdges', () => {
  // Four tokens on a chain (10 + 0 extra pools would repeat pairs; 3 pools give exactly the chain USDC–WETH–USDT–DAI).
  const market = multiHopMarket({ tokens: 4, pools: 3, seed: 1 })
  const graph = buildMarketGraph(market)
  const key = (i: number) => assetKey(1, market.tokens[i]!.address)

  it('keeps exactly the edges on some source→sink walk of ≤ maxSteps edges, at the hops they can take', () => {
    const source = key(0)
    const sink = key(3)
    expect(listHopLimitedEdges({ graph, source, sink, maxSteps: 2 })).toEqual([]) // the only route has 3 hops
    const three = listHopLimitedEdges({ graph, source, sink, maxSteps: 3 })
    expect(three.map((e) => [e.from, e.to, e.layers])).toEqual(
      expect.arrayContaining([
        [key(0), key(1), [1]],
        [key(1), key(2), [2]],
        [key(2), key(3), [3]],
      ]),
    )
    expect(three).toHaveLength(3)
    // With 5 hops the walk USDC→WETH→USDT→WETH→USDT→DAI fits, so WETH→USDT is usable at hops 2 and 4 and USDT→WETH at 3.
    const five = listHopLimitedEdges({ graph, source, sink, maxSteps: 5 })
    const layersOf = (from: number, to: number) => five.find((e) => e.from === key(from) && e.to === key(to))?.layers
    expect(layersOf(1, 2)).toEqual([2, 3, 4])
    expect(layersOf(2, 1)).toEqual([3])
    expect(layersOf(2, 3)).toEqual([3, 4, 5])
    expect(five.some((e) => e.to === source || e.from === sink)).toBe(false)
  })
})
