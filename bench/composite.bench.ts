// Composite intents against a naive baseline on the devnet market snapshot (no chains needed):
// Accord plans the goals jointly (funding legs in parallel, only what the goals need, collateral sized
// exactly); the baseline moves every source in full to the lending network along its best single
// route, one after another, then supplies everything, borrows and delivers in sequence. Both are
// scored with the same models: P(every goal by the deadline), expected duration, and the cost in USD
// (venue fees + gas) of reaching the goals. Prints a table; asserts nothing.
//   node --import tsx bench/composite.bench.ts
import { readFileSync } from 'node:fs'
import { rawToFloat } from '../solver/amounts.ts'
import { estimateCompletionTime, type Activity } from '../solver/composite/estimateCompletionTime.ts'
import { planCompositeIntent } from '../solver/composite/planCompositeIntent.ts'
import { resolveCompositeRequest, type CompositeIntentRequest } from '../solver/composite/resolveCompositeRequest.ts'
import { transactionLatency } from '../solver/composite/assembleCompositePlan.ts'
import { quoteIntent } from '../solver/plan/quoteIntent.ts'
import { parseMarketJson } from '../src/market/parseMarket.ts'

const market = parseMarketJson(readFileSync(new URL('../fixtures/markets/devnet-composite.json', import.meta.url), 'utf8'))
const lending = market.lendingMarkets![0]!
const tokenOf = (chain: string, symbol: string) => {
  const network = market.networks.find((candidate) => candidate.name === chain)!
  return market.tokens.find((token) => token.chainId === network.chainId && token.symbol === symbol)!
}

interface Case {
  readonly name: string
  readonly request: CompositeIntentRequest
}

const cases: Case[] = []
for (const deadline of [15, 25, 1200])
  for (const [borrow, supply] of [
    ['10', '60000'],
    ['25', '150000'],
    ['29', '150000'],
  ] as const)
    cases.push({
      name: `supply ${supply} USDC, borrow ${borrow} WETH → devnet-a, ${deadline} s`,
      request: {
        sources: [
          { chain: 'devnet-a', token: 'USDC', amount: '80000' },
          { chain: 'devnet-b', token: 'USDC', amount: '80000' },
          { chain: 'devnet-a', token: 'USDT', amount: '50000' },
        ],
        goals: [
          { id: 'collateral', kind: 'supply', market: lending.id, token: 'USDC', amount: supply },
          { id: 'loan', kind: 'borrow', market: lending.id, token: 'WETH', amount: borrow, minHealthFactor: 1.5, deliverTo: { chain: 'devnet-a', token: 'WETH' } },
        ],
        deadlineSeconds: deadline,
      },
    })

interface Score {
  readonly probability: number
  readonly expectedSeconds: number
  readonly costUsd: number
  readonly note?: string
}

function accord(request: CompositeIntentRequest): Score {
  const result = planCompositeIntent(market, resolveCompositeRequest(market, request))
  const plan = result.status === 'ok' ? result.plan : result.bestPlan
  if (!plan) return { probability: 0, expectedSeconds: NaN, costUsd: NaN, note: result.status === 'ok' ? '' : result.reason }
  const fees = plan.legs.reduce((sum, leg) => {
    const from = market.tokens.find((token) => token.chainId === leg.from.chainId && token.address === leg.from.token)!
    const to = market.tokens.find((token) => token.chainId === leg.to.chainId && token.address === leg.to.token)!
    return sum + rawToFloat(leg.plan.amountInRaw, from.decimals) * from.priceUsd - rawToFloat(leg.plan.expectedAmountOutRaw, to.decimals) * to.priceUsd
  }, 0)
  return { probability: plan.outcomeProbability, expectedSeconds: plan.expectedDurationSeconds, costUsd: fees + plan.gasCostUsd, ...(result.status === 'ok' ? {} : { note: 'below minProbability' }) }
}

/** Everything to the lending network, one source after another, then supply all, borrow, deliver. */
function naive(request: CompositeIntentRequest): Score {
  const intent = resolveCompositeRequest(market, request)
  const supplyGoal = intent.goals.find((goal) => goal.kind === 'supply')!
  const borrowGoal = intent.goals.find((goal) => goal.kind === 'borrow')!
  if (supplyGoal.kind !== 'supply' || borrowGoal.kind !== 'borrow') throw new Error('bench cases are supply + borrow')
  const collateral = { chainId: lending.chainId, token: supplyGoal.token }
  const activities: Activity[] = []
  let success = 1
  let costUsd = 0
  let arrived = 0n
  let previous: string[] = []
  for (const [i, source] of intent.sources.entries()) {
    const quote = quoteIntent(market, { from: source.asset, to: collateral, amountInRaw: source.maxAmountRaw, deadlineSeconds: 86_400, maxSteps: 1 + 2 })
    if (quote.status !== 'ok') continue
    const from = market.tokens.find((token) => token.chainId === source.asset.chainId && token.address === source.asset.token)!
    costUsd += rawToFloat(source.maxAmountRaw, from.decimals) * from.priceUsd - rawToFloat(quote.plan.expectedAmountOutRaw, 6) + quote.plan.gasCostUsd
    success *= quote.plan.outcomeProbability.allStepsSucceed * quote.plan.outcomeProbability.aboveMinimum
    arrived += quote.plan.minAmountOutRaw
    activities.push({ id: `leg-${i}`, medianSeconds: quote.plan.expectedDurationSeconds, p95Seconds: quote.plan.p95DurationSeconds, dependsOn: previous })
    previous = [`leg-${i}`]
  }
  if (arrived < supplyGoal.minAmountRaw) return { probability: 0, expectedSeconds: NaN, costUsd, note: 'sources short' }
  const network = market.networks.find((candidate) => candidate.chainId === lending.chainId)!
  for (const id of ['approve', 'supply', 'borrow']) {
    activities.push({ id, ...transactionLatency(network), dependsOn: previous })
    previous = [id]
    success *= 0.999
  }
  const delivery = quoteIntent(market, { from: { chainId: lending.chainId, token: borrowGoal.token }, to: borrowGoal.deliverTo!, amountInRaw: borrowGoal.amountRaw, deadlineSeconds: 86_400 })
  if (delivery.status !== 'ok') return { probability: 0, expectedSeconds: NaN, costUsd, note: 'no delivery' }
  activities.push({ id: 'deliver', medianSeconds: delivery.plan.expectedDurationSeconds, p95Seconds: delivery.plan.p95DurationSeconds, dependsOn: previous })
  success *= delivery.plan.outcomeProbability.allStepsSucceed
  costUsd += rawToFloat(borrowGoal.amountRaw - delivery.plan.expectedAmountOutRaw, 18) * tokenOf('devnet-a', 'WETH').priceUsd + delivery.plan.gasCostUsd
  const timing = estimateCompletionTime(activities, intent.deadlineSeconds)
  return { probability: success * timing.withinDeadline, expectedSeconds: timing.meanSeconds, costUsd }
}

const pad = (text: string, width: number) => text.padEnd(width)
console.log(`composite benchmark on ${market.name} (market ${market.version}), ${cases.length} intents`)
console.log(
  [pad('intent', 52), pad('P accord', 9), pad('P naive', 9), pad('E[t] accord', 12), pad('E[t] naive', 11), pad('cost accord', 12), pad('cost naive', 11), 'note'].join(' '),
)
const totals = { accordP: 0, naiveP: 0, accordCost: 0, naiveCost: 0 }
for (const { name, request } of cases) {
  const a = accord(request)
  const b = naive(request)
  totals.accordP += a.probability
  totals.naiveP += b.probability
  totals.accordCost += Number.isFinite(a.costUsd) ? a.costUsd : 0
  totals.naiveCost += Number.isFinite(b.costUsd) ? b.costUsd : 0
  console.log(
    [
      pad(name, 52),
      pad(a.probability.toFixed(4), 9),
      pad(b.probability.toFixed(4), 9),
      pad(`${a.expectedSeconds.toFixed(1)} s`, 12),
      pad(`${b.expectedSeconds.toFixed(1)} s`, 11),
      pad(`$${a.costUsd.toFixed(2)}`, 12),
      pad(`$${b.costUsd.toFixed(2)}`, 11),
      [a.note, b.note].filter(Boolean).join('; '),
    ].join(' '),
  )
}
console.log(
  `mean P accord ${(totals.accordP / cases.length).toFixed(4)} vs naive ${(totals.naiveP / cases.length).toFixed(4)}; total cost accord $${totals.accordCost.toFixed(2)} vs naive $${totals.naiveCost.toFixed(2)}`,
)

