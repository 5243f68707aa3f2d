// The executor on the devnet: (1) re-solve latency — quoteIntent from mid-route holdings on the live
// devnet market, alone and with the market read the executor does first; (2) success rate over
// seeded intents with injected pool shocks and bridge failures/delays, re-solving on vs off, each
// pair of runs starting from the same chain snapshot with the same injections. Prints figures;
// asserts nothing.
//   npm run bench:executor [-- --intents 50 --seed 7 --latency-runs 300 --latency-only]
import { parseArgs } from 'node:util'
import { formatAmount } from '../solver/amounts.ts'
import { assetKey, assetKeyOf } from '../solver/market/assetKey.ts'
import { getToken, indexMarket } from '../solver/market/indexMarket.ts'
import type { AssetKey, ConstantProductPool, Market } from '../solver/market/types.ts'
import type { Intent } from '../solver/model/intent.ts'
import { quoteIntent } from '../solver/plan/quoteIntent.ts'
import type { Plan } from '../solver/model/plan.ts'
import { createRandom } from '../solver/random.ts'
import { createDevnetClients } from '../src/devnet/createDevnetClients.ts'
import { devnetBridgeLiquidityHolders } from '../src/devnet/devnetBridgeLiquidityHolders.ts'
import { executeIntent } from '../src/executor/executeIntent.ts'
import { evaluateRemainingLeg } from '../src/executor/evaluateRemainingLeg.ts'
import type { LegState } from '../src/executor/foldJournal.ts'
import type { JournalRecord } from '../src/executor/journal.ts'
import { resolveHoldings } from '../src/executor/resolveHoldings.ts'
import { readMarketFromChain } from '../src/market/readMarketFromChain.ts'
import { shockPool, startExecutorDevnet, type ExecutorDevnet } from '../src/devnet/testing/executorDevnet.ts'

const { values } = parseArgs({
  options: {
    intents: { type: 'string', default: '50' },
    seed: { type: 'string', default: '7' },
    'latency-runs': { type: 'string', default: '300' },
    'latency-only': { type: 'boolean', default: false },
  },
})
const intentCount = Number(values.intents)
const seed = Number(values.seed)
const latencyRuns = Number(values['latency-runs'])
const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b)
  return `p50 ${quantile(sorted, 0.5).toFixed(1).padStart(6)} ms  p99 ${quantile(sorted, 0.99).toFixed(1).padStart(6)} ms  max ${(sorted.at(-1) ?? NaN).toFixed(1).padStart(6)} ms  (n=${sorted.length})`
}

/** Cross-chain intents between different tokens, 500–5 000 USD, deadline 180 s, slippage 50–150 bps. */
function seededIntents(market: Market, count: number, random: () => number): Intent[] {
  const intents: Intent[] = []
  while (intents.length < count) {
    const from = market.tokens[Math.floor(random() * market.tokens.length)]!
    const to = market.tokens[Math.floor(random() * market.tokens.length)]!
    if (from.chainId === to.chainId || from.symbol === to.symbol) continue
    const usd = 500 + 4500 * random()
    const units = (usd / from.priceUsd).toFixed(Math.min(6, from.decimals))
    const [whole, fraction = ''] = units.split('.')
    const amountInRaw = BigInt(whole!) * 10n ** BigInt(from.decimals) + BigInt(fraction.padEnd(from.decimals, '0').slice(0, from.decimals) || '0')
    intents.push({
      from: { chainId: from.chainId, token: from.address },
      to: { chainId: to.chainId, token: to.address },
      amountInRaw,
      deadlineSeconds: 180,
      maxSlippageBps: 50 + 25 * Math.floor(random() * 5),
    })
  }
  return intents
}

function legOf(plan: Plan, asset: AssetKey, amountRaw: bigint): LegState {
  return {
    legId: 0,
    reason: 'initial',
    status: 'active',
    source: { asset, amountRaw },
    minAmountOutRaw: plan.minAmountOutRaw,
    plan,
    holdings: new Map([[asset, amountRaw]]),
    steps: plan.steps.map((step) => ({ legId: 0, step, status: 'pending', transactions: [] })),
  }
}

// ---------------------------------------------------------------------------------------------------
const x: ExecutorDevnet = await startExecutorDevnet()
try {
  const clients = createDevnetClients(x.devnet.info)
  const holders = devnetBridgeLiquidityHolders(x.devnet.info)
  const readLive = () => readMarketFromChain({ base: x.devnet.market, clients, bridgeLiquidityHolders: holders })
  const live = await readLive()
  const random = createRandom(seed)
  const intents = seededIntents(live, intentCount, random)

  // (1) Re-solve latency: the holding a route has after its first step (its output, where it lands).
  const resolveCases = intents.flatMap((intent) => {
    const quote = quoteIntent(live, intent)
    if (quote.status !== 'ok' || quote.plan.steps.length < 2) return []
    // What the route holds once its first step is done: that step's output, and the rest of the input if it split.
    const first = quote.plan.steps[0]!
    const rest = intent.amountInRaw - first.amountInRaw
    const holdings = [{ asset: first.tokenOut, amountRaw: first.amountOutRaw }, ...(rest > 0n ? [{ asset: assetKeyOf(intent.from), amountRaw: rest }] : [])]
    return [{ intent, plan: quote.plan, holdings }]
  })
  for (const c of resolveCases.slice(0, 10)) resolveHoldings({ market: live, intent: c.intent, holdings: c.holdings, minAmountOutRaw: c.plan.minAmountOutRaw, deadlineSeconds: 170, firstLegId: 1 }) // warm-up
  const quoteOnly: number[] = []
  const quoteSingle: number[] = []
  const quoteSplit: number[] = []
  const withRead: number[] = []
  for (let i = 0; i < latencyRuns; i++) {
    const c = resolveCases[i % resolveCases.length]!
    const result = resolveHoldings({ market: live, intent: c.intent, holdings: c.holdings, minAmountOutRaw: c.plan.minAmountOutRaw, deadlineSeconds: 170, firstLegId: 1 })
    quoteOnly.push(result.quoteMs)
    ;(c.holdings.length > 1 ? quoteSplit : quoteSingle).push(result.quoteMs)
  }
  for (let i = 0; i < Math.min(latencyRuns, 100); i++) {
    const c = resolveCases[i % resolveCases.length]!
    const start = performance.now()
    const market = await readLive()
    evaluateRemainingLeg({ market, leg: legOf(c.plan, assetKeyOf(c.intent.from), c.intent.amountInRaw), target: assetKeyOf(c.intent.to), deadlineSeconds: 170 })
    resolveHoldings({ market, intent: c.intent, holdings: c.holdings, minAmountOutRaw: c.plan.minAmountOutRaw, deadlineSeconds: 170, firstLegId: 1 })
    withRead.push(performance.now() - start)
  }
  console.log(`accord bench:executor — node ${process.version}, devnet market ${live.networks.length} chains / ${live.venues.length} venues, seed ${seed}`)
  console.log(`\nRe-solve latency (from the holdings after a route’s first step, ${resolveCases.length} distinct cases)`)
  console.log(`  quoteIntent from holdings              ${stats(quoteOnly)}`)
  console.log(`    one holding (one quote)              ${stats(quoteSingle)}`)
  console.log(`    two holdings (split; four quotes)    ${stats(quoteSplit)}`)
  console.log(`  read market + evaluate + re-solve      ${stats(withRead)}`)

  if (!values['latency-only']) {
    // (2) Success rate with and without re-solving under injected faults.
    type Injection = 'none' | 'shock' | 'bridge-failure' | 'bridge-delay'
    const plans = intents.map((intent) => ({ intent, quote: quoteIntent(x.devnet.market, intent) }))
    const cases = plans.flatMap(({ intent, quote }) => {
      if (quote.status !== 'ok') return []
      const r = random()
      const drawn: Injection = r < 0.4 ? 'shock' : r < 0.6 ? 'bridge-failure' : r < 0.8 ? 'bridge-delay' : 'none'
      // A shock needs a swap after the bridge (the "next pool" while the funds are in flight).
      const bridgeAt = quote.plan.steps.findIndex((step) => step.action === 'bridge')
      const swapAfter = bridgeAt >= 0 && quote.plan.steps.slice(bridgeAt + 1).some((step) => step.action === 'swap')
      const injection: Injection = drawn === 'shock' && !swapAfter ? 'none' : drawn
      return [{ intent, plan: quote.plan, injection, shockShare: 0.002 + 0.12 * random(), delayMs: 2500 + Math.floor(2000 * random()) }]
    })
    const index = indexMarket(x.devnet.market)
    const results: Array<{ injection: Injection; on: boolean; off: boolean; resolves: number; latencies: number[] }> = []
    console.log(`\nExecutions: ${cases.length} intents (${intents.length - cases.length} without a plan skipped), each run twice from the same snapshot`)
    for (const [n, c] of cases.entries()) {
      const bridgeAt = c.plan.steps.findIndex((step) => step.action === 'bridge')
      const nextSwap = c.plan.steps.slice(bridgeAt + 1).find((step) => step.action === 'swap')
      const pool = nextSwap ? (x.devnet.market.venues.find((venue) => venue.id === nextSwap.venueId) as ConstantProductPool) : undefined
      const runOnce = async (resolve: boolean) => {
        await x.reset()
        let first = true
        x.setDecide((deposit) => {
          if (!first || deposit.depositor.toLowerCase() !== x.user.address.toLowerCase()) return undefined
          first = false
          if (c.injection === 'bridge-failure') return { fill: false }
          if (c.injection === 'bridge-delay') return { fill: true, delayMs: c.delayMs }
          return undefined
        })
        // The shock: once the first deposit is confirmed (funds in flight), someone buys the next swap's
        // output with its input — a share of the pool's input-side reserve — mined before the executor
        // reads the market again (the afterRecord hook is awaited).
        let shocked = false
        const afterRecord = async (record: JournalRecord) => {
          if (shocked || c.injection !== 'shock' || !pool || !nextSwap) return
          if (record.type !== 'step-confirmed' || record.purpose !== 'deposit' || record.status !== 'success') return
          shocked = true
          const tokenIn = getToken(index, nextSwap.tokenIn)
          const tokenOut = getToken(index, nextSwap.tokenOut)
          const reserveIn = nextSwap.tokenIn === assetKey(pool.chainId, pool.token0) ? pool.reserve0 : pool.reserve1
          await shockPool(x, pool.chainId, tokenIn.symbol, tokenOut.symbol, (reserveIn * BigInt(Math.round(c.shockShare * 1000))) / 1000n)
        }
        const { outcome } = await executeIntent({
          afterRecord,
          intent: c.intent,
          plan: c.plan,
          market: x.devnet.market,
          targets: x.targets,
          account: x.user,
          journalDir: await x.journalDir(),
          options: { resolve, fillDeadlineCapSeconds: 7, refundGraceSeconds: 20 },
        })
        return outcome
      }
      const on = await runOnce(true)
      const off = await runOnce(false)
      results.push({ injection: c.injection, on: on.reached, off: off.reached, resolves: on.resolves.filter((r) => r.adopted).length, latencies: on.resolves.map((r) => r.latencyMs) })
      const to = getToken(index, assetKeyOf(c.intent.to))
      const from = getToken(index, assetKeyOf(c.intent.from))
      console.log(
        `  ${String(n + 1).padStart(2)} ${c.injection.padEnd(14)} ${formatAmount(c.intent.amountInRaw, from.decimals).slice(0, 10).padStart(10)} ${from.symbol}@${from.chainId} → ${to.symbol}@${to.chainId}  ${c.plan.steps.map((s) => s.action[0]).join('')}  re-solve ${on.reached ? 'reached' : `NOT (${on.verdict})`}${on.resolves.length ? ` [${on.resolves.map((r) => `${r.trigger}${r.adopted ? '' : ' declined'}`).join(', ')}]` : ''}  baseline ${off.reached ? 'reached' : `NOT (${off.verdict})`}`,
      )
    }
    const rate = (list: typeof results, key: 'on' | 'off') => (list.length === 0 ? '   -  ' : `${((100 * list.filter((r) => r[key]).length) / list.length).toFixed(0).padStart(3)} %`)
    console.log('\nSuccess rate (intended state reached: ≥ minimum, within the deadline)')
    console.log('  injection        n   re-solving  baseline (no re-solve)')
    for (const injection of ['none', 'shock', 'bridge-failure', 'bridge-delay', 'all'] as const) {
      const list = injection === 'all' ? results : results.filter((r) => r.injection === injection)
      console.log(`  ${injection.padEnd(15)} ${String(list.length).padStart(3)}   ${rate(list, 'on').padStart(8)}    ${rate(list, 'off').padStart(8)}`)
    }
    const latencies = results.flatMap((r) => r.latencies)
    console.log(`\nRe-solves during the runs: ${results.reduce((s, r) => s + r.resolves, 0)} adopted; executor-measured latency (read + evaluate + quote) ${stats(latencies)}`)
  }
} finally {
  await x.stop()
}
