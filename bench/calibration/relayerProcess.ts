// The calibration benchmark's relayer in a process of its own, as a real relayer is: the executor's
// planning (synchronous CPU work) must not delay its fills. Forked by calibration.bench.ts with IPC;
// the parent assigns each depositor account a regime ({ assign: { address: regimeName } }) and
// stops it with { stop: true }. Each regime draws its decisions from its own seeded stream.
import { parseArgs } from 'node:util'
import { createRandom } from '../../solver/random.ts'
import { devnetRelayerRoutes } from '../../src/devnet/devnetRelayerRoutes.ts'
import { readDevnetFile } from '../../src/devnet/readDevnetFile.ts'
import { startRelayer } from '../../src/devnet/relayer.ts'
import { loadMarketFile } from '../../src/market/loadMarketFile.ts'
import { decideUnder, RELAYER_REGIMES } from './relayerRegimes.ts'

const { values } = parseArgs({ options: { devnet: { type: 'string' }, seed: { type: 'string', default: '1' } }, strict: true })
const info = await readDevnetFile(values.devnet as string)
const market = await loadMarketFile(info.marketFile as string)
const seed = Number(values.seed)
const streams = new Map(RELAYER_REGIMES.map((regime, r) => [regime.name, createRandom(seed * 7919 + r)]))
const assignment = new Map<string, string>()

const relayer = startRelayer({
  chains: info.chains.map((chain) => ({ chainId: chain.chainId, name: chain.name, rpcUrl: chain.rpcUrl, spoke: chain.contracts.spoke })),
  routes: devnetRelayerRoutes(info, market),
  pollIntervalMs: 100,
  decide: (deposit) => {
    const name = assignment.get(deposit.depositor.toLowerCase())
    const regime = RELAYER_REGIMES.find((candidate) => candidate.name === name)
    return regime ? decideUnder(regime, streams.get(regime.name)!) : undefined
  },
})

process.on('message', (message: { assign?: Record<string, string>; stop?: boolean }) => {
  for (const [address, name] of Object.entries(message.assign ?? {})) assignment.set(address.toLowerCase(), name)
  if (message.assign) process.send?.({ assigned: true })
  if (message.stop) void relayer.stop().then(() => process.exit(0))
})
process.send?.({ ready: true })
