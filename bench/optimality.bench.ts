// Optimality and probability benchmark (issue 11's targets). Per suite, objective and LP backend: the
// gap of Accord's net output to the independent reference optimum (bench/reference/); per backend:
// the share of intents where Accord's probability is at least the brute-force best single path's,
// and the share where it is non-decreasing over the deadline ladder at a fixed minimum. Prints
// figures; asserts nothing.
//   npm run bench:optimality [-- --suites parallel-pools,multi-hop,realistic-whale --probability realistic --backends js-lp-solver,highs]
import { parseArgs } from 'node:util'
import { assetKeyOf } from '../solver/market/assetKey.ts'
import { getToken, indexMarket } from '../solver/market/indexMarket.ts'
import type { Market } from '../solver/market/types.ts'
import type { Intent, Objective } from '../solver/model/intent.ts'
import type { Plan } from '../solver/model/plan.ts'
import { createLpBackend } from '../src/config/lpBackend.ts'
import { loadSuite, type Suite } from './harness/suite.ts'
import { quantile } from './harness/statistics.ts'
import { createAccordPlanner } from './planners/accordPlanner.ts'
import { netOutput } from './planners/netOutput.ts'
import { createReferencePlanner } from './planners/referencePlanner.ts'
import { bestSinglePathProbability } from './reference/bestSinglePathProbability.ts'
import { DEADLINE_LADDER_SECONDS, probabilityOverDeadlines } from './reference/probabilityOverDeadlines.ts'

const { values } = parseArgs({
  options: {
    suites: { type: 'string', default: 'parallel-pools,multi-hop,realistic-whale' },
    probability: { type: 'string', default: 'realistic' },
    backends: { type: 'string', default: 'js-lp-solver,highs' },
    verbose: { type: 'boolean', default: false },
  },
})
const backendNames = values.backends.split(',').filter(Boolean)
const OBJECTIVES: readonly Objective[] = ['probability', 'output']
/** A probability this close to another counts as equal (the risk model's grid is far coarser). */
const PROBABILITY_TOLERANCE = 1e-9

const tokenOutOf = (market: Market, intent: Intent) => getToken(indexMarket(market), assetKeyOf(intent.to))
const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '—')
const progress = (text: string) => process.stderr.isTTY && process.stderr.write(`\r\x1b[K${text}`)

async function optimality(suite: Suite) {
  const reference = createReferencePlanner()
  const references: Array<Plan | undefined> = []
  const referenceMs: number[] = []
  for (const [i, suiteCase] of suite.cases.entries()) {
    progress(`${suite.name}: reference ${i + 1}/${suite.cases.length}`)
    const start = performance.now()
    references.push(await reference.plan(suiteCase.market, suiteCase.intent))
    referenceMs.push(performance.now() - start)
  }
  const methods = new Map<string, number>()
  for (const plan of references) {
    const method = plan ? plan.strategy.replace(/^reference\//, '') : 'no plan'
    methods.set(method, (methods.get(method) ?? 0) + 1)
  }
  console.log(`\n## ${suite.name} — ${suite.cases.length} intents; reference: ${[...methods].map(([m, n]) => `${m} ×${n}`).join(', ')}; reference time p50 ${fmt(quantile(referenceMs, 0.5) / 1000)} s, max ${fmt(Math.max(...referenceMs) / 1000)} s`)
  console.log('| objective | backend | intents | worst gap (bp) | median gap (bp) | > 1 bp | > 0.1 bp | Accord above reference (bp, best) | traded output for probability |')
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|')
  for (const backendName of backendNames) {
    const backend = await createLpBackend(backendName)
    for (const objective of OBJECTIVES) {
      const accord = createAccordPlanner({ name: 'accord', description: '', backend, objective })
      const gaps: number[] = []
      let traded = 0
      const worst: string[] = []
      for (const [i, suiteCase] of suite.cases.entries()) {
        progress(`${suite.name}: ${backendName} ${objective} ${i + 1}/${suite.cases.length}`)
        const ref = references[i]
        const plan = await accord.plan(suiteCase.market, suiteCase.intent)
        if (!ref) continue
        const tokenOut = tokenOutOf(suiteCase.market, suiteCase.intent)
        const refNet = netOutput(ref, tokenOut)
        const net = plan ? netOutput(plan, tokenOut) : 0
        // Under the probability objective Accord may give up output for probability; that is not a gap.
        if ((suiteCase.intent.objective ?? objective) === 'probability' && plan && plan.outcomeProbability.total > ref.outcomeProbability.total + 1e-3) {
          traded++
          continue
        }
        const gap = ((refNet - net) / Math.abs(refNet)) * 1e4
        gaps.push(gap)
        worst.push(`${suiteCase.id}: ${fmt(gap, 3)} bp (accord ${plan?.strategy ?? 'none'}, ${plan?.routes.length ?? 0} routes; reference ${ref.strategy}, ${ref.routes.length} routes)`)
      }
      const best = gaps.length > 0 ? Math.min(...gaps) : NaN
      console.log(
        `| ${objective} | ${backendName} | ${gaps.length} | ${fmt(Math.max(...gaps), 2)} | ${fmt(quantile(gaps, 0.5), 3)} | ${gaps.filter((g) => g > 1).length} | ${gaps.filter((g) => g > 0.1).length} | ${best < 0 ? fmt(-best, 3) : '0'} | ${traded} |`,
      )
      if (values.verbose) for (const line of worst) console.log(`    ${line}`)
    }
  }
  progress('')
}

async function probability(suite: Suite) {
  const cases = suite.cases.filter((suiteCase) => (suiteCase.intent.objective ?? 'probability') === 'probability')
  const brute: number[] = []
  let paths = 0
  for (const [i, suiteCase] of cases.entries()) {
    progress(`${suite.name}: brute force ${i + 1}/${cases.length}`)
    const best = bestSinglePathProbability(suiteCase.market, suiteCase.intent)
    brute.push(best.probability)
    paths += best.pathsEvaluated
  }
  console.log(`\n## probability — ${suite.name}, ${cases.length} intents with the probability objective; brute force over ${paths} simple paths; deadlines ${DEADLINE_LADDER_SECONDS.join(', ')} s`)
  console.log('| backend | P ≥ best single path | worst shortfall (pp) | monotone in deadline | non-monotone intents |')
  console.log('|---|---:|---:|---:|---|')
  for (const backendName of backendNames) {
    const backend = await createLpBackend(backendName)
    const accord = createAccordPlanner({ name: 'accord', description: '', backend })
    let atLeast = 0
    let worstShortfall = 0
    let monotone = 0
    const broken: string[] = []
    for (const [i, suiteCase] of cases.entries()) {
      progress(`${suite.name}: ${backendName} ${i + 1}/${cases.length}`)
      const plan = await accord.plan(suiteCase.market, suiteCase.intent)
      const p = plan?.outcomeProbability.total ?? 0
      if (p >= brute[i]! - PROBABILITY_TOLERANCE) atLeast++
      worstShortfall = Math.max(worstShortfall, brute[i]! - p)
      if (values.verbose && p < brute[i]! - PROBABILITY_TOLERANCE) console.log(`    ${suiteCase.id}: accord ${fmt(p, 4)} < single path ${fmt(brute[i]!, 4)}`)
      // The minimum is fixed at what the intent states, else at the minimum of Accord's plan as quoted.
      const minAmountOutRaw = suiteCase.intent.minAmountOutRaw ?? plan?.minAmountOutRaw
      if (minAmountOutRaw === undefined) continue
      const series = await probabilityOverDeadlines(suiteCase.market, suiteCase.intent, minAmountOutRaw, (m, intent) => accord.plan(m, intent))
      if (series.nonDecreasing) monotone++
      else broken.push(`${suiteCase.id} [${series.probabilities.map((q) => fmt(q * 100, 1)).join(' ')}]`)
    }
    console.log(`| ${backendName} | ${atLeast}/${cases.length} (${fmt((100 * atLeast) / cases.length, 0)} %) | ${fmt(worstShortfall * 100, 1)} | ${monotone}/${cases.length} (${fmt((100 * monotone) / cases.length, 0)} %) | ${broken.length} |`)
    for (const line of values.verbose ? broken : broken.slice(0, 5)) console.log(`    P % over the ladder, ${line}`)
  }
  progress('')
}

console.log(`accord bench:optimality — node ${process.version}; gap = (reference net − Accord net) / reference net, net = delivered − gas, exact amounts`)
for (const name of values.suites.split(',').filter(Boolean)) await optimality(await loadSuite(name))
for (const name of values.probability.split(',').filter(Boolean)) await probability(await loadSuite(name))
