// Plans one composite intent (POST /v1/plans) and renders its answer. Runs in a quote worker thread
// (or on the caller's thread when the pool is off), so the seconds a joint composite search takes stay
// off the event loop; the result crosses threads as plain data (errors as `{ kind: 'error' }` values,
// class instances do not survive structured cloning; the plan's bigints do).
import { performance } from 'node:perf_hooks'
import { planCompositeIntent } from '../../../solver/composite/planCompositeIntent.ts'
import { resolveCompositeRequest, type CompositeIntentRequest } from '../../../solver/composite/resolveCompositeRequest.ts'
import type { CompositePlan } from '../../../solver/composite/types.ts'
import { BaseError, type ErrorCode } from '../../../solver/errors.ts'
import type { Market } from '../../../solver/market/types.ts'
import { serializeCompositePlan, type SerializedCompositePlan } from '../../format/serializeCompositePlan.ts'
import { withFieldRoot } from '../errorCatalogue.ts'

export type PlanCompositeReturnType =
  | { readonly kind: 'planned'; readonly plan: CompositePlan; readonly serialized: SerializedCompositePlan; readonly plannerMs: number }
  /** A goal that cannot be met: the 422 body. */
  | { readonly kind: 'infeasible'; readonly body: string; readonly plannerMs: number }
  | { readonly kind: 'error'; readonly code: ErrorCode; readonly message: string; readonly field: string | null; readonly plannerMs: number }

/** Resolves the request body against `market` and calls planCompositeIntent; never throws. */
export function planComposite(market: Market, request: CompositeIntentRequest): PlanCompositeReturnType {
  const started = performance.now()
  const failed = (error: unknown): PlanCompositeReturnType => {
    // The request's fields are relative to the body.
    const rooted = withFieldRoot(error, 'body')
    if (rooted instanceof BaseError) return { kind: 'error', code: rooted.code, message: rooted.shortMessage, field: rooted.field ?? null, plannerMs: performance.now() - started }
    return { kind: 'error', code: 'SOLVER_FAILED', message: 'The planner failed on this intent.', field: null, plannerMs: performance.now() - started }
  }
  let intent
  let result
  try {
    intent = resolveCompositeRequest(market, request)
    result = planCompositeIntent(market, intent)
  } catch (error) {
    return failed(error)
  }
  const plannerMs = performance.now() - started
  if (result.status === 'ok') return { kind: 'planned', plan: result.plan, serialized: serializeCompositePlan(market, result.plan), plannerMs }
  const goalIndex = result.goalId === undefined ? -1 : intent.goals.findIndex((goal) => goal.id === result.goalId)
  const body = JSON.stringify({
    code: result.code,
    message: result.reason,
    field: goalIndex >= 0 ? `body.goals[${goalIndex}]` : intent.minProbability !== undefined && result.bestPlan ? 'body.minProbability' : null,
    marketVersion: market.version,
    ...(result.goalId ? { goalId: result.goalId } : {}),
    ...(result.bestPlan ? { bestPlan: serializeCompositePlan(market, result.bestPlan) } : {}),
  })
  return { kind: 'infeasible', body, plannerMs }
}
