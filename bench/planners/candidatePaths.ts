// Candidate routes for the baselines: the k best loopless paths under one of three edge rankings.
import { enumeratePaths, type Path } from '../../solver/paths/enumeratePaths.ts'
import { rankEdges } from '../../solver/plan/rankEdges.ts'
import type { PlanContext } from './planContext.ts'

/**
 * - `value`: value lost at the trade's size plus gas (rankEdges with no risk or latency weight), what
 *   an aggregator's "cheapest" ranks by;
 * - `risk`: as quoteIntent's risk-ranked search (one −log unit of success probability per −log unit
 *   of value, latency at 1 bp per 100 s);
 * - `latency`: expected latency dominates (10 bp per second), value breaks ties.
 * Every ranking leaves out edges whose expected latency alone exceeds the intent's deadline, and the
 * intent's allow/deny lists (rankEdges).
 */
export type PathRanking = 'value' | 'risk' | 'latency'

const WEIGHTS: Record<PathRanking, { riskWeight: number; latencyWeightPerSecond: number }> = {
  value: { riskWeight: 0, latencyWeightPerSecond: 0 },
  risk: { riskWeight: 1, latencyWeightPerSecond: 1e-6 },
  latency: { riskWeight: 0, latencyWeightPerSecond: 1e-3 },
}

/** The k best paths from the intent's input to its output within its hop limit, best first. */
export function candidatePaths(context: PlanContext, ranking: PathRanking, k: number): Path[] {
  const { index, graph, intent, amountUsd, source, sink, maxHops } = context
  return enumeratePaths(graph, {
    source,
    sink,
    k,
    maxHops,
    edgeCost: rankEdges({
      index,
      graph,
      intent,
      amountUsd,
      ...WEIGHTS[ranking],
      ...(intent.deadlineSeconds === undefined ? {} : { maxLatencySeconds: intent.deadlineSeconds }),
    }),
  })
}
