// Planning latency of quoteIntent: p50/p99 and peak memory per intent class (same-network,
// cross-network, whale) on the realistic market, for the README's own intent (250,000 USDC on Base →
// WETH on Arbitrum, deadline 600 s), and on generated 8-network markets of 400 and 2,000 pools, for
// each LP backend. Prints figures; asserts nothing.
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
import { generateMarket } from '../src/market/generateMarket.ts'
import { parseMarket } from '../src/market/parseMarket.ts'
import { rawToFloat } from '../solver/amounts.ts'
import { assetKeyOf } from '../solver/market/assetKey.ts'
import { getToken, indexMarket } from '../solver/market/indexMarket.ts'
import { WHALE_FROM_USD } from './harness/suite.ts'
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
    `${label.padEnd(52)} ${backendName.padEnd(12)} p50 ${quantile(times, 0.5).toFixed(1).padStart(7)} ms  p99 ${quantile(times, 0.99)
      .toFixed(1)
      .padStart(7)} ms  max ${times.at(-1)!.toFixed(1).padStart(7)} ms  ok ${ok}/${runs}  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
  )
}

type IntentClass = 'same-network' | 'cross-network' | 'whale'

/** Whale: worth at least WHALE_FROM_USD (the benchmark's bucket); otherwise by whether the intent changes network. */
function classOf(market: Market, intent: Intent): IntentClass {
  const token = getToken(indexMarket(market), assetKeyOf(intent.from))
  if (rawToFloat(intent.amountInRaw, token.decimals) * token.priceUsd >= WHALE_FROM_USD) return 'whale'
  return intent.from.chainId === intent.to.chainId ? 'same-network' : 'cross-network'
}

function byClass(market: Market, intents: Intent[]): Array<[IntentClass, Intent[]]> {
  const classes: IntentClass[] = ['same-network', 'cross-network', 'whale']
  return classes.map((name) => [name, intents.filter((intent) => classOf(market, intent) === name)] as [IntentClass, Intent[]]).filter(([, list]) => list.length > 0)
}

const realistic = await loadMarketFile(fixture('markets/realistic.json'))
const large = await loadMarketFile(fixture('markets/large-8x400x40.json'))
// 2,000 pools and 80 bridges over 8 networks, generated in memory (fixtures/generateMarket.ts prints the same files).
const huge = parseMarket(generateMarket({ networks: 8, pools: 2000, bridges: 80, seed: Number(values.seed) }))
const realisticIntents = await intentsFromFiles(realistic, ['realistic-small.json', 'realistic-medium.json', 'realistic-whale.json'])
const readmeIntent = resolveIntentRequest(realistic, { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '250000', deadlineSeconds: 600 })
const largeIntents = randomIntents(large, 100, Number(values.seed))
const hugeIntents = randomIntents(huge, 100, Number(values.seed))
console.log(
  `accord bench:quote — ${runs} quotes per row, node ${process.version}, realistic ${realistic.tokens.length} tokens / ${realistic.venues.length} venues, large ${large.venues.length} venues, huge ${huge.venues.length} venues`,
)
for (const backendName of values.backend ? [values.backend] : LP_BACKEND_NAMES) {
  await measure('README intent (250k USDC base→arb WETH, 600 s)', realistic, [readmeIntent], backendName)
  for (const [name, intents] of byClass(realistic, realisticIntents)) await measure(`realistic ${name} (${intents.length} intents)`, realistic, intents, backendName)
  for (const [name, intents] of byClass(large, largeIntents)) await measure(`8 networks/400 pools ${name} (${intents.length})`, large, intents, backendName)
  for (const [name, intents] of byClass(huge, hugeIntents)) await measure(`8 networks/2,000 pools ${name} (${intents.length})`, huge, intents, backendName)
}
