// Planning latency of quoteIntent: p50/p99 and peak memory on the realistic market and on a
// generated 8-network / 400-pool / 40-bridge market, for each LP backend. Prints figures; asserts nothing.
//   npm run bench:quote [-- --runs 200 --backend highs]
import { parseArgs } from 'node:util'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { quoteIntent } from '../solver/plan/quoteIntent.ts'
import { resolveIntentRequest, type IntentRequest } from '../solver/plan/resolveIntentRequest.ts'
import type { Market } from '../solver/market/types.ts'
import type { Intent } from '../solver/model/intent.ts'
import { createRandom } from '../solver/random.ts'
import { loadMarketFile } from '../src/market/loadMarketFile.ts'
import { createLpBackend, LP_BACKEND_NAMES } from '../src/config/lpBackend.ts'

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '200' }, backend: { type: 'string' }, seed: { type: 'string', default: '1' } },
})
const runs = Number(values.runs)
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))

async function intentsFromFiles(market: Market, files: string[]): Promise<Intent[]> {
  const intents: Intent[] = []
  for (const file of files) {
    const set = JSON.parse(await readFile(fixture(`intents/${file}`), 'utf8')) as { intents: IntentRequest[] }
    for (const request of set.intents) intents.push(resolveIntentRequest(market, request))
  }
  return intents
}

/** Random cross-network intents between tokens of the market, sized 1k–1M USD. */
function randomIntents(market: Market, count: number, seed: number): Intent[] {
  const random = createRandom(seed)
  const intents: Intent[] = []
  while (intents.length < count) {
    const from = market.tokens[Math.floor(random() * market.tokens.length)]!
    const to = market.tokens[Math.floor(random() * market.tokens.length)]!
    if (from === to) continue
    const usd = 10 ** (3 + 3 * random())
    const units = (usd / from.priceUsd).toFixed(Math.min(6, from.decimals))
    const [whole, fraction = ''] = units.split('.')
    const amountInRaw = BigInt(whole!) * 10n ** BigInt(from.decimals) + BigInt(fraction.padEnd(from.decimals, '0').slice(0, from.decimals) || '0')
    if (amountInRaw === 0n) continue
    intents.push({ from: { chainId: from.chainId, token: from.address }, to: { chainId: to.chainId, token: to.address }, amountInRaw, deadlineSeconds: 1800 })
  }
  return intents
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

async function measure(label: string, market: Market, intents: Intent[], backendName: string) {
  const backend = await createLpBackend(backendName)
  for (const intent of intents.slice(0, 5)) quoteIntent(market, intent, { backend }) // warm-up (JIT, caches)
  const times: number[] = []
  let peakRss = process.memoryUsage().rss
  let ok = 0
  for (let i = 0; i < runs; i++) {
    const intent = intents[i % intents.length]!
    const start = performance.now()
    const result = quoteIntent(market, intent, { backend })
    times.push(performance.now() - start)
    if (result.status === 'ok') ok++
    if (i % 10 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss)
    if (process.stderr.isTTY) process.stderr.write(`\r${label} ${backendName}: ${i + 1}/${runs}`)
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K')
  times.sort((a, b) => a - b)
  console.log(
    `${label.padEnd(34)} ${backendName.padEnd(12)} p50 ${quantile(times, 0.5).toFixed(1).padStart(7)} ms  p99 ${quantile(times, 0.99)
      .toFixed(1)
      .padStart(7)} ms  max ${times.at(-1)!.toFixed(1).padStart(7)} ms  ok ${ok}/${runs}  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
  )
}

const realistic = await loadMarketFile(fixture('markets/realistic.json'))
const large = await loadMarketFile(fixture('markets/large-8x400x40.json'))
const realisticIntents = await intentsFromFiles(realistic, ['realistic-small.json', 'realistic-medium.json', 'realistic-whale.json'])
const largeIntents = randomIntents(large, 100, Number(values.seed))
console.log(`accord bench:quote — ${runs} quotes per row, node ${process.version}, ${realistic.tokens.length} tokens / ${realistic.venues.length} venues realistic, ${large.venues.length} venues large`)
for (const backendName of values.backend ? [values.backend] : LP_BACKEND_NAMES) {
  await measure(`realistic (${realistic.networks.length} networks)`, realistic, realisticIntents, backendName)
  await measure(`large (8 networks/400 pools/40 bridges)`, large, largeIntents, backendName)
}
