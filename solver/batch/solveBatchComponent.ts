// Solves one component of a batch (intents whose candidate venues overlap): the joint LP over the
// residuals left by netting, exact realisation in input order, evaluation of each intent's plan; and
// the baseline — each intent quoted alone on the untouched market, realised in the same order.
import { rawToFloat } from '../amounts.ts'
import { buildMarketGraph } from '../graph/buildMarketGraph.ts'
import { assetKeyOf } from '../market/assetKey.ts'
import { getToken, indexMarket } from '../market/indexMarket.ts'
import type { Market } from '../market/types.ts'
import type { Intent } from '../model/intent.ts'
import type { LpBackend } from '../lp/types.ts'
import { evaluatePlan, resolveMinAmountOut } from '../plan/evaluatePlan.ts'
import { venueCurve } from '../venues/venueCurve.ts'
import type { BatchComponent, PreparedIntent } from './prepareBatch.ts'
import { realiseInSequence, type SequenceAllocation } from './realiseInSequence.ts'
import { solveJointSplit, type JointCommodity, type JointEdge } from './solveJointSplit.ts'
import type { BatchIntentResult } from './types.ts'

export interface SolveBatchComponentOptions {
  readonly backend?: LpBackend
  /** Relative tolerance of the joint LP's refinement (default 1e-5). */
  readonly tolerance?: number
  /** Also quote every intent alone and realise those quotes in sequence (default true). */
  readonly compareIndependent?: boolean
}

export interface SolveBatchComponentReturnType {
  readonly component: number
  readonly results: readonly BatchIntentResult[]
  readonly deliveredUsd: number
  readonly independentDeliveredUsd: number
  readonly independentQuotedUsd: number
  readonly lpIterations: number
}

/** Fewer than this share of the outcome probability within the deadline counts as missing it (as quoteIntent). */
const DEADLINE_MISS = 0.01
/**
 * The LP has no gas or fixed bridge fees (a MILP per commodity would not scale to a batch), so it can
 * spread a commodity thinly over many venues; splits below this share of a holding are folded into
 * the largest branch when the flows are turned into steps (one swap costs ~$0.01–$5 of gas).
 */
const DUST_SHARE = 0.01

function usdOf(market: Market, intent: Intent, amountOutRaw: bigint): number {
  const token = getToken(indexMarket(market), assetKeyOf(intent.to))
  return rawToFloat(amountOutRaw, token.decimals) * token.priceUsd
}

function commodityKey(entry: PreparedIntent): string {
  // Intents with their own minimum keep their own flow so the minimum binds on them alone.
  return entry.intent.minAmountOutRaw === undefined ? entry.candidatesKey : `${entry.candidatesKey}#${entry.id}`
}

function jointEdges(market: Market, keys: Iterable<string>): Map<string, JointEdge> {
  const index = indexMarket(market)
  const graph = buildMarketGraph(market)
  const edges = new Map<string, JointEdge>()
  for (const key of keys) {
    if (edges.has(key)) continue
    const { venue, from, to } = graph.getEdgeAttributes(key)
    edges.set(key, { from, to, curve: venueCurve(index, venue, from, to), ...(venue.kind === 'bridge' ? {} : { poolId: venue.id }) })
  }
  return edges
}

function priceMap(market: Market): Map<string, number> {
  return new Map([...indexMarket(market).tokens].map(([key, token]) => [key, token.priceUsd]))
}

/** USD value (market prices) an allocation's realisation delivers. */
function deliveredUsdOf(market: Market, allocations: readonly SequenceAllocation[], realised: ReturnType<typeof realiseInSequence>['realised']): number {
  const intents = new Map(allocations.map((allocation) => [allocation.id, allocation.intent]))
  return realised.reduce((sum, item) => sum + usdOf(market, intents.get(item.id) as Intent, item.deliveredAmountOutRaw), 0)
}

/**
 * Realises the allocations in each of a few execution orders and keeps the one that delivers the
 * most in total (ties: the earlier candidate). The LP prices opposite flows on a pool as if their
 * impacts cancel, which sequential execution achieves only in a favourable order; input order,
 * largest first and smallest first cover the common cases. Deterministic: the candidates are fixed.
 */
function realiseInBestOrder(market: Market, allocations: readonly SequenceAllocation[]) {
  const index = indexMarket(market)
  const sizeUsd = (allocation: SequenceAllocation) => {
    const token = getToken(index, assetKeyOf(allocation.intent.from))
    return rawToFloat(allocation.intent.amountInRaw, token.decimals) * token.priceUsd
  }
  const bySize = [...allocations].sort((a, b) => sizeUsd(b) - sizeUsd(a) || (a.id < b.id ? -1 : 1))
  const orders = [allocations, bySize, [...bySize].reverse()]
  let best: { realised: ReturnType<typeof realiseInSequence>['realised']; value: number } | undefined
  for (const order of orders) {
    const { realised } = realiseInSequence(market, order, new Map(), DUST_SHARE)
    const value = deliveredUsdOf(market, order, realised)
    if (!best || value > best.value) best = { realised, value }
  }
  return best as { realised: ReturnType<typeof realiseInSequence>['realised']; value: number }
}

/** What the intent still needs from the venues after its netting fills. */
function residualIntent(entry: PreparedIntent): Intent {
  const received = entry.netting.reduce((sum, fill) => sum + fill.receivedRaw, 0n)
  const { intent } = entry
  return {
    ...intent,
    amountInRaw: entry.residualAmountInRaw,
    ...(intent.minAmountOutRaw === undefined ? {} : { minAmountOutRaw: intent.minAmountOutRaw > received ? intent.minAmountOutRaw - received : 0n }),
  }
}

/**
 * Solves `component` on `market` (pure and deterministic for a given input and backend). Per-intent
 * minimum outputs are LP constraints; if they cannot all be met together the LP is solved without
 * them and the intents that miss theirs are reported `unmet` with INFEASIBLE_CONSTRAINTS.
 */
export function solveBatchComponent(market: Market, component: BatchComponent, options: SolveBatchComponentOptions = {}): SolveBatchComponentReturnType {
  const index = indexMarket(market)
  const priceUsd = priceMap(market)
  const active = component.intents.filter((entry) => entry.residualAmountInRaw > 0n)
  const edges = jointEdges(market, active.flatMap((entry) => entry.edges))
  const lpOptions = { ...(options.backend ? { backend: options.backend } : {}), ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }) }

  // Commodities: intents with the same source, sink and candidates (and no minimum of their own) pool their flow.
  const byCommodity = new Map<string, PreparedIntent[]>()
  for (const entry of active) byCommodity.set(commodityKey(entry), [...(byCommodity.get(commodityKey(entry)) ?? []), entry])
  const commodities = (withMinimum: boolean): JointCommodity[] =>
    [...byCommodity].map(([key, members]) => {
      const first = members[0] as PreparedIntent
      const tokenIn = getToken(index, assetKeyOf(first.intent.from))
      const tokenOut = getToken(index, assetKeyOf(first.intent.to))
      const minimum = residualIntent(first).minAmountOutRaw
      return {
        id: key,
        source: assetKeyOf(first.intent.from),
        sink: assetKeyOf(first.intent.to),
        amountIn: members.reduce((sum, entry) => sum + rawToFloat(entry.residualAmountInRaw, tokenIn.decimals), 0),
        edges: first.edges,
        ...(withMinimum && minimum !== undefined && members.length === 1 ? { minAmountOut: rawToFloat(minimum, tokenOut.decimals) } : {}),
      }
    })
  let joint = solveJointSplit({ commodities: commodities(true), edges, priceUsd }, lpOptions)
  let lpIterations = joint.iterations
  if (joint.status === 'infeasible') {
    joint = solveJointSplit({ commodities: commodities(false), edges, priceUsd }, lpOptions)
    lpIterations += joint.iterations
  }

  const allocations: SequenceAllocation[] = []
  for (const entry of active) {
    const flows = joint.flows.get(commodityKey(entry))
    if (flows && flows.size > 0) allocations.push({ id: entry.id, intent: residualIntent(entry), edgeFlows: flows })
  }
  const { realised } = realiseInBestOrder(market, allocations)
  const realisedById = new Map(realised.map((item) => [item.id, item]))
  const executionIndex = new Map(realised.map((item, i) => [item.id, i]))

  const results: BatchIntentResult[] = []
  let deliveredUsd = 0
  for (const entry of component.intents) {
    const received = entry.netting.reduce((sum, fill) => sum + fill.receivedRaw, 0n)
    const item = realisedById.get(entry.id)
    const residual = residualIntent(entry)
    const plan =
      item && item.built.amountOutRaw > 0n
        ? { ...evaluatePlan({ index: item.index, graph: item.graph, intent: residual, built: item.built, strategy: 'batch-joint' }), marketVersion: market.version }
        : undefined
    const amountOutRaw = received + (item?.deliveredAmountOutRaw ?? 0n)
    const minAmountOutRaw = resolveMinAmountOut(entry.intent, amountOutRaw)
    const outcomeProbability = plan ? plan.outcomeProbability.total : 1
    deliveredUsd += usdOf(market, entry.intent, amountOutRaw)
    const position = executionIndex.get(entry.id)
    const base = { id: entry.id, intent: entry.intent, component: component.index, ...(position === undefined ? {} : { executionIndex: position }), netting: entry.netting, amountOutRaw, minAmountOutRaw, outcomeProbability, ...(plan ? { plan } : {}) }
    let error: { code: string; message: string; field: string | null } | undefined
    if (item && item.failedShare > 0)
      error = { code: 'INFEASIBLE_CONSTRAINTS', message: `Bridge liquidity left by earlier intents of the batch cannot fill ${(item.failedShare * 100).toFixed(1)} % of this intent.`, field: null }
    else if (entry.residualAmountInRaw > 0n && !plan)
      error = { code: 'NO_ROUTE', message: 'The joint solution routes nothing for this intent: its venues are exhausted by the batch.', field: null }
    else if (amountOutRaw < minAmountOutRaw)
      error = { code: 'INFEASIBLE_CONSTRAINTS', message: `Delivers ${amountOutRaw} raw units, below the minimum ${minAmountOutRaw}, given the rest of the batch.`, field: 'minAmountOut' }
    else if (plan && entry.intent.deadlineSeconds !== undefined && plan.outcomeProbability.withinDeadline < DEADLINE_MISS)
      error = { code: 'INFEASIBLE_CONSTRAINTS', message: `The plan is not expected to complete within the ${entry.intent.deadlineSeconds} s deadline.`, field: 'deadlineSeconds' }
    else if (entry.intent.minProbability !== undefined && outcomeProbability < entry.intent.minProbability)
      error = { code: 'INFEASIBLE_CONSTRAINTS', message: `Outcome probability ${outcomeProbability.toFixed(4)} is below the required ${entry.intent.minProbability}.`, field: 'minProbability' }
    results.push(error ? { ...base, status: 'unmet', error } : { ...base, status: 'ok' })
  }

  const independent =
    options.compareIndependent === false ? { independentDeliveredUsd: 0, independentQuotedUsd: 0 } : realiseIndependentQuotes(market, component, options)
  return { component: component.index, results, deliveredUsd, ...independent, lpIterations }
}

/**
 * The baseline of the summary: each whole intent of `component` planned alone on the untouched market
 * by the same LP (no netting, no other intents), and those plans realised one after another in input
 * order. `independentQuotedUsd` sums what each promised alone; `independentDeliveredUsd` is what the
 * sequence delivers (bridge fills beyond the liquidity left count as not delivered).
 */
export function realiseIndependentQuotes(
  market: Market,
  component: BatchComponent,
  options: SolveBatchComponentOptions = {},
): { independentDeliveredUsd: number; independentQuotedUsd: number } {
  const index = indexMarket(market)
  const priceUsd = priceMap(market)
  const lpOptions = { ...(options.backend ? { backend: options.backend } : {}), ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }) }
  // Baseline: each whole intent alone on the untouched market (no netting), then all in the same order.
  let independentDeliveredUsd = 0
  let independentQuotedUsd = 0
  const alone: SequenceAllocation[] = []
  for (const entry of component.intents) {
    const tokenIn = getToken(index, assetKeyOf(entry.intent.from))
    const single = solveJointSplit(
      {
        commodities: [
          { id: entry.id, source: assetKeyOf(entry.intent.from), sink: assetKeyOf(entry.intent.to), amountIn: rawToFloat(entry.intent.amountInRaw, tokenIn.decimals), edges: entry.edges },
        ],
        edges: jointEdges(market, entry.edges),
        priceUsd,
      },
      lpOptions,
    )
    const flows = single.flows.get(entry.id)
    if (!flows || flows.size === 0) continue
    const allocation = { id: entry.id, intent: entry.intent, edgeFlows: flows }
    independentQuotedUsd += usdOf(market, entry.intent, realiseInSequence(market, [allocation], new Map(), DUST_SHARE).realised[0]?.deliveredAmountOutRaw ?? 0n)
    alone.push(allocation)
  }
  for (const item of realiseInSequence(market, alone, new Map(), DUST_SHARE).realised)
    independentDeliveredUsd += usdOf(market, component.intents.find((entry) => entry.id === item.id)!.intent, item.deliveredAmountOutRaw)
  return { independentDeliveredUsd, independentQuotedUsd }
}
