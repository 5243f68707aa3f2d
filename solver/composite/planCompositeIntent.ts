// Plans a composite intent: funds every goal from the sources with legs planned by the public
// planner (quoteIntent), sizes the collateral so each borrow passes the Pool's exact checks and the
// goal's health-factor floor, and joins legs, approvals, supplies, borrows, delivery legs and vault
// deposits into one DAG with one schedule and one probability that every goal holds by the deadline.
// Legs are planned one after another on a market copy that carries the trades of the legs before,
// so legs sharing a venue see the state the earlier ones leave (as solver/batch realises in sequence).
import type { AssetRef, Erc4626Vault, LendingMarket, Market, Venue } from '../market/types.ts'
import { quoteIntent, type QuoteIntentOptions } from '../plan/quoteIntent.ts'
import type { Plan } from '../model/plan.ts'
import { applyVenueTrade } from '../venues/applyVenueTrade.ts'
import { applyVaultDeposit, convertVaultSharesToAssets, previewVaultDeposit } from '../venues/erc4626.ts'
import { assembleCompositePlan } from './assembleCompositePlan.ts'
import { describeAmount, describeAsset, formatWad, sameAsset } from './describeComposite.ts'
import { fundingCapacity, planFundingLeg } from './planFundingLeg.ts'
import { isCollateralBound, requiredSupplyAmount, simulateSupplyAndBorrow } from './requiredCollateral.ts'
import type { CompositeIntent, CompositeLeg, PlanCompositeIntentReturnType, SupplyGoal } from './types.ts'
import { validateCompositeIntent } from './validateCompositeIntent.ts'

export interface PlanCompositeIntentOptions {
  readonly quoteOptions?: QuoteIntentOptions
  /** Monte Carlo samples for the completion time (default 4000) and its seed (default 1). */
  readonly samples?: number
  readonly seed?: number
}

/** A need for `amountRaw` of `asset`, for a goal. */
interface Demand {
  readonly goalId: string
  readonly asset: AssetRef
  readonly amountRaw: bigint
}

/** The market after a leg's trades (pool reserves moved, bridge liquidity used). */
function applyPlan(market: Market, plan: Plan): Market {
  const venues = new Map<string, Venue>(market.venues.map((venue) => [venue.id, venue]))
  for (const step of plan.steps) {
    const venue = venues.get(step.venueId)
    if (venue) venues.set(step.venueId, applyVenueTrade(venue, step.tokenIn, step.tokenOut, step.amountInRaw, step.amountOutRaw))
  }
  return { ...market, venues: market.venues.map((venue) => venues.get(venue.id) as Venue) }
}

/**
 * Plans `intent` on `market`. Input errors (unknown market, token, goal) throw InvalidIntentError
 * with the field path; goals that cannot be met are returned as `infeasible` with a reason naming
 * the goal and the binding constraint.
 */
export function planCompositeIntent(market: Market, intent: CompositeIntent, options: PlanCompositeIntentOptions = {}): PlanCompositeIntentReturnType {
  const { lendingMarkets, vaults } = validateCompositeIntent(market, intent)
  const timestamp = intent.startTimestamp ?? market.timestamp
  const buffer = intent.slippageBufferBps ?? 10
  const deadline = intent.deadlineSeconds
  const quoteOptions = options.quoteOptions ?? {}
  const infeasible = (goalId: string | undefined, reason: string, code: 'NO_ROUTE' | 'INFEASIBLE_CONSTRAINTS' = 'INFEASIBLE_CONSTRAINTS'): PlanCompositeIntentReturnType => ({
    status: 'infeasible',
    code,
    reason,
    ...(goalId ? { goalId } : {}),
  })

  // 1. Collateral: the supply each lending market needs, raised where a borrow goal needs more.
  const supplyAmounts = new Map<string, bigint>() // supply goal id → planned amount
  for (const goal of intent.goals) if (goal.kind === 'supply') supplyAmounts.set(goal.id, goal.minAmountRaw)
  const borrowResults = new Map<string, { healthFactorWad: bigint }>()
  for (const goal of intent.goals) {
    if (goal.kind !== 'borrow') continue
    const lending = lendingMarkets.get(goal.marketId) as LendingMarket
    const supplyGoals = intent.goals.filter((candidate): candidate is SupplyGoal => candidate.kind === 'supply' && candidate.marketId === goal.marketId)
    const supplies = supplyGoals.map((supply) => ({ token: supply.token.toLowerCase() as typeof supply.token, amountRaw: supplyAmounts.get(supply.id)! }))
    const borrow = { token: goal.token.toLowerCase() as typeof goal.token, amountRaw: goal.amountRaw, minHealthFactorWad: goal.minHealthFactorWad }
    // Limits no collateral can lift, checked first so the reason names them.
    const borrowReserve = lending.reserves.find((reserve) => reserve.token === borrow.token)!
    if (goal.amountRaw > borrowReserve.availableLiquidityRaw)
      return infeasible(
        goal.id,
        `Goal ${goal.id}: borrowing ${describeAmount(market, { chainId: lending.chainId, token: borrow.token }, goal.amountRaw)} exceeds the market's available liquidity of ${describeAmount(market, { chainId: lending.chainId, token: borrow.token }, borrowReserve.availableLiquidityRaw)} (INSUFFICIENT_LIQUIDITY)`,
      )
    const simulated = simulateSupplyAndBorrow(lending, supplies, borrow, timestamp)
    if (simulated.ok) {
      borrowResults.set(goal.id, { healthFactorWad: simulated.healthFactorWad! })
      continue
    }
    const borrowAsset = { chainId: lending.chainId, token: borrow.token }
    if (!isCollateralBound(simulated.failure))
      return infeasible(goal.id, `Goal ${goal.id}: borrowing ${describeAmount(market, borrowAsset, goal.amountRaw)} fails the lending market's check ${simulated.failure}: ${simulated.message}`)
    // More collateral of the first supply goal's token, up to what the sources could ever bring.
    const adjust = 0
    const collateralGoal = supplyGoals[adjust]!
    const collateralAsset = { chainId: lending.chainId, token: collateralGoal.token }
    const reachable = intent.sources.reduce(
      (sum, source) =>
        sum +
        (sameAsset(source.asset, collateralAsset)
          ? source.maxAmountRaw
          : fundingCapacity(market, source.asset, collateralAsset, source.maxAmountRaw, deadline, buffer, quoteOptions).capacityRaw),
      0n,
    )
    const needed = requiredSupplyAmount(lending, supplies, adjust, borrow, timestamp, reachable > supplies[adjust]!.amountRaw ? reachable : supplies[adjust]!.amountRaw)
    if (needed === undefined) {
      const atMost = simulateSupplyAndBorrow(lending, supplies.map((supply, i) => (i === adjust ? { ...supply, amountRaw: reachable } : supply)), borrow, timestamp)
      const collateral = `the collateral reachable by the deadline (at most ${describeAmount(market, collateralAsset, reachable)})`
      const what = `Goal ${goal.id}: borrowing ${describeAmount(market, borrowAsset, goal.amountRaw)}`
      const reason =
        atMost.failure === 'HEALTH_FACTOR_FLOOR' && atMost.healthFactorWad !== undefined
          ? `${what} needs health factor ${formatWad(atMost.healthFactorWad)} < ${formatWad(goal.minHealthFactorWad)} with ${collateral}`
          : atMost.failure === 'COLLATERAL_CANNOT_COVER_NEW_BORROW'
            ? `${what} exceeds the loan-to-value limit of ${collateral} (COLLATERAL_CANNOT_COVER_NEW_BORROW)`
            : `${what} needs more collateral than can be supplied: ${atMost.failure}: ${atMost.message ?? ''}`.trim()
      return infeasible(goal.id, reason)
    }
    supplyAmounts.set(collateralGoal.id, needed)
    const resized = simulateSupplyAndBorrow(lending, supplies.map((supply, i) => (i === adjust ? { ...supply, amountRaw: needed } : supply)), borrow, timestamp)
    borrowResults.set(goal.id, { healthFactorWad: resized.healthFactorWad! })
  }

  // 2. What each goal needs where.
  const vaultDeposits = new Map<string, { assetsRaw: bigint; sharesRaw: bigint }>()
  const demands: Demand[] = []
  for (const goal of intent.goals) {
    if (goal.kind === 'supply') demands.push({ goalId: goal.id, asset: { chainId: lendingMarkets.get(goal.marketId)!.chainId, token: goal.token }, amountRaw: supplyAmounts.get(goal.id)! })
    else if (goal.kind === 'holding') demands.push({ goalId: goal.id, asset: goal.asset, amountRaw: goal.minAmountRaw })
    else if (goal.kind === 'vaultDeposit') {
      const vault = vaults.get(goal.vaultId) as Erc4626Vault
      let assetsRaw = goal.minAssetsRaw
      // OpenZeppelin rounds shares down on deposit and assets down on conversion: deposit until the shares are worth the goal.
      for (let i = 0; i < 64 && convertVaultSharesToAssets(applyVaultDeposit(vault, assetsRaw, previewVaultDeposit(vault, assetsRaw)), previewVaultDeposit(vault, assetsRaw)) < goal.minAssetsRaw; i++)
        assetsRaw += 1n
      vaultDeposits.set(goal.id, { assetsRaw, sharesRaw: previewVaultDeposit(vault, assetsRaw) })
      demands.push({ goalId: goal.id, asset: { chainId: vault.chainId, token: vault.asset }, amountRaw: assetsRaw })
    }
  }

  // 3. Fund each demand from the sources, cheapest source first; legs in sequence on a shared market copy.
  const remaining = intent.sources.map((source) => source.maxAmountRaw)
  const spent = intent.sources.map(() => 0n)
  let working = market
  const legs: CompositeLeg[] = []
  const directFunding = new Map<string, bigint>() // goal id → amount of a source already where the goal needs it
  const spendAll = intent.spend === 'all' && intent.sources.length === 1 && intent.goals.length === 1 && intent.goals[0]!.kind === 'holding'
  if (spendAll) {
    // The quote's semantics: spend the whole source, the goal's amount is the minimum out.
    const source = intent.sources[0]!
    const demand = demands[0]!
    const plan = quoteLeg(market, source.asset, demand.asset, source.maxAmountRaw, deadline, demand.amountRaw, quoteOptions)
    if (plan.status !== 'ok') return infeasible(demand.goalId, `Goal ${demand.goalId}: ${plan.reason}`, plan.code)
    legs.push({ id: 'leg-0', purpose: 'fund', goalId: demand.goalId, from: source.asset, to: demand.asset, plan: plan.plan })
    spent[0] = source.maxAmountRaw
    demands.length = 0
  }
  for (const demand of demands) {
    let needed = demand.amountRaw
    const ranked = intent.sources
      .map((source, i) => {
        if (remaining[i]! <= 0n) return { i, capacityRaw: 0n, direct: false }
        if (sameAsset(source.asset, demand.asset)) return { i, capacityRaw: remaining[i]!, direct: true }
        return { i, capacityRaw: fundingCapacity(working, source.asset, demand.asset, remaining[i]!, deadline, buffer, quoteOptions).capacityRaw, direct: false }
      })
      .filter((entry) => entry.capacityRaw > 0n)
      // Holdings already in place first, then the sources that can bring the most (fewest legs).
      .sort((a, b) => (a.direct !== b.direct ? (a.direct ? -1 : 1) : b.capacityRaw > a.capacityRaw ? 1 : b.capacityRaw < a.capacityRaw ? -1 : a.i - b.i))
    const capacity = ranked.reduce((sum, entry) => sum + entry.capacityRaw, 0n)
    if (capacity < needed)
      return infeasible(
        demand.goalId,
        `Goal ${demand.goalId} needs ${describeAmount(market, demand.asset, needed)}; the sources can bring at most ${describeAmount(market, demand.asset, capacity)} there within the ${deadline} s deadline`,
        capacity === 0n ? 'NO_ROUTE' : 'INFEASIBLE_CONSTRAINTS',
      )
    for (const entry of ranked) {
      if (needed <= 0n) break
      const source = intent.sources[entry.i]!
      const target = needed < entry.capacityRaw ? needed : entry.capacityRaw
      if (entry.direct) {
        directFunding.set(demand.goalId, (directFunding.get(demand.goalId) ?? 0n) + target)
      } else {
        const leg = planFundingLeg({ market: working, from: source.asset, to: demand.asset, targetRaw: target, maxAmountInRaw: remaining[entry.i]!, deadlineSeconds: deadline, slippageBufferBps: buffer, quoteOptions })
        if (!leg.ok) return infeasible(demand.goalId, `Goal ${demand.goalId}: the leg from ${describeAmount(market, source.asset, remaining[entry.i]!)} fails: ${leg.reason}`)
        legs.push({ id: `leg-${legs.length}`, purpose: 'fund', goalId: demand.goalId, from: source.asset, to: demand.asset, plan: leg.plan })
        working = applyPlan(working, leg.plan)
      }
      const used = entry.direct ? target : legs[legs.length - 1]!.plan.amountInRaw
      remaining[entry.i]! -= used
      spent[entry.i]! += used
      needed -= target
    }
  }

  // 4. Delivery legs for borrows that must end up elsewhere: the whole borrow, the quote's own minimum.
  for (const goal of intent.goals) {
    if (goal.kind !== 'borrow' || !goal.deliverTo) continue
    const lending = lendingMarkets.get(goal.marketId)!
    const from = { chainId: lending.chainId, token: goal.token.toLowerCase() as typeof goal.token }
    const leg = quoteLeg(working, from, goal.deliverTo, goal.amountRaw, deadline, undefined, quoteOptions)
    if (leg.status !== 'ok')
      return infeasible(goal.id, `Goal ${goal.id}: delivering ${describeAmount(market, from, goal.amountRaw)} to ${describeAsset(market, goal.deliverTo)}: ${leg.reason}`, leg.code)
    legs.push({ id: `leg-${legs.length}`, purpose: 'deliver', goalId: goal.id, from, to: goal.deliverTo, plan: leg.plan })
    working = applyPlan(working, leg.plan)
  }

  const plan = assembleCompositePlan({ market, intent, legs, supplyAmounts, borrowResults, vaultDeposits, directFunding, spent, lendingMarkets, vaults, options })
  if (intent.minProbability !== undefined && plan.outcomeProbability < intent.minProbability) {
    const parts = plan.probabilityParts
    const binding =
      parts.withinDeadline <= Math.min(parts.allStepsSucceed, parts.aboveMinimums)
        ? `finishing within the ${intent.deadlineSeconds} s deadline (${(parts.withinDeadline * 100).toFixed(1)} %; expected ${plan.expectedDurationSeconds.toFixed(0)} s, p95 ${plan.p95DurationSeconds.toFixed(0)} s)`
        : parts.allStepsSucceed <= parts.aboveMinimums
          ? `every step succeeding (${(parts.allStepsSucceed * 100).toFixed(1)} %)`
          : `every leg delivering its share (${(parts.aboveMinimums * 100).toFixed(1)} %)`
    return {
      status: 'infeasible',
      code: 'INFEASIBLE_CONSTRAINTS',
      reason: `Every goal holds with probability ${plan.outcomeProbability.toFixed(3)} < required ${intent.minProbability}; binding: ${binding}`,
      bestPlan: plan,
    }
  }
  return { status: 'ok', plan }
}

function quoteLeg(
  market: Market,
  from: AssetRef,
  to: AssetRef,
  amountInRaw: bigint,
  deadlineSeconds: number,
  minAmountOutRaw: bigint | undefined,
  quoteOptions: QuoteIntentOptions,
): { status: 'ok'; plan: Plan } | { status: 'failed'; code: 'NO_ROUTE' | 'INFEASIBLE_CONSTRAINTS'; reason: string } {
  const result = quoteIntent(market, { from, to, amountInRaw, deadlineSeconds, ...(minAmountOutRaw === undefined ? {} : { minAmountOutRaw }) }, quoteOptions)
  return result.status === 'ok' ? { status: 'ok', plan: result.plan } : { status: 'failed', code: result.code, reason: result.reason }
}
