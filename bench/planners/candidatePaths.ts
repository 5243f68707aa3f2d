// Candidate routes for the baselines: the k best loopless paths under one of three edge rankings.
import type { Path } from '../../solver/paths/enumeratePaths.ts'
import { enumerateRankedPaths, type PathRanking } from '../../solver/plan/enumerateRankedPaths.ts'
import type { PlanContext } from './planContext.ts'

/**
 * Rankings (weights in solver/plan/enumerateRankedPaths.ts):
 * - `value`: value lost at the trade's size plus gas (rankEdges with no risk or latency weight), what
 *   an aggregator's "cheapest" ranks by;
 * - `risk`: as quoteIntent's risk-ranked search (one −log unit of success probability per −log unit
 *   of value, latency at 1 bp per 100 s);
 * - `latency`: expected latency dominates (10 bp per second), value breaks ties.
 * Every ranking leaves out edges whose expected latency alone exceeds the intent's deadline, and the
 * intent's allow/deny lists (rankEdges).
 */
export type { PathRanking }

/** The k best paths from the intent's input to its output within its hop limit, best first. */
export function candidatePaths(context: PlanContext, ranking: PathRanking, k: number): Path[] {
  const { index, graph, intent, amountUsd, source, sink, maxHops } = context
  return enumerateRankedPaths({ index, graph, intent, source, sink, amountUsd, k, maxHops, ranking, maxLatencySeconds: intent.deadlineSeconds })
}
