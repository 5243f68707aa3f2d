// Entry point of the relayer as its own process (started detached by `accord devnet up`):
// node --import tsx src/devnet/relayerMain.ts --devnet .accord/devnet/devnet.json
// Reads devnet.json and the market file it names, relays until SIGTERM/SIGINT, logs one JSON line per event.
import { parseArgs } from 'node:util'
import { loadMarketFile } from '../market/loadMarketFile.ts'
import { devnetRelayerRoutes } from './devnetRelayerRoutes.ts'
import { readDevnetFile } from './readDevnetFile.ts'
import { startRelayer } from './relayer.ts'

const { values } = parseArgs({
  options: {
    devnet: { type: 'string' },
    'delay-ms': { type: 'string' },
    'failure-rate': { type: 'string' },
    seed: { type: 'string' },
  },
  strict: true,
})
if (!values.devnet) {
  process.stderr.write('Usage: relayerMain.ts --devnet PATH [--delay-ms MS] [--failure-rate P] [--seed N]\n')
  process.exit(2)
}
const info = await readDevnetFile(values.devnet)
if (!info.marketFile) {
  process.stderr.write(`${values.devnet} names no market file; the relayer quotes from it.\n`)
  process.exit(2)
}
const market = await loadMarketFile(info.marketFile)
const log = (record: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...record }, (_key, value) => (typeof value === 'bigint' ? String(value) : value))}\n`)

const relayer = startRelayer({
  chains: info.chains.map((chain) => ({ chainId: chain.chainId, name: chain.name, rpcUrl: chain.rpcUrl, spoke: chain.contracts.spoke })),
  routes: devnetRelayerRoutes(info, market),
  delayMs: values['delay-ms'] === undefined ? info.relayer.delayMs : Number(values['delay-ms']),
  failureRate: values['failure-rate'] === undefined ? info.relayer.failureRate : Number(values['failure-rate']),
  seed: values.seed === undefined ? info.relayer.seed : Number(values.seed),
  pollIntervalMs: info.relayer.pollIntervalMs,
  onEvent: (event) => log({ ...event }),
})
log({ type: 'started', address: relayer.address, chains: info.chains.map((chain) => chain.chainId), policy: relayer.policy })

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    void relayer.stop().then(() => {
      log({ type: 'stopped' })
      process.exit(0)
    })
  })
