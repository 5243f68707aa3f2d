// The sequential front of a batch solve: resolve every intent (collecting input errors per intent),
// find candidate edges, net opposite intents, and split the rest into independent components.
import { BaseError } from '../errors.ts'
import { buildMarketGraph } from '../graph/buildMarketGraph.ts'
import { indexMarket } from '../market/indexMarket.ts'
import type { Market } from '../market/types.ts'
import type { Intent } from '../model/intent.ts'
import { resolveIntentRequest } from '../plan/resolveIntentRequest.ts'
import { validateIntent } from '../plan/validateIntent.ts'
import { createCandidateFinder } from './createCandidateFinder.ts'
import { netOpposingFlows } from './netOpposingFlows.ts'
import { partitionIntents } from './partitionIntents.ts'
import type { BatchIntentInput, BatchIntentResult, NettingFill } from './types.ts'

export interface PreparedIntent {
  readonly id: string
  /** Position in the input: the execution order within a component. */
  readonly position: number
  readonly intent: Intent
  /** Input left for the venues after netting (raw units). */
  readonly residualAmountInRaw: bigint
  readonly netting: readonly NettingFill[]
  /** Candidate search key (equal keys: same candidate edges) and the edges. */
  readonly candidatesKey: string
  readonly edges: readonly string[]
}

export interface BatchComponent {
  readonly index: number
  readonly intents: readonly PreparedIntent[]
}

export interface PrepareBatchReturnType {
  readonly components: readonly BatchComponent[]
  /** Results known before solving: invalid intents and intents without any route. */
  readonly early: readonly BatchIntentResult[]
  readonly nettedPairs: number
  readonly nettingSavingUsd: number
}

export interface PrepareBatchOptions {
  /** Match opposite intents internally (default true). */
  readonly netting?: boolean
}

/** A per-intent error; anything but an Accord error comes from a malformed request (e.g. a number where a string belongs). */
function toError(error: unknown, position: number): { code: string; message: string; field: string | null } {
  if (error instanceof BaseError) return { code: error.code, message: error.shortMessage, field: error.field ?? null }
  return { code: 'INVALID_INTENT', message: `Malformed intent: ${error instanceof Error ? error.message : String(error)}`, field: `intents[${position}]` }
}

/**
 * Resolves and groups a batch. Invalid intents (unknown token, bad amount, duplicate id…) become
 * `invalid` results with the field path under `intents[i]`; intents with no path become `unmet`
 * NO_ROUTE results; nothing is dropped. Components are ordered by their first intent's position.
 */
export function prepareBatch(market: Market, inputs: readonly BatchIntentInput[], options: PrepareBatchOptions = {}): PrepareBatchReturnType {
  const index = indexMarket(market)
  const graph = buildMarketGraph(market)
  const findCandidates = createCandidateFinder(market)
  const early: BatchIntentResult[] = []
  const valid: Array<{ id: string; position: number; intent: Intent; key: string; edges: readonly string[]; bestPath: readonly string[] }> = []
  const seen = new Set<string>()
  inputs.forEach((input, position) => {
    if (input.error) {
      seen.add(input.id)
      early.push({ id: input.id, status: 'invalid', error: input.error })
      return
    }
    try {
      if (seen.has(input.id)) throw new BaseError('INVALID_INTENT', `Duplicate intent id "${input.id}".`, { field: `intents[${position}].id` })
      seen.add(input.id)
      const intent = resolveIntentRequest(market, input.request, `intents[${position}]`)
      try {
        validateIntent(index, intent)
      } catch (error) {
        if (error instanceof BaseError && error.field) throw new BaseError(error.code, error.shortMessage, { field: `intents[${position}].${error.field}` })
        throw error
      }
      const candidates = findCandidates(intent)
      if (candidates.edges.length === 0) {
        early.push({
          id: input.id,
          status: 'unmet',
          intent,
          component: -1,
          netting: [],
          amountOutRaw: 0n,
          minAmountOutRaw: intent.minAmountOutRaw ?? 0n,
          outcomeProbability: 0,
          error: { code: 'NO_ROUTE', message: 'No path between these assets within the hop limit and the allowed venues.', field: null },
        })
        return
      }
      valid.push({ id: input.id, position, intent, key: candidates.key, edges: candidates.edges, bestPath: candidates.bestPath })
    } catch (error) {
      early.push({ id: input.id, status: 'invalid', error: toError(error, position) })
    }
  })

  const netting =
    options.netting === false
      ? { residualAmountInRaw: new Map<string, bigint>(), fills: new Map<string, readonly NettingFill[]>(), pairs: 0, savingUsd: 0 }
      : netOpposingFlows(index, graph, valid)
  const prepared: PreparedIntent[] = valid.map((entry) => ({
    id: entry.id,
    position: entry.position,
    intent: entry.intent,
    residualAmountInRaw: netting.residualAmountInRaw.get(entry.id) ?? entry.intent.amountInRaw,
    netting: netting.fills.get(entry.id) ?? [],
    candidatesKey: entry.key,
    edges: entry.edges,
  }))
  const groups = partitionIntents(
    prepared.map((entry) => entry.edges.map((edge) => graph.getEdgeAttribute(edge, 'venueId'))),
  )
  const components = groups.map((members, i) => ({ index: i, intents: members.map((member) => prepared[member] as PreparedIntent) }))
  return { components, early, nettedPairs: netting.pairs, nettingSavingUsd: netting.savingUsd }
}
