// The planner's search over the whole hop-limited graph (issue 11), checked against independent
// optima: the closed form of parallel constant-product pools (equal marginal rates), an LP over
// every simple path of small multi-hop markets (a candidate set the planner does not generate), and
// the most likely single path by brute force over every simple path.
import { describe, expect, it } from 'vitest'
import { rawToFloat } from '../../../solver/amounts.ts'
import { assetKey } from '../../../solver/market/assetKey.ts'
import type { Market } from '../../../solver/market/types.ts'
import type { Intent } from '../../../solver/model/intent.ts'
import { describeEdges } from '../../../solver/plan/describeEdges.ts'
import { prepareQuote } from '../../../solver/plan/prepareQuote.ts'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { PROBABILITY_TIE } from '../../../solver/plan/judgeCandidates.ts'
import { enumerateSimplePaths } from '../../../solver/plan/searchSafestPath.ts'
import { buildExact } from '../../../solver/plan/searchSplit.ts'
import { solveSplit } from '../../../solver/lp/solveSplit.ts'
import { estimateOutcomeProbability } from '../../../solver/risk/estimateOutcomeProbability.ts'
import { createRandom } from '../../../solver/random.ts'
import { address, CHAIN_ID, parallelPoolsOptimum, reserveOf, syntheticMarket, USDC, WETH, type SyntheticPool, type SyntheticToken } from './syntheticMarkets.ts'

const intentOn = (market: Market, from: number, to: number, amount: number, extra: Partial<Intent> = {}): Intent => {
  const tokenIn = market.tokens[from]!
  return {
    from: { chainId: CHAIN_ID, token: address(from + 1) },
    to: { chainId: CHAIN_ID, token: address(to + 1) },
    amountInRaw: BigInt(Math.round(amount * 1e6)) * 10n ** BigInt(tokenIn.decimals - 6),
    ...extra,
  }
}

const okPlan = (result: ReturnType<typeof quoteIntent>) => {
  if (result.status !== 'ok') throw new Error(`expected a plan, got ${result.status}: ${result.reason}`)
  return result.plan
}

describe('parallel constant-product pools against the closed form (equal marginal rates)', () => {
  const cases: Array<{ name: string; depths: number[]; fees: number[]; amount: number }> = [
    // The measurement: 8 pools, $8M … $62.5k per side, 30 bp, 5,000,000 USDC → WETH.
    { name: '8 pools, depths halving, 30 bp', depths: [8e6, 4e6, 2e6, 1e6, 5e5, 2.5e5, 1.25e5, 6.25e4], fees: Array(8).fill(30), amount: 5_000_000 },
    { name: '12 pools, depths halving, mixed fees', depths: Array.from({ length: 12 }, (_, i) => 8e6 / 2 ** i), fees: [5, 30, 100, 30, 5, 30, 100, 30, 5, 30, 100, 30], amount: 3_000_000 },
    { name: '3 pools, small trade', depths: [2e6, 1e6, 5e5], fees: [30, 5, 100], amount: 20_000 },
  ]
  for (const { name, depths, fees, amount } of cases)
    it(`${name}: within 0.1 bp of the closed form, every pool the optimum uses is used`, () => {
      const pools: SyntheticPool[] = depths.map((depthUsd, i) => ({ a: 0, b: 1, depthUsd, feeBps: fees[i]! }))
      const market = syntheticMarket([USDC, WETH], pools)
      const plan = okPlan(quoteIntent(market, intentOn(market, 0, 1, amount, { objective: 'output' })))
      const closed = parallelPoolsOptimum(
        pools.map((pool) => ({ x: rawToFloat(reserveOf(USDC, pool.depthUsd), 6), y: rawToFloat(reserveOf(WETH, pool.depthUsd), 18), feeBps: pool.feeBps })),
        amount,
      )
      const delivered = rawToFloat(plan.expectedAmountOutRaw, 18)
      expect(delivered).toBeGreaterThanOrEqual(closed.output * (1 - 1e-5))
      expect(delivered).toBeLessThanOrEqual(closed.output * (1 + 1e-9))
      const used = new Set(plan.steps.map((step) => step.venueId))
      closed.allocation.forEach((share, i) => {
        if (share > amount * 1e-4) expect(used.has(`pool-${i}`), `pool-${i}`).toBe(true)
      })
      // The split is exact: the inputs add up to the intent's amount.
      expect(plan.steps.reduce((sum, step) => sum + step.amountInRaw, 0n)).toBe(intentOn(market, 0, 1, amount).amountInRaw)
    })
})

/** A seeded single-network market of 4–5 tokens and 10–14 pools of varied depth, fee and small mispricing. */
function randomMultiHopMarket(seed: number): { market: Market; tokens: SyntheticToken[] } {
  const random = createRandom(seed)
  const tokens: SyntheticToken[] = [USDC, WETH, { symbol: 'DAI', decimals: 18, priceUsd: 1 }, { symbol: 'USDT', decimals: 6, priceUsd: 1 }]
  if (random() < 0.5) tokens.push({ symbol: 'WBTC', decimals: 8, priceUsd: 60_000 })
  const pools: SyntheticPool[] = []
  const count = 10 + Math.floor(random() * 5)
  for (let i = 0; i < count; i++) {
    const a = Math.floor(random() * tokens.length)
    let b = Math.floor(random() * (tokens.length - 1))
    if (b >= a) b += 1
    pools.push({ a, b, depthUsd: 10 ** (4 + random() * 3), feeBps: [5, 30, 100][Math.floor(random() * 3)]!, skew: (random() - 0.5) * 0.004 })
  }
  // Always a direct route, so that the question is how far detours help.
  pools.push({ a: 0, b: 1, depthUsd: 10 ** (5 + random()), feeBps: 30 })
  return { market: syntheticMarket(tokens, pools), tokens }
}

/**
 * An independent optimum: the split LP over EVERY simple path of at most `maxHops` edges (the
 * planner generates its paths by pricing; this enumerates them all), exact re-evaluation of its flow.
 */
function everyPathOptimum(market: Market, intent: Intent): bigint {
  const context = prepareQuote(market, intent)
  const { edges } = describeEdges(context)
  const { paths } = enumerateSimplePaths(context, edges)
  const kept = new Set<string>()
  for (const path of paths) for (const edge of path) kept.add(edge.key)
  const unitValue = new Map<string, number>()
  for (const key of kept) {
    const edge = edges.get(key)!
    unitValue.set(edge.from, edge.priceIn)
    unitValue.set(edge.to, edge.priceOut)
  }
  // The union of all paths may have cycles (a pool both ways); the LP needs a DAG, so solve over the
  // acyclic orientation of each pair that the best single-edge rate prefers, then over the other, and
  // keep the better: with fees a cycle only loses, so one orientation per pair holds the optimum.
  let best = 0n
  const pairs = new Map<string, string[]>()
  for (const key of kept) {
    const edge = edges.get(key)!
    const pair = [edge.from, edge.to].sort().join('|')
    pairs.set(pair, [...(pairs.get(pair) ?? []), key])
  }
  const ambiguous = [...pairs.values()].filter((keys) => new Set(keys.map((key) => edges.get(key)!.from)).size === 2)
  const orientations = 2 ** Math.min(ambiguous.length, 8)
  for (let mask = 0; mask < orientations; mask++) {
    const banned = new Set<string>()
    ambiguous.slice(0, 8).forEach((keys, i) => {
      const from = [...new Set(keys.map((key) => edges.get(key)!.from))].sort()[(mask >> i) & 1]
      for (const key of keys) if (edges.get(key)!.from === from) banned.add(key)
    })
    const problemEdges = [...kept]
      .filter((key) => !banned.has(key))
      .map((key) => {
        const edge = edges.get(key)!
        return { id: key, from: edge.from, to: edge.to, output: edge.curve.output, marginal: edge.curve.marginal, maxOutput: edge.curve.maxOutput, fixedCost: 0 }
      })
    try {
      const split = solveSplit({ edges: problemEdges, source: context.source, sink: context.sink, amountIn: rawToFloat(intent.amountInRaw, context.tokenIn.decimals), unitValue }, { tolerance: 1e-7 })
      if (split.flows.size === 0) continue
      const built = buildExact(context, new Map([...split.flows].map(([key, flow]) => [key, flow.input])))
      if (built && built.amountOutRaw > best) best = built.amountOutRaw
    } catch {
      // an orientation that leaves a cycle among unbanned edges is skipped
    }
  }
  return best
}

describe('multi-hop single-network markets against an LP over every simple path', () => {
  for (const seed of [11, 12, 13, 14, 15, 16]) {
    it(`seed ${seed}: the planner is within 1 bp of the every-path optimum`, () => {
      const { market } = randomMultiHopMarket(seed)
      const amount = [20_000, 300_000, 2_000_000][seed % 3]!
      const intent = intentOn(market, 0, 1, amount, { objective: 'output', maxSteps: 3 })
      const result = quoteIntent(market, intent)
      const plan = okPlan(result)
      const reference = everyPathOptimum(market, intent)
      expect(reference).toBeGreaterThan(0n)
      const gapBp = (Number(reference - plan.expectedAmountOutRaw) / Number(reference)) * 1e4
      expect(gapBp).toBeLessThanOrEqual(1)
      // A converged search certifies an upper bound on any plan's output: the independent optimum
      // must not beat it (beyond the two LPs' tolerances).
      if (result.search?.converged) {
        const decimals = market.tokens[1]!.decimals
        expect(Number(reference) / 10 ** decimals).toBeLessThanOrEqual(result.search.upperBound * (1 + 1e-4))
      }
    })
  }
})

describe('probability over plans of every speed (realistic market, README intent)', async () => {
  const { loadMarketFixture } = await import('../../helpers/loadFixtures.ts')
  const { resolveIntentRequest } = await import('../../../solver/plan/resolveIntentRequest.ts')
  const market = loadMarketFixture('realistic')
  const readme = (extra: Record<string, unknown> = {}) =>
    resolveIntentRequest(market, { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '250000', ...extra })

  /** P of the most likely single path against `minAmountOutRaw`, by brute force over every simple path. */
  const bestSinglePathProbability = (intent: Intent, minAmountOutRaw: bigint) => {
    const context = prepareQuote(market, intent)
    const { paths } = enumerateSimplePaths(context, describeEdges(context, { anyLatency: true }).edges, Infinity)
    let best = 0
    for (const path of paths) {
      const built = buildExact(context, new Map(path.map((edge) => [edge.key, 1])))
      if (!built) continue
      const { probability } = estimateOutcomeProbability({ index: context.index, steps: built.steps, expectedAmountOutRaw: built.amountOutRaw, minAmountOutRaw, deadlineSeconds: intent.deadlineSeconds })
      best = Math.max(best, probability.total)
    }
    return { best, paths: paths.length }
  }

  for (const deadlineSeconds of [45, 600])
    it(`${deadlineSeconds} s: at least as likely as the best single path found by brute force`, () => {
      const intent = readme({ deadlineSeconds, maxSteps: 3 })
      const result = quoteIntent(market, intent)
      const plan = okPlan(result)
      const { best, paths } = bestSinglePathProbability(intent, plan.minAmountOutRaw)
      expect(paths).toBeGreaterThan(20)
      // The search finds it: the most likely point of the frontier is at least as likely (up to the
      // estimator's quadrature, ~1e-7: the same steps reached through a split or a path are one plan)...
      expect(Math.max(...result.frontier.map((point) => point.outcomeProbability))).toBeGreaterThanOrEqual(best - 1e-6)
      // ...and the chosen plan gives up at most the chooser's tie (it then prefers the larger output).
      expect(plan.outcomeProbability.total).toBeGreaterThanOrEqual(best - PROBABILITY_TIE)
    })

  it('offers the fast plan beside the valuable one: P ≥ 0.99 at 600 s, and the frontier shows both', () => {
    const result = quoteIntent(market, readme({ deadlineSeconds: 600 }))
    const plan = okPlan(result)
    expect(plan.outcomeProbability.total).toBeGreaterThan(0.99)
    expect(result.frontier.length).toBeGreaterThanOrEqual(2)
    expect(result.frontier.filter((point) => point.chosen)).toHaveLength(1)
    const mostValuable = result.frontier.reduce((top, point) => (point.expectedAmountOutRaw > top.expectedAmountOutRaw ? point : top))
    expect(mostValuable.expectedAmountOutRaw).toBeGreaterThan(plan.expectedAmountOutRaw)
    // Pareto: no point is beaten on output, probability and p95 at once by another.
    for (const a of result.frontier)
      for (const b of result.frontier)
        if (a !== b)
          expect(
            b.expectedAmountOutRaw >= a.expectedAmountOutRaw && b.outcomeProbability >= a.outcomeProbability && b.p95DurationSeconds <= a.p95DurationSeconds &&
              (b.expectedAmountOutRaw > a.expectedAmountOutRaw || b.outcomeProbability > a.outcomeProbability || b.p95DurationSeconds < a.p95DurationSeconds),
          ).toBe(false)
  })

  it('a 60 s deadline is met by the 14 s route (no false "fastest is 613 s" reason)', () => {
    const plan = okPlan(quoteIntent(market, readme({ deadlineSeconds: 60 })))
    expect(plan.outcomeProbability.withinDeadline).toBeGreaterThan(0.9)
    expect(plan.p95DurationSeconds).toBeLessThan(60)
  })

  it('for a fixed minimum, the probability never falls as the deadline grows', () => {
    const probabilities = [30, 45, 60, 90, 120, 300, 600, 1800, 3600].map((deadlineSeconds) => {
      const result = quoteIntent(market, readme({ deadlineSeconds, minAmountOut: '79' }))
      const plan = result.status === 'ok' ? result.plan : result.bestPlan!
      return plan.outcomeProbability.total
    })
    // The candidates do not depend on the deadline, so the answer is monotone up to the estimator's own
    // error: the conditional price factor and the recovery term are quadrature ratios (risk/MODEL.md
    // §4.2, §4.5), monotone in the deadline only to about 1e-4.
    for (let i = 1; i < probabilities.length; i++) expect(probabilities[i]!, `deadline #${i}`).toBeGreaterThanOrEqual(probabilities[i - 1]! - 1e-4)
  })

  it('a deadline no route can meet gets a true reason naming the fastest route', () => {
    const result = quoteIntent(market, readme({ deadlineSeconds: 2 }))
    expect(result.status).toBe('infeasible')
    if (result.status === 'ok') return
    const seconds = Number(/expected to take (\d+) s/.exec(result.reason)?.[1])
    // The fastest route over the whole graph: an exact shortest path by expected duration.
    const context = prepareQuote(market, readme({ deadlineSeconds: 2 }))
    const { paths } = enumerateSimplePaths(context, describeEdges(context).edges, Infinity)
    const fastest = Math.min(...paths.map((path) => path.reduce((sum, edge) => sum + edge.latencySeconds, 0)))
    expect(seconds).toBe(Math.round(fastest))
  })
})

describe('contract bounds and amounts', async () => {
  const fc = (await import('fast-check')).default
  const market = syntheticMarket([USDC, WETH], [
    { a: 0, b: 1, depthUsd: 2e6, feeBps: 30 },
    { a: 0, b: 1, depthUsd: 5e5, feeBps: 5 },
  ])

  it('rejects an amount beyond uint256 or the optimiser as INVALID_AMOUNT, and a swap past uint112 as the pair would', () => {
    const base = intentOn(market, 0, 1, 1)
    expect(() => quoteIntent(market, { ...base, amountInRaw: 2n ** 256n })).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT', field: 'amount' }))
    expect(() => quoteIntent(market, { ...base, amountInRaw: 2n ** 60n * 10n ** 6n })).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }))
    // A pool near the bound: reserve 2^112 − 10^6 raw USDC, so a 2 USDC swap would overflow it.
    const full = syntheticMarket([USDC, WETH], [{ a: 0, b: 1, depthUsd: 1e6, feeBps: 30 }])
    const venue = full.venues[0]!
    const nearBound = { ...full, venues: [{ ...venue, reserve0: 2n ** 112n - 1_000_000n } as typeof venue] }
    expect(() => quoteIntent(nearBound, { ...base, amountInRaw: 2_000_000n })).toThrow(/UniswapV2: OVERFLOW/)
  })

  it('expected output never falls when the input grows (Uniswap router bug #522), and the split adds up exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 2_000_000 }), fc.double({ min: 1.001, max: 3, noNaN: true }), (amount, factor) => {
        const small = okPlan(quoteIntent(market, intentOn(market, 0, 1, amount, { objective: 'output' })))
        const large = okPlan(quoteIntent(market, intentOn(market, 0, 1, Math.round(amount * factor), { objective: 'output' })))
        expect(large.expectedAmountOutRaw).toBeGreaterThanOrEqual(small.expectedAmountOutRaw)
        for (const plan of [small, large])
          expect(plan.steps.filter((step) => step.dependsOn.length === 0).reduce((sum, step) => sum + step.amountInRaw, 0n)).toBe(plan.amountInRaw)
      }),
      { numRuns: 25 },
    )
  })
})

describe('determinism', async () => {
  const { Worker } = await import('node:worker_threads')
  const { loadMarketFixture } = await import('../../helpers/loadFixtures.ts')
  const { resolveIntentRequest } = await import('../../../solver/plan/resolveIntentRequest.ts')
  const market = loadMarketFixture('realistic')
  const serialise = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v))

  it('gives a byte-identical plan on an idle machine and with a CPU hog running', async () => {
    const intent = resolveIntentRequest(market, { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '250000', deadlineSeconds: 600 })
    const idle = serialise(quoteIntent(market, intent))
    // Two busy threads (this machine has two cores) spinning for the whole second quote.
    const hogs = [0, 1].map(() => new Worker('const end = Date.now() + 60_000; while (Date.now() < end) {}', { eval: true }))
    try {
      await new Promise((resolve) => setTimeout(resolve, 50))
      const loaded = serialise(quoteIntent(market, intent))
      expect(loaded).toBe(idle)
    } finally {
      await Promise.all(hogs.map((hog) => hog.terminate()))
    }
  })
})
