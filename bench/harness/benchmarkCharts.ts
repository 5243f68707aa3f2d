// The report's charts: calibration per regime, output vs trade size, planning-latency CDF.
import type { BenchmarkResult } from './runBenchmark.ts'
import { PALETTE, renderSvgChart, type ChartSeries } from './svgChart.ts'

const colorOf = (result: BenchmarkResult, planner: string) => PALETTE[result.config.planners.findIndex((p) => p.name === planner) % PALETTE.length]!

/** Reliability diagram for one regime: realised success rate against mean prediction per probability bucket. */
export function calibrationChart(result: BenchmarkResult, regime: string): string {
  const perPlanner = result.summary.calibration[regime] ?? {}
  const series: ChartSeries[] = result.config.planners.map(({ name }) => ({
    name,
    color: colorOf(result, name),
    points: (perPlanner[name] ?? []).map((bucket) => [bucket.meanPredicted, bucket.realisedRate] as const),
    line: true,
    markerRadius: 3.5,
  }))
  const values = series.flatMap((s) => s.points.flatMap(([x, y]) => [x, y]))
  const low = Math.max(0, Math.min(0.9, Math.floor(Math.min(...values, 0.9) * 10) / 10))
  const step = 1 - low > 0.3 ? 0.1 : 0.02
  const ticks: number[] = []
  for (let t = low; t <= 1 + 1e-9; t += step) ticks.push(Math.round(t * 100) / 100)
  const label = result.config.regimes.find((r) => r.name === regime)?.name ?? regime
  return renderSvgChart({
    title: `Calibration (${label} regime): realised vs predicted success`,
    note: `${result.config.samples} realisations per plan; one point per probability bucket; dashed line = perfect calibration`,
    xLabel: 'predicted outcome probability (bucket mean)',
    yLabel: 'realised success rate',
    x: { min: low, max: 1, ticks, format: (v) => v.toFixed(2) },
    y: { min: low, max: 1, ticks, format: (v) => v.toFixed(2) },
    series,
    diagonal: true,
  })
}

/** sign(v)·log10(1 + |v|): keeps 0, shows 1 bp and 1000 bp on one axis. */
const signedLog = (value: number) => Math.sign(value) * Math.log10(1 + Math.abs(value))

/** Net output relative to the best planner (bps, signed-log axis) against the intent's USD size. */
export function outputChart(result: BenchmarkResult): string {
  const count = result.config.planners.length
  const series: ChartSeries[] = result.config.planners.map(({ name }, s) => ({
    name,
    color: colorOf(result, name),
    // Each planner's markers nudged sideways (±3 % in size) so planners with equal outputs stay visible.
    points: result.cases.flatMap((c) => {
      const record = c.records.find((r) => r.planner === name)
      const nudge = 10 ** (0.025 * (s - (count - 1) / 2))
      return record?.outputVsBestBps === undefined ? [] : [[c.amountUsd * nudge, signedLog(record.outputVsBestBps)] as const]
    }),
    markerRadius: 3.5,
    hollow: name === result.config.referencePlanner,
  }))
  const sizes = result.cases.map((c) => c.amountUsd)
  const xMin = 10 ** Math.floor(Math.log10(Math.min(...sizes, 100)))
  const xMax = 10 ** Math.ceil(Math.log10(Math.max(...sizes, 1000)))
  const xTicks: number[] = []
  for (let t = xMin; t <= xMax; t *= 10) xTicks.push(t)
  const yTicks = [1, 0, -1, -10, -100, -1000].map(signedLog)
  const formatUsd = (v: number) => (v >= 1e6 ? `$${v / 1e6}M` : v >= 1e3 ? `$${v / 1e3}k` : `$${v}`)
  return renderSvgChart({
    title: 'Net output vs trade size, relative to the best planner on each intent',
    note: 'bps (signed log scale: 0 = best; the reference, hollow, can be above); values below −1000 bp sit on the axis',
    xLabel: 'trade size (USD, log scale)',
    yLabel: 'net output vs best (bp)',
    x: { min: xMin, max: xMax, log: true, ticks: xTicks, format: formatUsd },
    y: { min: signedLog(-1000), max: signedLog(10), ticks: yTicks, format: (v) => String(Math.round(Math.sign(v) * (10 ** Math.abs(v) - 1))) },
    series,
  })
}

/** Empirical CDF of planning latency per planner (log time axis). */
export function latencyChart(result: BenchmarkResult): string {
  const series: ChartSeries[] = result.config.planners.map(({ name }) => {
    const times = result.cases
      .flatMap((c) => c.records.filter((r) => r.planner === name).map((r) => r.timing.planningMs))
      .filter((t) => t > 0)
      .sort((a, b) => a - b)
    const points: Array<readonly [number, number]> = []
    times.forEach((t, i) => {
      points.push([t, i / times.length], [t, (i + 1) / times.length])
    })
    return { name, color: colorOf(result, name), points, line: true }
  })
  const all = series.flatMap((s) => s.points.map(([x]) => x))
  const xMin = 10 ** Math.floor(Math.log10(Math.max(0.01, Math.min(...all, 1))))
  const xMax = 10 ** Math.ceil(Math.log10(Math.max(...all, 10)))
  const xTicks: number[] = []
  for (let t = xMin; t <= xMax; t *= 10) xTicks.push(t)
  return renderSvgChart({
    title: 'Planning latency: cumulative distribution',
    note: 'one planning call per intent and planner, after one warm-up call per planner',
    xLabel: 'planning time (ms, log scale)',
    yLabel: 'share of intents planned within',
    x: { min: xMin, max: xMax, log: true, ticks: xTicks, format: (v) => (v >= 1000 ? `${v / 1000}s` : `${v}ms`) },
    y: { min: 0, max: 1, ticks: [0, 0.25, 0.5, 0.75, 1], format: (v) => `${Math.round(v * 100)}%` },
    series,
  })
}
