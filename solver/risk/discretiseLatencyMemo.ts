// discretiseLatency with a memo: the steps of a split plan mostly share a handful of latencies (every
// swap on one network, every fill of one bridge), and each candidate plan, its schedule and every
// step's own grid discretise them again. The result is a pure function of (grid, latency), so a
// memo changes no figure; it is bounded so a long-running service does not grow it without end.
import type { StepLatency } from '../model/latency.ts'
import { discretiseLatency, type GridDistribution, type TimeGrid } from './timeGrid.ts'

/** Distinct (grid, latency) pairs kept; the memo starts afresh when full. */
const MEMO_ENTRIES = 4096

const memo = new Map<string, GridDistribution>()

/** discretiseLatency(grid, latency), computed once per distinct pair. The result is shared: do not mutate it. */
export function discretiseLatencyMemo(grid: TimeGrid, latency: StepLatency): GridDistribution {
  const key = `${grid.stepSeconds}|${grid.intervals}|${JSON.stringify(latency)}`
  const known = memo.get(key)
  if (known) return known
  const distribution = discretiseLatency(grid, latency)
  if (memo.size >= MEMO_ENTRIES) memo.clear()
  memo.set(key, distribution)
  return distribution
}
