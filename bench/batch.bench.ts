// Batch route optimisation (issue 6): 1,000 seeded intents on the realistic market solved jointly on
// worker threads. Prints wall time, peak memory, total delivered value of the joint solution against
// independent quotes realised in sequence (the same LP per intent, and the production planner
// quoteIntent), and what netting saved. Asserts nothing.
//   npm run bench:batch [-- --count 1000 --seed 1 --workers 2 --skip-quote-baseline]
import { formatUsd } from '../src/format/formatUsd.ts'
import { parseArgs } from 'node:util'
import { rawToFloat } from '../solver/amounts.ts'
import { planEdgeFlows } from '../solver/batch/planEdgeFlows.ts'
import { realiseInSequence, type SequenceAllocation } from '../solver/batch/realiseInSequence.ts'
import { assetKeyOf } from '../solver/market/assetKey.ts'
import { getToken, indexMarket } from '../solver/market/indexMarket.ts'
import { createHighsBackend } from '../solver/lp/backends/highsBackend.ts'
import { quoteIntent } from '../solver/plan/quoteIntent.ts'
import { resolveIntentRequest } from '../solver/plan/resolveIntentRequest.ts'
import { generateBatchIntents } from '../src/batch/generateBatchIntents.ts'
import { solveBatchInWorkers } from '../src/batch/solveBatchInWorkers.ts'
import { DEFAULT_MARKET_FILE } from '../src/config/defaults.ts'
import { loadMarketFile } from '../src/market/loadMarketFile.ts'

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: '2' },
    'skip-quote-baseline': { type: 'boolean', default: false },
  },
})
const count = Number(values.count)
const seed = Number(values.seed)
const workers = Number(values.workers)

const market = await loadMarketFile(DEFAULT_MARKET_FILE)
const index = indexMarket(market)
// Mostly retail, some mid-size, a few whales; 30 % of intents reversed so opposite flows occur.
const inputs = generateBatchIntents(market, { count, seed, setWeights: [6, 3, 1], reverseShare: 0.3 })
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20)
  const started = performance.now()
  try {
    const value = await run()
    return { value, seconds: (performance.now() - started) / 1000, peakRss: Math.max(peakRss, process.memoryUsage().rss) }
  } finally {
    clearInterval(sampler)
  }
}

console.log(`batch benchmark: ${count} intents (seed ${seed}) on ${market.name}, ${workers} workers, HiGHS`)
const joint = await timed(() => solveBatchInWorkers(market, inputs, { workers, compareIndependent: false }))
console.log(`joint solve:                 ${joint.seconds.toFixed(2)} s wall, peak RSS ${mb(joint.peakRss)} (process incl. workers)`)
const withBaseline = await timed(() => solveBatchInWorkers(market, inputs, { workers }))
const { summary } = withBaseline.value
console.log(`joint + LP-alone baseline:   ${withBaseline.seconds.toFixed(2)} s wall, peak RSS ${mb(withBaseline.peakRss)}`)
console.log(
  `intents ${summary.intents}: ${summary.solved} ok, ${summary.unmet} unmet, ${summary.invalid} invalid; ${summary.components} components (largest ${summary.largestComponent}); ${summary.lpIterations} LP solves`,
)
console.log(`delivered, joint (realised in sequence):              ${formatUsd(summary.deliveredUsd)}`)
console.log(`delivered, same LP per intent alone, in sequence:     ${formatUsd(summary.independentDeliveredUsd)}  (joint ${((summary.deliveredUsd / summary.independentDeliveredUsd - 1) * 100).toFixed(2)} %)`)
console.log(`promised by those one-by-one quotes (not achievable): ${formatUsd(summary.independentQuotedUsd)}`)
console.log(`netting: ${summary.nettedPairs} matches, saved ${formatUsd(summary.nettingSavingUsd)}`)

if (!values['skip-quote-baseline']) {
  // The production planner, each intent alone on the untouched market, then realised in input order.
  // HiGHS with a time limit: javascript-lp-solver's MILP did not finish (> 10 min) on one intent of
  // this batch (b375: 2,562.8 WPOL → USDC.e on Polygon).
  const quoteBackend = await createHighsBackend({ timeLimitSeconds: 5 })
  const started = performance.now()
  const allocations: SequenceAllocation[] = []
  let quotedUsd = 0
  let noPlan = 0
  for (const [i, input] of inputs.entries()) {
    if (i % 100 === 0) process.stderr.write(`quoteIntent ${i}/${inputs.length} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`)
    const intent = resolveIntentRequest(market, input.request)
    const result = quoteIntent(market, intent, { backend: quoteBackend })
    const plan = result.status === 'ok' ? result.plan : result.bestPlan
    if (!plan) {
      noPlan++
      continue
    }
    const token = getToken(index, assetKeyOf(intent.to))
    quotedUsd += rawToFloat(plan.expectedAmountOutRaw, token.decimals) * token.priceUsd
    allocations.push({ id: input.id, intent, edgeFlows: planEdgeFlows(plan) })
  }
  const quoteSeconds = (performance.now() - started) / 1000
  const { realised } = realiseInSequence(market, allocations)
  const intents = new Map(allocations.map((allocation) => [allocation.id, allocation.intent]))
  const deliveredUsd = realised.reduce((sum, item) => {
    const token = getToken(index, assetKeyOf(intents.get(item.id)!.to))
    return sum + rawToFloat(item.deliveredAmountOutRaw, token.decimals) * token.priceUsd
  }, 0)
  console.log(`quoteIntent one by one (HiGHS, ${quoteSeconds.toFixed(1)} s, 1 thread, ${noPlan} without a plan):`)
  console.log(`  promised ${formatUsd(quotedUsd)}, delivered in sequence ${formatUsd(deliveredUsd)}  (joint ${((summary.deliveredUsd / deliveredUsd - 1) * 100).toFixed(2)} %)`)
}
