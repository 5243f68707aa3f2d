// Where quotes are planned: a pool of worker threads (piscina) so the event loop only parses,
// validates and serves the cache and the market, or — with `threads: 0` — the calling thread (tests,
// tools). Each task has a deadline: a queued task is dropped, a running one is cancelled by ending its
// worker (piscina terminates the thread of an aborted task). A full queue is refused at once (OVERLOADED).
import { RUNS_FROM_SOURCE, siblingModule } from '../../config/packagePaths.ts'
import { BroadcastChannel } from 'node:worker_threads'
import { randomUUID } from 'node:crypto'
import { Piscina } from 'piscina'
import type { LpBackend } from '../../../solver/lp/types.ts'
import type { Market } from '../../../solver/market/types.ts'
import type { Intent } from '../../../solver/model/intent.ts'
import { planQuote, type PlanQuoteReturnType } from './planQuote.ts'
import { planComposite, type PlanCompositeReturnType } from './planComposite.ts'
import type { CompositeIntentRequest } from '../../../solver/composite/resolveCompositeRequest.ts'
import type { CompositeTask, CompositeTaskResult, QuoteTask, QuoteTaskResult, QuoteWorkerData } from './quoteWorker.ts'
import { OverloadedError } from './overloadedError.ts'

export interface QuotePlannerOptions {
  /** Worker threads; 0 plans on the calling thread. */
  readonly threads: number
  /** Tasks waiting for a free worker before new ones are refused (default 16 per thread). */
  readonly maxQueue?: number
  /** Longest a quote may wait and plan, in ms (default 10 000). */
  readonly deadlineMs?: number
  /** Backend name the workers load (`js-lp-solver`, `highs`). */
  readonly backendName?: string
  /** Backend object for the calling thread (threads: 0). */
  readonly backend?: LpBackend
}

export interface PlanRequest {
  readonly market: Market
  readonly intent: Intent
  readonly maxAlternatives: number
  readonly ttlMs: number
}

export interface QuotePlanner {
  readonly threads: number
  /** Tasks waiting for a worker. */
  readonly queued: number
  readonly deadlineMs: number
  /** Plans on the request's market; rejects with OverloadedError (queue full, deadline passed). */
  plan(request: PlanRequest): Promise<PlanQuoteReturnType>
  /** Plans a composite intent (POST /v1/plans) the same way: in a worker, within the deadline. */
  planComposite(request: { readonly market: Market; readonly request: CompositeIntentRequest }): Promise<PlanCompositeReturnType>
  /** Sends a new market version to every worker. */
  publish(market: Market): void
  close(): Promise<void>
}

export const DEFAULT_QUOTE_DEADLINE_MS = 10_000
/** A composite plan's deadline, in quote deadlines. */
const COMPOSITE_DEADLINE_FACTOR = 3

export function createQuotePlanner(initial: Market, options: QuotePlannerOptions): QuotePlanner {
  const deadlineMs = options.deadlineMs ?? DEFAULT_QUOTE_DEADLINE_MS
  if (options.threads <= 0) {
    return {
      threads: 0,
      queued: 0,
      deadlineMs,
      plan: async ({ market, intent, maxAlternatives, ttlMs }) =>
        planQuote(market, intent, { maxAlternatives, ttlMs, ...(options.backend ? { backend: options.backend } : {}) }),
      planComposite: async ({ market, request }) => planComposite(market, request),
      publish: () => {},
      close: async () => {},
    }
  }
  const channelName = `accord-market-${randomUUID()}`
  const channel = new BroadcastChannel(channelName)
  const workerData: QuoteWorkerData = { market: initial, channel: channelName, ...(options.backendName ? { backend: options.backendName } : {}) }
  const maxQueue = options.maxQueue ?? 16 * options.threads
  const pool = new Piscina({
    // From source a bootstrap registers tsx in the thread; compiled, the task module loads directly.
    filename: (RUNS_FROM_SOURCE ? new URL('./quoteWorkerEntry.mjs', import.meta.url) : siblingModule('./quoteWorker', import.meta.url)).href,
    minThreads: options.threads,
    maxThreads: options.threads,
    maxQueue,
    // Workers stay up: starting one (tsx, planner modules) costs far more than a quote.
    idleTimeout: 2 ** 31 - 1,
    workerData,
  })

  /** Runs the worker's default export (a quote) or, with `name`, that named export (planCompositeTask). */
  const run = async <Result>(task: QuoteTask | CompositeTask, signal: AbortSignal, name?: string): Promise<Result> => {
    if (pool.queueSize >= maxQueue) throw new OverloadedError('OVERLOADED', `The quote queue is full (${maxQueue} waiting); retry shortly.`, 1)
    try {
      return (await pool.run(task, { signal, ...(name ? { name } : {}) })) as Result
    } catch (error) {
      if (signal.aborted) throw new OverloadedError('DEADLINE_EXCEEDED', `The ${name ? 'plan' : 'quote'} was not made within ${name ? COMPOSITE_DEADLINE_FACTOR * deadlineMs : deadlineMs} ms; retry later or with a simpler intent.`, 1)
      if (/queue is at limit/i.test((error as Error).message)) throw new OverloadedError('OVERLOADED', `The quote queue is full (${maxQueue} waiting); retry shortly.`, 1)
      throw error
    }
  }

  return {
    threads: options.threads,
    get queued() {
      return pool.queueSize
    },
    deadlineMs,
    async plan({ market, intent, maxAlternatives, ttlMs }) {
      const signal = AbortSignal.timeout(deadlineMs)
      const task: QuoteTask = { marketVersion: market.version, intent, maxAlternatives, ttlMs }
      let result = await run<QuoteTaskResult>(task, signal)
      if (result.kind === 'needMarket') result = await run<QuoteTaskResult>({ ...task, market }, signal)
      if (result.kind === 'needMarket') throw new Error('A quote worker did not take the market it was sent.')
      return result
    },
    async planComposite({ market, request }) {
      // A composite search plans many legs (about 1–4 s on the devnet example, bench:composite): three quote deadlines.
      const signal = AbortSignal.timeout(COMPOSITE_DEADLINE_FACTOR * deadlineMs)
      const task: CompositeTask = { marketVersion: market.version, request }
      let result = await run<CompositeTaskResult>(task, signal, 'planCompositeTask')
      if (result.kind === 'needMarket') result = await run<CompositeTaskResult>({ ...task, market }, signal, 'planCompositeTask')
      if (result.kind === 'needMarket') throw new Error('A quote worker did not take the market it was sent.')
      return result
    },
    publish: (market) => channel.postMessage(market),
    async close() {
      channel.close()
      await pool.destroy()
    },
  }
}
