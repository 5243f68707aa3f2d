// One leg of a composite plan: the public planner (quoteIntent) asked to move part of a source holding
// to the asset a goal needs, with the input found by inverting the quote so that the leg's expected
// output, less a slippage buffer, covers its share of the goal. The leg's minimum is that share, so
// the leg's outcome probability counts P(delivered ≥ share).
import type { AssetRef, Market } from '../market/types.ts'
import { quoteIntent, type QuoteIntentOptions } from '../plan/quoteIntent.ts'
import type { Plan } from '../model/plan.ts'

export interface PlanFundingLegParameters {
  readonly market: Market
  readonly from: AssetRef
  readonly to: AssetRef
  /** What the leg must deliver at least (output raw units). */
  readonly targetRaw: bigint
  /** The most of the source it may spend. */
  readonly maxAmountInRaw: bigint
  readonly deadlineSeconds: number
  readonly slippageBufferBps: number
  readonly quoteOptions?: QuoteIntentOptions
}

export type PlanFundingLegReturnType =
  | { readonly ok: true; readonly plan: Plan; readonly amountInRaw: bigint }
  | { readonly ok: false; readonly reason: string }

const BPS = 10_000n
const MAX_ITERATIONS = 6

/** The most a source can deliver to `to` (expected output of spending all of it, less the buffer); 0 without a route. */
export function fundingCapacity(
  market: Market,
  from: AssetRef,
  to: AssetRef,
  maxAmountInRaw: bigint,
  deadlineSeconds: number,
  slippageBufferBps: number,
  quoteOptions: QuoteIntentOptions = {},
): { capacityRaw: bigint; reason?: string } {
  if (maxAmountInRaw <= 0n) return { capacityRaw: 0n, reason: 'the source is used up' }
  const quote = quoteIntent(market, { from, to, amountInRaw: maxAmountInRaw, deadlineSeconds }, quoteOptions)
  const plan = quote.status === 'ok' ? quote.plan : quote.bestPlan
  if (!plan) return { capacityRaw: 0n, reason: quote.status === 'ok' ? 'no plan' : quote.reason }
  return { capacityRaw: (plan.expectedAmountOutRaw * (BPS - BigInt(slippageBufferBps))) / BPS }
}

/**
 * Finds the smallest input (within a few quote iterations) whose expected output × (1 − buffer)
 * reaches `targetRaw`, and returns that quote, planned with `minAmountOutRaw = targetRaw`.
 */
export function planFundingLeg(parameters: PlanFundingLegParameters): PlanFundingLegReturnType {
  const { market, from, to, targetRaw, maxAmountInRaw, deadlineSeconds, slippageBufferBps, quoteOptions = {} } = parameters
  const keep = BPS - BigInt(slippageBufferBps)
  const quote = (amountInRaw: bigint) => quoteIntent(market, { from, to, amountInRaw, deadlineSeconds, minAmountOutRaw: targetRaw }, quoteOptions)
  const covered = (plan: Plan) => (plan.expectedAmountOutRaw * keep) / BPS
  // The rate at full size gives the first guess; smaller trades get better rates, so it is an upper bound
  // except for fixed fees, which the upward steps below absorb.
  const full = quote(maxAmountInRaw)
  const fullPlan = full.status === 'ok' ? full.plan : full.bestPlan
  if (!fullPlan) return { ok: false, reason: full.status === 'ok' ? 'no plan' : full.reason }
  if (covered(fullPlan) < targetRaw) return { ok: false, reason: `spending all ${maxAmountInRaw} delivers about ${fullPlan.expectedAmountOutRaw}, short of ${targetRaw}` }
  let amountInRaw = (maxAmountInRaw * targetRaw) / covered(fullPlan) + 1n
  for (let iteration = 0; iteration < MAX_ITERATIONS && amountInRaw < maxAmountInRaw; iteration++) {
    const result = quote(amountInRaw)
    const plan = result.status === 'ok' ? result.plan : result.bestPlan
    if (result.status === 'ok' && covered(result.plan) >= targetRaw) return { ok: true, plan: result.plan, amountInRaw }
    const got = plan ? covered(plan) : 0n
    const next = got > 0n ? (amountInRaw * targetRaw) / got + 1n : maxAmountInRaw
    amountInRaw = next > amountInRaw ? next : amountInRaw + amountInRaw / 1000n + 1n
  }
  if (full.status !== 'ok') return { ok: false, reason: full.reason }
  return { ok: true, plan: full.plan, amountInRaw: maxAmountInRaw }
}
