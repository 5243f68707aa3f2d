// Brute force for the probability objective: the highest outcome probability of any single-path plan
// within the intent's hop limit, found by enumerating every simple path and judging each exactly.
import { buildMarketGraph } from '../../solver/graph/buildMarketGraph.ts'
import { assetKeyOf } from '../../solver/market/assetKey.ts'
import { indexMarket } from '../../solver/market/indexMarket.ts'
import type { Market } from '../../solver/market/types.ts'
import type { Intent } from '../../solver/model/intent.ts'
import { buildSteps } from '../../solver/plan/buildSteps.ts'
import { resolveMinAmountOut } from '../../solver/plan/evaluatePlan.ts'
import { DEFAULT_MAX_HOPS } from '../../solver/plan/quoteIntent.ts'
import { estimateOutcomeProbability } from '../../solver/risk/estimateOutcomeProbability.ts'
import { estimateVenueLatencySeconds } from '../../solver/risk/estimateVenueLatencySeconds.ts'
import { intentAdmitsVenue } from './listHopLimitedEdges.ts'

export interface BestSinglePathProbabilityReturnType {
  /** Highest total outcome probability over the single paths (0 when no path delivers anything). */
  readonly probability: number
  /** Edge keys of the path that reaches it (empty when none). */
  readonly edges: readonly string[]
  readonly amountOutRaw: bigint
  /** Simple paths enumerated and judged. */
  readonly pathsEvaluated: number
}

export interface BestSinglePathProbabilityOptions {
  /** Bridges slower than this (mean, seconds) are left out; default max(deadline, 1 day), the planner's own rule. */
  readonly maxVenueLatencySeconds?: number
}

/**
 * Enumerates every simple path (no holding twice) from the intent's input to its output with at most
 * `maxSteps` venues (default quoteIntent's), over the venues the intent's allow/deny lists admit;
 * builds each with the exact venue math (buildSteps, the whole input on the path) and judges it with
 * estimateOutcomeProbability against the intent's minimum (minAmountOutRaw, else its slippage from
 * that path's own expected output, as the planner judges a plan). Pure and deterministic; its cost
 * grows with the number of paths (the realistic market: thousands at 4 hops), so it is a benchmark
 * and test oracle, not a planner.
 */
export function bestSinglePathProbability(market: Market, intent: Intent, options: BestSinglePathProbabilityOptions = {}): BestSinglePathProbabilityReturnType {
  const index = indexMarket(market)
  const graph = buildMarketGraph(market)
  const source = assetKeyOf(intent.from)
  const sink = assetKeyOf(intent.to)
  const maxSteps = intent.maxSteps ?? DEFAULT_MAX_HOPS
  const maxLatency = options.maxVenueLatencySeconds ?? Math.max(intent.deadlineSeconds ?? 0, 86_400)
  const admitted = new Map<string, boolean>()
  const admits = (edge: string) => {
    let ok = admitted.get(edge)
    if (ok === undefined) {
      const venue = graph.getEdgeAttribute(edge, 'venue')
      ok = intentAdmitsVenue(intent, venue) && (venue.kind !== 'bridge' || estimateVenueLatencySeconds(index, venue) <= maxLatency)
      admitted.set(edge, ok)
    }
    return ok
  }
  let best: BestSinglePathProbabilityReturnType = { probability: 0, edges: [], amountOutRaw: 0n, pathsEvaluated: 0 }
  let evaluated = 0
  const judge = (edges: readonly string[]) => {
    evaluated++
    const built = buildSteps({ index, graph, source, sink, amountInRaw: intent.amountInRaw, edgeFlows: new Map(edges.map((edge) => [edge, 1])) })
    if (built.amountOutRaw <= 0n) return
    const { probability } = estimateOutcomeProbability({
      index,
      steps: built.steps,
      expectedAmountOutRaw: built.amountOutRaw,
      minAmountOutRaw: resolveMinAmountOut(intent, built.amountOutRaw),
      deadlineSeconds: intent.deadlineSeconds,
    })
    const better = probability.total > best.probability || (probability.total === best.probability && built.amountOutRaw > best.amountOutRaw)
    if (better) best = { probability: probability.total, edges: [...edges], amountOutRaw: built.amountOutRaw, pathsEvaluated: 0 }
  }
  const visited = new Set<string>([source])
  const path: string[] = []
  const walk = (node: string) => {
    for (const edge of graph.outEdges(node).sort()) {
      if (!admits(edge)) continue
      const next = graph.target(edge)
      if (visited.has(next)) continue
      path.push(edge)
      if (next === sink) judge(path)
      else if (path.length < maxSteps) {
        visited.add(next)
        walk(next)
        visited.delete(next)
      }
      path.pop()
    }
  }
  walk(source)
  return { ...best, pathsEvaluated: evaluated }
}
