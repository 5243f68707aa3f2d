// maxSteps is exact: the split LP pools each token whatever hop it is reached at, so two paths of
// ≤ maxSteps edges sharing a token at different depths can be chained into a longer walk. A market
// built so that the best walk is such a chain must get a plan whose every route (and every walk of
// its used edges) has at most maxSteps edges, and no more output than the independent hop-layered
// optimum of the benchmark's reference (bench/reference/solveReferenceOptimum.ts: one copy of each
// venue per hop, so longer walks do not exist in its program).
import { beforeAll, describe, expect, it } from 'vitest'
import { solveReferenceOptimum } from '../../../bench/reference/solveReferenceOptimum.ts'
import { createHighsBackend } from '../../../solver/lp/backends/highsBackend.ts'
import type { LpBackend } from '../../../solver/lp/types.ts'
import type { Intent } from '../../../solver/model/intent.ts'
import { longestUsedWalk, pinPathDepths } from '../../../solver/plan/searchSplit.ts'
import { describeEdges } from '../../../solver/plan/describeEdges.ts'
import { prepareQuote } from '../../../solver/plan/prepareQuote.ts'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { address, CHAIN_ID, syntheticMarket, USDC, WETH, type SyntheticToken } from './syntheticMarkets.ts'

const token = (symbol: string): SyntheticToken => ({ symbol, decimals: 18, priceUsd: 1 })
// USDC(0) → A(1) → B(2) → C(3) → WETH(4): deep pools along S-A, A-B, B-C, C-T; thin S-B and B-T.
// Paths of ≤ 3 edges: S→B→T, S→A→B→T (B at hop 2), S→B→C→T (B at hop 1); chaining the last two
// gives S→A→B→C→T, 4 edges, through deep pools only.
const market = syntheticMarket(
  [USDC, token('AAA'), token('BBB'), token('CCC'), WETH],
  [
    { a: 0, b: 1, depthUsd: 5_000_000, feeBps: 30 },
    { a: 1, b: 2, depthUsd: 5_000_000, feeBps: 30 },
    { a: 2, b: 4, depthUsd: 20_000, feeBps: 30 },
    { a: 0, b: 2, depthUsd: 20_000, feeBps: 30 },
    { a: 2, b: 3, depthUsd: 5_000_000, feeBps: 30 },
    { a: 3, b: 4, depthUsd: 5_000_000, feeBps: 30 },
  ],
)
const intent = (maxSteps: number): Intent => ({
  from: { chainId: CHAIN_ID, token: address(1) },
  to: { chainId: CHAIN_ID, token: address(5) },
  amountInRaw: 200_000n * 10n ** 6n,
  objective: 'output',
  maxSteps,
})

let backend: LpBackend
beforeAll(async () => {
  backend = await createHighsBackend()
})

describe('maxSteps against chained paths', () => {
  it('the longer walk is worth having (so a plan that used it would show)', () => {
    const three = quoteIntent(market, intent(3), { backend })
    const four = quoteIntent(market, intent(4), { backend })
    if (three.status !== 'ok' || four.status !== 'ok') throw new Error('expected plans')
    expect(four.plan.routes.some((route) => route.venueIds.length === 4)).toBe(true)
    expect(Number(four.plan.expectedAmountOutRaw)).toBeGreaterThan(Number(three.plan.expectedAmountOutRaw) * 1.05)
  })

  it('honours maxSteps = 3 on every route and every walk, and matches the hop-layered optimum', () => {
    const result = quoteIntent(market, intent(3), { backend })
    if (result.status !== 'ok') throw new Error(`expected a plan, got ${result.status}`)
    for (const route of result.plan.routes) expect(route.venueIds.length).toBeLessThanOrEqual(3)
    const context = prepareQuote(market, intent(3), { backend })
    const { edges } = describeEdges(context)
    const used = new Set<string>()
    for (const step of result.plan.steps) for (const [key, edge] of edges) if (edge.venue.id === step.venueId && edge.from.endsWith(step.tokenIn.toLowerCase())) used.add(key)
    expect(longestUsedWalk(edges, used, context.source)).toBeLessThanOrEqual(3)
    const reference = solveReferenceOptimum({ market, intent: intent(3), backend })
    expect(reference.hopLimitRespected).toBe(true)
    const out = Number(result.plan.expectedAmountOutRaw) / 1e18
    // Never above the exact hop-limited optimum (a chained walk would beat it by > 5 %), and close to it.
    expect(out).toBeLessThanOrEqual(reference.netOutput * (1 + 1e-6))
    expect((reference.netOutput - out) / reference.netOutput).toBeLessThan(1e-4)
    expect(result.search?.converged).toBe(false) // a repaired split claims no certificate
  })
})

describe('pinPathDepths', () => {
  it('keeps paths that place every shared token at one depth, first come first served', () => {
    const p = (nodes: string[]) => ({ nodes, edges: nodes.slice(1).map((node, i) => `${nodes[i]}>${node}`), cost: 0 })
    const kept = pinPathDepths([p(['s', 'a', 'b', 't']), p(['s', 'b', 'c', 't']), p(['s', 'b', 't']), p(['s', 'c', 't']), p(['s', 'x', 'b', 't'])], 't')
    expect(kept.map((path) => path.nodes.join(''))).toEqual(['sabt', 'sct', 'sxbt'])
  })
})
