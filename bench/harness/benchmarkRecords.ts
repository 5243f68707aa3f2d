// What a benchmark run records per case and planner: the plan's summary, its realisations per
// regime, its gap to the best and to the reference. Shared by runBenchmark.ts and summariseBenchmark.ts.
import type { TradeSizeBucket } from './suiteCase.ts'

export interface RealisationSummary {
  readonly samples: number
  readonly successes: number
  readonly successRate: number
  /** Failures by reason (RealisationFailure). */
  readonly failures: Readonly<Record<string, number>>
  /** Mean of delivered / expected over the successful realisations (1 = as quoted). */
  readonly meanDeliveredRatio: number
}

export interface PlanSummary {
  readonly strategy: string
  readonly steps: number
  readonly routes: ReadonlyArray<{ readonly venueIds: readonly string[]; readonly share: number }>
  readonly expectedAmountOutRaw: string
  readonly minAmountOutRaw: string
  /** Expected output in output-token units. */
  readonly grossOutput: number
  /** Expected output minus gas, in output-token units (netOutput). */
  readonly netOutput: number
  readonly gasCostUsd: number
  readonly predictedProbability: number
  readonly probabilityParts: { readonly allStepsSucceed: number; readonly withinDeadline: number; readonly aboveMinimum: number }
  readonly expectedDurationSeconds: number
  readonly p95DurationSeconds: number
}

export interface PlanRecord {
  readonly planner: string
  readonly status: 'ok' | 'noPlan' | 'error'
  readonly error?: string
  /** Identifies the plan within its case: planners that returned the same plan share it (and its realisations). */
  readonly planId?: string
  readonly plan?: PlanSummary
  /** Meets the intent's constraints (bench/planners/selectPlan.ts isAdmissible). */
  readonly admissible?: boolean
  /** Net output relative to the best admissible plan of a non-reference planner on this intent, bps (0 = best, negative = behind). */
  readonly outputVsBestBps?: number
  /** The same for the expected output before gas. */
  readonly grossVsBestBps?: number
  /** (reference net − net) / reference net, bps: ≥ 0 unless the planner beat the reference. */
  readonly gapToReferenceBps?: number
  /** Per regime name. */
  readonly realised: Readonly<Record<string, RealisationSummary>>
  /** Non-deterministic measurements, kept apart so reports can be compared without them. */
  readonly timing: { readonly planningMs: number; readonly heapGrowthBytes: number }
}

export interface CaseRecord {
  readonly id: string
  readonly intentSet: string
  readonly bucket: TradeSizeBucket
  readonly amountUsd: number
  /** `ethereum:USDC → arbitrum:WETH`. */
  readonly route: string
  readonly amount: string
  readonly deadlineSeconds?: number
  readonly objective: string
  readonly records: readonly PlanRecord[]
}

