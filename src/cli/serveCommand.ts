// `accord serve`: start the HTTP quote service (src/server) and run until SIGINT or SIGTERM.
import { startServer } from '../server/startServer.ts'
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
  --devnet-dir DIR     quote on the devnet written by \`accord devnet up\` (e.g. .accord/devnet) and also
                       serve POST /v1/executions, GET /v1/executions/:id (executes as the devnet user)
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
  },
  async run({ values, io }) {
    const port = parseNumberFlag(values.port, '--port', { min: 0, integer: true })
    const rateLimitPerMinute = parseNumberFlag(values['rate-limit'], '--rate-limit', { min: 0, integer: true })
    const { app } = await startServer({
      io,
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(port === undefined ? {} : { port }),
      ...(values.market === undefined ? {} : { marketFile: values.market }),
      ...(values.backend === undefined ? {} : { backend: values.backend }),
      ...(rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute }),
      ...(values['devnet-dir'] === undefined ? {} : { devnetDir: values['devnet-dir'] }),
    })
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        void app.close().then(resolve, resolve)
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      app.server.once('close', resolve)
    })
    return EXIT_OK
  },
})
