// Throughput and latency of POST /v1/quote over HTTP (autocannon against a server started in-process
// on an ephemeral port): uncached (every request a different amount, so the planner runs each time)
// and cached (the same request). Prints req/s and p50/p99 latency; asserts nothing.
//   npm run bench:http [-- --market fixtures/markets/realistic.json --duration 10 --connections 10 --backend highs]
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { createLpBackend } from '../src/config/lpBackend.ts'
import { loadMarketFile } from '../src/market/loadMarketFile.ts'
import { buildServer } from '../src/server/buildServer.ts'

const { values } = parseArgs({
  options: {
    market: { type: 'string', default: fileURLToPath(new URL('../fixtures/markets/realistic.json', import.meta.url)) },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    backend: { type: 'string' },
  },
})

const market = await loadMarketFile(values.market)
const backend = await createLpBackend(values.backend)
const app = buildServer({ market, backend, rateLimit: false, cache: { max: 100_000, ttlMs: 600_000 } })
const url = await app.listen({ host: '127.0.0.1', port: 0 })

// A cross-network intent with a route on the realistic market: USDC on Base → WETH on Arbitrum.
const baseRequest = { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, deadlineSeconds: 3600 }
const check = await fetch(`${url}/v1/quote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...baseRequest, amount: '25000' }) })
if (check.status !== 200) throw new Error(`the benchmark request fails: ${check.status} ${await check.text()}`)

interface Figures {
  readonly name: string
  readonly requests: number
  readonly requestsPerSecond: number
  readonly p50: number
  readonly p99: number
  readonly errors: number
  readonly non2xx: number
}

async function run(name: string, body: () => string, connections: number): Promise<Figures> {
  const result = await autocannon({
    url: `${url}/v1/quote`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections,
    duration: Number(values.duration),
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
  })
  return {
    name,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}

// Uncached: amounts 10 000.000001, 10 000.000002, … — each a new intent, so a cache miss.
let counter = 0
const uncached = await run('uncached', () => JSON.stringify({ ...baseRequest, amount: `10000.${String(++counter).padStart(6, '0')}` }), 1)
const uncachedParallel = await run(`uncached, ${values.connections} connections`, () => JSON.stringify({ ...baseRequest, amount: `20000.${String(++counter).padStart(6, '0')}` }), Number(values.connections))
const cachedBody = JSON.stringify({ ...baseRequest, amount: '25000' })
const cached = await run(`cached, ${values.connections} connections`, () => cachedBody, Number(values.connections))
await app.close()

console.log(`POST /v1/quote on market "${market.name}" (${market.venues.length} venues), backend ${backend.name}, ${values.duration} s per run, Node ${process.version}`)
console.table(
  [uncached, uncachedParallel, cached].map((figures) => ({
    run: figures.name,
    requests: figures.requests,
    'req/s': Math.round(figures.requestsPerSecond),
    'p50 ms': figures.p50,
    'p99 ms': figures.p99,
    'errors+timeouts': figures.errors,
    non2xx: figures.non2xx,
  })),
)
console.log('Targets (issue): cached ≥ 3000 req/s with p99 ≤ 20 ms; uncached p99 ≤ 150 ms.')
