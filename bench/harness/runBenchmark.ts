// Runs planners over a suite: plans every intent with every planner (timing each call), compares
// outputs, and realises every distinct plan many times with the Monte Carlo simulator.
import { rawToFloat } from '../../solver/amounts.ts'
import { BaseError } from '../../solver/errors.ts'
import { assetKeyOf } from '../../solver/market/assetKey.ts'
import { getNetwork, getToken, indexMarket } from '../../solver/market/indexMarket.ts'
import type { Plan } from '../../solver/model/plan.ts'
import { prepareRealisation } from '../../src/sim/prepareRealisation.ts'
import { realisePlan } from '../../src/sim/realisePlan.ts'
import { netOutput } from '../planners/netOutput.ts'
import { isAdmissible } from '../planners/selectPlan.ts'
import type { Planner } from '../planners/planner.ts'
import { DEFAULT_REGIMES, type SimulationRegime } from './regimes.ts'
import type { Suite, SuiteCase, TradeSizeBucket } from './suite.ts'
import { summariseBenchmark, type BenchmarkSummary } from './summariseBenchmark.ts'

export interface RunBenchmarkOptions {
  readonly suite: Suite
  readonly planners: readonly Planner[]
  /** Monte Carlo realisations per plan and regime. */
  readonly samples: number
  /** Base seed; every realisation's seed derives from it, the case and the sample number. */
  readonly seed: number
  readonly regimes?: readonly SimulationRegime[]
  /** The planner whose plans are the optimum gaps are measured to (default `reference`; none if absent). */
  readonly referencePlanner?: string
  /** Plan each intent once with each planner before timing, to leave JIT compilation out (default true). */
  readonly warmUp?: boolean
  readonly onProgress?: (progress: BenchmarkProgress) => void
}

export interface BenchmarkProgress {
  readonly done: number
  readonly total: number
  readonly phase: string
}

import type { CaseRecord, PlanRecord, PlanSummary, RealisationSummary } from './benchmarkRecords.ts'
export type { CaseRecord, PlanRecord, PlanSummary, RealisationSummary } from './benchmarkRecords.ts'

export interface BenchmarkResult {
  readonly config: {
    readonly suite: { readonly name: string; readonly files: readonly string[]; readonly markets: Suite['markets']; readonly cases: number }
    readonly planners: ReadonlyArray<{ readonly name: string; readonly description: string }>
    readonly samples: number
    readonly seed: number
    readonly regimes: readonly SimulationRegime[]
    readonly referencePlanner: string | undefined
  }
  readonly cases: readonly CaseRecord[]
  readonly summary: BenchmarkSummary
  /** Wall-clock seconds of the two phases. */
  readonly timing: { readonly planningSeconds: number; readonly realisationSeconds: number }
}

/** FNV-1a, 32 bits (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/): spreads a string into a seed. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/**
 * Seed of one realisation. It depends on the case, the regime and the sample number but not on the
 * planner, so all planners' plans for an intent meet the same draws (common random numbers), which
 * makes their realised differences less noisy.
 */
export function realisationSeed(seed: number, caseId: string, regime: string, sample: number): number {
  return fnv1a(`${caseId}|${regime}|${sample}`) + (Math.abs(Math.trunc(seed)) % 2 ** 20) * 2 ** 32
}

function planSignature(plan: Plan): string {
  const steps = plan.steps.map((step) => `${step.index}:${step.venueId}:${step.tokenIn}>${step.tokenOut}:${step.amountInRaw}:${step.amountOutRaw}:${step.dependsOn.join('.')}`)
  const schedule = plan.schedule.steps.map((step) => `${step.stepIndex}:${step.minAmountOutRaw}:${step.deadlineSeconds}`)
  return `${steps.join('|')}#${schedule.join('|')}#${plan.minAmountOutRaw}#${plan.intent.deadlineSeconds ?? ''}`
}

function summarisePlan(plan: Plan, suiteCase: SuiteCase): PlanSummary {
  const tokenOut = getToken(indexMarket(suiteCase.market), assetKeyOf(suiteCase.intent.to))
  const total = Number(plan.amountInRaw) || 1
  return {
    strategy: plan.strategy,
    steps: plan.steps.length,
    routes: plan.routes.map((route) => ({ venueIds: route.venueIds, share: Number(route.amountInRaw) / total })),
    expectedAmountOutRaw: plan.expectedAmountOutRaw.toString(),
    minAmountOutRaw: plan.minAmountOutRaw.toString(),
    grossOutput: rawToFloat(plan.expectedAmountOutRaw, tokenOut.decimals),
    netOutput: netOutput(plan, tokenOut),
    gasCostUsd: plan.gasCostUsd,
    predictedProbability: plan.outcomeProbability.total,
    probabilityParts: {
      allStepsSucceed: plan.outcomeProbability.allStepsSucceed,
      withinDeadline: plan.outcomeProbability.withinDeadline,
      aboveMinimum: plan.outcomeProbability.aboveMinimum,
    },
    expectedDurationSeconds: plan.expectedDurationSeconds,
    p95DurationSeconds: plan.p95DurationSeconds,
  }
}

function describeCase(suiteCase: SuiteCase): { route: string; amount: string } {
  const index = indexMarket(suiteCase.market)
  const from = getToken(index, assetKeyOf(suiteCase.intent.from))
  const to = getToken(index, assetKeyOf(suiteCase.intent.to))
  const label = (token: typeof from) => `${getNetwork(index, token.chainId).name}:${token.symbol}`
  return { route: `${label(from)} → ${label(to)}`, amount: `${rawToFloat(suiteCase.intent.amountInRaw, from.decimals)} ${from.symbol}` }
}

const collectGarbage = (globalThis as { gc?: () => void }).gc

/**
 * Runs the benchmark. Planning is sequential and timed per call (performance.now; heap growth from
 * process.memoryUsage, after a forced GC when node runs with --expose-gc); a planner that throws is
 * recorded with its error. Every distinct plan is then realised `samples` times per regime with
 * realisePlan; identical plans from different planners share their realisations (same seeds, so the
 * same outcomes). Deterministic for a seed except the `timing` fields. Throws INVALID_ARGUMENT for
 * two planners with one name.
 */
export async function runBenchmark(options: RunBenchmarkOptions): Promise<BenchmarkResult> {
  const { suite, planners, samples, seed } = options
  const regimes = options.regimes ?? DEFAULT_REGIMES
  const referenceName = options.referencePlanner ?? 'reference'
  const reference = planners.some((planner) => planner.name === referenceName) ? referenceName : undefined
  const names = new Set<string>()
  for (const planner of planners) {
    if (names.has(planner.name)) throw new BaseError('INVALID_ARGUMENT', `Two planners are named "${planner.name}".`, { field: '--planner' })
    names.add(planner.name)
  }

  // Planning.
  const startedAt = performance.now()
  const planningTotal = planners.length * suite.cases.length
  let done = 0
  let total = planningTotal + suite.cases.length * planners.length * regimes.length
  const progress = (phase: string) => options.onProgress?.({ done, total, phase })
  if ((options.warmUp ?? true) && suite.cases.length > 0)
    for (const planner of planners) {
      progress(`warming up ${planner.name}`)
      try {
        await planner.plan(suite.cases[0]!.market, suite.cases[0]!.intent)
      } catch {
        // Recorded when the case is planned for real.
      }
    }
  const planned = suite.cases.map(() => new Map<string, { plan?: Plan; error?: string; planningMs: number; heapGrowthBytes: number }>())
  for (const [c, suiteCase] of suite.cases.entries())
    for (const planner of planners) {
      progress(`planning ${suiteCase.id} with ${planner.name}`)
      collectGarbage?.()
      const heapBefore = process.memoryUsage().heapUsed
      const start = performance.now()
      let plan: Plan | undefined
      let error: string | undefined
      try {
        plan = await planner.plan(suiteCase.market, suiteCase.intent)
      } catch (caught) {
        error = caught instanceof Error ? caught.message.split('\n')[0] : String(caught)
      }
      const planningMs = performance.now() - start
      const heapGrowthBytes = Math.max(0, process.memoryUsage().heapUsed - heapBefore)
      planned[c]!.set(planner.name, { ...(plan ? { plan } : {}), ...(error === undefined ? {} : { error }), planningMs, heapGrowthBytes })
      done++
    }

  // Realisation of every distinct plan, per case.
  const planningSeconds = (performance.now() - startedAt) / 1000
  const realisationStart = performance.now()
  const cases: CaseRecord[] = []
  for (const [c, suiteCase] of suite.cases.entries()) {
    const results = planned[c]!
    const distinct = new Map<string, { id: string; plan: Plan; realised: Record<string, RealisationSummary> }>()
    for (const planner of planners) {
      const plan = results.get(planner.name)!.plan
      if (plan) {
        const signature = planSignature(plan)
        if (!distinct.has(signature)) distinct.set(signature, { id: `p${distinct.size + 1}`, plan, realised: {} })
      }
    }
    total += (distinct.size - planners.length) * regimes.length
    for (const entry of distinct.values()) {
      let prepared: ReturnType<typeof prepareRealisation> | undefined
      let preparationError: string | undefined
      try {
        prepared = prepareRealisation(suiteCase.market, entry.plan)
      } catch (caught) {
        preparationError = caught instanceof Error ? caught.message.split('\n')[0] : String(caught)
      }
      for (const regime of regimes) {
        progress(`realising ${suiteCase.id} (${regime.name})`)
        const failures: Record<string, number> = {}
        let successes = 0
        let ratioSum = 0
        const expected = Number(entry.plan.expectedAmountOutRaw) || 1
        for (let sample = 0; sample < samples; sample++) {
          if (!prepared) {
            failures[`unrealisable: ${preparationError}`] = (failures[`unrealisable: ${preparationError}`] ?? 0) + 1
            continue
          }
          const outcome = realisePlan({
            market: suiteCase.market,
            plan: entry.plan,
            prepared,
            seed: realisationSeed(seed, suiteCase.id, regime.name, sample),
            volatilityScale: regime.volatilityScale,
            failures: regime.failures,
            ...(regime.flowTraders ? { flowTraders: regime.flowTraders } : {}),
          })
          if (outcome.success) {
            successes++
            ratioSum += Number(outcome.deliveredRaw) / expected
          } else failures[outcome.failure!] = (failures[outcome.failure!] ?? 0) + 1
        }
        entry.realised[regime.name] = {
          samples,
          successes,
          successRate: samples > 0 ? successes / samples : NaN,
          failures,
          meanDeliveredRatio: successes > 0 ? ratioSum / successes : NaN,
        }
        done++
      }
    }

    const summaries = new Map<string, PlanSummary>()
    for (const planner of planners) {
      const plan = results.get(planner.name)!.plan
      if (plan) summaries.set(planner.name, summarisePlan(plan, suiteCase))
    }
    const admissible = new Map(planners.flatMap((planner) => {
      const plan = results.get(planner.name)!.plan
      return plan ? [[planner.name, isAdmissible(plan)] as const] : []
    }))
    const others = [...summaries].filter(([name]) => name !== reference)
    const contenders = others.some(([name]) => admissible.get(name)) ? others.filter(([name]) => admissible.get(name)) : others
    const bestNet = Math.max(...contenders.map(([, summary]) => summary.netOutput))
    const bestGross = Math.max(...contenders.map(([, summary]) => summary.grossOutput))
    const referenceNet = reference === undefined ? undefined : summaries.get(reference)?.netOutput
    const relative = (value: number, base: number) => ((value - base) / Math.abs(base)) * 1e4
    const records: PlanRecord[] = planners.map((planner) => {
      const result = results.get(planner.name)!
      const timing = { planningMs: result.planningMs, heapGrowthBytes: result.heapGrowthBytes }
      const summary = summaries.get(planner.name)
      if (!summary) return { planner: planner.name, status: result.error === undefined ? 'noPlan' : 'error', ...(result.error === undefined ? {} : { error: result.error }), realised: {}, timing }
      const entry = distinct.get(planSignature(result.plan!))!
      return {
        planner: planner.name,
        status: 'ok',
        planId: entry.id,
        plan: summary,
        admissible: admissible.get(planner.name)!,
        ...(contenders.length > 0 && Number.isFinite(bestNet) ? { outputVsBestBps: relative(summary.netOutput, bestNet), grossVsBestBps: relative(summary.grossOutput, bestGross) } : {}),
        ...(referenceNet === undefined ? {} : { gapToReferenceBps: -relative(summary.netOutput, referenceNet) }),
        realised: entry.realised,
        timing,
      }
    })
    const { route, amount } = describeCase(suiteCase)
    cases.push({
      id: suiteCase.id,
      intentSet: suiteCase.intentSet,
      bucket: suiteCase.bucket,
      amountUsd: suiteCase.amountUsd,
      route,
      amount,
      ...(suiteCase.intent.deadlineSeconds === undefined ? {} : { deadlineSeconds: suiteCase.intent.deadlineSeconds }),
      objective: suiteCase.intent.objective ?? 'probability',
      records,
    })
  }
  progress('done')
  const realisationSeconds = (performance.now() - realisationStart) / 1000

  const config: BenchmarkResult['config'] = {
    suite: { name: suite.name, files: suite.files, markets: suite.markets, cases: suite.cases.length },
    planners: planners.map((planner) => ({ name: planner.name, description: planner.description ?? '' })),
    samples,
    seed,
    regimes,
    referencePlanner: reference,
  }
  return {
    config,
    cases,
    summary: summariseBenchmark(config.planners.map((p) => p.name), regimes.map((r) => r.name), cases, reference),
    timing: { planningSeconds, realisationSeconds },
  }
}
