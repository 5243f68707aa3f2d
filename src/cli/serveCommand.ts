// `accord serve`: start the HTTP quote service (src/server) and run until SIGINT or SIGTERM.
import { BaseError } from '../../solver/errors.ts'
import { startServer } from '../server/startServer.ts'
import { parseCommandArgs, reportError, type Command } from './command.ts'
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

export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the HTTP quote service',
  usage,
  async run(argv, io) {
    try {
      const { values } = parseCommandArgs(argv, {
        host: { type: 'string' },
        port: { type: 'string' },
        market: { type: 'string' },
        backend: { type: 'string' },
        'rate-limit': { type: 'string' },
        'devnet-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      })
      if (values.help) {
        io.stdout(usage)
        return EXIT_OK
      }
      const number = (value: string | undefined, field: string) => {
        if (value === undefined) return undefined
        const parsed = Number(value)
        if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 0)
          throw new BaseError('INVALID_ARGUMENT', `Expected a whole number, got "${value}".`, { field })
        return parsed
      }
      const port = number(values.port, '--port')
      const rateLimitPerMinute = number(values['rate-limit'], '--rate-limit')
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
    } catch (error) {
      return reportError(error, io, false)
    }
  },
}
