// `accord market read|import`: one command, two actions — build a market file from live nodes
// (marketReadCommand.ts) or from a public snapshot such as a CoW Protocol auction (marketImportCommand.ts).
import { BaseError } from '../../solver/errors.ts'
import { EXIT_OK } from '../config/exitCodes.ts'
import { reportError, type Command } from './command.ts'
import { marketImportCommand } from './marketImportCommand.ts'
import { marketReadCommand } from './marketReadCommand.ts'

const usage = `Usage: accord market read --config networks.json [--out market.json]
       accord market import --from cow-auction FILE --native-price-usd USD [options]

  read      a market from live JSON-RPC nodes (accord market read --help)
  import    a market from a CoW Protocol solver auction (accord market import --help)`

export const marketCommand: Command = {
  name: 'market',
  summary: 'build a market file from live nodes (read) or a public snapshot (import)',
  usage,
  async run(argv, io) {
    const action = argv.find((argument) => !argument.startsWith('-'))
    if (action === 'read') return marketReadCommand.run(argv, io)
    if (action === 'import') return marketImportCommand.run(argv, io)
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout(usage)
      return EXIT_OK
    }
    return reportError(new BaseError('INVALID_ARGUMENT', `Unknown market action "${action ?? ''}"; expected "read" or "import".`, { field: 'action' }), io, argv.includes('--json'))
  },
}
