// What every baseline planner needs about one intent: the market's index and graph, the tokens, the
// trade's USD size, and the exact evaluation of an allocation (buildSteps → evaluatePlan), so every
// baseline is scored by the same exact math and risk model as Accord.
import { rawToFloat } from '../../solver/amounts.ts'
import { BaseError } from '../../solver/errors.ts'
import type { Market } from '../../solver/market/types.ts'
import type { Intent } from '../../solver/model/intent.ts'
import { buildSteps, type BuildStepsReturnType } from '../../solver/plan/buildSteps.ts'
import { evaluatePlan } from '../../solver/plan/evaluatePlan.ts'
import { prepareQuote, type QuoteContext } from '../../solver/plan/prepareQuote.ts'
import type { Plan } from '../../solver/model/plan.ts'

/** What every baseline planner needs about one intent: quoteIntent's own first stage (prepareQuote). */
export type PlanContext = QuoteContext

/** Validates the intent (throws what validateIntent throws) and gathers the context, as quoteIntent does. */
export function createPlanContext(market: Market, intent: Intent): PlanContext {
  return prepareQuote(market, intent)
}

/**
 * Exact steps for an allocation of flow over edges (only proportions at each node matter), or
 * undefined when the allocation delivers nothing or cannot be executed in order (a cycle).
 */
export function buildExact(context: PlanContext, edgeFlows: ReadonlyMap<string, number>): BuildStepsReturnType | undefined {
  try {
    const built = buildSteps({ index: context.index, graph: context.graph, source: context.source, sink: context.sink, amountInRaw: context.intent.amountInRaw, edgeFlows })
    return built.amountOutRaw > 0n ? built : undefined
  } catch (error) {
    if (error instanceof BaseError && error.code === 'SOLVER_FAILED') return undefined
    throw error
  }
}

/** The complete plan (probability, schedule) of exact steps, scored by the same model as Accord's. */
export function evaluateExact(context: PlanContext, built: BuildStepsReturnType, strategy: string): Plan {
  return evaluatePlan({ index: context.index, graph: context.graph, intent: context.intent, built, strategy })
}

/** Net value of exact steps in output-token units: delivered minus gas at the market's USD prices. */
export function builtNetOutput(context: PlanContext, built: BuildStepsReturnType): number {
  const gasUsd = built.steps.reduce((sum, step) => sum + step.gasCostUsd, 0)
  return rawToFloat(built.amountOutRaw, context.tokenOut.decimals) - gasUsd / context.tokenOut.priceUsd
}

/** Edge flows of a set of paths carrying the given shares of the input. */
export function pathFlows(paths: ReadonlyArray<{ readonly edges: readonly string[] }>, shares: readonly number[]): Map<string, number> {
  const flows = new Map<string, number>()
  paths.forEach((path, i) => {
    const share = shares[i] ?? 0
    if (share > 0) for (const edge of path.edges) flows.set(edge, (flows.get(edge) ?? 0) + share)
  })
  return flows
}
