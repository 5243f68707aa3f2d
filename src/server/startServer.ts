// Starts the quote service: reads HOST, PORT, ACCORD_MARKET, ACCORD_BACKEND and ACCORD_RATE_LIMIT
// (flags win over the environment), loads the market, listens, and prints the URL and a request to try.
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { BaseError } from '../../solver/errors.ts'
import type { Market } from '../../solver/market/types.ts'
import { defaultIO, type CommandIO } from '../config/io.ts'
import { DEFAULT_MARKET_FILE } from '../config/defaults.ts'
import { createLpBackend } from '../config/lpBackend.ts'
import { inactiveVenuesWarning, loadMarketFile } from '../market/loadMarketFile.ts'
import { buildServer, DEFAULT_RATE_LIMIT } from './buildServer.ts'
import type { ExecutionRoutesOptions } from './routes/executions.ts'
import { loadDevnetEnvironment, type DevnetEnvironment } from '../devnet/loadDevnetEnvironment.ts'
import type { ExecutionTargets } from '../executor/chainEnvironment.ts'
import { createExecutionManager } from '../executor/executionManager.ts'
import { createMarketStore } from './marketStore.ts'
import { loadContractsFile } from '../transactions/loadContractsFile.ts'
import { openLiveMarket, type LiveMarket } from '../market/chain/openLiveMarket.ts'
import { serveMetrics } from './serveMetrics.ts'
import { resolveServiceSettings, type ServiceSettingsInput } from './resolveServiceSettings.ts'
import { exampleQuoteRequest } from './exampleRequests.ts'
import { parseCorsOrigins } from './corsPlugin.ts'

export interface StartServerOptions {
  /** Default: $HOST, else 127.0.0.1. */
  readonly host?: string
  /** Default: $PORT, else 8080; 0 picks a free port. */
  readonly port?: number
  /** Market snapshot file. Default: $ACCORD_MARKET, else fixtures/markets/realistic.json. */
  readonly marketFile?: string
  /** LP backend name (`js-lp-solver`, `highs`). Default: $ACCORD_BACKEND, else js-lp-solver. */
  readonly backend?: string
  /** Requests per client per minute, 0 for no limit. Default: $ACCORD_RATE_LIMIT, else 1200. */
  readonly rateLimitPerMinute?: number
  /** Log level of fastify's logger, or false for none. Default: $LOG_LEVEL, else info. */
  readonly logLevel?: string | false
  /** Devnet directory (`accord devnet up`): quote on its market and serve /v1/executions as its user. */
  readonly devnetDir?: string
  /** Contracts per chain (src/transactions/loadContractsFile.ts): transactions to sign without a devnet. Default $ACCORD_CONTRACTS_FILE. */
  readonly contractsFile?: string
  /** Networks config (`accord market read --config`): read the market from live nodes and refresh it on new blocks. */
  readonly networksConfig?: string
  /** Keys, roles, hosts, proxy, workers, limits: flags win over the environment (see resolveServiceSettings). */
  readonly service?: ServiceSettingsInput
  /** Origins allowed to call from a browser (comma list or `*`). Default: $ACCORD_CORS_ORIGINS, else none. */
  readonly corsOrigins?: string
  readonly env?: NodeJS.ProcessEnv
  readonly io?: CommandIO
}

export interface StartServerReturnType {
  readonly app: FastifyInstance
  readonly url: string
  /** Shutdown grace period etc., as resolved from flags and environment. */
  readonly settings: import('./resolveServiceSettings.ts').ServiceSettings
}

function parsePort(value: string | number, field: string): number {
  const port = Number(value)
  if (String(value).trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535)
    throw new BaseError('INVALID_ARGUMENT', `Port must be a whole number from 0 to 65535, got "${value}".`, { field })
  return port
}

function parseRateLimit(value: string | number, field: string): number {
  const limit = Number(value)
  if (String(value).trim() === '' || !Number.isInteger(limit) || limit < 0)
    throw new BaseError('INVALID_ARGUMENT', `Rate limit must be a whole number of requests per minute (0 = none), got "${value}".`, { field })
  return limit
}

export { exampleQuoteRequest } from './exampleRequests.ts'

/** Loads the market, builds the server and listens. Throws Accord errors for bad options or an unreadable market. */
export async function startServer(options: StartServerOptions = {}): Promise<StartServerReturnType> {
  const env = options.env ?? process.env
  const io = options.io ?? defaultIO
  const host = options.host ?? env.HOST ?? '127.0.0.1'
  const port = options.port ?? (env.PORT === undefined ? 8080 : parsePort(env.PORT, 'PORT'))
  parsePort(port, '--port')
  const marketFile = options.marketFile ?? env.ACCORD_MARKET ?? DEFAULT_MARKET_FILE
  const rateLimitPerMinute =
    options.rateLimitPerMinute ?? (env.ACCORD_RATE_LIMIT === undefined ? DEFAULT_RATE_LIMIT.max : parseRateLimit(env.ACCORD_RATE_LIMIT, 'ACCORD_RATE_LIMIT'))
  const logLevel = options.logLevel ?? env.LOG_LEVEL ?? 'info'

  const backend = await createLpBackend(options.backend ?? env.ACCORD_BACKEND)
  const settings = await resolveServiceSettings({ host, env, ...(options.service ?? {}) })
  const corsOrigins = parseCorsOrigins(options.corsOrigins ?? env.ACCORD_CORS_ORIGINS, options.corsOrigins === undefined ? 'ACCORD_CORS_ORIGINS' : '--cors-origins')
  let market: Market
  let executions: ExecutionRoutesOptions | undefined
  let transactionTargets: ExecutionTargets | undefined
  let live: LiveMarket | undefined
  let planExecution: { targets: DevnetEnvironment['targets']; account: DevnetEnvironment['account']; journalDir: string } | undefined
  const environment = options.devnetDir === undefined ? undefined : await loadDevnetEnvironment(options.devnetDir)
  if (environment) {
    market = environment.market
    transactionTargets = environment.targets
    planExecution = { targets: environment.targets, account: environment.account, journalDir: `${options.devnetDir}/executions` }
  } else if (options.networksConfig !== undefined) {
    live = await openLiveMarket(options.networksConfig)
    market = live.market
  } else market = await loadMarketFile(marketFile)
  const contractsFile = options.contractsFile ?? env.ACCORD_CONTRACTS_FILE
  if (contractsFile !== undefined && environment) throw new BaseError('INVALID_ARGUMENT', '--devnet-dir already names the contracts: give --contracts without it.', { field: '--contracts' })
  if (contractsFile !== undefined) transactionTargets = await loadContractsFile(contractsFile, market)
  const store = createMarketStore(market)
  // With Redis the instance joins the shared market (adopting its current version) and queues.
  const redis = settings.redisUrl ? await (await import('./queue/connectRedisServices.ts')).connectRedisServices(settings.redisUrl, store) : undefined
  // Executions: with Redis queued on the account's lane and signed by `accord worker --devnet-dir`; else signed here.
  if (environment)
    executions = redis
      ? { queue: redis.executions, market, account: environment.account.address }
      : { manager: createExecutionManager({ ...environment, backend }), market, account: environment.account.address }
  const app = buildServer({
    market,
    store,
    ...(redis ? { shared: redis.shared, jobs: redis.jobs } : {}),
    backend,
    rateLimit: rateLimitPerMinute === 0 ? false : { max: rateLimitPerMinute, timeWindowMs: 60_000 },
    logger: logLevel === false ? false : { level: logLevel },
    ...(executions ? { executions } : {}),
    ...(transactionTargets ? { transactionTargets } : {}),
    auth: settings.auth,
    ...(corsOrigins === undefined ? {} : { corsOrigins }),
    trustProxy: settings.trustProxy,
    quoteWorkers: settings.quoteWorkers,
    ...(settings.quoteQueue === undefined ? {} : { quoteQueue: settings.quoteQueue }),
    ...(settings.quoteDeadlineMs === undefined ? {} : { quoteDeadlineMs: settings.quoteDeadlineMs }),
    ...(settings.plannerMsPerMinute === undefined ? {} : { plannerMsPerMinute: settings.plannerMsPerMinute }),
    ...(settings.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: settings.requestTimeoutMs }),
    ...(settings.batchRetainMs === undefined ? {} : { batchRetainMs: settings.batchRetainMs }),
    ...(planExecution ? { planExecution } : {}),
    // Plans persist beside the executions' journals on a devnet, else where $ACCORD_PLANS_DIR says (memory only without).
    ...(options.devnetDir !== undefined ? { plansDir: `${options.devnetDir}/plans` } : env.ACCORD_PLANS_DIR ? { plansDir: env.ACCORD_PLANS_DIR } : {}),
  })
  const manager = executions?.manager
  if (manager) app.addHook('onClose', () => manager.close())
  if (redis) app.addHook('onClose', () => redis.close())
  if (live) {
    for (const chain of live.chains) if (chain.status === 'stale') app.log.warn(`Network ${chain.name} is stale: ${chain.reason}`)
    const watcher = live.watch(store, {
      onRefresh: (refresh) => {
        if (refresh.changedPools.length > 0)
          app.log.info(`Live market: chain ${refresh.chainId} blocks ${refresh.fromBlock}–${refresh.toBlock}: ${refresh.changedPools.length} pools changed, version ${refresh.version}`)
      },
      onError: (chainId, error) => app.log.warn(`Live market: chain ${chainId} not refreshed (its venues keep their last state): ${(error as Error).message?.split('\n')[0]}`),
    })
    app.addHook('onClose', () => watcher.stop())
  }
  const inactive = inactiveVenuesWarning(market)
  if (inactive) app.log.warn(inactive)
  await app.listen({ host, port })
  // After the main port: a metrics port that cannot be bound closes the service rather than leaving it half up.
  const metricsListener = settings.metrics ? await serveMetrics({ render: () => app.renderMetrics(), ...settings.metrics }).catch(async (error: unknown) => {
    await app.close()
    throw error
  }) : undefined
  if (metricsListener) app.server.once('close', () => void metricsListener.close())
  const address = app.server.address()
  const boundPort = typeof address === 'object' && address ? address.port : port
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`

  market = store.current
  const example = exampleQuoteRequest(market)
  io.stdout(`Accord quote service listening on ${url} (market "${market.name}", version ${market.version}, backend ${backend.name})`)
  io.stdout(`API documentation: ${url}/docs`)
  if (metricsListener) io.stdout(`Metrics (no key needed): ${metricsListener.url}/metrics`)
  io.stdout(
    `API keys: ${settings.auth.keys.length} (public roles: ${settings.auth.publicRoles?.join(', ') || 'none'}); quote workers: ${settings.quoteWorkers}; jobs: ${settings.redisUrl ? 'Redis (BullMQ)' : 'in-process'}` +
      (settings.auth.keys.length === 0 ? ' — writes need a key: see `accord keys create --help`' : ''),
  )
  if (example)
    io.stdout(`Try:\n  curl -s ${url}/v1/quote -H 'content-type: application/json' -d '${JSON.stringify(example)}'`)
  return { app, url, settings }
}

// `node --import tsx src/server/startServer.ts` starts the service directly (the CLI's `accord serve` does the same).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { app } = await startServer()
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close())
}
