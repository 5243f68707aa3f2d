// What a step actually spends and the guard it carries, once earlier steps delivered amounts that
// differ from the plan's: the plan's proportions and rates are kept, applied to what is really held.
import type { AssetKey } from '../../solver/market/types.ts'
import type { Plan } from '../../solver/model/plan.ts'
import { BaseError } from '../../solver/errors.ts'

/**
 * The input of step `stepIndex` from `heldRaw` (what the leg holds of the step's input token): the
 * step's planned share among the leg's not-yet-started steps that spend that token,
 * ⌊held · planned / Σ planned⌋, and everything held when it is the last of them, so nothing is
 * stranded. Steps that spend one token start only after every step producing it (buildSteps makes
 * them depend on all producers), so `heldRaw` is the whole amount the plan meant for them.
 */
export function allocateStepInput(plan: Plan, stepIndex: number, heldRaw: bigint, notStarted: ReadonlySet<number>): bigint {
  const step = plan.steps.find((candidate) => candidate.index === stepIndex)
  if (!step) throw new BaseError('INTERNAL', `Plan has no step ${stepIndex}.`)
  if (heldRaw <= 0n) return 0n
  const siblings = plan.steps.filter((candidate) => candidate.tokenIn === step.tokenIn && notStarted.has(candidate.index))
  if (siblings.length <= 1) return heldRaw
  const total = siblings.reduce((sum, candidate) => sum + candidate.amountInRaw, 0n)
  if (total === 0n) return 0n
  return (heldRaw * step.amountInRaw) / total
}

/**
 * The least step `stepIndex` may deliver for `amountInRaw`, in raw units of its output:
 * - a step delivering the target keeps its scheduled minimum unchanged — the plan's minimum is what
 *   the user asked for, whatever earlier steps delivered;
 * - any other step keeps its scheduled rate: ⌊scheduledMin · amountIn / plannedIn⌋.
 */
export function stepGuardRaw(plan: Plan, stepIndex: number, amountInRaw: bigint, target: AssetKey): bigint {
  const step = plan.steps.find((candidate) => candidate.index === stepIndex)
  const scheduled = plan.schedule.steps.find((candidate) => candidate.stepIndex === stepIndex)
  if (!step || !scheduled) throw new BaseError('INTERNAL', `Plan has no scheduled step ${stepIndex}.`)
  if (step.tokenOut === target) return scheduled.minAmountOutRaw
  if (step.amountInRaw === 0n) return 0n
  return (scheduled.minAmountOutRaw * amountInRaw) / step.amountInRaw
}
