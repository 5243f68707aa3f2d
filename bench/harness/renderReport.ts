// The benchmark report as Markdown: setup (so a reader can reproduce it), headline checks, output,
// success and calibration, latency, and an honest list of where Accord loses.
import { CALIBRATION_TARGET, GAP_TARGET_BPS, type PlannerBucketSummary } from './summariseBenchmark.ts'
import type { BenchmarkEnvironment } from './collectEnvironment.ts'
import type { BenchmarkResult, CaseRecord, PlanRecord } from './runBenchmark.ts'
import { TRADE_SIZE_BUCKETS, MEDIUM_FROM_USD, WHALE_FROM_USD } from './suite.ts'
import { ADMISSIBLE_WITHIN_DEADLINE } from '../planners/selectPlan.ts'
import { MAX_BUCKET_STANDARD_ERROR, MIN_BUCKET_SAMPLES } from './calibration.ts'

const fixed = (value: number | undefined, digits = 1) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits))
const signed = (value: number | undefined, digits = 1) =>
  value === undefined || !Number.isFinite(value) ? '–' : `${value > 0 ? '+' : ''}${Math.abs(value) < 0.05 && digits === 1 ? '0.0' : value.toFixed(digits)}`
const percent = (value: number | undefined, digits = 1) => (value === undefined || !Number.isFinite(value) ? '–' : `${(value * 100).toFixed(digits)} %`)
const table = (header: readonly string[], rows: ReadonlyArray<readonly string[]>) =>
  [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n')
const usd = (value: number) => (value >= 1e6 ? `$${(value / 1e6).toFixed(2)}M` : value >= 1e3 ? `$${(value / 1e3).toFixed(1)}k` : `$${value.toFixed(0)}`)

function recordOf(c: CaseRecord, planner: string): PlanRecord | undefined {
  return c.records.find((record) => record.planner === planner)
}

/** The whole report. `files` names the charts written beside it. */
export function renderReport(result: BenchmarkResult, environment: BenchmarkEnvironment, charts: { calibration: Record<string, string>; output: string; latency: string }): string {
  const { config, summary, cases } = result
  const planners = config.planners.map((p) => p.name)
  const regimes = config.regimes.map((r) => r.name)
  const reference = config.referencePlanner
  const lines: string[] = []
  const push = (...text: string[]) => lines.push(...text)

  push(`# Accord planner benchmark — suite \`${config.suite.name}\``, '')
  push(`Run ${environment.date}. Reproduce with:`, '', '```sh', environment.command, '```', '')

  push('## Setup', '')
  const byBucket = TRADE_SIZE_BUCKETS.map((bucket) => `${cases.filter((c) => c.bucket === bucket).length} ${bucket}`).join(', ')
  push(
    `- **Machine**: ${environment.machine.cpu}, ${environment.machine.cores} cores, ${environment.machine.memoryGiB} GiB, ${environment.machine.os}; Node ${environment.node}.`,
    `- **Code**: commit \`${environment.gitCommit ?? 'unknown'}\`${environment.gitDirty ? ' with uncommitted changes in the work tree' : ''}.`,
    `- **Suite**: ${config.suite.files.map((f) => `\`${f}\``).join(', ')} on ${config.suite.markets.map((m) => `\`${m.file}\` (${m.name}, version \`${m.version.slice(0, 12)}\`)`).join(', ')} — ${config.suite.cases} intents (${byBucket}; buckets by input value: small < ${usd(MEDIUM_FROM_USD)} ≤ medium < ${usd(WHALE_FROM_USD)} ≤ whale).`,
    `- **Monte Carlo**: ${config.samples} realisations per plan and regime, base seed ${config.seed}; realisation seeds derive from the seed, the intent and the sample number (not the planner), so all planners meet the same draws.`,
    ...config.regimes.map((regime) => `- **Regime \`${regime.name}\`**: ${regime.label}.`),
    `- **Run time**: ${fixed(environment.totalSeconds, 0)} s (planning ${fixed(result.timing.planningSeconds, 0)} s, Monte Carlo ${fixed(result.timing.realisationSeconds, 0)} s); peak RSS ${fixed(environment.peakRssMiB, 0)} MiB.`,
    '',
    'Planners:',
    '',
    ...config.planners.map((p) => `- \`${p.name}\`: ${p.description}`),
    '',
    'Definitions:',
    '',
    '- **Net output**: the plan\'s expected delivered amount (exact venue math at the snapshot) minus its gas at the market\'s USD prices, in output-token units — what Accord\'s split optimiser and Uniswap\'s router maximise. Every baseline is scored with the same exact math and risk model (`buildSteps` → `evaluatePlan`).',
    `- **vs best**: (net − best net) / best net in bp, where best is the highest net output among the non-reference planners' *admissible* plans on the same intent (0 = best; an inadmissible plan can be above 0).`,
    `- **Admissible**: the plan finishes within the intent's deadline with probability ≥ ${ADMISSIBLE_WITHIN_DEADLINE} and meets its minProbability / minAmountOut, by the shared risk model. Marked † where a plan is not.`,
    reference ? `- **Gap to reference**: (reference net − net) / reference net in bp; negative = the planner beat the reference.` : '- No reference planner in this run: no gaps.',
    `- Baselines choose among their candidates only plans that finish within the intent's deadline with probability ≥ ${ADMISSIBLE_WITHIN_DEADLINE} (and meet its minProbability / minAmountOut); they do not trade probability for output as Accord does.`,
    `- **Predicted**: the plan's outcome probability from the risk model; **realised**: share of Monte Carlo realisations that succeeded (every step succeeded, above its slippage guard, before its deadline, total ≥ minimum, by the intent's deadline). **Brier**: mean of (predicted − outcome)² over all realisations.`,
    `- **Calibration error**: |mean predicted − realised| per probability bucket; ± is the binomial standard error of the realised rate; a bucket counts for the check when it has ≥ ${MIN_BUCKET_SAMPLES} realisations and a standard error ≤ ${MAX_BUCKET_STANDARD_ERROR * 100} pp (so a ${CALIBRATION_TARGET * 100} pp error stands four standard errors clear of noise). Pooled tables count each distinct plan once.`,
    '',
  )

  push('## Headline checks', '')
  push(
    table(
      ['check', 'result', 'detail'],
      summary.checks.map((check) => [check.statement, check.passed === undefined ? 'n/a' : check.passed ? '**PASS**' : '**FAIL**', check.detail]),
    ),
    '',
  )

  push('## Output', '')
  for (const bucket of [...TRADE_SIZE_BUCKETS, 'all'] as const) {
    const rows = planners.flatMap((planner) => {
      const s: PlannerBucketSummary | undefined = summary.byPlanner[planner]?.[bucket]
      if (!s) return []
      return [
        [
          `\`${planner}\``,
          `${s.planned}/${s.cases}`,
          signed(s.outputVsBestBps.mean),
          signed(s.outputVsBestBps.median),
          signed(s.outputVsBestBps.worst),
          `${s.bestOrTied}`,
          s.gapToReferenceBps ? fixed(s.gapToReferenceBps.mean, 2) : '–',
          s.gapToReferenceBps ? fixed(s.gapToReferenceBps.max, 2) : '–',
          s.gapToReferenceBps ? `${s.gapToReferenceBps.within10Bps}/${s.gapToReferenceBps.count}` : '–',
        ],
      ]
    })
    if (rows.length === 0 || cases.every((c) => bucket !== 'all' && c.bucket !== bucket)) continue
    push(`### ${bucket === 'all' ? 'All intents' : `${bucket[0]!.toUpperCase()}${bucket.slice(1)} intents`}`, '')
    push(
      table(['planner', 'planned', 'vs best mean (bp)', 'median', 'worst', 'best or tied', 'gap to ref. mean (bp)', 'max', `≤ ${GAP_TARGET_BPS} bp`], rows),
      '',
    )
  }

  const whales = cases.filter((c) => c.bucket === 'whale')
  if (whales.length > 0) {
    push(
      '### Whale intents one by one',
      '',
      `Each cell: gap to ${reference ? 'the reference' : 'the best planner'} in bp / predicted probability (with † when the plan is not admissible). The reference's own cell shows which candidate won.`,
      '',
    )
    push(
      table(
        ['intent', 'size', ...planners.map((p) => `\`${p}\``)],
        whales.map((c) => [
          `${c.id}${c.deadlineSeconds ? ` (≤ ${c.deadlineSeconds} s)` : ''}`,
          usd(c.amountUsd),
          ...planners.map((planner) => {
            const record = recordOf(c, planner)
            if (!record?.plan) return record?.status === 'error' ? `error` : 'no plan'
            if (planner === reference) return `${record.plan.strategy.replace('reference/', '')} / ${record.plan.predictedProbability.toFixed(3)}`
            const gap = record.gapToReferenceBps ?? (record.outputVsBestBps === undefined ? undefined : -record.outputVsBestBps)
            return `${fixed(gap, 1)} / ${record.plan.predictedProbability.toFixed(3)}${record.admissible === false ? ' †' : ''}`
          }),
        ]),
      ),
      '',
    )
  }

  push('## Success: predicted vs realised', '')
  for (const bucket of [...TRADE_SIZE_BUCKETS, 'all'] as const) {
    if (bucket !== 'all' && cases.every((c) => c.bucket !== bucket)) continue
    push(`### ${bucket === 'all' ? 'All intents' : `${bucket[0]!.toUpperCase()}${bucket.slice(1)} intents`}`, '')
    push(
      table(
        ['planner', 'predicted (mean)', ...regimes.flatMap((r) => [`realised (${r})`, `Brier (${r})`])],
        planners.flatMap((planner) => {
          const s = summary.byPlanner[planner]?.[bucket]
          if (!s) return []
          return [[`\`${planner}\``, percent(s.predictedProbability, 2), ...regimes.flatMap((r) => [percent(s.realised[r]?.successRate, 2), fixed(s.realised[r]?.brier, 4)])]]
        }),
      ),
      '',
    )
  }

  push('## Calibration', '')
  for (const regime of regimes) {
    const label = config.regimes.find((r) => r.name === regime)!.label
    push(`### Regime \`${regime}\``, '', `${label}.`, '', `![calibration, ${regime}](${charts.calibration[regime]})`, '')
    for (const planner of [...planners.filter((p) => p === 'accord'), 'all planners']) {
      const buckets = summary.calibration[regime]?.[planner] ?? []
      if (buckets.length === 0) continue
      push(`**${planner === 'all planners' ? 'All planners pooled' : `\`${planner}\``}**`, '')
      push(
        table(
          ['predicted bucket', 'plans', 'realisations', 'mean predicted', 'realised ± s.e.', 'error (pp)', 'counts'],
          buckets.map((b) => [
            `[${b.lower}, ${b.upper}${b.upper === 1 ? ']' : ')'}`,
            `${b.plans}`,
            `${b.samples}`,
            percent(b.meanPredicted, 2),
            `${percent(b.realisedRate, 2)} ± ${(b.standardError * 100).toFixed(2)}`,
            `${(b.error * 100).toFixed(2)}${b.enoughSamples && b.error > CALIBRATION_TARGET ? ' ⚠' : ''}`,
            b.enoughSamples ? 'yes' : 'no (too few)',
          ]),
        ),
        '',
      )
    }
  }

  push('## Failures in the realisations', '', 'Failed realisations by cause, summed over all intents.', '')
  const reasons = [...new Set(cases.flatMap((c) => c.records.flatMap((r) => Object.values(r.realised).flatMap((x) => Object.keys(x.failures)))))].sort()
  if (reasons.length > 0)
    push(
      table(
        ['planner', 'regime', ...reasons],
        planners.flatMap((planner) =>
          regimes.map((regime) => [
            `\`${planner}\``,
            regime,
            ...reasons.map((reason) => `${cases.reduce((sum, c) => sum + (recordOf(c, planner)?.realised[regime]?.failures[reason] ?? 0), 0)}`),
          ]),
        ),
      ),
      '',
    )

  push('## Planning latency and memory', '', `![latency CDF](${charts.latency})`, '')
  push(
    table(
      ['planner', 'p50 (ms)', 'p99 (ms)', 'max (ms)', 'peak heap growth in one call (MiB)'],
      planners.map((planner) => {
        const t = summary.byPlanner[planner]?.all?.timing
        return [`\`${planner}\``, fixed(t?.p50Ms), fixed(t?.p99Ms), fixed(t?.maxMs), fixed(t ? t.peakHeapGrowthBytes / 2 ** 20 : undefined)]
      }),
    ),
    '',
    'Heap growth is `heapUsed` after a call minus before it (after a forced GC when node runs with `--expose-gc`): a lower bound on the call\'s peak, since the collector may run during the call. One timed call per intent; p99 of a few dozen calls is close to the maximum.',
    '',
  )

  push('## Output against trade size', '', `![output vs trade size](${charts.output})`, '')

  push(
    '## Where Accord loses',
    '',
    `Intents where \`accord\`'s net output is more than 0.1 bp behind a baseline's admissible plan, or more than ${GAP_TARGET_BPS} bp from the reference; realised rates are from the \`${regimes[0]}\` regime.`,
    '',
  )
  const losses = cases.flatMap((c) => {
    const accord = recordOf(c, 'accord')
    if (!accord?.plan) return accord ? [`- **${c.id}** (${c.bucket}): Accord returned no plan (${accord.status}${accord.error ? `: ${accord.error}` : ''}).`] : []
    // Against the baselines' admissible plans (Accord's own variants are not competitors).
    const contenders = c.records.filter((r) => r.plan && r.admissible && !r.planner.startsWith('accord') && r.planner !== reference)
    const best = contenders.reduce<PlanRecord | undefined>((top, r) => (!top || r.plan!.netOutput > top.plan!.netOutput ? r : top), undefined)
    const behindBps = best?.plan ? ((accord.plan.netOutput - best.plan.netOutput) / Math.abs(best.plan.netOutput)) * 1e4 : 0
    const behind = behindBps < -0.1
    const gapOver = (accord.gapToReferenceBps ?? 0) > GAP_TARGET_BPS
    if (!behind && !gapOver) return []
    const parts = [
      `- **${c.id}** (${c.bucket}, ${usd(c.amountUsd)}${c.deadlineSeconds ? `, deadline ${c.deadlineSeconds} s` : ''}): Accord (${accord.plan.strategy}, ${accord.plan.steps} steps, P = ${accord.plan.predictedProbability.toFixed(4)})`,
    ]
    if (behind && best?.plan)
      parts.push(
        ` is ${fixed(-behindBps)} bp behind \`${best.planner}\` (${best.plan.steps} steps, P = ${best.plan.predictedProbability.toFixed(4)}, realised ${percent(
          best.realised[regimes[0]!]?.successRate,
          1,
        )} vs Accord's ${percent(accord.realised[regimes[0]!]?.successRate, 1)})`,
      )
    if (accord.gapToReferenceBps !== undefined) parts.push(`; gap to reference ${fixed(accord.gapToReferenceBps)} bp`)
    return [`${parts.join('')}.`]
  })
  push(...(losses.length > 0 ? losses : ['Nowhere in this suite: Accord is best or tied on every intent and within the gap target.']), '')
  for (const regime of regimes) {
    const bad = (summary.calibration[regime]?.accord ?? []).filter((b) => b.enoughSamples && b.error > CALIBRATION_TARGET)
    for (const b of bad)
      push(
        `- Calibration (${regime}): bucket [${b.lower}, ${b.upper}) predicts ${percent(b.meanPredicted, 2)} but realises ${percent(b.realisedRate, 2)} ± ${(b.standardError * 100).toFixed(2)} pp over ${b.samples} realisations.`,
      )
  }
  push('')

  if (reference) {
    push('## The reference', '')
    push(
      `Which candidate of \`${reference}\` won, per intent count: ${Object.entries(summary.referenceSources)
        .sort((a, b) => b[1] - a[1])
        .map(([source, count]) => `\`${source}\` ${count}`)
        .join(', ')}.`,
      '',
    )
    const beaten = cases.flatMap((c) =>
      c.records.filter((r) => r.planner !== reference && (r.gapToReferenceBps ?? 0) < -0.1).map((r) => `\`${r.planner}\` on ${c.id} by ${fixed(-r.gapToReferenceBps!, 2)} bp (P = ${r.plan!.predictedProbability.toFixed(3)} vs reference's ${recordOf(c, reference)?.plan?.predictedProbability.toFixed(3)})`),
    )
    push(
      beaten.length > 0
        ? `Plans that beat the reference (the reference only admits plans meeting the deadline with probability ≥ ${ADMISSIBLE_WITHIN_DEADLINE}; a baseline that falls back to an inadmissible plan can show a higher output): ${beaten.join('; ')}.`
        : 'No planner beat the reference on any intent.',
      '',
    )
  }
  return `${lines.join('\n')}\n`
}
