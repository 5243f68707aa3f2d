// The quote service under load, measured from outside: `accord serve` runs as its own process (as in
// production) and autocannon drives it. Uncached quotes are realistic cross-network intents of varied
// sizes (generateBatchIntents over the small/medium/whale fixture sets, 6:3:1, seeded), each sent once;
// /health is probed on its own connection meanwhile. Runs: 1 and 2 quote workers at 10 connections,
// 2 workers at 50 connections, cached at 10 connections; with --batch instead, a 10,000-intent batch's
// peak RSS in the service process, the peak of the child process that solves it, and the service's RSS
// after the result expires. Prints figures; asserts nothing.
//   npm run bench:http [-- --duration 10 --batch]
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { generateBatchIntents } from '../src/batch/generateBatchIntents.ts'
import { loadMarketFile } from '../src/market/loadMarketFile.ts'
import { generateApiKey, hashApiKey } from '../src/server/auth/hashApiKey.ts'

const { values } = parseArgs({
  options: {
    market: { type: 'string', default: fileURLToPath(new URL('../fixtures/markets/realistic.json', import.meta.url)) },
    duration: { type: 'string', default: '10' },
    batch: { type: 'boolean', default: false },
    // Only the cached run (2 workers), e.g. when profiling the cache-hit path.
    'cached-only': { type: 'boolean', default: false },
  },
})
const duration = Number(values.duration)
const market = await loadMarketFile(values.market)
const BIN = fileURLToPath(new URL('../bin/accord.mjs', import.meta.url))
const key = generateApiKey()

/** Starts `accord serve` on a free port; resolves with its URL and process. */
async function serve(quoteWorkers: number, env: NodeJS.ProcessEnv = {}): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--market', values.market, '--quote-workers', String(quoteWorkers)], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      ACCORD_RATE_LIMIT: '0',
      ACCORD_PLANNER_MS_PER_MINUTE: '0',
      ACCORD_QUOTE_QUEUE: '1024',
      ACCORD_QUOTE_DEADLINE_MS: '60000',
      ACCORD_API_KEYS: JSON.stringify([{ id: 'bench', hash: hashApiKey(key), roles: ['batch'] }]),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk) => {
      out += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match) resolve(match[1] as string)
    })
    child.once('exit', () => reject(new Error(`accord serve exited: ${out}`)))
  })
  return { url, child }
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })

// Realistic cross-network intents, distinct, in a fixed order: every request is a cache miss.
const seen = new Set<string>()
const intents = generateBatchIntents(market, { count: 20_000, seed: 15, setWeights: [6, 3, 1] })
  .map(({ request }) => request)
  .filter((request) => String(request.from.chain) !== String(request.to.chain))
  .map((request) => JSON.stringify(request))
  .filter((body) => !seen.has(body) && seen.add(body))
let next = 0
const uncachedBody = () => intents[next++ % intents.length] as string
// The 1- and 2-worker runs send the same intents in the same order (sizes vary, so a different slice
// would compare different work); the 50-connection run, on a server that has cached those, starts after them.
let sent = 0

/** CPU time (ms, user + system) of a process and of its main thread, from /proc (Linux; tick resolution). */
function cpuMs(pid: number): { process: number; main: number } {
  const ticks = (path: string) => {
    const fields = (readFileSync(path, 'utf8').split(') ')[1] as string).split(' ')
    return Number(fields[11]) + Number(fields[12])
  }
  const msPerTick = 10 // USER_HZ = 100 on Linux
  return { process: ticks(`/proc/${pid}/stat`) * msPerTick, main: ticks(`/proc/${pid}/task/${pid}/stat`) * msPerTick }
}

interface Figures {
  readonly run: string
  readonly 'req/s': number
  readonly 'p50 ms': number
  readonly 'p99 ms': number
  readonly 'non-2xx': number
  /**
   * Service CPU per answered quote: the event-loop thread (which also answers the /health probes, counted
   * beside), and every other thread (quote workers, GC helpers, libuv).
   */
  readonly 'main CPU µs/req': number
  readonly 'other threads CPU µs/req': number
  readonly 'health p99 ms'?: number
  readonly 'health max ms'?: number
  readonly 'health probes'?: number
}

async function load(url: string, connections: number, body: () => string) {
  return autocannon({
    url: `${url}/v1/quote`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections,
    duration,
    timeout: 60,
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
  })
}

async function run(name: string, url: string, pid: number, connections: number, body: () => string, probeHealth: boolean): Promise<Figures> {
  const before = cpuMs(pid)
  const [quotes, health] = await Promise.all([
    load(url, connections, body),
    probeHealth ? autocannon({ url: `${url}/health`, connections: 1, duration }) : undefined,
  ])
  const after = cpuMs(pid)
  const answered = Math.max(1, quotes.requests.total)
  const main = after.main - before.main
  return {
    run: name,
    'req/s': Math.round(quotes.requests.average * 10) / 10,
    'p50 ms': quotes.latency.p50,
    'p99 ms': quotes.latency.p99,
    'non-2xx': quotes.non2xx + quotes.errors + quotes.timeouts,
    'main CPU µs/req': Math.round((main * 1000) / answered),
    'other threads CPU µs/req': Math.round(((after.process - before.process - main) * 1000) / answered),
    ...(health ? { 'health p99 ms': health.latency.p99, 'health max ms': health.latency.max, 'health probes': health.requests.total } : {}),
  }
}

if (!values.batch) {
  const figures: Figures[] = []
  const cachedOnly = values['cached-only']
  for (const workers of cachedOnly ? [2] : [1, 2]) {
    const { url, child } = await serve(workers)
    const pid = child.pid as number
    // Warm the workers before measuring, on intents from the end of the list: module loading, and the
    // JIT — each worker compiles the planner on its own, and with a few quotes of warm-up compilation
    // made a quote cost 57 ms of CPU with 1 worker and 88 ms with 2; after 20 per worker, 36 and 41 ms.
    const warmUp = 20 * workers
    next = intents.length - warmUp
    await autocannon({ url: `${url}/v1/quote`, method: 'POST', headers: { 'content-type': 'application/json' }, connections: 2 * workers, amount: warmUp, timeout: 60, requests: [{ setupRequest: (request) => ({ ...request, body: uncachedBody() }) }] })
    next = 0
    if (!cachedOnly) figures.push(await run(`uncached, ${workers} worker${workers > 1 ? 's' : ''}, 10 connections`, url, pid, 10, uncachedBody, true))
    sent = Math.max(sent, next)
    if (workers === 2) {
      next = sent
      if (!cachedOnly) figures.push(await run('uncached, 2 workers, 50 connections', url, pid, 50, uncachedBody, true))
      const cached = intents[0] as string
      await fetch(`${url}/v1/quote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: cached })
      // Warm the cache-hit path (JIT) before measuring it.
      await autocannon({ url: `${url}/v1/quote`, method: 'POST', headers: { 'content-type': 'application/json' }, body: cached, connections: 10, amount: 5000 })
      figures.push(await run('cached, 10 connections', url, pid, 10, () => cached, false))
    }
    await stop(child)
  }

  console.log(`accord serve on market "${market.name}" (${market.venues.length} venues), ${intents.length} distinct cross-network intents, ${duration} s per run, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} (on ${availableParallelism()} cores)`)
  console.table(figures)
  const [one, two] = [figures[0], figures[1]] as [Figures, Figures]
  if (!cachedOnly) console.log(`Uncached throughput, 2 workers / 1 worker: ${(two['req/s'] / one['req/s']).toFixed(2)}×`)
  console.log('Targets (issue 15): /health p99 ≤ 50 ms under uncached load at 10 and 50 connections; 2 workers ≥ 1.8× one; cached ≥ 5,000 req/s with p99 ≤ 10 ms at 10 connections; 10,000-intent batch < 500 MB peak RSS, released after expiry.')
}

if (values.batch) {
  // RSS of the service process from /proc (Linux): VmHWM is the peak, VmRSS the current.
  const retainMs = 15_000
  const { url, child } = await serve(0, { ACCORD_BATCH_RETAIN_MS: String(retainMs) })
  const memory = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
    return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) }
  }
  // The in-process queue solves in a child process of the service (solveBatchInChildProcess): its
  // peak is sampled at each poll (the children listed in /proc), and reported beside the service's.
  let childPeakMb = 0
  const sampleChildren = () => {
    try {
      for (const pid of readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8')
        childPeakMb = Math.max(childPeakMb, Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024))
      }
    } catch {
      // A child that just exited.
    }
  }
  const before = memory()
  const batch = generateBatchIntents(market, { count: 10_000, seed: 15, setWeights: [6, 3, 1] }).map(({ id, request }) => ({ id, ...request }))
  const started = performance.now()
  const submitted = await fetch(`${url}/v1/batches`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ intents: batch }) })
  const { id } = (await submitted.json()) as { id: string }
  let status = 'queued'
  while (status !== 'done' && status !== 'failed') {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    sampleChildren()
    const response = await fetch(`${url}/v1/batches/${id}`, { headers: { authorization: `Bearer ${key}` } })
    const text = await response.text()
    status = (JSON.parse(text) as { status: string }).status
    if (status === 'done') console.log(`batch done in ${((performance.now() - started) / 1000).toFixed(0)} s; result ${(text.length / 1e6).toFixed(1)} MB (streamed)`)
  }
  const atDone = memory()
  // The in-process queue drops expired jobs on a timer of min(retain, 60 s).
  await new Promise((resolve) => setTimeout(resolve, 2 * retainMs + 5_000))
  const gone = await fetch(`${url}/v1/batches/${id}`, { headers: { authorization: `Bearer ${key}` } })
  const after = memory()
  await stop(child)
  console.table([{ 'RSS before MB': before.rssMb, 'peak RSS MB': atDone.peakMb, 'RSS at done MB': atDone.rssMb, 'batch child peak MB (sampled 1/s)': childPeakMb, 'RSS after expiry MB': after.rssMb, 'GET after expiry': gone.status }])
}
