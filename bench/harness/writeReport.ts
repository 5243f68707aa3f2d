// Writes a run's report.md, report.json and SVG charts into one folder.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { calibrationChart, latencyChart, outputChart } from './benchmarkCharts.ts'
import type { BenchmarkEnvironment } from './collectEnvironment.ts'
import { renderReport } from './renderReport.ts'
import type { BenchmarkResult } from './runBenchmark.ts'

export const REPORT_SCHEMA = 'accord-bench/1'

export interface BenchmarkReport extends BenchmarkResult {
  readonly schema: typeof REPORT_SCHEMA
  readonly environment: BenchmarkEnvironment
}

/** The JSON report: the result with the environment; bigints as decimal strings. */
export function toReportJson(result: BenchmarkResult, environment: BenchmarkEnvironment): string {
  const report: BenchmarkReport = { schema: REPORT_SCHEMA, environment, ...result }
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`
}

/** Writes the files (creating `directory`) and returns their paths. */
export async function writeReport(result: BenchmarkResult, environment: BenchmarkEnvironment, directory: string): Promise<string[]> {
  await mkdir(directory, { recursive: true })
  const calibration: Record<string, string> = {}
  const files: Array<[string, string]> = []
  for (const regime of result.config.regimes) {
    calibration[regime.name] = `calibration-${regime.name}.svg`
    files.push([calibration[regime.name]!, calibrationChart(result, regime.name)])
  }
  files.push(['output-vs-size.svg', outputChart(result)], ['latency-cdf.svg', latencyChart(result)])
  files.push(['report.md', renderReport(result, environment, { calibration, output: 'output-vs-size.svg', latency: 'latency-cdf.svg' })])
  files.push(['report.json', toReportJson(result, environment)])
  for (const [name, content] of files) await writeFile(join(directory, name), content)
  return files.map(([name]) => join(directory, name))
}
