// Everything the timing computations share for one plan: its DAG, each step's latency, a time grid
// covering the plan, and each step's duration discretised on it.
import type { MarketIndex } from '../market/indexMarket.ts'
import type { Step } from '../model/plan.ts'
import { latencyUpperBoundSeconds } from './latencyDistribution.ts'
import { GRID_INTERVALS, HORIZON_TAIL_PROBABILITY } from './parameters.ts'
import { analysePlanDag, type PlanDag } from './planDag.ts'
import { stepLatency } from './stepLatency.ts'
import type { StepLatency } from '../model/latency.ts'
import { createTimeGrid, type GridDistribution, type TimeGrid } from './timeGrid.ts'
import { discretiseLatencyMemo } from './discretiseLatencyMemo.ts'

export interface PlanTiming {
  readonly dag: PlanDag
  readonly latencies: readonly StepLatency[]
  readonly grid: TimeGrid
  readonly durations: readonly GridDistribution[]
  /** Per step position, the horizon bound of that step and its ancestors alone (seconds). */
  readonly stepHorizons: readonly number[]
}

const cache = new WeakMap<readonly Step[], WeakMap<MarketIndex, PlanTiming>>()

/**
 * Prepares (or returns the cached) timing data of `steps`. The grid's horizon is the longest path
 * through the DAG of the steps' (1 − HORIZON_TAIL_PROBABILITY)-upper bounds: if no step exceeds its
 * bound the plan finishes by the horizon, so (union bound) at most n·HORIZON_TAIL_PROBABILITY of the
 * completion-time mass lies beyond it. Throws what `analysePlanDag` and `stepLatency` throw.
 */
export function preparePlanTiming(index: MarketIndex, steps: readonly Step[]): PlanTiming {
  const cached = cache.get(steps)?.get(index)
  if (cached) return cached
  const dag = analysePlanDag(steps)
  const latencies = steps.map((step) => stepLatency(index, step))
  const finish = new Float64Array(steps.length)
  let horizon = 0
  for (const position of dag.order) {
    let start = 0
    for (const dependency of dag.dependsOn[position]!) start = Math.max(start, finish[dependency] as number)
    finish[position] = start + latencyUpperBoundSeconds(latencies[position]!, HORIZON_TAIL_PROBABILITY)
    horizon = Math.max(horizon, finish[position] as number)
  }
  const grid = createTimeGrid(horizon > 0 ? horizon : 1, GRID_INTERVALS)
  const timing: PlanTiming = {
    dag,
    latencies,
    grid,
    durations: latencies.map((latency) => discretiseLatencyMemo(grid, latency)),
    stepHorizons: [...finish],
  }
  const byIndex = cache.get(steps) ?? new WeakMap<MarketIndex, PlanTiming>()
  byIndex.set(index, timing)
  cache.set(steps, byIndex)
  return timing
}
