// Builds the quote service as a fastify instance without listening, so tests can `inject` into it
// and startServer can listen with real options.
import fastifyRateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { LpBackend } from '../../solver/lp/types.ts'
import type { Market } from '../../solver/market/types.ts'
import { ApiError, toApiErrorResponse } from './errorCatalogue.ts'
import { createMarketStore, type MarketStore } from './marketStore.ts'
import { createQuoteCache, type QuoteCacheOptions } from './quoteCache.ts'
import { docsPlugin } from './routes/docs.ts'
import { healthRoutes } from './routes/health.ts'
import { marketRoutes } from './routes/market.ts'
import { metricsRoutes } from './routes/metrics.ts'
import { quoteRoutes } from './routes/quote.ts'
import { batchRoutes } from './routes/batches.ts'
import { executionRoutes, type ExecutionRoutesOptions } from './routes/executions.ts'
import { LIFI_PREFIX, lifiRoutes } from './routes/lifi/lifiRoutes.ts'
import type { ExecutionTargets } from '../executor/chainEnvironment.ts'
import { planRoutes, type PlanRoutesOptions } from './routes/plans.ts'
import { createServerMetrics } from './serverMetrics.ts'
import { authPlugin, clientIdentity, type AuthOptions } from './auth/authPlugin.ts'
import { createQuotePlanner, type QuotePlanner } from './workers/createQuotePlanner.ts'
import { createPlannerBudget } from './workers/plannerBudget.ts'
import { OverloadedError } from './workers/overloadedError.ts'
import { handleClientError } from './lifecycle/handleClientError.ts'
import { corsPlugin, type CorsOrigins } from './corsPlugin.ts'
import { pageRoutes } from './routes/page.ts'
import { quoteByIdRoutes } from './routes/quoteById.ts'
import type { BatchLimits, BatchQueue } from './queue/batchQueue.ts'
import type { SharedMarket } from './queue/createSharedMarket.ts'
import type { SharedQuoteCache } from './queue/createSharedQuoteCache.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The Prometheus text GET /metrics answers (serveMetrics serves it on a port of its own). */
    renderMetrics(): string
  }
}

export interface RateLimitOptions {
  /** Requests per client (IP address) per window. */
  readonly max: number
  readonly timeWindowMs: number
}

export interface BuildServerOptions {
  readonly market: Market
  /** LP backend for the planner (default: the planner's, javascript-lp-solver). */
  readonly backend?: LpBackend
  readonly cache?: QuoteCacheOptions
  /** Per-client rate limit, or false for none (default 1200 requests per minute). */
  readonly rateLimit?: RateLimitOptions | false
  /** Largest request body (default 64 KiB); larger ones get 413. */
  readonly bodyLimitBytes?: number
  readonly logger?: FastifyServerOptions['logger']
  /** Trust X-Forwarded-For for the client address (behind a proxy); default false. */
  readonly trustProxy?: boolean | number | string | readonly string[]
  /** Executor to expose at /v1/executions (only for chains the service can sign on, e.g. the devnet). */
  readonly executions?: ExecutionRoutesOptions
  /** API keys, public roles and Host allow-list (default: no keys, `quote` public, any Host — so writes are refused). */
  readonly auth?: AuthOptions
  /** Quote worker threads; 0 (default here; `accord serve` uses 2) plans on the event loop. */
  readonly quoteWorkers?: number
  /** Quotes waiting for a worker before 503 OVERLOADED (default 16 per worker). */
  readonly quoteQueue?: number
  /** Deadline of one quote, queueing included (default 10 s). */
  readonly quoteDeadlineMs?: number
  /** Planner ms per minute per client, 0 for none (default 60 000). */
  readonly plannerMsPerMinute?: number
  /** Longest time to receive a whole request, body included (default 30 s; 408 REQUEST_TIMEOUT). */
  readonly requestTimeoutMs?: number
  /** Batch job queue (default: in-process, bounded: createEmbeddedBatchQueue; with Redis: createRedisBatchQueue). */
  readonly jobs?: BatchQueue
  /** Per-client batch limits for keys that set none (default 4 jobs, 20 000 intents). */
  readonly batchLimits?: BatchLimits
  /** How long finished batch results stay (default 1 h; in-process queue). */
  readonly batchRetainMs?: number
  /** With Redis (startServer --redis): the market and quote cache shared by all instances. */
  /** Directory POST /v1/plans writes each plan to (`plan-<id>.json`), so GET answers it after a restart; default none (memory only). */
  readonly plansDir?: string
  /** The market store (default: a new one holding `market`); startServer passes one it shares through Redis. */
  readonly store?: MarketStore
  readonly shared?: { readonly market: SharedMarket; readonly quoteCache: SharedQuoteCache }
  /** Contracts and nodes per chain: the LI.FI-compatible API (/lifi/v1) builds transactions to sign with them and reads /status from them. */
  readonly transactionTargets?: ExecutionTargets
  /** Web origins whose pages may call the service (CORS), `*` for any; default none. */
  readonly corsOrigins?: CorsOrigins
  /** Signer and chains for `POST /v1/plans` with `execute: true` (composite intents). */
  readonly planExecution?: PlanRoutesOptions['execution']
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 1200, timeWindowMs: 60_000 }
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000
const SERVICE_VERSION = '0.1.0'

/**
 * The service with every route registered (POST /v1/quote, GET /v1/market, /v1/networks, /v1/tokens,
 * POST /v1/market/updates, GET /health, /metrics, /docs). Call `ready()` or `inject()`; it does not listen.
 *
 * @example
 * const app = buildServer({ market: await loadMarketFile('fixtures/markets/small.json'), rateLimit: false })
 * const response = await app.inject({ method: 'POST', url: '/v1/quote', payload: { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '1000' } })
 */
export function buildServer(options: BuildServerOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    // A number is a hop count (fastify supports it at run time; its types omit it).
    trustProxy: (options.trustProxy ?? false) as boolean | string | string[],
    // Reject rather than strip unknown fields, and never coerce ("5" is not 5, 5 is not "5");
    // `discriminator` lets market updates (oneOf on `kind`) report the named branch's error.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, discriminator: true, allErrors: false } },
    // While closing, the onRequest hook below answers 503 SHUTTING_DOWN with a coded body.
    return503OnClosing: false,
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    // Node 20 only enforces a request timeout given to the server's constructor (fastify sets it after), and
    // checks it on this interval (default 30 s); a tenth of the timeout keeps slow bodies bounded.
    http: {
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.max(50, Math.round((options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) / 10)),
    },
    // Idle sockets (no request in flight) are closed after this long.
    connectionTimeout: 2 * (options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    clientErrorHandler: handleClientError,
  })
  // Only JSON bodies: text/plain gets the documented 415, not a schema error.
  app.removeContentTypeParser('text/plain')
  const planner: QuotePlanner = createQuotePlanner(options.market, {
    threads: options.quoteWorkers ?? 0,
    ...(options.quoteQueue === undefined ? {} : { maxQueue: options.quoteQueue }),
    ...(options.quoteDeadlineMs === undefined ? {} : { deadlineMs: options.quoteDeadlineMs }),
    ...(options.backend ? { backend: options.backend, backendName: options.backend.name } : {}),
  })
  const budget = createPlannerBudget(options.plannerMsPerMinute)
  let closing = false
  app.addHook('onRequest', async () => {
    if (closing) throw new OverloadedError('SHUTTING_DOWN', 'The service is shutting down; retry on another instance.', 5)
  })
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onClose', () => planner.close())
  const shared = options.shared
  // Every request sees the version current in Redis (one GET), so no instance answers with a superseded one.
  if (shared) app.addHook('onRequest', async () => shared.market.refresh())
  const store = options.store ?? createMarketStore(options.market)
  const cache = createQuoteCache(options.cache)
  const metrics = createServerMetrics()
  // For the separate metrics listener (startServer --metrics-port): the same text as GET /metrics.
  app.decorate('renderMetrics', () => metrics.render({ cacheEntries: cache.size, marketVersion: store.current.version }))
  // Entries are keyed by version, so stale ones could never match again; dropping them frees the memory now.
  store.onChange(() => cache.clear())
  // Workers plan on the version a task names; sending each new one ahead saves resending it per task.
  store.onChange((market) => planner.publish(market))

  app.setErrorHandler((error, request, reply) => {
    const { statusCode, body } = toApiErrorResponse(error)
    if (statusCode >= 500 && statusCode !== 503) request.log.error({ err: error }, 'request failed')
    if (error instanceof OverloadedError) void reply.header('retry-after', String(error.retryAfterSeconds))
    if (closing) void reply.header('connection', 'close')
    // Sent as text so that no route's response schema filters the error body.
    return reply.code(statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body))
  })
  app.setNotFoundHandler((request, reply) => {
    const { statusCode, body } = toApiErrorResponse(new ApiError('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`, 'url'))
    return reply.code(statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body))
  })
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000)
  })

  // First, so preflight requests are answered before rate limits and keys apply.
  if (options.corsOrigins !== undefined) app.register(corsPlugin, { origins: options.corsOrigins })
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT
  if (rateLimit !== false)
    app.register(fastifyRateLimit, {
      // Per API key (its quota, else the default), else per address.
      max: (request) => request.apiKey?.quota?.requestsPerMinute ?? rateLimit.max,
      keyGenerator: clientIdentity,
      timeWindow: rateLimit.timeWindowMs,
      errorResponseBuilder: (_request, context) =>
        new ApiError('RATE_LIMITED', `Rate limit exceeded: at most ${context.max} requests per ${context.after}.`),
    })
  // Before docs and routes: its onRoute hook adds each route's security to the OpenAPI document.
  app.register(authPlugin, options.auth ?? { keys: [] })
  app.register(docsPlugin, { version: SERVICE_VERSION, market: options.market })
  app.register(healthRoutes, { store })
  app.register(metricsRoutes, { store, cache, metrics })
  app.register(marketRoutes, { store, metrics, ...(shared ? { commit: (parameters) => shared.market.commit(parameters) } : {}) })
  app.register(quoteRoutes, { store, cache, metrics, planner, budget, ...(shared ? { shared: { cache: shared.quoteCache, refreshMarket: () => shared.market.refresh() } } : {}) })
  app.register(batchRoutes, { store, ...(options.jobs ? { jobs: options.jobs } : {}), ...(options.batchLimits ? { limits: options.batchLimits } : {}), ...(options.batchRetainMs ? { retainMs: options.batchRetainMs } : {}) })
  app.register(planRoutes, {
    store,
    planner,
    budget,
    ...(options.plansDir === undefined ? {} : { plansDir: options.plansDir }),
    ...(options.auth?.publicRoles ? { publicRoles: options.auth.publicRoles } : {}),
    ...(options.planExecution ? { execution: options.planExecution } : {}),
  })
  if (options.executions) app.register(executionRoutes, options.executions)
  app.register(lifiRoutes, { prefix: LIFI_PREFIX, store, cache, metrics, planner, budget, ...(options.transactionTargets ? { targets: options.transactionTargets } : {}), ...(shared ? { shared: { cache: shared.quoteCache, refreshMarket: () => shared.market.refresh() } } : {}) })
  app.register(quoteByIdRoutes, { cache })
  app.register(pageRoutes)
  return app
}
