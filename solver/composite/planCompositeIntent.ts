// Plans a composite intent: funds every goal from the sources with legs planned by the public
// planner (quoteIntent), sizes the collateral so each borrow passes the Pool's exact checks and the
// goal's health-factor floor, and joins legs, approvals, supplies, borrows, delivery legs and vault
// deposits into one DAG with one schedule and one probability that every goal holds by the deadline.
// The sources' split across goals and legs is chosen jointly: every candidate split is scored as a
// whole process (probability every goal holds by the deadline, less the value lost to fees and gas).
import type { AssetRef, Erc4626Vault, LendingMarket, Market } from '../market/types.ts'
import { quoteIntent, type QuoteIntentOptions } from '../plan/quoteIntent.ts'
import type { Plan } from '../model/plan.ts'
import { applyVaultDeposit, convertVaultSharesToAssets, previewVaultDeposit } from '../venues/erc4626.ts'
import { assembleCompositePlan } from './assembleCompositePlan.ts'
import { describeAmount, describeAsset, formatWad, sameAsset } from './describeComposite.ts'
import { enumerateFundingAllocations } from './enumerateFundingAllocations.ts'
import { fundingCapacity, planFundingLeg, type PlanFundingLegReturnType } from './planFundingLeg.ts'
import { applyPlanToMarket, realiseFunding, type FundingAllocation, type FundingDemand, type RealiseFundingParameters, type RealiseFundingReturnType } from './realiseFunding.ts'
import { isCollateralBound, requiredSupplyAmount, simulateSupplyAndBorrow } from './requiredCollateral.ts'
import { scoreCompositePlan, valueUsd } from './scoreCompositePlan.ts'
import type { CompositeIntent, CompositeLeg, CompositePlan, PlanCompositeIntentReturnType, SupplyGoal } from './types.ts'
import { validateCompositeIntent } from './validateCompositeIntent.ts'

export interface PlanCompositeIntentOptions {
  readonly quoteOptions?: QuoteIntentOptions
  /** Monte Carlo samples for the completion time (default 4000) and its seed (default 1). */
  readonly samples?: number
  readonly seed?: number
  /** Fund the goals exactly this way (`[demand][source]`, demands in goal order) instead of searching; for tests and what-ifs. */
  readonly fundingAllocation?: FundingAllocation
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
  const demands: FundingDemand[] = []
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

  // 3. Fund the demands from the sources: every candidate split (enumerateFundingAllocations) is
  // realised with legs planned on the market as given (cached per source, demand and share) and scored
  // as a whole process (scoreCompositePlan); the best is then realised in sequence, each leg on the
  // market its predecessors leave, and the next best tried if that one no longer fits.
  const sources = intent.sources
  const spendAll = intent.spend === 'all' && sources.length === 1 && intent.goals.length === 1 && intent.goals[0]!.kind === 'holding'
  const planDeliveries = (on: Market, firstIndex: number): CompositeLeg[] | PlanCompositeIntentReturnType => {
    const deliveries: CompositeLeg[] = []
    for (const goal of intent.goals) {
      if (goal.kind !== 'borrow' || !goal.deliverTo) continue
      const lending = lendingMarkets.get(goal.marketId)!
      const from = { chainId: lending.chainId, token: goal.token.toLowerCase() as typeof goal.token }
      // The whole borrow, with the quote's own minimum.
      const leg = quoteLeg(on, from, goal.deliverTo, goal.amountRaw, deadline, undefined, quoteOptions)
      if (leg.status !== 'ok')
        return infeasible(goal.id, `Goal ${goal.id}: delivering ${describeAmount(market, from, goal.amountRaw)} to ${describeAsset(market, goal.deliverTo)}: ${leg.reason}`, leg.code)
      deliveries.push({ id: `leg-${firstIndex + deliveries.length}`, purpose: 'deliver', goalId: goal.id, from, to: goal.deliverTo, plan: leg.plan })
      on = applyPlanToMarket(on, leg.plan)
    }
    return deliveries
  }
  const assemble = (funded: Extract<RealiseFundingReturnType, { ok: true }>, deliveries: readonly CompositeLeg[]) =>
    assembleCompositePlan({
      market,
      intent,
      legs: [...funded.legs, ...deliveries],
      supplyAmounts,
      borrowResults,
      vaultDeposits,
      directFunding: funded.directFunding,
      spent: funded.spent,
      lendingMarkets,
      vaults,
      options,
    })

  let plan: CompositePlan | undefined
  if (spendAll) {
    // The quote's semantics: spend the whole source, the goal's amount is the minimum out.
    const source = sources[0]!
    const demand = demands[0]!
    const leg = quoteLeg(market, source.asset, demand.asset, source.maxAmountRaw, deadline, demand.amountRaw, quoteOptions)
    if (leg.status !== 'ok') return infeasible(demand.goalId, `Goal ${demand.goalId}: ${leg.reason}`, leg.code)
    plan = assemble(
      { ok: true, legs: [{ id: 'leg-0', purpose: 'fund', goalId: demand.goalId, from: source.asset, to: demand.asset, plan: leg.plan }], directFunding: new Map(), spent: [source.maxAmountRaw], market },
      [],
    )
  } else {
    const capacityRaw = demands.map((demand) =>
      sources.map((source) =>
        sameAsset(source.asset, demand.asset) ? source.maxAmountRaw : fundingCapacity(market, source.asset, demand.asset, source.maxAmountRaw, deadline, buffer, quoteOptions).capacityRaw,
      ),
    )
    for (const [d, demand] of demands.entries()) {
      const capacity = capacityRaw[d]!.reduce((sum, value) => sum + value, 0n)
      if (capacity < demand.amountRaw)
        return infeasible(
          demand.goalId,
          `Goal ${demand.goalId} needs ${describeAmount(market, demand.asset, demand.amountRaw)}; the sources can bring at most ${describeAmount(market, demand.asset, capacity)} there within the ${deadline} s deadline`,
          capacity === 0n ? 'NO_ROUTE' : 'INFEASIBLE_CONSTRAINTS',
        )
    }
    const efficiency = demands.map((demand, d) =>
      sources.map((source, s) => {
        const spentUsd = valueUsd(market, source.asset, source.maxAmountRaw)
        return spentUsd > 0 ? valueUsd(market, demand.asset, capacityRaw[d]![s]!) / spentUsd : 0
      }),
    )
    const candidates = options.fundingAllocation ? [options.fundingAllocation] : enumerateFundingAllocations({ sources, demands, capacityRaw, efficiency })
    const legCache = new Map<string, PlanFundingLegReturnType>()
    const cachedLeg: RealiseFundingParameters['planLeg'] = (leg) => {
      const key = `${leg.sourceIndex}|${leg.to.chainId}:${leg.to.token}|${leg.targetRaw}`
      let result = legCache.get(key)
      if (!result) {
        result = planFundingLeg({ ...leg, maxAmountInRaw: sources[leg.sourceIndex]!.maxAmountRaw, deadlineSeconds: deadline, slippageBufferBps: buffer, quoteOptions })
        legCache.set(key, result)
      }
      return result
    }
    const sequentialLeg: RealiseFundingParameters['planLeg'] = (leg) => planFundingLeg({ ...leg, deadlineSeconds: deadline, slippageBufferBps: buffer, quoteOptions })
    let firstFailure: Extract<RealiseFundingReturnType, { ok: false }> | undefined
    const scored: { index: number; score: number; allocation: FundingAllocation }[] = []
    const baseDeliveries = new Map<number, CompositeLeg[] | PlanCompositeIntentReturnType>()
    for (const [index, allocation] of candidates.entries()) {
      const funded = realiseFunding({ market, sources, demands, allocation, planLeg: cachedLeg, sequential: false })
      if (!funded.ok) {
        firstFailure ??= funded
        continue
      }
      if (!baseDeliveries.has(funded.legs.length)) baseDeliveries.set(funded.legs.length, planDeliveries(market, funded.legs.length))
      const deliveries = baseDeliveries.get(funded.legs.length)!
      if (!Array.isArray(deliveries)) return deliveries
      scored.push({ index, score: scoreCompositePlan(market, assemble(funded, deliveries)).score, allocation })
    }
    scored.sort((a, b) => b.score - a.score || a.index - b.index)
    for (const candidate of scored.slice(0, 3)) {
      const funded = realiseFunding({ market, sources, demands, allocation: candidate.allocation, planLeg: sequentialLeg, sequential: true })
      if (!funded.ok) {
        firstFailure ??= funded
        continue
      }
      const deliveries = planDeliveries(funded.market, funded.legs.length)
      if (!Array.isArray(deliveries)) return deliveries
      plan = assemble(funded, deliveries)
      break
    }
    if (!plan) {
      const failure = firstFailure!
      return infeasible(
        failure.goalId,
        `Goal ${failure.goalId}: the leg from ${describeAmount(market, sources[failure.sourceIndex]!.asset, sources[failure.sourceIndex]!.maxAmountRaw)} fails: ${failure.reason}`,
      )
    }
  }

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
