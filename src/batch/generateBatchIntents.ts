// Synthetic batches for benchmarks and tests: intents over the pairs of the bundled intent fixtures,
// with seeded random sizes and directions, so a batch of any size is reproducible from its seed.
import { readFileSync } from 'node:fs'
import { packageFile } from '../config/packagePaths.ts'
import { indexMarket, resolveNetwork, resolveToken } from '../../solver/market/indexMarket.ts'
import type { Market } from '../../solver/market/types.ts'
import { createRandom } from '../../solver/random.ts'
import type { BatchIntentInput } from '../../solver/batch/types.ts'
import type { IntentRequest } from '../../solver/plan/resolveIntentRequest.ts'
import type { IntentSetFile } from '../market/intentSchema.ts'

const REALISTIC_SETS = ['realistic-small.json', 'realistic-medium.json', 'realistic-whale.json']

export interface GenerateBatchIntentsOptions {
  readonly count: number
  readonly seed: number
  /** Intent-set files whose pairs are used (default: the three realistic sets). */
  readonly sets?: readonly string[]
  /** Share of intents that go the opposite way of their template pair (default 0.3), to exercise netting. */
  readonly reverseShare?: number
  /** Relative frequency of each set (default: equal; the benchmark uses 6:3:1 small:medium:whale). */
  readonly setWeights?: readonly number[]
}

/** Sizes vary log-uniformly by this many decades either side of the template's. */
const SIZE_SPREAD_DECADES = 0.5

/**
 * `count` intents: each takes a random template from the sets, maybe reversed, with the amount scaled
 * by a log-uniform factor in [0.32, 3.2] of the template's USD size (6 significant digits); a reversed
 * intent has the same USD size at `market`'s prices. Minimum outputs of templates are dropped. Ids are `b<i>`.
 */
export function generateBatchIntents(market: Market, options: GenerateBatchIntentsOptions): BatchIntentInput[] {
  const random = createRandom(options.seed)
  const sets = (options.sets ?? REALISTIC_SETS).map((name) => {
    const file = JSON.parse(readFileSync(packageFile(`fixtures/intents/${name}`), 'utf8')) as IntentSetFile
    return file.intents.map(({ id: _id, description: _description, ...request }) => request as IntentRequest)
  })
  const weights = options.setWeights ?? sets.map(() => 1)
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0)
  const reverseShare = options.reverseShare ?? 0.3
  const intents: BatchIntentInput[] = []
  for (let i = 0; i < options.count; i++) {
    let pick = random() * totalWeight
    const set = sets.find((_, k) => (pick -= weights[k] ?? 0) < 0) ?? (sets[sets.length - 1] as IntentRequest[])
    const template = set[Math.floor(random() * set.length)] as IntentRequest
    const factor = 10 ** (random() * 2 * SIZE_SPREAD_DECADES - SIZE_SPREAD_DECADES)
    const reverse = random() < reverseShare
    const { minAmountOut: _minAmountOut, ...rest } = template
    // A reversed intent spends the template's output token: same USD size at the market's prices.
    const usd = Number(template.amount) * priceOf(market, template.from) * factor
    const amount = (asset: IntentRequest['from']) => Number((usd / priceOf(market, asset)).toPrecision(6)).toString()
    const request: IntentRequest = reverse ? { ...rest, from: template.to, to: template.from, amount: amount(template.to) } : { ...rest, amount: amount(template.from) }
    intents.push({ id: `b${i}`, request })
  }
  return intents
}

function priceOf(market: Market, asset: IntentRequest['from']): number {
  const index = indexMarket(market)
  return resolveToken(index, resolveNetwork(index, asset.chain), asset.token).priceUsd
}
