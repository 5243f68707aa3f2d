// The verdict of an execution, built from its journal: whether the intended state was reached
// (at least the minimum delivered, by the deadline), every step with its transactions, every
// re-solve with its reason, a per-token ledger and, where it fell short, where the funds are now.
import { formatAmount } from '../../solver/amounts.ts'
import { assetKeyOf, parseAssetKey } from '../../solver/market/assetKey.ts'
import { getNetwork, getToken, indexMarket, type MarketIndex } from '../../solver/market/indexMarket.ts'
import type { AssetKey, Market } from '../../solver/market/types.ts'
import { quoteVenue } from '../../solver/venues/quoteVenue.ts'
import type { ExecutionOutcome, OutcomeAmount, OutcomeAsset, OutcomeHolding, OutcomeStep, OutcomeVerdict } from './executionOutcome.ts'
import { isStepDone, targetAsset, type ExecutionState, type StepState } from './foldJournal.ts'

export type * from './executionOutcome.ts'

/** The venue fee of a settled step in tokenIn raw units (0 for steps that did not complete). */
export function stepFeeRaw(index: MarketIndex, state: StepState): bigint {
  if (!isStepDone(state) || state.amountInRaw === undefined) return 0n
  const venue = index.venues.get(state.step.venueId)
  if (!venue) return 0n
  return quoteVenue(index, venue, state.step.tokenIn, state.step.tokenOut, state.amountInRaw).feeRaw
}

/**
 * Builds the outcome from the folded journal. `market` supplies symbols, decimals and venue fee
 * schedules; `finishedAt` is unix ms. `chainHeld`, when given, is what the chain says the execution
 * may still spend of each asset (spendableRaw): a wallet holding the journal counts is reported as no
 * more than that (the journal is the record of intent; the chain says where the funds are). Pure.
 */
export function buildOutcome(state: ExecutionState, market: Market, finishedAt: number, chainHeld?: ReadonlyMap<AssetKey, bigint>): ExecutionOutcome {
  const index = indexMarket(market)
  const target = targetAsset(state)
  const source = assetKeyOf(state.intent.from)
  const asset = (key: AssetKey): OutcomeAsset => {
    const token = getToken(index, key)
    return { chainId: token.chainId, chain: getNetwork(index, token.chainId).name, token: token.address, symbol: token.symbol, decimals: token.decimals }
  }
  const amount = (key: AssetKey, raw: bigint): OutcomeAmount => {
    const token = getToken(index, key)
    return { raw: raw.toString(), amount: formatAmount(raw, token.decimals), symbol: token.symbol }
  }
  const chainName = (chainId: number) => getNetwork(index, chainId).name

  let delivered = state.unassigned.get(target) ?? 0n
  for (const leg of state.legs) delivered += leg.holdings.get(target) ?? 0n
  const minimum = state.minAmountOutRaw ?? state.intent.minAmountOutRaw ?? 0n

  const allSteps = state.legs.flatMap((leg) => leg.steps)
  const deliveries = allSteps.filter((step) => step.step.tokenOut === target && isStepDone(step) && step.settledAt !== undefined)
  const lastDeliveryAt = deliveries.reduce<number | undefined>((max, step) => Math.max(max ?? 0, step.settledAt as number), undefined)
  const deadlineSeconds = state.intent.deadlineSeconds ?? null
  const deliveredAfterSeconds = lastDeliveryAt === undefined ? undefined : (lastDeliveryAt - state.startedAt) / 1000
  const withinDeadline = deadlineSeconds === null || (deliveredAfterSeconds !== undefined && deliveredAfterSeconds <= deadlineSeconds)

  // Funds not delivered: what legs and the unassigned pool still hold, and deposits in escrow.
  const fundsNow: OutcomeHolding[] = []
  const held = new Map<AssetKey, bigint>()
  const hold = (key: AssetKey, raw: bigint) => held.set(key, (held.get(key) ?? 0n) + raw)
  for (const leg of state.legs) for (const [key, raw] of leg.holdings) if (key !== target) hold(key, raw)
  for (const [key, raw] of state.unassigned) if (key !== target) hold(key, raw)
  // Before any plan was journalled (the intent could not be planned) the input never left the wallet.
  if (state.legs.length === 0) hold(source, state.intent.amountInRaw)
  for (const [key, counted] of held) {
    const onChain = chainHeld?.get(key)
    const raw = onChain !== undefined && onChain < counted ? onChain : counted
    const token = getToken(index, key)
    if (raw > 0n)
      fundsNow.push({
        asset: asset(key),
        amount: amount(key, raw),
        location: 'wallet',
        note: `${formatAmount(raw, token.decimals)} ${token.symbol} in ${state.account} on ${chainName(parseAssetKey(key).chainId)}${key === source ? ' (never spent)' : ''}${raw < counted ? ` (the journal counts ${formatAmount(counted, token.decimals)}; the rest left the account outside this execution)` : ''}`,
      })
  }
  for (const step of allSteps)
    if (step.status === 'deposited' && step.amountInRaw !== undefined)
      fundsNow.push({
        asset: asset(step.step.tokenIn),
        amount: amount(step.step.tokenIn, step.amountInRaw),
        location: 'bridge-escrow',
        note: `deposit ${step.depositId} on the ${chainName(step.step.chainId)} spoke (${step.step.venueId}); refunded to ${state.account} if not filled by ${step.fillDeadline}`,
      })

  // Ledger per token: spent, received, fees.
  const ledger = new Map<AssetKey, { spent: bigint; received: bigint; fees: bigint }>()
  const entry = (key: AssetKey) => {
    let found = ledger.get(key)
    if (!found) ledger.set(key, (found = { spent: 0n, received: 0n, fees: 0n }))
    return found
  }
  for (const step of allSteps) {
    const spent = step.status === 'confirmed' || step.status === 'deposited' || step.status === 'filled' || step.status === 'refunded'
    if (spent && step.amountInRaw !== undefined) entry(step.step.tokenIn).spent += step.amountInRaw
    if (isStepDone(step) && step.amountOutRaw !== undefined) entry(step.step.tokenOut).received += step.amountOutRaw
    if (step.status === 'refunded' && step.amountInRaw !== undefined) entry(step.step.tokenIn).received += step.amountInRaw
    const fee = stepFeeRaw(index, step)
    if (fee > 0n) entry(step.step.tokenIn).fees += fee
  }

  const gas = new Map<number, { transactions: number; gasUsed: bigint; costWei: bigint }>()
  for (const tx of state.transactions.values())
    if (tx.gasUsed !== undefined) {
      const sum = gas.get(tx.chainId) ?? { transactions: 0, gasUsed: 0n, costWei: 0n }
      sum.transactions += 1
      sum.gasUsed += tx.gasUsed
      sum.costWei += tx.gasUsed * (tx.effectiveGasPrice ?? 0n)
      gas.set(tx.chainId, sum)
    }

  const schedule = state.legs[0]?.plan.schedule
  const reachedMinimum = delivered >= minimum && delivered > 0n
  const reached = reachedMinimum && withinDeadline
  const verdict: OutcomeVerdict = reached ? 'reached' : reachedMinimum ? 'late' : fundsNow.length === 0 ? 'below-minimum' : 'incomplete'
  const targetToken = getToken(index, target)
  const fmt = (raw: bigint) => `${formatAmount(raw, targetToken.decimals)} ${targetToken.symbol}`
  const summary = reached
    ? `Reached: delivered ${fmt(delivered)} (minimum ${fmt(minimum)}) in ${((lastDeliveryAt! - state.startedAt) / 1000).toFixed(1)} s${schedule ? ` (planned ${schedule.expectedDurationSeconds.toFixed(1)} s, p95 ${schedule.p95DurationSeconds.toFixed(1)} s)` : ''}${deadlineSeconds === null ? '' : ` (deadline ${deadlineSeconds} s)`}${state.resolves.some((r) => r.adopted) ? ` after ${state.resolves.filter((r) => r.adopted).length} re-solve(s)` : ''}.`
    : `Not reached (${verdict}): delivered ${fmt(delivered)} of minimum ${fmt(minimum)}${state.stopped ? `; stopped: ${state.stopped.reason}` : ''}${fundsNow.length > 0 ? `; funds now: ${fundsNow.map((f) => `${f.amount.amount} ${f.amount.symbol} on ${f.asset.chain} (${f.location})`).join(', ')}` : ''}.`

  return {
    executionId: state.id,
    reached,
    verdict,
    summary,
    account: state.account,
    from: asset(source),
    to: asset(target),
    amountIn: amount(source, state.intent.amountInRaw),
    minimum: amount(target, minimum),
    delivered: amount(target, delivered),
    ...(minimum > delivered ? { shortfall: amount(target, minimum - delivered) } : {}),
    startedAt: new Date(state.startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    durationSeconds: (finishedAt - state.startedAt) / 1000,
    ...(deliveredAfterSeconds === undefined ? {} : { deliveredAfterSeconds }),
    ...(schedule ? { planned: { expectedDurationSeconds: schedule.expectedDurationSeconds, p95DurationSeconds: schedule.p95DurationSeconds } } : {}),
    deadlineSeconds,
    withinDeadline,
    ...(state.stopped ? { stoppedReason: state.stopped.reason } : {}),
    resolves: state.resolves.map((resolve) => ({
      at: new Date(resolve.at).toISOString(),
      trigger: resolve.trigger.kind,
      detail: resolve.trigger.detail,
      adopted: resolve.adopted,
      ...(resolve.supersededLegId === undefined ? {} : { supersededLeg: resolve.supersededLegId }),
      newLegs: resolve.newLegIds.map((legId) => ({
        leg: legId,
        venueIds: state.legs.find((leg) => leg.legId === legId)?.plan.steps.map((step) => step.venueId) ?? [],
      })),
      unplanned: resolve.unplanned.map((u) => ({ amount: amount(u.asset, u.amountRaw), chain: chainName(parseAssetKey(u.asset).chainId), reason: u.reason })),
      quoteMs: Number(resolve.quoteMs.toFixed(3)),
      latencyMs: Number(resolve.latencyMs.toFixed(3)),
      ...(resolve.note === undefined ? {} : { note: resolve.note }),
    })),
    steps: allSteps
      .filter((step) => step.status !== 'superseded')
      .map((step): OutcomeStep => {
        const { step: planned } = step
        const fee = stepFeeRaw(index, step)
        return {
          leg: step.legId,
          step: planned.index,
          action: planned.action,
          venueId: planned.venueId,
          chain: chainName(planned.chainId),
          tokenIn: asset(planned.tokenIn),
          tokenOut: asset(planned.tokenOut),
          status: step.status,
          plannedIn: amount(planned.tokenIn, planned.amountInRaw),
          plannedOut: amount(planned.tokenOut, planned.amountOutRaw),
          ...(step.amountInRaw === undefined ? {} : { amountIn: amount(planned.tokenIn, step.amountInRaw) }),
          ...(step.predictedAmountOutRaw === undefined ? {} : { predictedOut: amount(planned.tokenOut, step.predictedAmountOutRaw) }),
          ...(step.minAmountOutRaw === undefined ? {} : { minOut: amount(planned.tokenOut, step.minAmountOutRaw) }),
          ...(step.amountOutRaw === undefined ? {} : { received: amount(planned.tokenOut, step.amountOutRaw) }),
          ...(fee > 0n ? { fee: amount(planned.tokenIn, fee) } : {}),
          transactions: step.transactions.map((tx) => ({
            purpose: tx.purpose,
            chainId: tx.chainId,
            hash: tx.hash,
            nonce: tx.nonce,
            status: tx.status,
            ...(tx.blockNumber === undefined ? {} : { blockNumber: tx.blockNumber.toString() }),
          })),
          ...(planned.action === 'bridge' && step.depositId !== undefined
            ? {
                bridge: {
                  depositId: step.depositId.toString(),
                  ...(step.fillDeadline === undefined ? {} : { fillDeadline: step.fillDeadline }),
                  ...(step.late ? { late: step.late } : {}),
                  ...(step.fillTransaction ? { fillTransaction: step.fillTransaction } : {}),
                  ...(step.refundTransaction ? { refundTransaction: step.refundTransaction } : {}),
                },
              }
            : {}),
          ...(step.failure === undefined ? {} : { failure: step.failure }),
        }
      }),
    fundsNow,
    ledger: [...ledger].map(([key, sums]) => ({
      asset: asset(key),
      spent: amount(key, sums.spent),
      received: amount(key, sums.received),
      net: amount(key, sums.received - sums.spent),
      fees: amount(key, sums.fees),
    })),
    gas: [...gas].map(([chainId, sum]) => ({
      chainId,
      chain: chainName(chainId),
      transactions: sum.transactions,
      gasUsed: sum.gasUsed.toString(),
      costWei: sum.costWei.toString(),
    })),
  }
}
