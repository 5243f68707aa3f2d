// Exact steps → a complete Plan: minimum output, outcome probability and schedule.
import type { MarketIndex } from '../market/indexMarket.ts'
import type { Intent } from '../model/intent.ts'
import { estimateOutcomeProbability, type EstimateOutcomeProbabilityReturnType } from '../risk/estimateOutcomeProbability.ts'
import { scheduleSteps } from '../schedule/scheduleSteps.ts'
import type { MarketGraph } from '../graph/buildMarketGraph.ts'
import type { BuildStepsReturnType } from './buildSteps.ts'
import type { Plan } from '../model/plan.ts'

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
  /** The minimum to judge the plan against; default from the intent (resolveMinAmountOut). */
  readonly minAmountOutRaw?: bigint
  /** estimateOutcomeProbability of these steps against that minimum, when the caller has it already. */
  readonly outcome?: EstimateOutcomeProbabilityReturnType
}

export function evaluatePlan(parameters: EvaluatePlanParameters): Plan {
  const { index, graph, intent, built, strategy } = parameters
  const expectedAmountOutRaw = built.amountOutRaw
  const plan = {
    marketVersion: index.market.version,
    intent,
    steps: built.steps,
    routes: built.routes.map((route) => ({
      venueIds: route.edges.map((edge) => graph.getEdgeAttribute(edge, 'venueId')),
      amountInRaw: BigInt(Math.round(route.share * 1e9)) * intent.amountInRaw / 1_000_000_000n,
    })),
    amountInRaw: intent.amountInRaw,
    expectedAmountOutRaw,
    gasCostUsd: built.steps.reduce((sum, step) => sum + step.gasCostUsd, 0),
    strategy,
  }
  return { ...plan, ...judgePlan(index, plan, parameters.minAmountOutRaw ?? resolveMinAmountOut(intent, expectedAmountOutRaw), parameters.outcome) }
}

/** Outcome probability and schedule (the steps' guards) of `plan` against `minAmountOutRaw`. */
function judgePlan(
  index: MarketIndex,
  plan: Pick<Plan, 'intent' | 'steps' | 'expectedAmountOutRaw'>,
  minAmountOutRaw: bigint,
  known: EstimateOutcomeProbabilityReturnType | undefined,
) {
  const { steps, expectedAmountOutRaw } = plan
  const deadlineSeconds = plan.intent.deadlineSeconds
  const outcome = known ?? estimateOutcomeProbability({ index, steps, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds })
  const schedule = scheduleSteps({ index, steps, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds })
  return {
    schedule,
    minAmountOutRaw,
    outcomeProbability: outcome.probability,
    expectedDurationSeconds: schedule.expectedDurationSeconds,
    p95DurationSeconds: schedule.p95DurationSeconds,
  }
}
