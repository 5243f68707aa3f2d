// The executor's loop, shared by a new execution and a resumed one. Every decision is taken from
// the state folded from the journal: settle what the journal left open, then repeatedly pick the
// next action — wait for a bridge in flight, re-route a leg whose step failed or was refunded, or
// re-read the market, check the triggers and send the next ready step — until nothing is left.
//
// Triggers (checked before every step on a freshly read market, evaluateRemainingLeg):
// - min-breach: a step would deliver less than its guard, a bridge lacks liquidity, or the leg
//   would deliver less than its minimum;
// - probability: the remaining plan's outcome probability is below `minProbability` and has fallen
//   since the leg was planned;
// - bridge-refunded / step-failed: the funds are back (or never left) and the leg cannot go on;
// - a bridge fill later than its p95 is journalled (`bridge-late`); the funds are in escrow until
//   filled or refunded, so the executor keeps waiting and re-plans from wherever they land.
// On a trigger it re-solves from the leg's holdings (resolveHoldings) with the minimum still owed
// and the deadline left; with `resolve: false` it stops instead (a probability trigger is ignored).
import { BaseError } from '../../solver/errors.ts'
import { assetKey, assetKeyOf, parseAssetKey } from '../../solver/market/assetKey.ts'
import type { LpBackend } from '../../solver/lp/types.ts'
import type { AssetKey, Market } from '../../solver/market/types.ts'
import type { Plan, ScheduledStep } from '../../solver/model/plan.ts'
import { quoteIntent } from '../../solver/plan/quoteIntent.ts'
import { indexMarket } from '../../solver/market/indexMarket.ts'
import { readHolderAllowances } from './readHolderAllowances.ts'
import { readMarketFromChain } from '../market/readMarketFromChain.ts'
import { clientsFor, type ExecutorRuntime } from './executorRuntime.ts'
import { evaluateRemainingLeg, type EvaluateRemainingLegReturnType } from './evaluateRemainingLeg.ts'
import type { ExecutionTargets } from './executionTargets.ts'
import { findStep, isStepDone, mainTransaction, targetAsset, unsettledTransactions, type ExecutionState, type LegState, type StepState, type TransactionState } from './foldJournal.ts'
import type { ResolveTrigger } from './journal.ts'
import { buildOutcome, type ExecutionOutcome } from './outcome.ts'
import { recheckReceipts } from './recheckReceipts.ts'
import { reconcileTransaction } from './reconcileTransaction.ts'
import { checkStepDeadline } from './checkStepDeadline.ts'
import { readChainHoldings } from './readChainHoldings.ts'
import { resolveHoldings } from './resolveHoldings.ts'
import { sendStep } from './sendStep.ts'
import { balanceOf, spendableRaw } from './spendableRaw.ts'
import { watchBridge } from './watchBridge.ts'
import { withRetry } from './withRetry.ts'

export interface RunExecutionContext {
  /** The base market: venues, tokens and off-chain parameters; on-chain state is re-read from the nodes. */
  readonly market: Market
  readonly targets: ExecutionTargets
  readonly backend?: LpBackend
  /** Plan to start with instead of quoting (a new execution only). */
  readonly initialPlan?: Plan
  /** A resume: an execution that stopped or finished short continues while its deadline allows. */
  readonly continueStopped?: boolean
}

/** Seconds left until the intent's deadline (negative once passed), undefined without one. */
function remainingSecondsOf(state: Pick<ExecutionState, 'intent' | 'startedAt'>): number | undefined {
  return state.intent.deadlineSeconds === undefined ? undefined : state.intent.deadlineSeconds - (Date.now() - state.startedAt) / 1000
}

/** A re-solved plan replaces the rest of a leg on a probability trigger only if it is at least this much more likely to succeed. */
export const ADOPT_MARGIN = 0.01
/** Shortest swap deadline / bridge fill window given to a transaction, seconds. */
export const MIN_TX_WINDOW_SECONDS = 10

type Action =
  | { readonly kind: 'done' }
  | { readonly kind: 'settle'; readonly step: StepState }
  | { readonly kind: 'watch'; readonly leg: LegState; readonly step: StepState }
  | { readonly kind: 'blocked'; readonly leg: LegState; readonly step: StepState }
  | { readonly kind: 'send'; readonly leg: LegState; readonly step: StepState }

function nextAction(legs: readonly LegState[]): Action {
  const active = legs.filter((leg) => leg.status === 'active')
  for (const leg of active)
    for (const step of leg.steps) {
      if (step.status === 'sending') return { kind: 'settle', step }
      if (step.status === 'deposited') return { kind: 'watch', leg, step }
    }
  for (const leg of active) {
    const blocked = leg.steps.find((step) => step.status === 'failed' || step.status === 'refunded')
    if (blocked) return { kind: 'blocked', leg, step: blocked }
  }
  for (const leg of active) {
    const ready = leg.steps.find(
      (step) => step.status === 'pending' && step.step.dependsOn.every((d) => leg.steps.some((other) => other.step.index === d && isStepDone(other))),
    )
    if (ready) return { kind: 'send', leg, step: ready }
  }
  return { kind: 'done' }
}

function scheduledStep(plan: Plan, stepIndex: number): ScheduledStep {
  return plan.schedule.steps.find((scheduled) => scheduled.stepIndex === stepIndex) as ScheduledStep
}

/**
 * Seconds a transaction stays valid from now: the schedule's window for the step (its deadline less
 * its earliest start), at least MIN_TX_WINDOW_SECONDS, no longer than the intent's time left (while
 * some is left), and for deposits no longer than `capSeconds` when given.
 */
export function transactionWindowSeconds(scheduled: ScheduledStep, remainingSeconds: number | undefined, capSeconds?: number): number {
  let window = Math.max(MIN_TX_WINDOW_SECONDS, Math.ceil(scheduled.deadlineSeconds - scheduled.earliestStartSeconds))
  if (remainingSeconds !== undefined && remainingSeconds > 0) window = Math.min(window, Math.max(MIN_TX_WINDOW_SECONDS, Math.ceil(remainingSeconds)))
  if (capSeconds !== undefined) window = Math.min(window, Math.max(2, Math.ceil(capSeconds)))
  return window
}

/** Runs an execution whose journal holds at least its intent record, to its outcome (journalled last). */
export async function runExecution(runtime: ExecutorRuntime, context: RunExecutionContext): Promise<ExecutionOutcome> {
  const { state } = runtime
  const options = state.options
  const retry = runtime.settings.retry
  const target = targetAsset(state)
  const publicClients = new Map([...runtime.clients].map(([chainId, clients]) => [chainId, clients.publicClient]))
  const chainTimes = new Map<number, number>()
  let market = context.market

  if (state.outcome) {
    // A finished execution stays finished unless it fell short and the caller asks to go on (a resume).
    const continuable = context.continueStopped && !state.outcome.reached && (remainingSecondsOf(state) ?? 1) > 0 && state.outcome.fundsNow.length > 0
    if (!continuable) return state.outcome
    await runtime.record({ type: 'resumed', reason: `continuing from ${state.outcome.verdict}: ${state.outcome.stoppedReason ?? state.outcome.summary}` })
  } else if (state.stopped && context.continueStopped && (remainingSecondsOf(state) ?? 1) > 0)
    await runtime.record({ type: 'resumed', reason: `continuing after the stop: ${state.stopped.reason}` })

  const readMarket = async (): Promise<Market> => {
    market = await withRetry(
      () =>
        readMarketFromChain({
          base: context.market,
          clients: publicClients as Parameters<typeof readMarketFromChain>[0]['clients'],
          bridgeLiquidityHolders: context.targets.bridgeLiquidityHolders,
          onChainRead: (reading) => chainTimes.set(reading.chainId, reading.timestamp),
        }),
      retry,
    )
    return market
  }
  const remainingSeconds = () => remainingSecondsOf(state)
  const liveDeadline = () => {
    const remaining = remainingSeconds()
    return remaining !== undefined && remaining > 0 ? remaining : undefined
  }
  /** The step's schedule's confirmations, at least the chain's finality depth (chainEnvironment.ts). */
  const confirmationsOf = (step: StepState) =>
    Math.max(scheduledStep(findLegOf(step).plan, step.step.index).confirmations, clientsFor(runtime, step.step.chainId).chain.confirmations ?? 1)
  const txConfirmations = (tx: TransactionState) => (tx.purpose === 'approve' ? 1 : confirmationsOf(findStep(state, tx.legId, tx.stepIndex)))
  /** Settles open transactions, lowest nonce first per chain, so a re-broadcast never waits behind a gap. */
  const settleOpen = async () => {
    for (;;) {
      const open = unsettledTransactions(state).sort((a, b) => a.chainId - b.chainId || a.nonce - b.nonce)
      const first = open[0]
      if (!first) return
      await reconcileTransaction(runtime, first, txConfirmations(first))
    }
  }
  const findLegOf = (step: StepState) => state.legs.find((leg) => leg.legId === step.legId) as LegState
  const stop = (reason: string) => runtime.record({ type: 'stopped', reason })

  // 1. Settle whatever the journal left open (a resumed execution), without sending anything new,
  // after taking back whatever a reorg took back while no executor was watching.
  await recheckReceipts(runtime)
  await settleOpen()

  // What is not the execution's: the account's balances before it spends anything (spendableRaw.ts).
  if (state.legs.length === 0 && !state.baseline && !state.stopped) {
    const tokens = context.market.tokens.filter((token) => runtime.clients.has(token.chainId))
    const balances = await Promise.all(tokens.map(async (token) => ({ asset: assetKey(token.chainId, token.address), amountRaw: await balanceOf(runtime, assetKey(token.chainId, token.address)) })))
    await runtime.record({ type: 'baseline', balances })
  }

  // 2. The first plan.
  if (state.legs.length === 0 && !state.stopped) {
    await readMarket()
    let plan = context.initialPlan
    let quoteMs = 0
    if (!plan) {
      const start = performance.now()
      // With the account's standing allowances, so the plan's timing leaves out approvals it will not send.
      const allowances = await readHolderAllowances(runtime, state.intent.from)
      // The chain's allowances replace any the request stated: the executor's check is against the chain.
      const { allowances: _stated, ...intent } = state.intent
      const result = quoteIntent(market, allowances.length === 0 ? intent : { ...intent, allowances }, context.backend ? { backend: context.backend } : {})
      quoteMs = performance.now() - start
      if (result.status === 'ok') plan = result.plan
      else await stop(`no plan for the intent: ${result.reason}`)
    }
    if (plan)
      await runtime.record({
        type: 'plan',
        legId: 0,
        source: { asset: assetKeyOf(state.intent.from), amountRaw: state.intent.amountInRaw },
        minAmountOutRaw: plan.minAmountOutRaw,
        plan,
        quoteMs,
      })
  }

  /** Re-plans the leg's holdings; records the attempt. Returns whether the new plans replace the leg. */
  const resolve = async (trigger: ResolveTrigger, leg: LegState, startedAt: number, evaluation?: EvaluateRemainingLegReturnType): Promise<boolean> => {
    // From what the chain shows (at its finality depth), capped by what the journal says is the leg's.
    const fromChain = await readChainHoldings(runtime, leg, target, { safeDepth: true })
    const holdings = [...fromChain.holdings].filter(([asset, amount]) => asset !== target && amount > 0n).map(([asset, amountRaw]) => ({ asset, amountRaw }))
    const delivered = leg.holdings.get(target) ?? 0n
    // The standing allowances on what is held now (a reverted swap leaves its approval), so the new
    // plans count only the approvals that will be sent; an unreadable allowance counts as none.
    const allowances = (await Promise.all(holdings.map(({ asset }) => readHolderAllowances(runtime, parseAssetKey(asset)).catch(() => [])))).flat()
    const result = resolveHoldings({
      market,
      intent: state.intent,
      holdings,
      minAmountOutRaw: leg.minAmountOutRaw - delivered,
      deadlineSeconds: liveDeadline(),
      firstLegId: Math.max(...state.legs.map((l) => l.legId)) + 1,
      allowances,
      ...(context.backend ? { backend: context.backend } : {}),
    })
    let adopted = result.plans.length > 0
    let note: string | undefined
    if (adopted && trigger.kind === 'probability') {
      const current = evaluation?.probability?.total ?? 0
      const next = Math.min(...result.plans.map((plan) => plan.plan.outcomeProbability.total))
      if (result.unplanned.length > 0 || next < current + ADOPT_MARGIN) {
        adopted = false
        note = `the best new plan (probability ${next.toFixed(4)}) is not better than the rest of the current one (${current.toFixed(4)})`
      }
    } else if (!adopted)
      note = holdings.length === 0 ? 'the chain shows none of the leg\'s holdings left in the account' : `no plan from the current holdings reaches the target${result.unplanned[0] ? `: ${result.unplanned[0].reason}` : ''}`
    await runtime.record({
      type: 'resolve',
      trigger,
      adopted,
      ...(adopted ? { supersededLegId: leg.legId } : {}),
      plans: adopted ? result.plans : [],
      unplanned: result.unplanned,
      quoteMs: result.quoteMs,
      latencyMs: performance.now() - startedAt,
      ...(evaluation?.probability ? { remainingProbability: evaluation.probability } : {}),
      ...(note === undefined ? {} : { note }),
      holdings: fromChain.readings,
    })
    return adopted
  }
  const adoptedResolves = () => state.resolves.filter((r) => r.adopted).length
  // Each resume after a stop is the operator asking to go on: it grants one re-solve more, even with re-solving off.
  const canResolve = () => (options.resolve || state.resumes > 0) && adoptedResolves() < options.maxResolves * (options.resolve ? 1 : 0) + state.resumes
  const whyNotResolve = () => (options.resolve || state.resumes > 0 ? `the re-solve budget (${options.maxResolves}, +1 per resume) is spent` : 're-solving is off (resume to re-solve once)')

  const advance = async (leg: LegState, stepState: StepState) => {
    const startedAt = performance.now()
    await readMarket()
    // The leg's holdings as the chain shows them now: a leg the chain holds less of than the journal
    // counts is evaluated (and re-planned) from the chain's figures.
    const fromChain = await readChainHoldings(runtime, leg, target, { safeDepth: false })
    const short = fromChain.readings.filter((reading) => reading.usedRaw < reading.journalRaw)
    const evaluation = evaluateRemainingLeg({ market, leg: short.length > 0 ? { ...leg, holdings: fromChain.holdings } : leg, target, deadlineSeconds: liveDeadline() })
    const shortNote = short.map((reading) => `; the chain shows ${reading.usedRaw} of ${reading.asset} for the leg where the journal counts ${reading.journalRaw}`).join('')
    const probability = evaluation.probability?.total
    const declined = state.resolves.some((r) => !r.adopted && r.trigger.kind === 'probability' && r.trigger.legId === leg.legId)
    let trigger: ResolveTrigger | undefined
    if (evaluation.breach)
      trigger = { kind: 'min-breach', detail: `${evaluation.breach.reason}${shortNote}`, legId: leg.legId, stepIndex: evaluation.breach.stepIndex }
    else if (probability !== undefined && probability < options.minProbability && probability < leg.plan.outcomeProbability.total - ADOPT_MARGIN && !declined)
      trigger = {
        kind: 'probability',
        detail: `the remaining plan's outcome probability ${probability.toFixed(4)} is below ${options.minProbability}`,
        legId: leg.legId,
        stepIndex: stepState.step.index,
      }
    if (trigger) {
      if (!canResolve()) {
        if (trigger.kind === 'min-breach') return void (await stop(`${trigger.detail}; ${whyNotResolve()}`))
      } else if (await resolve(trigger, leg, startedAt, evaluation)) return
      else if (trigger.kind === 'min-breach') return void (await stop(`${trigger.detail}; no plan from the current holdings reaches the minimum`))
    }

    const { step } = stepState
    // The deadline: no step is started that cannot finish by it (less time left than the 95th
    // percentile of its own duration, the rule the outcome probability models: checkStepDeadline.ts).
    const deadline = checkStepDeadline({ index: indexMarket(market), steps: leg.plan.steps, stepIndex: step.index, remainingSeconds: remainingSeconds() })
    if (deadline.refusal) return void (await stop(`deadline: step ${step.index} of leg ${leg.legId} (${step.venueId}) ${deadline.refusal}; not started`))
    const prediction = evaluation.steps.find((candidate) => candidate.stepIndex === step.index)
    if (!prediction || prediction.amountInRaw <= 0n)
      return void (await runtime.record({ type: 'step-failed', legId: leg.legId, stepIndex: step.index, reason: 'nothing to spend: the leg holds none of the step input' }))
    const scheduled = scheduledStep(leg.plan, step.index)
    const window = transactionWindowSeconds(scheduled, remainingSeconds(), step.action === 'bridge' ? options.fillDeadlineCapSeconds : undefined)
    const chainNow = chainTimes.get(step.chainId) ?? Math.floor(Date.now() / 1000)
    await sendStep(runtime, {
      legId: leg.legId,
      step,
      amountInRaw: prediction.amountInRaw,
      // A deposit asks for exactly the bridge's output for this input (the relayer fills nothing greedier).
      minAmountOutRaw: step.action === 'bridge' ? prediction.amountOutRaw : prediction.guardRaw,
      predictedAmountOutRaw: prediction.amountOutRaw,
      deadline: chainNow + window,
      // The schedule's confirmations, at least the chain's finality depth: its output is spent next.
      confirmations: confirmationsOf(stepState),
    })
  }

  const watch = async (leg: LegState, stepState: StepState) => {
    const { step } = stepState
    const origin = clientsFor(runtime, step.chainId)
    const destinationChainId = parseAssetKey(step.tokenOut).chainId
    const destination = clientsFor(runtime, destinationChainId)
    const scheduled = scheduledStep(leg.plan, step.index)
    const p95Seconds = Math.max(0, scheduled.p95CompletionSeconds - scheduled.earliestStartSeconds)
    const deposit = mainTransaction(stepState)
    const result = await watchBridge({
      origin: {
        client: origin.publicClient,
        spoke: origin.chain.spoke,
        chainId: step.chainId,
        fromBlock: deposit?.blockNumber ?? 0n,
        ...(origin.chain.finalityTag === undefined ? {} : { finalityTag: origin.chain.finalityTag }),
      },
      destination: {
        client: destination.publicClient,
        spoke: destination.chain.spoke,
        fromBlock: stepState.destinationFromBlock ?? 0n,
        confirmations: destination.chain.confirmations ?? 1,
        ...(destination.chain.finalityTag === undefined ? {} : { finalityTag: destination.chain.finalityTag }),
      },
      depositId: stepState.depositId as bigint,
      fillDeadline: stepState.fillDeadline as number,
      lateAtMs: (stepState.depositedAt ?? Date.now()) + p95Seconds * 1000,
      onLate: async () => {
        if (stepState.late) return
        await runtime.record({
          type: 'bridge-late',
          legId: leg.legId,
          stepIndex: step.index,
          elapsedSeconds: (Date.now() - (stepState.depositedAt ?? Date.now())) / 1000,
          p95Seconds,
        })
      },
      refundGraceSeconds: options.refundGraceSeconds,
      pollIntervalMs: runtime.settings.pollIntervalMs,
      retry,
    })
    if (result.status === 'filled')
      await runtime.record({
        type: 'bridge-filled',
        legId: leg.legId,
        stepIndex: step.index,
        transactionHash: result.transactionHash,
        amountOutRaw: result.recipient.toLowerCase() === runtime.account.address.toLowerCase() ? result.amountOutRaw : 0n,
        blockNumber: result.blockNumber,
        blockHash: result.blockHash,
      })
    else if (result.status === 'refunded')
      await runtime.record({ type: 'bridge-refunded', legId: leg.legId, stepIndex: step.index, transactionHash: result.transactionHash, amountRaw: result.amountRaw })
    else await stop(`bridge ${step.venueId}: ${result.reason}`)
  }

  const unblock = async (leg: LegState, stepState: StepState) => {
    const kind = stepState.status === 'refunded' ? 'bridge-refunded' : 'step-failed'
    const detail =
      kind === 'bridge-refunded'
        ? `deposit ${stepState.depositId} (${stepState.step.venueId}) was not filled and was refunded`
        : `step ${stepState.step.index} (${stepState.step.venueId}) failed: ${stepState.failure ?? 'unknown'}`
    if (!canResolve()) return void (await stop(`${detail}; ${whyNotResolve()}`))
    const startedAt = performance.now()
    await readMarket()
    const adopted = await resolve({ kind, detail, legId: leg.legId, stepIndex: stepState.step.index }, leg, startedAt)
    if (!adopted) await stop(`${detail}; no plan from the current holdings reaches the target`)
  }

  // 3. The loop.
  while (!state.stopped) {
    // Reorg safety: the receipts the journal counts on are still there before anything builds on them.
    await recheckReceipts(runtime)
    if (unsettledTransactions(state).length > 0) {
      await settleOpen()
      continue
    }
    const action = nextAction(state.legs)
    if (action.kind === 'done') break
    if (action.kind === 'settle') {
      const tx = mainTransaction(action.step)
      if (!tx) throw new BaseError('INTERNAL', `Step ${action.step.step.index} is sending without a transaction.`)
      await reconcileTransaction(runtime, tx, confirmationsOf(action.step))
    } else if (action.kind === 'watch') await watch(action.leg, action.step)
    else if (action.kind === 'blocked') await unblock(action.leg, action.step)
    else await advance(action.leg, action.step)
  }

  if (market === context.market) await readMarket().catch(() => market)
  await recheckReceipts(runtime)
  // Where the funds are, from the chain: what the account may still spend of each token the execution counted on.
  const chainHeld = new Map<AssetKey, bigint>()
  // (A node that does not answer leaves the journal's count for its tokens.)
  if (state.baseline)
    for (const asset of state.baseline.keys()) {
      const spendable = await spendableRaw(runtime, asset).catch(() => undefined)
      if (spendable !== undefined) chainHeld.set(asset, spendable)
    }
  const outcome = buildOutcome(state, market, Date.now(), chainHeld)
  await runtime.record({ type: 'outcome', outcome })
  return outcome
}
