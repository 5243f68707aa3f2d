// The LP split over a set of paths, as quoteIntent does it (solver/plan/quoteIntent.ts planSplit,
// which is not exported), with the tolerance and iteration budget as options so the reference
// planner can run it much tighter.
import { rawToFloat } from '../../solver/amounts.ts'
import { getNetwork, getToken } from '../../solver/market/indexMarket.ts'
import type { Path } from '../../solver/paths/enumeratePaths.ts'
import { solveSplit } from '../../solver/lp/solveSplit.ts'
import type { LpBackend, SolveSplitReturnType, SplitEdge } from '../../solver/lp/types.ts'
import type { BuildStepsReturnType } from '../../solver/plan/buildSteps.ts'
import { selectCandidateEdges } from '../../solver/plan/selectCandidateEdges.ts'
import { venueCurve } from '../../solver/venues/venueCurve.ts'
import { buildExact, type PlanContext } from './planContext.ts'

export interface PlanSplitOptions {
  readonly backend?: LpBackend
  readonly tolerance: number
  readonly maxIterations?: number
}

export interface PlanSplitReturnType {
  readonly built: BuildStepsReturnType | undefined
  readonly split: SolveSplitReturnType
}

/** Splits the intent over the union of `paths` (kept acyclic) with gas as fixed costs; exact steps of the optimum. */
export function planSplit(context: PlanContext, paths: readonly Path[], options: PlanSplitOptions): PlanSplitReturnType | undefined {
  const { index, graph, intent, tokenIn, tokenOut, source, sink } = context
  const { edges } = selectCandidateEdges(graph, paths)
  if (edges.length === 0) return undefined
  const unitValue = new Map<string, number>()
  const splitEdges: SplitEdge[] = edges.map((edge) => {
    const { venue, from, to } = graph.getEdgeAttributes(edge)
    const curve = venueCurve(index, venue, from, to)
    const fromToken = getToken(index, from)
    unitValue.set(from, fromToken.priceUsd)
    unitValue.set(to, getToken(index, to).priceUsd)
    const network = getNetwork(index, venue.kind === 'bridge' ? venue.from.chainId : venue.chainId)
    const gasUsd = venue.gasUnits * (Number(network.gasPriceWei) / 1e18) * network.nativePriceUsd
    return {
      id: edge,
      from,
      to,
      output: curve.output,
      marginal: curve.marginal,
      maxOutput: curve.maxOutput,
      fixedCost: (gasUsd + curve.fixedFee * fromToken.priceUsd) / tokenOut.priceUsd,
    }
  })
  const split = solveSplit(
    { edges: splitEdges, source, sink, amountIn: rawToFloat(intent.amountInRaw, tokenIn.decimals), unitValue },
    {
      tolerance: options.tolerance,
      fixedCosts: true,
      ...(options.backend ? { backend: options.backend } : {}),
      ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
    },
  )
  if (split.status === 'infeasible' || split.flows.size === 0) return undefined
  return { built: buildExact(context, new Map([...split.flows].map(([edge, flow]) => [edge, flow.input]))), split }
}
