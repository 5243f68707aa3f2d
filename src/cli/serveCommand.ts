// `accord serve`: start the HTTP quote service (src/server) and run until SIGINT or SIGTERM.
import { BaseError } from '../../solver/errors.ts'
import { startServer } from '../server/startServer.ts'
import { shutdownServer } from '../server/lifecycle/shutdownServer.ts'
import { defineCommand, parseNumberFlag } from './command.ts'
import { EXIT_OK } from '../config/exitCodes.ts'
import { DEFAULT_LP_BACKEND, LP_BACKEND_NAMES } from '../config/lpBackend.ts'

const usage = `Usage: accord serve [options]

Starts the HTTP quote service: POST /v1/quote, GET /v1/market, /v1/networks, /v1/tokens,
POST /v1/market/updates, GET /health, /metrics, /docs.

Options:
  --host HOST          address to listen on (default: $HOST, else 127.0.0.1)
  --port PORT          port to listen on, 0 for any free one (default: $PORT, else 8080)
  --market FILE        market snapshot (default: $ACCORD_MARKET, else fixtures/markets/realistic.json)
  --backend ${LP_BACKEND_NAMES.join('|')}   LP backend (default: $ACCORD_BACKEND, else ${DEFAULT_LP_BACKEND})
  --rate-limit N       requests per client per minute, 0 for none (default: $ACCORD_RATE_LIMIT, else 1200)
  --config FILE        networks config (as for \`accord market read\`): read the market from live nodes and keep it
                       live — on every new block the pools that changed are re-read and the version moves
  --devnet-dir DIR     quote on the devnet written by \`accord devnet up\` (e.g. .accord/devnet) and also
                       serve POST /v1/executions, GET /v1/executions/:id (executes as the devnet user)
                       and POST /v1/plans with "execute": true
  --contracts FILE     contracts per chain (UniswapV2Router02, V3 SwapRouter, WETH9, AccordSpoke), so /lifi/v1
                       quotes with fromAddress carry transactions without a devnet, e.g. fixtures/contracts/ethereum.json
                       (default: $ACCORD_CONTRACTS_FILE)
  --keys-file FILE     API keys (hashes and roles; see \`accord keys create\`) (default: $ACCORD_API_KEYS_FILE;
                       keys may also be given as JSON in $ACCORD_API_KEYS)
  --public-roles LIST  roles open without a key, comma-separated or "none" (default: $ACCORD_PUBLIC_ROLES, else quote)
  --allowed-hosts LIST Host header names served, "*" for any (default: $ACCORD_ALLOWED_HOSTS, else the loopback
                       names when listening on loopback, else any)
  --trust-proxy VALUE  true, a hop count or addresses/CIDRs whose X-Forwarded-For is trusted (default: false)
  --quote-workers N    quote planner threads, 0 = on the event loop (default: $ACCORD_QUOTE_WORKERS, else 2)
  --metrics-port N     also serve GET /metrics without a key on this port, bound to $ACCORD_METRICS_HOST
                       (default 127.0.0.1); the main port's /metrics needs a \`metrics\` key (default: $ACCORD_METRICS_PORT)
  --cors-origins LIST  web origins whose pages may call the service (CORS), comma-separated, or "*"
                       (default: $ACCORD_CORS_ORIGINS, else none)
  --redis URL          share batch jobs (BullMQ, solved by \`accord worker\`), the market and the quote cache
                       with other instances through Redis (default: $REDIS_URL, else in-process)
  Also from the environment: ACCORD_QUOTE_QUEUE, ACCORD_QUOTE_DEADLINE_MS, ACCORD_PLANNER_MS_PER_MINUTE,
  ACCORD_REQUEST_TIMEOUT_MS, ACCORD_SHUTDOWN_GRACE_MS, ACCORD_BATCH_RETAIN_MS (see README, HTTP API).
  -h, --help           show this help`

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'start the HTTP quote service',
  usage,
  json: false,
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    market: { type: 'string' },
    backend: { type: 'string' },
    'rate-limit': { type: 'string' },
    'devnet-dir': { type: 'string' },
    config: { type: 'string' },
    'keys-file': { type: 'string' },
    'public-roles': { type: 'string' },
    'allowed-hosts': { type: 'string' },
    'trust-proxy': { type: 'string' },
    'quote-workers': { type: 'string' },
    redis: { type: 'string' },
    'metrics-port': { type: 'string' },
    'cors-origins': { type: 'string' },
    contracts: { type: 'string' },
  },
  async run({ values, io }) {
    if (values.config !== undefined && (values.market !== undefined || values['devnet-dir'] !== undefined))
      throw new BaseError('INVALID_ARGUMENT', '--config reads the market from live nodes: give it without --market or --devnet-dir.', { field: '--config' })
    const port = parseNumberFlag(values.port, '--port', { min: 0, integer: true })
    const rateLimitPerMinute = parseNumberFlag(values['rate-limit'], '--rate-limit', { min: 0, integer: true })
    const service = {
      ...(values['keys-file'] === undefined ? {} : { keysFile: values['keys-file'] }),
      ...(values['public-roles'] === undefined ? {} : { publicRoles: values['public-roles'] }),
      ...(values['allowed-hosts'] === undefined ? {} : { allowedHosts: values['allowed-hosts'] }),
      ...(values['trust-proxy'] === undefined ? {} : { trustProxy: values['trust-proxy'] }),
      ...(values['quote-workers'] === undefined ? {} : { quoteWorkers: values['quote-workers'] }),
      ...(values.redis === undefined ? {} : { redis: values.redis }),
      ...(values['metrics-port'] === undefined ? {} : { metricsPort: values['metrics-port'] }),
    }
    const { app, settings } = await startServer({
      io,
      service,
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(port === undefined ? {} : { port }),
      ...(values.market === undefined ? {} : { marketFile: values.market }),
      ...(values.backend === undefined ? {} : { backend: values.backend }),
      ...(rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute }),
      ...(values['devnet-dir'] === undefined ? {} : { devnetDir: values['devnet-dir'] }),
      ...(values.config === undefined ? {} : { networksConfig: values.config }),
      ...(values['cors-origins'] === undefined ? {} : { corsOrigins: values['cors-origins'] }),
      ...(values.contracts === undefined ? {} : { contractsFile: values.contracts }),
    })
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        // Bounded: after the grace period every connection is cut; an unref'd timer ends the
        // process even if some handle (a worker thread) would keep it alive.
        void shutdownServer(app, settings.shutdownGraceMs).then(() => {
          setTimeout(() => process.exit(), 2_000).unref()
          resolve()
        })
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      app.server.once('close', resolve)
    })
    return EXIT_OK
  },
})
