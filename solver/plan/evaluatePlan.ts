// Exact steps → a complete Plan: minimum output, outcome probability and schedule.
import type { MarketIndex } from '../market/indexMarket.ts'
import type { Intent } from '../market/types.ts'
import { estimateOutcomeProbability } from '../risk/index.ts'
import { scheduleSteps } from '../schedule/index.ts'
import type { MarketGraph } from '../graph/buildMarketGraph.ts'
import type { BuildStepsReturnType } from './buildSteps.ts'
import type { Plan } from './types.ts'

/** Slippage tolerance used when the intent gives neither a minimum output nor a slippage. */
export const DEFAULT_MAX_SLIPPAGE_BPS = 50

/** The minimum the user accepts for a plan that is expected to deliver `expectedAmountOutRaw`. */
export function resolveMinAmountOut(intent: Intent, expectedAmountOutRaw: bigint): bigint {
  if (intent.minAmountOutRaw !== undefined) return intent.minAmountOutRaw
  const bps = BigInt(intent.maxSlippageBps ?? DEFAULT_MAX_SLIPPAGE_BPS)
  return (expectedAmountOutRaw * (10_000n - bps)) / 10_000n
}

export interface EvaluatePlanParameters {
  readonly index: MarketIndex
  readonly graph: MarketGraph
  readonly intent: Intent
  readonly built: BuildStepsReturnType
  readonly strategy: string
}

export function evaluatePlan(parameters: EvaluatePlanParameters): Plan {
  const { index, graph, intent, built, strategy } = parameters
  const expectedAmountOutRaw = built.amountOutRaw
  const minAmountOutRaw = resolveMinAmountOut(intent, expectedAmountOutRaw)
  const deadlineSeconds = intent.deadlineSeconds
  const outcome = estimateOutcomeProbability({ index, steps: built.steps, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds })
  const schedule = scheduleSteps({ index, steps: built.steps, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds })
  return {
    marketVersion: index.market.version,
    intent,
    steps: built.steps,
    routes: built.routes.map((route) => ({
      venueIds: route.edges.map((edge) => graph.getEdgeAttribute(edge, 'venueId')),
      amountInRaw: BigInt(Math.round(route.share * 1e9)) * intent.amountInRaw / 1_000_000_000n,
    })),
    schedule,
    amountInRaw: intent.amountInRaw,
    expectedAmountOutRaw,
    minAmountOutRaw,
    outcomeProbability: outcome.probability,
    expectedDurationSeconds: schedule.expectedDurationSeconds,
    p95DurationSeconds: schedule.p95DurationSeconds,
    gasCostUsd: built.steps.reduce((sum, step) => sum + step.gasCostUsd, 0),
    strategy,
  }
}
