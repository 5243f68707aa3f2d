// A quote worker thread (piscina task module): holds the markets it was sent — the initial one in
// workerData, each new version from the pool's BroadcastChannel — and plans quotes on the version a
// task names. A task naming a version it has not received answers `needMarket`, and the pool sends
// it again with the market attached (a worker started after an update, or a broadcast still in flight).
import { BroadcastChannel, workerData } from 'node:worker_threads'
import type { Market } from '../../../solver/market/types.ts'
import type { Intent } from '../../../solver/model/intent.ts'
import type { LpBackend } from '../../../solver/lp/types.ts'
import { createLpBackend } from '../../config/lpBackend.ts'
import { planQuote, type PlanQuoteReturnType } from './planQuote.ts'
import { planComposite, type PlanCompositeReturnType } from './planComposite.ts'
import type { CompositeIntentRequest } from '../../../solver/composite/resolveCompositeRequest.ts'

export interface QuoteWorkerData {
  readonly market: Market
  readonly channel: string
  readonly backend?: string
}

export interface QuoteTask {
  readonly marketVersion: string
  /** Attached only when the worker said it lacks this version. */
  readonly market?: Market
  readonly intent: Intent
  readonly maxAlternatives: number
  readonly ttlMs: number
}

export type QuoteTaskResult = PlanQuoteReturnType | { readonly kind: 'needMarket' }

/** A composite intent to plan (POST /v1/plans), on the market version named as for quotes. */
export interface CompositeTask {
  readonly marketVersion: string
  readonly market?: Market
  readonly request: CompositeIntentRequest
}

export type CompositeTaskResult = PlanCompositeReturnType | { readonly kind: 'needMarket' }

/** Versions kept: the current one and a few before it, for tasks sent just before an update. */
const KEPT_VERSIONS = 4
const data = workerData as QuoteWorkerData
const markets = new Map<string, Market>([[data.market.version, data.market]])
const remember = (market: Market) => {
  markets.delete(market.version)
  markets.set(market.version, market)
  while (markets.size > KEPT_VERSIONS) markets.delete(markets.keys().next().value as string)
}
const channel = new BroadcastChannel(data.channel)
channel.onmessage = (event) => remember((event as { data: Market }).data)
// The channel must not keep an idle worker alive; piscina ends workers it no longer needs.
;(channel as unknown as { unref?: () => void }).unref?.()

let backend: Promise<LpBackend> | undefined

export default async function runQuoteTask(task: QuoteTask): Promise<QuoteTaskResult> {
  if (task.market) remember(task.market)
  const market = markets.get(task.marketVersion)
  if (!market) return { kind: 'needMarket' }
  backend ??= createLpBackend(data.backend)
  return planQuote(market, task.intent as Intent, { maxAlternatives: task.maxAlternatives, ttlMs: task.ttlMs, backend: await backend })
}

/** Named task (piscina's `name`): plans a composite intent on the version the task names. */
export async function planCompositeTask(task: CompositeTask): Promise<CompositeTaskResult> {
  if (task.market) remember(task.market)
  const market = markets.get(task.marketVersion)
  if (!market) return { kind: 'needMarket' }
  return planComposite(market, task.request)
}
