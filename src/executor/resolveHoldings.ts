// Re-solving from what the execution holds: every holding that is not yet the target becomes the
// `from` of a new intent with the original's constraints, the minimum still owed and the deadline
// left, and is planned by the same quoteIntent that planned the original.
import { assetKeyOf, parseAssetKey } from '../../solver/market/assetKey.ts'
import type { AssetKey, Market } from '../../solver/market/types.ts'
import type { Intent } from '../../solver/model/intent.ts'
import type { HolderAllowance } from '../../solver/model/allowance.ts'
import type { LpBackend } from '../../solver/lp/types.ts'
import { quoteIntent, type QuoteIntentReturnType } from '../../solver/plan/quoteIntent.ts'
import { BaseError } from '../../solver/errors.ts'
import type { LegPlan } from './journal.ts'

export interface ResolveHoldingsParameters {
  readonly market: Market
  /** The original intent: its target and constraints (bridges, networks, steps, objective) carry over. */
  readonly intent: Intent
  /** What is held, by asset; the target asset is skipped (already delivered). */
  readonly holdings: ReadonlyArray<{ readonly asset: AssetKey; readonly amountRaw: bigint }>
  /** The least these holdings must deliver together (raw target units); ≤ 0 means only the slippage guard applies. */
  readonly minAmountOutRaw: bigint
  /** Seconds left until the intent's deadline; undefined without one or once it has passed. */
  readonly deadlineSeconds: number | undefined
  /** Leg id of the first new plan; the others follow. */
  readonly firstLegId: number
  readonly backend?: LpBackend
  /**
   * The account's standing allowances on the held tokens as they are now (readHolderAllowances), so
   * the new plans count only the approvals the executor will send (a reverted swap leaves its
   * approval standing). They replace the intent's; absent: none.
   */
  readonly allowances?: readonly HolderAllowance[]
}

export interface ResolveHoldingsReturnType {
  readonly plans: readonly LegPlan[]
  readonly unplanned: ReadonlyArray<{ readonly asset: AssetKey; readonly amountRaw: bigint; readonly reason: string }>
  /** Time spent in quoteIntent, milliseconds. */
  readonly quoteMs: number
}

function subIntent(
  intent: Intent,
  asset: AssetKey,
  amountRaw: bigint,
  minAmountOutRaw: bigint | undefined,
  deadlineSeconds: number | undefined,
  allowances: readonly HolderAllowance[] | undefined,
): Intent {
  const { minAmountOutRaw: _min, maxSlippageBps, deadlineSeconds: _deadline, from: _from, amountInRaw: _amount, allowances: _allowances, ...constraints } = intent
  const hasMinimum = minAmountOutRaw !== undefined && minAmountOutRaw > 0n
  return {
    ...constraints,
    from: parseAssetKey(asset),
    amountInRaw: amountRaw,
    // A minimum still owed replaces the slippage tolerance (the planner takes one or the other).
    ...(hasMinimum ? { minAmountOutRaw } : maxSlippageBps === undefined ? {} : { maxSlippageBps }),
    ...(deadlineSeconds !== undefined && deadlineSeconds > 0 ? { deadlineSeconds } : {}),
    ...(allowances !== undefined && allowances.length > 0 ? { allowances } : {}),
  }
}

/**
 * Plans every non-target holding to the target. With one holding the minimum goes to it whole; with
 * several, each is first quoted without a minimum and the minimum is shared in proportion to the
 * expected outputs (⌊·⌋, the remainder to the largest), then each is quoted again with its share.
 * Holdings whose quote is not `ok` (no route, nothing reaches the minimum, the deadline, or an
 * Accord error from the planner) are returned as `unplanned` with the reason; nothing throws.
 */
export function resolveHoldings(parameters: ResolveHoldingsParameters): ResolveHoldingsReturnType {
  const { market, intent, minAmountOutRaw, deadlineSeconds, backend, allowances } = parameters
  const target = assetKeyOf(intent.to)
  const holdings = parameters.holdings.filter((holding) => holding.asset !== target && holding.amountRaw > 0n)
  let quoteMs = 0
  const quote = (asset: AssetKey, amountRaw: bigint, min: bigint | undefined): QuoteIntentReturnType => {
    const start = performance.now()
    try {
      return quoteIntent(market, subIntent(intent, asset, amountRaw, min, deadlineSeconds, allowances), backend ? { backend } : {})
    } catch (error) {
      // A holding the planner rejects (e.g. a token the market lost) stays where it is, with the reason.
      const reason = error instanceof BaseError ? `${error.code}: ${error.shortMessage}` : String(error)
      return { status: 'noRoute', code: 'NO_ROUTE', reason, alternatives: [], frontier: [], candidatesEvaluated: 0 }
    } finally {
      quoteMs += performance.now() - start
    }
  }

  let shares: bigint[]
  if (holdings.length <= 1) shares = holdings.map(() => minAmountOutRaw)
  else {
    const expected = holdings.map((holding) => {
      const result = quote(holding.asset, holding.amountRaw, undefined)
      return result.status === 'ok' ? result.plan.expectedAmountOutRaw : 0n
    })
    const total = expected.reduce((sum, value) => sum + value, 0n)
    shares = expected.map((value) => (total > 0n && minAmountOutRaw > 0n ? (minAmountOutRaw * value) / total : 0n))
    const largest = expected.indexOf(expected.reduce((max, value) => (value > max ? value : max), 0n))
    if (minAmountOutRaw > 0n && largest >= 0) shares[largest]! += minAmountOutRaw - shares.reduce((sum, value) => sum + value, 0n)
  }

  const plans: LegPlan[] = []
  const unplanned: Array<{ asset: AssetKey; amountRaw: bigint; reason: string }> = []
  holdings.forEach((holding, i) => {
    const share = shares[i] ?? 0n
    const result = quote(holding.asset, holding.amountRaw, share)
    if (result.status !== 'ok') {
      unplanned.push({ asset: holding.asset, amountRaw: holding.amountRaw, reason: result.reason })
      return
    }
    plans.push({
      legId: parameters.firstLegId + plans.length,
      source: { asset: holding.asset, amountRaw: holding.amountRaw },
      minAmountOutRaw: result.plan.minAmountOutRaw,
      plan: result.plan,
    })
  })
  return { plans, unplanned, quoteMs }
}
