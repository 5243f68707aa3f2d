// The calibration benchmark's Markdown report.
import type { RelayerMeasurement } from './probeRelayer.ts'
import type { RelayerRegime } from './relayerRegimes.ts'
import type { CalibrationScore, ForecastScore, ScoredRun } from './scoreForecasts.ts'

export interface CalibrationReportParameters {
  readonly command: string
  readonly date: string
  readonly seconds: number
  /** The networks' executor overhead and inclusion measured by the unscored warm-up executions, one line each. */
  readonly warmUp: readonly string[]
  /** Per regime run: its configuration, what probing measured, and the fill times its runs saw (sorted). */
  readonly probed: ReadonlyArray<{ readonly regime: RelayerRegime; readonly measured: RelayerMeasurement; readonly runFillSeconds: readonly number[] }>
  readonly score: CalibrationScore
  readonly runs: readonly ScoredRun[]
}

const pct = (value: number) => (Number.isFinite(value) ? `${(100 * value).toFixed(1)} %` : '–')
const row = (name: string, s: ForecastScore) => `| ${name} | ${s.runs} | ${s.meanPredicted.toFixed(3)} | ${s.realisedRate.toFixed(3)} | ${s.ece.toFixed(3)} | ${s.brier.toFixed(3)} |`

export function renderCalibrationReport(parameters: CalibrationReportParameters): string {
  const { command, date, seconds, warmUp, probed, score, runs } = parameters
  const loads = runs.map((run) => run.loadPerCore).filter((load): load is number => load !== undefined).sort((a, b) => a - b)
  const loadAt = (q: number) => (loads.length === 0 ? NaN : loads[Math.min(loads.length - 1, Math.floor(q * loads.length))]!)
  const lines = [
    `# Calibration on real devnet executions (${date})`,
    '',
    `\`${command}\` — ${(seconds / 60).toFixed(1)} min.`,
    '',
    `Machine load when the runs started (1-minute load average per core; the machine is shared): min ${loadAt(0).toFixed(2)}, median ${loadAt(0.5).toFixed(2)}, p90 ${loadAt(0.9).toFixed(2)}, max ${loadAt(1).toFixed(2)}.`,
    '',
    ...(warmUp.length === 0 ? [] : ['## The executor on this machine, measured by unscored warm-up executions (what the planner was given)', '', ...warmUp.map((line) => `- ${line}`), '']),
    '## Relayer regimes (configured) and what probing measured (what the planner was given)',
    '',
    'Probes ran just before each regime\'s runs, in as many lanes as the runs, each lane waiting for its fill; the last column is what the runs\' journals show (deposit receipt → fill seen).',
    '',
    '| regime | failure rate | delay median / p95 | probes | refunded | probed fill median / p95 | runs\' fills: n, median / p95 |',
    '|---|---|---|---|---|---|---|',
    ...probed.map(({ regime, measured: m, runFillSeconds: f }) => {
      const at = (q: number) => f[Math.min(f.length - 1, Math.floor(q * f.length))]!
      const runs = f.length === 0 ? '0' : `${f.length}, ${at(0.5).toFixed(2)} s / ${at(0.95).toFixed(2)} s`
      return `| ${regime.name} | ${regime.failureRate} | ${regime.delay.medianMs / 1000} s / ${regime.delay.p95Ms / 1000} s | ${m.probes} | ${m.refunded} (${pct(m.failureRate)}) | ${m.medianSeconds.toFixed(2)} s / ${m.p95Seconds.toFixed(2)} s | ${runs} |`
    }),
    '',
    '## Outcome probability',
    '',
    '| runs | n | mean predicted | realised | ECE | Brier |',
    '|---|---|---|---|---|---|',
    row('all', score.all),
    ...Object.entries(score.byRegime).map(([name, s]) => row(name, s)),
    ...Object.entries(score.byDeadline).map(([name, s]) => row(name, s)),
    row('2nd half, market before calibrate', score.secondHalf.before),
    row('2nd half, market after calibrate', score.secondHalf.after),
    '',
    'Buckets (all runs):',
    '',
    '| predicted | n | mean predicted | realised | error |',
    '|---|---|---|---|---|',
    ...score.all.buckets.map((b) => `| ${b.lower.toFixed(1)}–${b.upper.toFixed(1)} | ${b.samples} | ${b.meanPredicted.toFixed(3)} | ${b.realisedRate.toFixed(3)} | ${(100 * b.error).toFixed(1)} pp${b.samples >= 20 ? '' : ' (< 20 runs)'} |`),
    '',
    '## Duration (runs that delivered everything on their first plan)',
    '',
    '| | n | past predicted p50 | past predicted p95 |',
    '|---|---|---|---|',
    `| all | ${score.durations.runs} | ${pct(score.durations.pastP50)} | ${pct(score.durations.pastP95)} |`,
    `| started at load ≤ 1 per core | ${score.durationsByLoad.calm.runs} | ${pct(score.durationsByLoad.calm.pastP50)} | ${pct(score.durationsByLoad.calm.pastP95)} |`,
    `| started at load > 1 per core | ${score.durationsByLoad.loaded.runs} | ${pct(score.durationsByLoad.loaded.pastP50)} | ${pct(score.durationsByLoad.loaded.pastP95)} |`,
    `| 2nd half, before calibrate | ${score.secondHalf.durationsBefore.runs} | ${pct(score.secondHalf.durationsBefore.pastP50)} | ${pct(score.secondHalf.durationsBefore.pastP95)} |`,
    `| 2nd half, after calibrate | ${score.secondHalf.durationsAfter.runs} | ${pct(score.secondHalf.durationsAfter.pastP50)} | ${pct(score.secondHalf.durationsAfter.pastP95)} |`,
    '',
  ]
  return `${lines.join('\n')}\n`
}
