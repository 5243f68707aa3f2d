import { beforeAll, describe, expect, it } from 'vitest'
import { multiHopMarket, parallelPoolsMarket } from '../../../bench/harness/generatedSuites.ts'
import { parallelPoolsOptimum } from '../../../bench/reference/parallelPoolsOptimum.ts'
import { solveReferenceOptimum } from '../../../bench/reference/solveReferenceOptimum.ts'
import { rawToFloat } from '../../../solver/amounts.ts'
import { buildMarketGraph } from '../../../solver/graph/buildMarketGraph.ts'
import { createHighsBackend } from '../../../solver/lp/backends/highsBackend.ts'
import type { LpBackend } from '../../../solver/lp/types.ts'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import type { ConstantProductPool, Market } from '../../../solver/market/types.ts'
import type { Intent } from '../../../solver/model/intent.ts'
import { buildSteps } from '../../../solver/plan/buildSteps.ts'
import { assetKey } from '../../../solver/market/assetKey.ts'

let backend: LpBackend
beforeAll(async () => {
  backend = await createHighsBackend()
})

const USDC = 5_000_000n * 10n ** 6n
const swapIntent = (market: Market, from: number, to: number, amountInRaw: bigint, maxSteps?: number): Intent => ({
  from: { chainId: 1, token: market.tokens[from]!.address },
  to: { chainId: 1, token: market.tokens[to]!.address },
  amountInRaw,
  ...(maxSteps === undefined ? {} : { maxSteps }),
})
const poolsOf = (market: Market) =>
  (market.venues as ConstantProductPool[]).map((pool) => ({ reserveIn: Number(pool.reserve0) / 1e6, reserveOut: Number(pool.reserve1) / 1e18, feeBps: pool.feeBps }))
const bps = (value: number, base: number) => ((value - base) / base) * 1e4

describe('solveReferenceOptimum', () => {
  it.each([2, 5, 8, 13, 16])('hits the closed form for %i parallel pools (depths halving, 30 bp and mixed fees) within 0.01 bp, exactly evaluated', (n) => {
    const depthsUsd = Array.from({ length: n }, (_, i) => 8_000_000 / 2 ** i)
    for (const feesBps of [depthsUsd.map(() => 30), depthsUsd.map((_, i) => [30, 5, 100, 1][i % 4]!)]) {
      const market = parallelPoolsMarket({ depthsUsd, feesBps })
      const result = solveReferenceOptimum({ market, intent: swapIntent(market, 0, 1, USDC), backend })
      expect(result.status).toBe('ok')
      expect(result.method).toBe('lp')
      const closed = parallelPoolsOptimum(poolsOf(market), 5_000_000).amountOut
      expect(Math.abs(bps(result.netOutput, closed))).toBeLessThan(0.01)
      // The amount is the contracts' integer math: buildSteps of the same steps gives the same raw output.
      expect(result.built!.steps.reduce((sum, step) => sum + step.amountInRaw, 0n)).toBe(USDC)
    }
  }, 120_000)

  it("gives issue 11's 8-pool optimum, 1265.7576 WETH", () => {
    const market = parallelPoolsMarket({ depthsUsd: Array.from({ length: 8 }, (_, i) => 8_000_000 / 2 ** i), feesBps: Array(8).fill(30) })
    expect(solveReferenceOptimum({ market, intent: swapIntent(market, 0, 1, USDC), backend }).netOutput).toBeCloseTo(1265.7576, 3)
  })

  it('prices gas exactly: exhaustive activation sets and the MILP both find max over pool subsets of (closed form − gas)', () => {
    // 200 gwei × 110k gas × $3,000 = $66 per swap against a $20k trade: the small pools do not pay for their gas.
    const depthsUsd = [4_000_000, 1_000_000, 250_000, 60_000, 15_000]
    const feesBps = [30, 30, 5, 30, 1]
    const market = parallelPoolsMarket({ depthsUsd, feesBps, gasPriceWei: 200_000_000_000n })
    const intent = swapIntent(market, 0, 1, 20_000n * 10n ** 6n)
    const gasWeth = (110_000 * 200e-9 * 3000) / 3000
    const pools = poolsOf(market)
    let best = -Infinity
    for (let mask = 1; mask < 2 ** pools.length; mask++) {
      const subset = pools.filter((_, i) => (mask >> i) & 1)
      best = Math.max(best, parallelPoolsOptimum(subset, 20_000).amountOut - gasWeth * subset.length)
    }
    const exhaustive = solveReferenceOptimum({ market, intent, backend })
    const milp = solveReferenceOptimum({ market, intent, backend, exhaustiveUpTo: 0 })
    expect(exhaustive.method).toBe('exhaustive')
    expect(exhaustive.activationSets).toBe(32)
    expect(milp.method).toBe('milp')
    expect(milp.proven).toBe(true)
    expect(Math.abs(bps(exhaustive.netOutput, best))).toBeLessThan(0.01)
    expect(Math.abs(bps(milp.netOutput, best))).toBeLessThan(0.01)
    expect(exhaustive.built!.steps.length).toBeLessThan(pools.length)
  }, 60_000)

  it('never routes past maxSteps: a 3-hop-only route is impossible with maxSteps 2 and found with 3', () => {
    const market = multiHopMarket({ tokens: 4, pools: 3, seed: 3 }) // a chain token0–token1–token2–token3
    const amount = 1000n * 10n ** 6n
    expect(solveReferenceOptimum({ market, intent: swapIntent(market, 0, 3, amount, 2), backend }).status).toBe('noRoute')
    const three = solveReferenceOptimum({ market, intent: swapIntent(market, 0, 3, amount, 3), backend })
    expect(three.status).toBe('ok')
    expect(three.hopLimitRespected).toBe(true)
    expect(three.built!.routes.map((route) => route.edges.length)).toEqual([3])
  })

  it('is at least as good as every single path (brute force over simple paths, exact math) on seeded multi-hop markets', () => {
    for (const seed of [11, 12, 13]) {
      const market = multiHopMarket({ tokens: 5, pools: 12, seed })
      const intent = swapIntent(market, 0, 1, 2_000_000n * 10n ** 6n, 3)
      const reference = solveReferenceOptimum({ market, intent, backend })
      expect(reference.hopLimitRespected).toBe(true)
      const graph = buildMarketGraph(market)
      const index = indexMarket(market)
      const source = assetKey(1, market.tokens[0]!.address)
      const sink = assetKey(1, market.tokens[1]!.address)
      let bestSingle = 0
      const walk = (node: string, path: string[], seen: Set<string>) => {
        for (const edge of graph.outEdges(node)) {
          const next = graph.target(edge)
          if (seen.has(next)) continue
          if (next === sink) {
            const built = buildSteps({ index, graph, source, sink, amountInRaw: intent.amountInRaw, edgeFlows: new Map([...path, edge].map((e) => [e, 1])) })
            bestSingle = Math.max(bestSingle, rawToFloat(built.amountOutRaw, 18))
          } else if (path.length + 1 < 3) walk(next, [...path, edge], new Set([...seen, next]))
        }
      }
      walk(source, [], new Set([source]))
      expect(bestSingle).toBeGreaterThan(0)
      expect(reference.netOutput).toBeGreaterThanOrEqual(bestSingle * (1 - 1e-9))
    }
  }, 60_000)
})
