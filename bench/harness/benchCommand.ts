// `accord bench`: runs planners over a scenario suite and writes a report. src/cli/benchCommand.ts loads
// this module by dynamic import, so that src/ never imports bench/ statically.
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import { BaseError } from '../../solver/errors.ts'
import { collectEnvironment } from './collectEnvironment.ts'
import { loadPlannerModule } from './loadPlannerModule.ts'
import { createProgressBar } from './progressBar.ts'
import { runBenchmark } from './runBenchmark.ts'
import { DEFAULT_SUITE, loadSuite, SUITES } from './suite.ts'
import { toReportJson, writeReport } from './writeReport.ts'
import { BUILTIN_PLANNERS, createBuiltinPlanners, DEFAULT_PLANNERS } from '../planners/builtinPlanners.ts'
import { defineCommand, parseNumberFlag } from '../../src/cli/command.ts'
import { EXIT_OK } from '../../src/config/exitCodes.ts'

const DEFAULT_SAMPLES = 1000
const DEFAULT_SEED = 1
const RESULTS = fileURLToPath(new URL('../results/', import.meta.url))

const usage = `Usage: accord bench [options]

Runs planners over a scenario suite, realises every plan with the Monte Carlo simulator and writes
report.md, report.json and SVG charts (calibration, output vs trade size, latency CDF).

Options:
  --suite NAME|FILES      ${Object.keys(SUITES).join(', ')} (default ${DEFAULT_SUITE}), or intent-set files separated by commas
  --planners LIST         built-in planners, comma-separated (default all: ${DEFAULT_PLANNERS.join(',')}); "none" for only --planner modules
  --planner FILE          a third-party planner module (default export: a planner or a factory); repeatable
  --samples N             Monte Carlo realisations per plan and regime (default ${DEFAULT_SAMPLES})
  --seed N                base seed of the realisations (default ${DEFAULT_SEED})
  --out DIR               output folder (default bench/results/<YYYY-MM-DD>)
  --json                  also print report.json to stdout
  --quiet                 no progress bar
  -h, --help              show this help

Built-in planners: ${BUILTIN_PLANNERS.join(', ')}.`

export const benchCommand = defineCommand({
  name: 'bench',
  summary: 'benchmark planners over a scenario suite and write a report',
  usage,
  options: {
    suite: { type: 'string' },
    planners: { type: 'string' },
    planner: { type: 'string', multiple: true },
    samples: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    quiet: { type: 'boolean' },
  },
  async run({ values, json, io }) {
    const samples = parseNumberFlag(values.samples, '--samples', { min: 1, integer: true }) ?? DEFAULT_SAMPLES
    const seed = parseNumberFlag(values.seed, '--seed', { min: 0, integer: true }) ?? DEFAULT_SEED
    const suiteName = values.suite ?? DEFAULT_SUITE
    const suite = await loadSuite(suiteName)
    const names =
      values.planners === undefined ? DEFAULT_PLANNERS : values.planners === 'none' ? [] : values.planners.split(',').map((name) => name.trim()).filter(Boolean)
    const planners = await createBuiltinPlanners(names)
    for (const path of values.planner ?? []) planners.push(await loadPlannerModule(path))
    if (planners.length === 0) throw new BaseError('INVALID_ARGUMENT', 'No planners to run.', { field: '--planners' })

    const command = [
      'npx accord bench',
      `--suite ${suiteName}`,
      `--planners ${names.length > 0 ? names.join(',') : 'none'}`,
      ...(values.planner ?? []).map((path) => `--planner ${path}`),
      `--samples ${samples}`,
      `--seed ${seed}`,
    ].join(' ')
    const environment = collectEnvironment(command, fileURLToPath(new URL('../../', import.meta.url)))
    const bar = values.quiet ? undefined : createProgressBar()
    const started = performance.now()
    let peakRss = process.memoryUsage().rss
    const result = await runBenchmark({
      suite,
      planners,
      samples,
      seed,
      onProgress: ({ done, total, phase }) => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss)
        bar?.update(done, total, phase)
      },
    })
    bar?.finish()
    const finished = { ...environment, totalSeconds: (performance.now() - started) / 1000, peakRssMiB: Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20 }
    const directory = values.out ? resolve(values.out) : resolve(RESULTS, environment.date.slice(0, 10))
    const files = await writeReport(result, finished, directory)
    if (json) io.stdout(toReportJson(result, finished))
    else {
      io.stdout(`accord bench: ${suite.cases.length} intents × ${planners.length} planners, ${samples} realisations per plan and regime, seed ${seed}`)
      for (const check of result.summary.checks)
        io.stdout(`  ${check.passed === undefined ? 'n/a ' : check.passed ? 'PASS' : 'FAIL'}  ${check.statement}: ${check.detail}`)
      io.stdout(`report: ${files.find((file) => file.endsWith('report.md'))}`)
    }
    return EXIT_OK
  },
})
