// Joins a composite plan's legs and lending/vault actions into one DAG of steps, schedules it, and
// estimates one probability that every goal holds by the deadline:
//   P = Π P(step succeeds) · Π P(leg delivers ≥ its share) · P(last activity done by the deadline),
// each factor treated as independent (legs run on different venues and networks); the time factor
// composes the legs' own duration estimates (solver/risk, via their plans) over the DAG by Monte Carlo.
import { assetKey } from '../market/assetKey.ts'
import type { Erc4626Vault, LendingMarket, Market, Network } from '../market/types.ts'
import type { Plan } from '../model/plan.ts'
import { describeAmount, describeAsset, networkOf } from './describeComposite.ts'
import { estimateCompletionTime, type Activity } from './estimateCompletionTime.ts'
import type { CompositeIntent, CompositeLeg, CompositePlan, CompositeStep, FailureState, GoalOutcome } from './types.ts'

export interface AssembleCompositePlanParameters {
  readonly market: Market
  readonly intent: CompositeIntent
  readonly legs: readonly CompositeLeg[]
  readonly supplyAmounts: ReadonlyMap<string, bigint>
  readonly borrowResults: ReadonlyMap<string, { healthFactorWad: bigint }>
  readonly vaultDeposits: ReadonlyMap<string, { assetsRaw: bigint; sharesRaw: bigint }>
  readonly directFunding: ReadonlyMap<string, bigint>
  readonly spent: readonly bigint[]
  readonly lendingMarkets: ReadonlyMap<string, LendingMarket>
  readonly vaults: ReadonlyMap<string, Erc4626Vault>
  readonly options: { samples?: number; seed?: number }
}

/** Non-price revert probability of one approve, supply, borrow or deposit when the network states none (assumption). */
export const DEFAULT_TRANSACTION_REVERT_PROBABILITY = 0.001

/** ERC-20 approve on the devnet token (46k measured, see src/devnet/deployDevnetChain.ts). */
const APPROVE_GAS_UNITS = 46_000

/**
 * Inclusion time of one transaction: median 1.5 blocks + 1 s to sign and broadcast, p95 3 blocks + 2 s
 * (assumption of the same form as the risk model's inclusion delay, solver/risk/MODEL.md).
 */
export function transactionLatency(network: Network): { medianSeconds: number; p95Seconds: number } {
  const block = network.blockTimeMs / 1000
  return { medianSeconds: 1.5 * block + 1, p95Seconds: 3 * block + 2 }
}

function transactionCostUsd(network: Network, gasUnits: number): number {
  return ((Number(network.gasPriceWei) * gasUnits) / 1e18) * network.nativePriceUsd
}

function terminalSteps(plan: Plan): number[] {
  const used = new Set(plan.steps.flatMap((step) => step.dependsOn))
  return plan.steps.filter((step) => !used.has(step.index)).map((step) => step.index)
}

export function assembleCompositePlan(parameters: AssembleCompositePlanParameters): CompositePlan {
  const { market, intent, legs, supplyAmounts, borrowResults, vaultDeposits, directFunding, lendingMarkets, vaults } = parameters
  const steps: Omit<CompositeStep, 'earliestStartSeconds' | 'expectedCompletionSeconds' | 'p95CompletionSeconds'>[] = []
  const stepActivity: string[] = []
  const stepOffset: { relativeStart: number; relativeExpected: number; relativeP95: number }[] = []
  const activities: Activity[] = []
  let allStepsSucceed = 1
  let aboveMinimums = 1
  let gasCostUsd = 0
  const legTerminals = new Map<string, number[]>() // leg id → composite indices of its terminal steps

  const addLeg = (leg: CompositeLeg, dependsOnSteps: readonly number[], dependsOnActivities: readonly string[]) => {
    const base = steps.length
    for (const step of leg.plan.steps) {
      const scheduled = leg.plan.schedule.steps.find((candidate) => candidate.stepIndex === step.index)!
      steps.push({
        index: base + step.index,
        action: step.action,
        chainId: step.chainId,
        venueId: step.venueId,
        tokenIn: step.tokenIn,
        tokenOut: step.tokenOut,
        amountInRaw: step.amountInRaw,
        amountOutRaw: step.amountOutRaw,
        legId: leg.id,
        goalIds: [leg.goalId],
        dependsOn: step.dependsOn.length === 0 ? [...dependsOnSteps] : step.dependsOn.map((index) => base + index),
        minAmountOutRaw: scheduled.minAmountOutRaw,
        successProbability: scheduled.successProbability,
      })
      stepActivity.push(leg.id)
      stepOffset.push({ relativeStart: scheduled.earliestStartSeconds, relativeExpected: scheduled.expectedCompletionSeconds, relativeP95: scheduled.p95CompletionSeconds })
    }
    legTerminals.set(leg.id, terminalSteps(leg.plan).map((index) => base + index))
    activities.push({ id: leg.id, medianSeconds: leg.plan.expectedDurationSeconds, p95Seconds: leg.plan.p95DurationSeconds, dependsOn: dependsOnActivities })
    allStepsSucceed *= leg.plan.outcomeProbability.allStepsSucceed
    aboveMinimums *= leg.plan.outcomeProbability.aboveMinimum
    gasCostUsd += leg.plan.gasCostUsd
  }
  const addTransaction = (
    step: Omit<CompositeStep, 'index' | 'earliestStartSeconds' | 'expectedCompletionSeconds' | 'p95CompletionSeconds' | 'successProbability'>,
    activityId: string,
    dependsOnActivities: readonly string[],
    gasUnits: number,
  ): number => {
    const network = networkOf(market, step.chainId)
    const success = 1 - (network.swapRevertProbability ?? DEFAULT_TRANSACTION_REVERT_PROBABILITY)
    const index = steps.length
    steps.push({ index, ...step, successProbability: success })
    stepActivity.push(activityId)
    const latency = transactionLatency(network)
    stepOffset.push({ relativeStart: 0, relativeExpected: latency.medianSeconds, relativeP95: latency.p95Seconds })
    activities.push({ id: activityId, ...latency, dependsOn: dependsOnActivities })
    allStepsSucceed *= success
    gasCostUsd += transactionCostUsd(network, gasUnits)
    return index
  }

  const fundingLegs = (goalId: string) => legs.filter((leg) => leg.purpose === 'fund' && leg.goalId === goalId)
  for (const leg of legs) if (leg.purpose === 'fund') addLeg(leg, [], [])

  const supplyStepOf = new Map<string, number>()
  const borrowStepOf = new Map<string, number>()
  for (const goal of intent.goals) {
    if (goal.kind === 'supply') {
      const lending = lendingMarkets.get(goal.marketId)!
      const token = goal.token.toLowerCase()
      const amount = supplyAmounts.get(goal.id)!
      const key = assetKey(lending.chainId, token)
      const approve = addTransaction(
        { action: 'approve', chainId: lending.chainId, venueId: lending.id, tokenIn: key, amountInRaw: amount, amountOutRaw: 0n, goalIds: [goal.id], dependsOn: [], minAmountOutRaw: 0n },
        `approve-${goal.id}`,
        [],
        APPROVE_GAS_UNITS,
      )
      const legsOfGoal = fundingLegs(goal.id)
      const supply = addTransaction(
        {
          action: 'supply',
          chainId: lending.chainId,
          venueId: lending.id,
          tokenIn: key,
          tokenOut: assetKey(lending.chainId, lending.reserves.find((reserve) => reserve.token === token)!.aToken),
          amountInRaw: amount,
          amountOutRaw: amount,
          goalIds: [goal.id],
          dependsOn: [approve, ...legsOfGoal.flatMap((leg) => legTerminals.get(leg.id)!)],
          minAmountOutRaw: amount,
        },
        `supply-${goal.id}`,
        [`approve-${goal.id}`, ...legsOfGoal.map((leg) => leg.id)],
        lending.supplyGasUnits,
      )
      supplyStepOf.set(goal.id, supply)
    } else if (goal.kind === 'vaultDeposit') {
      const vault = vaults.get(goal.vaultId)!
      const { assetsRaw, sharesRaw } = vaultDeposits.get(goal.id)!
      const key = assetKey(vault.chainId, vault.asset)
      const approve = addTransaction(
        { action: 'approve', chainId: vault.chainId, venueId: vault.id, tokenIn: key, amountInRaw: assetsRaw, amountOutRaw: 0n, goalIds: [goal.id], dependsOn: [], minAmountOutRaw: 0n },
        `approve-${goal.id}`,
        [],
        APPROVE_GAS_UNITS,
      )
      const legsOfGoal = fundingLegs(goal.id)
      addTransaction(
        {
          action: 'deposit',
          chainId: vault.chainId,
          venueId: vault.id,
          tokenIn: key,
          tokenOut: assetKey(vault.chainId, vault.address),
          amountInRaw: assetsRaw,
          amountOutRaw: sharesRaw,
          goalIds: [goal.id],
          dependsOn: [approve, ...legsOfGoal.flatMap((leg) => legTerminals.get(leg.id)!)],
          minAmountOutRaw: sharesRaw,
        },
        `deposit-${goal.id}`,
        [`approve-${goal.id}`, ...legsOfGoal.map((leg) => leg.id)],
        vault.depositGasUnits,
      )
    }
  }
  for (const goal of intent.goals) {
    if (goal.kind !== 'borrow') continue
    const lending = lendingMarkets.get(goal.marketId)!
    const supplies = intent.goals.filter((other) => other.kind === 'supply' && other.marketId === goal.marketId).map((other) => other.id)
    const token = goal.token.toLowerCase()
    const borrow = addTransaction(
      {
        action: 'borrow',
        chainId: lending.chainId,
        venueId: lending.id,
        tokenOut: assetKey(lending.chainId, token),
        amountInRaw: 0n,
        amountOutRaw: goal.amountRaw,
        goalIds: [goal.id],
        dependsOn: supplies.map((id) => supplyStepOf.get(id)!),
        minAmountOutRaw: goal.amountRaw,
      },
      `borrow-${goal.id}`,
      supplies.map((id) => `supply-${id}`),
      lending.borrowGasUnits,
    )
    borrowStepOf.set(goal.id, borrow)
    for (const leg of legs) if (leg.purpose === 'deliver' && leg.goalId === goal.id) addLeg(leg, [borrow], [`borrow-${goal.id}`])
  }

  const timing = estimateCompletionTime(activities, intent.deadlineSeconds, parameters.options)
  const activityStart = (id: string) => {
    const activity = activities.find((candidate) => candidate.id === id)!
    let mean = 0
    let p95 = 0
    for (const dependency of activity.dependsOn) {
      const finish = timing.finish.get(dependency)!
      mean = Math.max(mean, finish.meanSeconds)
      p95 = Math.max(p95, finish.p95Seconds)
    }
    return { mean, p95 }
  }
  const scheduled: CompositeStep[] = steps.map((step, i) => {
    const start = activityStart(stepActivity[i]!)
    const offset = stepOffset[i]!
    return {
      ...step,
      earliestStartSeconds: start.mean + offset.relativeStart,
      expectedCompletionSeconds: start.mean + offset.relativeExpected,
      p95CompletionSeconds: start.p95 + offset.relativeP95,
    }
  })

  const goals: GoalOutcome[] = intent.goals.map((goal) => {
    if (goal.kind === 'supply') return { goalId: goal.id, kind: goal.kind, plannedAmountRaw: supplyAmounts.get(goal.id)! }
    if (goal.kind === 'vaultDeposit') return { goalId: goal.id, kind: goal.kind, plannedAmountRaw: vaultDeposits.get(goal.id)!.assetsRaw }
    if (goal.kind === 'holding')
      return {
        goalId: goal.id,
        kind: goal.kind,
        plannedAmountRaw: fundingLegs(goal.id).reduce((sum, leg) => sum + leg.plan.expectedAmountOutRaw, directFunding.get(goal.id) ?? 0n),
      }
    const delivery = legs.find((leg) => leg.purpose === 'deliver' && leg.goalId === goal.id)
    return {
      goalId: goal.id,
      kind: goal.kind,
      plannedAmountRaw: goal.amountRaw,
      healthFactorWad: borrowResults.get(goal.id)!.healthFactorWad,
      minHealthFactorWad: goal.minHealthFactorWad,
      ...(delivery ? { deliveredAmountRaw: delivery.plan.expectedAmountOutRaw, deliveredMinAmountRaw: delivery.plan.minAmountOutRaw } : {}),
    }
  })

  const withinDeadline = timing.withinDeadline
  return {
    marketVersion: market.version,
    steps: scheduled,
    legs,
    goals,
    outcomeProbability: allStepsSucceed * aboveMinimums * withinDeadline,
    probabilityParts: { allStepsSucceed, aboveMinimums, withinDeadline },
    expectedDurationSeconds: timing.meanSeconds,
    p95DurationSeconds: timing.p95Seconds,
    deadlineSeconds: intent.deadlineSeconds,
    sources: intent.sources,
    sourcesSpentRaw: parameters.spent,
    gasCostUsd,
    ifLegFails: describeFailureStates(parameters),
  }
}

/** What the user holds if each phase fails and nothing after it is sent. */
function describeFailureStates(parameters: AssembleCompositePlanParameters): FailureState[] {
  const { market, intent, legs, supplyAmounts, lendingMarkets } = parameters
  const states: FailureState[] = []
  const goalsWithout = (goalId: string) => intent.goals.filter((goal) => goal.id !== goalId && !dependsOnGoal(intent, goal.id, goalId)).map((goal) => goal.id)
  for (const leg of legs) {
    const input = describeAmount(market, leg.from, leg.plan.amountInRaw)
    if (leg.purpose === 'fund') {
      const others = legs.filter((other) => other.purpose === 'fund' && other.goalId === leg.goalId && other !== leg)
      states.push({
        after: `${leg.id} fails`,
        goalsMet: goalsWithout(leg.goalId),
        description:
          `A failed bridge is refunded and a reverted swap spends nothing: ${input} (or the leg's intermediate token) stays with the user; ` +
          (others.length > 0 ? `the ${others.length} other leg(s) of goal ${leg.goalId} leave their output unspent on ${describeAsset(market, leg.to)}; ` : '') +
          `goal ${leg.goalId} and the goals that depend on it are not met until the executor re-plans them from these holdings.`,
      })
    } else {
      states.push({
        after: `${leg.id} fails`,
        goalsMet: intent.goals.filter((goal) => goal.kind !== 'borrow' || goal.id !== leg.goalId).map((goal) => goal.id),
        description: `The collateral is supplied and the borrow drawn; ${input} stays with the user there (a failed bridge is refunded), so only the delivery to ${describeAsset(market, leg.to)} is missing.`,
      })
    }
  }
  for (const goal of intent.goals) {
    if (goal.kind === 'supply') {
      const lending = lendingMarkets.get(goal.marketId)!
      states.push({
        after: `supply for ${goal.id} fails`,
        goalsMet: goalsWithout(goal.id),
        description: `${describeAmount(market, { chainId: lending.chainId, token: goal.token }, supplyAmounts.get(goal.id)!)} sits in the user's wallet, nothing supplied, no debt.`,
      })
    } else if (goal.kind === 'borrow') {
      states.push({
        after: `borrow for ${goal.id} fails`,
        goalsMet: goalsWithout(goal.id),
        description: `The collateral is supplied (supply goals met, withdrawable), no debt is drawn; health factor unchanged (no debt: unbounded).`,
      })
    }
  }
  return states
}

/** Whether `goalId` needs `on` to hold first (a borrow needs its market's supplies). */
function dependsOnGoal(intent: CompositeIntent, goalId: string, on: string): boolean {
  const goal = intent.goals.find((candidate) => candidate.id === goalId)
  const base = intent.goals.find((candidate) => candidate.id === on)
  return goal?.kind === 'borrow' && base?.kind === 'supply' && base.marketId === goal.marketId
}


