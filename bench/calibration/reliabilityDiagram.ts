// The calibration benchmark's reliability diagram: realised rate against mean prediction per bucket.
import { renderSvgChart } from '../harness/svgChart.ts'
import { PALETTE } from '../harness/svgChart.ts'
import type { CalibrationScore, ScoredRun } from './scoreForecasts.ts'

const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1]

/** All runs (filled markers, one per ten-percent bucket) and the second half before/after `accord calibrate`. */
export function reliabilityDiagram(runs: readonly ScoredRun[], score: CalibrationScore): string {
  const points = (buckets: CalibrationScore['all']['buckets']) => buckets.map((bucket) => [bucket.meanPredicted, bucket.realisedRate] as const)
  return renderSvgChart({
    title: 'Outcome probability on real devnet executions: realised vs predicted',
    note: `${runs.length} executions; ECE ${score.all.ece.toFixed(3)}, Brier ${score.all.brier.toFixed(3)}; one point per 10 % bucket; dashed = perfect`,
    xLabel: 'predicted outcome probability (bucket mean)',
    yLabel: 'share of executions that reached the outcome',
    x: { min: 0, max: 1, ticks, format: (v) => v.toFixed(1) },
    y: { min: 0, max: 1, ticks, format: (v) => v.toFixed(1) },
    series: [
      { name: `all runs (ECE ${score.all.ece.toFixed(3)})`, color: PALETTE[0]!, points: points(score.all.buckets), line: true, markerRadius: 4 },
      { name: `2nd half, before calibrate (ECE ${score.secondHalf.before.ece.toFixed(3)})`, color: PALETTE[1]!, points: points(score.secondHalf.before.buckets), markerRadius: 3, hollow: true },
      { name: `2nd half, after calibrate (ECE ${score.secondHalf.after.ece.toFixed(3)})`, color: PALETTE[2]!, points: points(score.secondHalf.after.buckets), markerRadius: 3 },
    ],
    diagonal: true,
  })
}
