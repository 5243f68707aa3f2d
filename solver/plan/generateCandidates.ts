// Stage 2 of quoteIntent: candidate plans of every speed. For each latency class (latencyClasses.ts)
// the value-optimal split over all of the class's hop-limited edges (searchSplit.ts), warm-started
// from the next faster class's paths; the value-best single path overall as a plain alternative.
import { enumeratePaths } from '../paths/enumeratePaths.ts'
import type { BaseError } from '../errors.ts'
import type { BuildStepsReturnType } from './buildSteps.ts'
import { describeEdges, type EdgeSet } from './describeEdges.ts'
import { enumerateFlowPaths, FLOW_SLICES } from './enumerateFlowPaths.ts'
import { latencyClasses } from './latencyClasses.ts'
import type { QuoteContext } from './prepareQuote.ts'
import { buildExact, netValueOf, searchSplit, type SearchSplitReturnType } from './searchSplit.ts'
import { formatSeconds } from './describeOutcome.ts'

export interface CandidateBuild {
  readonly built: BuildStepsReturnType
  /** Which search produced it (`lp-split`, `lp-split≤14s`, `single-path`, `safest-path`), for diagnostics. */
  readonly strategy: string
  /** Delivered minus gas, output-token units. */
  readonly netValue: number
}

export interface SearchSummary {
  /** Latency classes searched (one value-optimal split each). */
  readonly latencyClasses: number
  readonly lpSolves: number
  readonly pricingRounds: number
  /** True when pricing proved the all-edges split optimal over the whole hop-limited graph (gas aside). */
  readonly converged: boolean
  /** Upper bound on the output (before gas) of any plan, output-token units (Infinity when not converged). */
  readonly upperBound: number
}

export interface GenerateCandidatesReturnType {
  readonly builds: readonly CandidateBuild[]
  readonly edgeSet: EdgeSet
  readonly summary: SearchSummary
  /** An LP the backend could not solve (the candidates are those found without it). */
  readonly solverFailure?: BaseError | undefined
}

function signature(built: BuildStepsReturnType): string {
  return built.steps.map((step) => `${step.venueId}:${step.tokenIn}>${step.tokenOut}:${step.amountInRaw}`).join('|')
}

/** Candidates over `edgeSet` (default: describeEdges(context), the edges of a hop-limited route within the latency limit). */
export function generateCandidates(context: QuoteContext, edgeSet: EdgeSet = describeEdges(context)): GenerateCandidatesReturnType {
  const builds: CandidateBuild[] = []
  const seen = new Set<string>()
  const consider = (built: BuildStepsReturnType | undefined, strategy: string) => {
    if (!built) return
    const key = signature(built)
    if (seen.has(key)) return
    seen.add(key)
    builds.push({ built, strategy, netValue: netValueOf(context, built) })
  }
  const classes = latencyClasses(context, edgeSet)
  let lpSolves = 0
  let pricingRounds = 0
  let converged = false
  let upperBound = Infinity
  let previous: SearchSplitReturnType | undefined
  let solverFailure: BaseError | undefined
  classes.forEach((latencyClass, position) => {
    const last = position === classes.length - 1
    // The first class starts from the greedy flow paths; each later one from the split of the class
    // before it (a feasible point of the larger class), which pricing then improves.
    const flowPaths = previous?.solved ? [] : enumerateFlowPaths({
      index: context.index,
      graph: context.graph,
      intent: context.intent,
      source: context.source,
      sink: context.sink,
      amountUsd: context.amountUsd,
      slices: FLOW_SLICES,
      maxHops: context.maxHops,
      maxLatencySeconds: Infinity,
      edgeAllowed: (key) => latencyClass.edges.has(key),
    })
    const result = searchSplit({ context, edges: latencyClass.edges, initialPaths: [...(previous?.paths ?? []), ...flowPaths], warmStart: previous })
    lpSolves += result.lpSolves
    pricingRounds += result.rounds
    previous = result
    solverFailure ??= result.solverFailure
    consider(result.built, last ? 'lp-split' : `lp-split≤${formatSeconds(latencyClass.maxLatencySeconds)}`)
    if (last) {
      converged = result.converged
      upperBound = result.upperBound
    }
  })
  // The value-best single path at the trade's size: a plan without a split is simpler to follow.
  const [single] = enumeratePaths(context.graph, {
    source: context.source,
    sink: context.sink,
    k: 1,
    maxHops: context.maxHops,
    edgeCost: (key) => {
      const edge = edgeSet.edges.get(key)
      if (!edge) return Infinity
      const unitsIn = context.amountUsd / edge.priceIn
      const out = Math.min(edge.curve.output(Math.max(0, unitsIn - edge.curve.fixedFee)), edge.curve.maxOutput) * edge.priceOut
      return out > 0 ? Math.max(0, -Math.log(out / context.amountUsd)) + edge.gasUsd / context.amountUsd : Infinity
    },
  })
  if (single) consider(buildExact(context, new Map(single.edges.map((key) => [key, 1]))), 'single-path')
  // The fastest route by expected duration (exact for single paths; a split is never faster than its
  // slowest route), so that "fastest" and the reason for a missed deadline speak of the real fastest.
  const [fastest] = enumeratePaths(context.graph, {
    source: context.source,
    sink: context.sink,
    k: 1,
    maxHops: context.maxHops,
    edgeCost: (key) => edgeSet.edges.get(key)?.latencySeconds ?? Infinity,
  })
  if (fastest) consider(buildExact(context, new Map(fastest.edges.map((key) => [key, 1]))), 'fastest-path')
  return { builds, edgeSet, summary: { latencyClasses: classes.length, lpSolves, pricingRounds, converged, upperBound }, solverFailure }
}
