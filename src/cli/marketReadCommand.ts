// `accord market read`: builds a market file from live nodes (src/market/chain/readMarketFromNetworks.ts).
import { readFile, writeFile } from 'node:fs/promises'
import { BaseError } from '../../solver/errors.ts'
import { readMarketFromNetworks } from '../market/chain/readMarketFromNetworks.ts'
import { serializeMarket } from '../market/parseMarket.ts'
import { EXIT_OK, EXIT_UNMET } from '../config/exitCodes.ts'
import { defineCommand, type Command } from './command.ts'

const usage = `Usage: accord market read --config networks.json [--out market.json]

Reads every network of the config over its JSON-RPC endpoint (token metadata, Uniswap V2 pairs, Uniswap V3 pools
with the initialized ticks around the price, gas price, all at one block per network) and writes a market file;
bridges and the parameters a node cannot tell come from the config. A network that cannot be read is reported
stale and left out (exit 1 when any is stale, 2 when none could be read or the config is invalid).

Options:
  --config FILE     networks config (JSON)
  --out FILE        where to write the market (default: stdout)
  --timeout-ms N    per-request timeout (default 10000)
  --json            print the per-network status as JSON
  -h, --help        show this help`

export const marketReadCommand: Command = defineCommand({
  name: 'market',
  summary: 'read a market from live nodes (market read --config networks.json)',
  usage,
  positionals: true,
  options: { config: { type: 'string' }, out: { type: 'string' }, 'timeout-ms': { type: 'string' } },
  async run({ values, positionals, json, io }) {
    const [sub] = positionals
    if (sub !== 'read') throw new BaseError('INVALID_ARGUMENT', `Unknown market subcommand "${sub ?? ''}"; expected "read".`, { field: 'market' })
    if (values.config === undefined) throw new BaseError('INVALID_ARGUMENT', 'Missing --config.', { field: '--config' })
    let config: unknown
    try {
      config = JSON.parse(await readFile(values.config, 'utf8'))
    } catch (error) {
      throw new BaseError('INVALID_ARGUMENT', `Cannot read the config ${values.config}: ${(error as Error).message}`, { field: '--config' })
    }
    const timeoutMs = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms'])
    if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new BaseError('INVALID_ARGUMENT', 'Expected a positive --timeout-ms.', { field: '--timeout-ms' })
    const { market, chains } = await readMarketFromNetworks({ config, ...(timeoutMs === undefined ? {} : { timeoutMs }) })
    const text = JSON.stringify(serializeMarket(market, `Read from ${chains.length} network(s) by accord market read`), null, 2)
    if (values.out === undefined) io.stdout(text)
    else await writeFile(values.out, `${text}\n`)
    const status = chains.map((c) => ({
      chainId: c.chainId,
      name: c.name,
      status: c.status,
      ...(c.blockNumber === undefined ? {} : { blockNumber: String(c.blockNumber) }),
      ...(c.reason === undefined ? {} : { reason: c.reason }),
    }))
    if (json) io.stdout(JSON.stringify({ version: market.version, venues: market.venues.length, chains: status }, null, 2))
    else for (const c of status) io.stderr(c.status === 'ok' ? `${c.name} (${c.chainId}): read at block ${c.blockNumber}` : `${c.name} (${c.chainId}): STALE — ${c.reason}`)
    return chains.some((c) => c.status === 'stale') ? EXIT_UNMET : EXIT_OK
  },
})
