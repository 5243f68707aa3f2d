// Executes a composite plan's DAG on real chains: funding legs in parallel (each through the
// single-intent executor, executeIntent, with its own journal, re-solve and resume), then approvals,
// supplies and borrows on the lending market (checked with the Pool's exact math against freshly read
// state before sending, so a borrow the Pool would revert is never sent), then delivery legs and vault
// deposits. When funding legs deliver less than the lending and vault steps need (a leg refunded and
// not re-solved, a leg stopped short), the remaining need is re-planned from where the funds are —
// the intent's unused allowance and what the short legs left in the wallet (compositeShortfall) — on
// the market read afresh, and the top-up legs run before any lending step. A composite journal
// (`composite-<id>.jsonl`) records each phase; resuming with the same id skips finished phases and
// resumes an unfinished leg from its own journal. The verdict is read from the chain: aToken and debt
// balances, the health factor from Pool.getUserAccountData, vault shares; and where undelivered funds are.
import { appendFile, mkdir, open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { encodeFunctionData, keccak256, type Abi, type Address, type Hash, type Hex, type LocalAccount } from 'viem'
import { planCompositeIntent } from '../../../solver/composite/planCompositeIntent.ts'
import type { CompositeLeg, CompositePlan } from '../../../solver/composite/types.ts'
import { assetKeyOf, parseAssetKey } from '../../../solver/market/assetKey.ts'
import type { AssetKey, LendingMarket, Market } from '../../../solver/market/types.ts'
import { calculateUserAccountData } from '../../../solver/venues/calculateUserAccountData.ts'
import { borrowFromLendingMarket } from '../../../solver/venues/lendingActions.ts'
import { erc20Abi as devnetTokenAbi } from 'viem'
import { aavePoolAbi, erc4626Abi, scaledBalanceTokenAbi } from '../../market/chain/lendingAbis.ts'
import { readLendingMarket } from '../../market/readLendingMarket.ts'
import { readMarketFromChain } from '../../market/readMarketFromChain.ts'
import { describeAmount, formatWad } from '../../../solver/composite/describeComposite.ts'
import { additionalCollateral } from '../../../solver/composite/requiredCollateral.ts'
import { valueUsd } from '../../../solver/composite/scoreCompositePlan.ts'
import { floatToRaw } from '../../../solver/amounts.ts'
import type { LendingPosition } from '../../../solver/venues/calculateUserAccountData.ts'
import { HEALTH_FACTOR_LIQUIDATION_THRESHOLD } from '../../../solver/venues/lendingActions.ts'
import { compositeShortfall, type FundingLegRecord } from './compositeShortfall.ts'
import { executeIntent, type ExecuteIntentOptions } from '../executeIntent.ts'
import { createExecutionClients, type ExecutionTargets } from '../executionTargets.ts'
import { DEFAULT_JOURNAL_DIR } from '../journal.ts'
import { resumeExecution } from '../resumeExecution.ts'
import { acquireExecutionLease } from '../acquireExecutionLease.ts'

export interface ExecuteCompositePlanParameters {
  readonly market: Market
  readonly plan: CompositePlan
  readonly targets: ExecutionTargets
  readonly account: LocalAccount
  readonly journalDir?: string
  /** Composite execution id; an existing journal with this id is resumed. */
  readonly id?: string
  readonly onEvent?: (line: string) => void
  /** Options of each leg's single-intent execution (re-solve, fill-deadline cap, …). */
  readonly legOptions?: ExecuteIntentOptions
}

export type CompositeJournalRecord =
  | {
      readonly type: 'leg-started'
      readonly legId: string
      readonly executionId: string
      /** Funding legs: what the leg moves (top-up legs are not in the plan, so the journal carries them). */
      readonly from?: AssetKey
      readonly to?: AssetKey
      readonly amountInRaw?: string
      readonly topUp?: boolean
    }
  | {
      readonly type: 'leg-finished'
      readonly legId: string
      readonly verdict: string
      readonly deliveredRaw: string
      /** Funds the leg left in the wallet, not at its target. */
      readonly stranded?: ReadonlyArray<{ readonly asset: AssetKey; readonly raw: string }>
      /** Where its undelivered funds are (the leg's outcome.fundsNow notes). */
      readonly fundsNow?: readonly string[]
    }
  | { readonly type: 'replanned'; readonly reason: string; readonly legIds: readonly string[]; readonly direct: ReadonlyArray<{ readonly asset: AssetKey; readonly raw: string }> }
  | {
      readonly type: 'transaction'
      readonly stepIndex: number
      readonly action: string
      readonly hash: string
      /** `signed` (journalled before the broadcast, with `raw` and `nonce`), `sent`, then the receipt's status. */
      readonly status: string
      readonly raw?: string
      readonly nonce?: number
    }
  | { readonly type: 'stopped'; readonly reason: string }
  /** A borrow that no longer passed on fresh state: `extraRaw` more collateral, brought by the re-plan just before. */
  | { readonly type: 'collateral-raised'; readonly stepIndex: number; readonly extraRaw: string }

export interface GoalVerdict {
  readonly goalId: string
  readonly met: boolean
  readonly detail: string
}

export interface CompositeExecutionOutcome {
  readonly id: string
  readonly verdict: 'reached' | 'incomplete'
  readonly goals: readonly GoalVerdict[]
  readonly legs: ReadonlyArray<{ readonly legId: string; readonly executionId: string; readonly verdict: string; readonly deliveredRaw: string }>
  readonly stoppedReason?: string
  /** Re-plans of the funding after short legs, with their reasons. */
  readonly replans: readonly string[]
  /** Where funds the legs did not deliver are (wallet, bridge escrow), from the legs' outcomes. */
  readonly fundsNow: readonly string[]
  /** Health factor read back from the Pool after the borrows (wad), per lending market id. */
  readonly healthFactorWad: Readonly<Record<string, string>>
  readonly durationSeconds: number
  readonly lines: readonly string[]
}

const randomId = () => `cx-${Date.now().toString(36)}-${Math.floor(Math.random() * 2 ** 32).toString(16)}`

async function readJournal(path: string): Promise<CompositeJournalRecord[]> {
  try {
    return (await readFile(path, 'utf8'))
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as CompositeJournalRecord)
  } catch {
    return []
  }
}

/** Most re-plans of the funding after short legs. */
const MAX_REPLANS = 2

/** Chains a leg touches; legs that share none run in parallel (their nonces and balances are independent). */
function legChains(leg: CompositeLeg): Set<number> {
  return new Set([...leg.plan.steps.map((step) => step.chainId), leg.to.chainId])
}

function waves(legs: readonly CompositeLeg[]): CompositeLeg[][] {
  const result: { legs: CompositeLeg[]; chains: Set<number> }[] = []
  for (const leg of legs) {
    const chains = legChains(leg)
    const wave = result.find((candidate) => [...chains].every((chain) => !candidate.chains.has(chain)))
    if (wave) {
      wave.legs.push(leg)
      for (const chain of chains) wave.chains.add(chain)
    } else result.push({ legs: [leg], chains })
  }
  return result.map((wave) => wave.legs)
}

/**
 * Executes (or, with the id of an existing journal, resumes) `plan`. One process at a time owns a
 * composite execution: it holds the lease `composite-<id>` (acquireExecutionLease), and each leg's
 * execution its own.
 */
export async function executeCompositePlan(parameters: ExecuteCompositePlanParameters): Promise<CompositeExecutionOutcome> {
  const id = parameters.id ?? randomId()
  const dir = parameters.journalDir ?? DEFAULT_JOURNAL_DIR
  await mkdir(dir, { recursive: true })
  const lease = await acquireExecutionLease(dir, `composite-${id}`, 0)
  try {
    return await runCompositePlan(parameters, id, dir)
  } finally {
    await lease.release()
  }
}

async function runCompositePlan(parameters: ExecuteCompositePlanParameters, id: string, dir: string): Promise<CompositeExecutionOutcome> {
  const { market, plan, targets, account } = parameters
  const started = Date.now()
  const journalPath = join(dir, `composite-${id}.jsonl`)
  const previous = await readJournal(journalPath)
  const lines: string[] = []
  const say = (line: string) => {
    lines.push(line)
    parameters.onEvent?.(line)
  }
  const record = async (entry: CompositeJournalRecord) => {
    await appendFile(journalPath, `${JSON.stringify(entry)}\n`)
    const handle = await open(journalPath, 'r+')
    await handle.sync()
    await handle.close()
  }
  const clients = createExecutionClients(targets, account)
  const client = (chainId: number) => clients.get(chainId)!
  type LegResult = { executionId: string; verdict: string; deliveredRaw: string; stranded: { asset: AssetKey; raw: string }[]; fundsNow: string[] }
  type LegStarted = Extract<CompositeJournalRecord, { type: 'leg-started' }>
  const legResults = new Map<string, LegResult>()
  const startedLegs = new Map(previous.flatMap((entry) => (entry.type === 'leg-started' ? [[entry.legId, entry] as const] : [])))
  for (const entry of previous)
    if (entry.type === 'leg-finished')
      legResults.set(entry.legId, {
        executionId: startedLegs.get(entry.legId)?.executionId ?? '',
        verdict: entry.verdict,
        deliveredRaw: entry.deliveredRaw,
        stranded: [...(entry.stranded ?? [])],
        fundsNow: [...(entry.fundsNow ?? [])],
      })
  const doneSteps = new Set(previous.flatMap((entry) => (entry.type === 'transaction' && entry.status === 'success' ? [entry.stepIndex] : [])))
  // Signed or sent before the process stopped, outcome unknown: looked up by hash (and re-broadcast from the
  // journalled bytes while its nonce is still free) before anything is signed again. The last one per step wins.
  const inFlight = new Map<number, { hash: Hash; raw?: Hex; nonce?: number }>()
  for (const entry of previous) {
    if (entry.type !== 'transaction' || doneSteps.has(entry.stepIndex)) continue
    if (entry.status === 'signed' && entry.raw && entry.nonce !== undefined) inFlight.set(entry.stepIndex, { hash: entry.hash as Hash, raw: entry.raw as Hex, nonce: entry.nonce })
    // `sent` after its own `signed` keeps the bytes; a journal from before signing first has the hash only.
    else if (entry.status === 'sent' && inFlight.get(entry.stepIndex)?.hash !== entry.hash) inFlight.set(entry.stepIndex, { hash: entry.hash as Hash })
  }
  const replans = previous.flatMap((entry) => (entry.type === 'replanned' ? [entry] : []))
  const raisedCollateral = new Map(previous.flatMap((entry) => (entry.type === 'collateral-raised' ? [[entry.stepIndex, BigInt(entry.extraRaw)] as const] : [])))

  /** Runs a leg, or resumes it from its own journal when it was started before (then `leg` may be absent: a top-up leg of an earlier process). */
  const runLeg = async (legId: string, leg?: CompositeLeg, topUp = false) => {
    if (legResults.has(legId)) return
    const environment = { market, targets, account, journalDir: dir }
    const existing = startedLegs.get(legId)?.executionId
    const executionId = existing ?? `${id}-${legId}`
    if (!existing) {
      if (!leg) throw new Error(`Leg ${legId} was never started and has no plan.`)
      const entry: LegStarted = { type: 'leg-started', legId, executionId, from: assetKeyOf(leg.from), to: assetKeyOf(leg.to), amountInRaw: leg.plan.amountInRaw.toString(), ...(topUp ? { topUp } : {}) }
      await record(entry)
      startedLegs.set(legId, entry)
    }
    say(`${legId}: ${existing ? 'resuming' : 'executing'} ${topUp ? 'top-up' : (leg?.purpose ?? 'top-up')} leg (execution ${executionId})`)
    const { outcome } = existing
      ? await resumeExecution({ ...environment, id: executionId })
      : await executeIntent({ ...environment, id: executionId, intent: leg!.plan.intent, plan: leg!.plan, ...(parameters.legOptions ? { options: parameters.legOptions } : {}) })
    const stranded = outcome.fundsNow
      .filter((holding) => holding.location === 'wallet')
      .map((holding) => ({ asset: `${holding.asset.chainId}:${holding.asset.token.toLowerCase()}` as AssetKey, raw: holding.amount.raw }))
    const result: LegResult = { executionId, verdict: outcome.verdict, deliveredRaw: outcome.delivered.raw, stranded, fundsNow: outcome.fundsNow.map((holding) => holding.note) }
    legResults.set(legId, result)
    await record({ type: 'leg-finished', legId, verdict: outcome.verdict, deliveredRaw: outcome.delivered.raw, stranded, fundsNow: result.fundsNow })
    say(`${legId}: ${outcome.verdict}, delivered ${outcome.delivered.amount} ${outcome.delivered.symbol}${outcome.reached ? '' : ` — ${outcome.stoppedReason ?? outcome.summary}`}`)
  }
  /** The funding legs so far (the plan's, the top-ups, and sources used in place by a re-plan), for compositeShortfall. */
  const fundingRecords = (): FundingLegRecord[] => {
    const records: FundingLegRecord[] = []
    for (const [legId, entry] of startedLegs) {
      const planned = plan.legs.find((leg) => leg.id === legId)
      if (planned ? planned.purpose !== 'fund' : !entry.topUp) continue
      const from = entry.from ?? assetKeyOf(planned!.from)
      const to = entry.to ?? assetKeyOf(planned!.to)
      const result = legResults.get(legId)
      records.push({
        legId,
        from,
        to,
        amountInRaw: entry.amountInRaw !== undefined ? BigInt(entry.amountInRaw) : planned!.plan.amountInRaw,
        planned: !entry.topUp,
        ...(result ? { finished: { deliveredRaw: BigInt(result.deliveredRaw), stranded: result.stranded.map((holding) => ({ asset: holding.asset, raw: BigInt(holding.raw) })) } } : {}),
      })
    }
    replans.forEach((replan, round) =>
      replan.direct.forEach((used, i) =>
        records.push({ legId: `direct-${round}-${i}`, from: used.asset, to: used.asset, amountInRaw: BigInt(used.raw), planned: false, finished: { deliveredRaw: BigInt(used.raw), stranded: [] } }),
      ),
    )
    return records
  }
  const describe = (asset: AssetKey, raw: bigint) => describeAmount(market, parseAssetKey(asset), raw)
  const stop = async (reason: string) => {
    await record({ type: 'stopped', reason })
    say(`stopped: ${reason}`)
    return reason
  }

  const readFreshMarket = () =>
    readMarketFromChain({
      base: market,
      clients: new Map([...clients].map(([chainId, entry]) => [chainId, entry.publicClient])) as unknown as Parameters<typeof readMarketFromChain>[0]['clients'],
      bridgeLiquidityHolders: targets.bridgeLiquidityHolders,
    })
  /** What a re-plan spent in place (sources already where its goals are), for compositeShortfall's accounting. */
  const spentInPlace = (replanned: CompositePlan) =>
    replanned.sources.flatMap((source, i) => {
      const byLegs = replanned.legs.filter((leg) => assetKeyOf(leg.from) === assetKeyOf(source.asset)).reduce((sum, leg) => sum + leg.plan.amountInRaw, 0n)
      const spent = replanned.sourcesSpentRaw[i] ?? 0n
      return spent > byLegs ? [{ asset: assetKeyOf(source.asset), raw: String(spent - byLegs) }] : []
    })
  let stoppedReason: string | undefined
  /**
   * One lending, vault or approval transaction: simulated (a call the contract would revert is reported,
   * not sent), signed with the account's pending nonce, journalled with its signed bytes (`signed`), then
   * broadcast (`sent`) and awaited (the receipt's status). As in the executor's transaction manager
   * (journaledTransaction.ts), the hash is on disk before the node sees it, so a resumed run always finds
   * the transaction: mined → its receipt; in the pool → awaited; unknown and its nonce still free → the same
   * bytes re-broadcast; unknown and the nonce taken → signed again.
   */
  const send = async (stepIndex: number, chainId: number, request: { functionName: string } & Record<string, unknown>) => {
    if (doneSteps.has(stepIndex)) return true
    const { publicClient, walletClient } = client(chainId)
    const action = String(request.functionName)
    const settle = async (hash: Hash, note: string) => {
      const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: 120_000 })
      await record({ type: 'transaction', stepIndex, action, hash, status: receipt.status })
      say(`step ${stepIndex} ${action} on ${chainId}: ${receipt.status} (${hash}${note})`)
      return receipt.status === 'success'
    }
    const before = inFlight.get(stepIndex)
    if (before) {
      // Only "not found" means unknown: any other RPC error must not lead to signing a second transaction.
      const notFound = (error: unknown) => {
        if ((error as Error).name === 'TransactionNotFoundError' || (error as Error).name === 'TransactionReceiptNotFoundError') return undefined
        throw error
      }
      const known = await publicClient.getTransaction({ hash: before.hash }).catch(notFound)
      if (known) return settle(before.hash, ', sent before the resume')
      // Pruned from the pool view but mined: its receipt says so.
      const receipt = await publicClient.getTransactionReceipt({ hash: before.hash }).catch(notFound)
      if (receipt) return settle(before.hash, ', mined before the resume')
      const mined = await publicClient.getTransactionCount({ address: account.address, blockTag: 'latest' })
      if (before.raw && before.nonce !== undefined && mined <= before.nonce) {
        await walletClient.sendRawTransaction({ serializedTransaction: before.raw }).catch(() => undefined)
        await record({ type: 'transaction', stepIndex, action, hash: before.hash, status: 'sent' })
        return settle(before.hash, ', re-broadcast after the resume')
      }
      // Never reached the node and its nonce went to another transaction: sign it again.
    }
    const { request: simulated } = await publicClient.simulateContract({ ...request, account } as unknown as Parameters<typeof publicClient.simulateContract>[0])
    // Aave's updateState writes the reserve's indexes only in the first block of a new timestamp; an
    // estimate made in a block that shares the last update's timestamp misses that gas. Half again as much covers it.
    const estimated = await publicClient.estimateContractGas({ ...request, account } as unknown as Parameters<typeof publicClient.estimateContractGas>[0])
    const call = simulated as unknown as { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] }
    const nonce = await publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' })
    const fees = await publicClient.estimateFeesPerGas()
    const raw = await walletClient.signTransaction({
      account,
      chain: walletClient.chain,
      to: call.address,
      data: encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args ?? [] } as Parameters<typeof encodeFunctionData>[0]),
      gas: (estimated * 3n) / 2n,
      nonce,
      maxFeePerGas: fees.maxFeePerGas * 2n,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    })
    const hash = keccak256(raw)
    await record({ type: 'transaction', stepIndex, action, hash, status: 'signed', raw, nonce })
    await walletClient.sendRawTransaction({ serializedTransaction: raw })
    await record({ type: 'transaction', stepIndex, action, hash, status: 'sent' })
    return settle(hash, '')
  }

  type BorrowCheck =
    | { ok: true; healthFactorWad: bigint }
    | { ok: false; code: string; message: string; live: LendingMarket; position: LendingPosition; timestamp: number }
  /** The Pool's checks and the goal's floor on the market and position read afresh. */
  const checkBorrow = async (lending: LendingMarket, borrow: { token: Address; amountRaw: bigint; minHealthFactorWad: bigint }): Promise<BorrowCheck> => {
    const publicClient = client(lending.chainId).publicClient
    const block = await publicClient.getBlock()
    const live = await readLendingMarket({ client: publicClient, id: lending.id, chainId: lending.chainId, pool: lending.pool, oracle: lending.oracle, supplyGasUnits: 0, borrowGasUnits: 0, blockNumber: block.number })
    const position = await Promise.all(
      live.reserves.map(async (reserve) => ({
        token: reserve.token,
        scaledSupplyRaw: await publicClient.readContract({ address: reserve.aToken, abi: scaledBalanceTokenAbi, functionName: 'scaledBalanceOf', args: [account.address], blockNumber: block.number }),
        scaledVariableDebtRaw: await publicClient.readContract({ address: reserve.variableDebtToken, abi: scaledBalanceTokenAbi, functionName: 'scaledBalanceOf', args: [account.address], blockNumber: block.number }),
        collateralEnabled: true,
      })),
    )
    const timestamp = Number(block.timestamp) + 1
    const result = borrowFromLendingMarket(live, position, borrow.token, borrow.amountRaw, timestamp)
    if (!result.ok) return { ok: false, code: result.code, message: result.message, live, position, timestamp }
    const healthFactorWad = calculateUserAccountData(result.market, result.position, timestamp).healthFactorWad
    if (healthFactorWad < borrow.minHealthFactorWad)
      return { ok: false, code: 'HEALTH_FACTOR_FLOOR', message: `health factor after the borrow ${formatWad(healthFactorWad)} < the goal's ${formatWad(borrow.minHealthFactorWad)}`, live, position, timestamp }
    return { ok: true, healthFactorWad }
  }
  /**
   * Supplies the least extra collateral (the market's supply-goal token) for which the borrow passes, brought
   * by a re-plan from what the intent may still spend (compositeShortfall's spendable); true when supplied,
   * otherwise why not. Journalled (`replanned`, `collateral-raised`, the supply as a transaction) so a resume
   * neither re-plans nor supplies twice.
   */
  const raiseCollateral = async (
    step: CompositePlan['steps'][number],
    lending: LendingMarket,
    borrow: { token: Address; amountRaw: bigint; minHealthFactorWad: bigint },
    check: Extract<BorrowCheck, { ok: false }>,
  ): Promise<true | string> => {
    const supplyStep = plan.steps.find((candidate) => candidate.action === 'supply' && candidate.venueId === step.venueId && candidate.tokenIn)
    if (!supplyStep) return 'the plan supplies no collateral to this market to raise'
    const collateral = parseAssetKey(supplyStep.tokenIn!)
    const supplyIndex = plan.steps.length + step.index
    let extraRaw = raisedCollateral.get(step.index)
    if (extraRaw === undefined) {
      const { spendable } = compositeShortfall(plan, fundingRecords())
      // The most the sources could bring, valued at reference prices without fees: a ceiling for the search.
      const collateralToken = market.tokens.find((token) => token.chainId === collateral.chainId && token.address === collateral.token)
      const spendableUsd = spendable.reduce((sum, holding) => sum + valueUsd(market, parseAssetKey(holding.asset), holding.raw), 0)
      const ceilingRaw = collateralToken ? floatToRaw(spendableUsd / collateralToken.priceUsd, collateralToken.decimals) : 0n
      const needed = additionalCollateral(check.live, check.position, collateral.token, borrow, check.timestamp, ceilingRaw)
      if (!needed) return `no more collateral the intent may still spend (${spendable.map((holding) => describe(holding.asset, holding.raw)).join(', ') || 'nothing'}) lets it pass`
      const remainingSeconds = Math.floor(plan.deadlineSeconds - (Date.now() - started) / 1000)
      if (remainingSeconds <= 0) return 'the deadline has passed'
      let replanned
      try {
        replanned = planCompositeIntent(await readFreshMarket(), {
          sources: spendable.map((holding) => ({ asset: parseAssetKey(holding.asset), maxAmountRaw: holding.raw })),
          goals: [{ kind: 'holding' as const, id: 'more-collateral', asset: collateral, minAmountRaw: needed.extraRaw }],
          deadlineSeconds: remainingSeconds,
        })
      } catch (error) {
        replanned = { status: 'infeasible' as const, reason: error instanceof Error ? error.message : String(error) }
      }
      if (replanned.status !== 'ok') return `bringing ${describe(supplyStep.tokenIn!, needed.extraRaw)} more collateral failed to plan: ${replanned.reason}`
      const topUp = replanned.plan
      const newLegs = topUp.legs.filter((leg) => leg.purpose === 'fund').map((leg, i) => ({ ...leg, id: `collateral-${step.index}-${i}` }))
      const entry = {
        type: 'replanned' as const,
        reason: `borrow step ${step.index} would revert (${check.code}); re-planned ${describe(supplyStep.tokenIn!, needed.extraRaw)} more collateral (health factor after ${formatWad(needed.healthFactorWad)}) from ${spendable.map((holding) => describe(holding.asset, holding.raw)).join(', ')}: ${newLegs.length} leg(s)`,
        legIds: newLegs.map((leg) => leg.id),
        direct: spentInPlace(topUp),
      }
      await record(entry)
      replans.push(entry)
      say(`re-planned: ${entry.reason}`)
      await record({ type: 'collateral-raised', stepIndex: step.index, extraRaw: needed.extraRaw.toString() })
      extraRaw = needed.extraRaw
      raisedCollateral.set(step.index, extraRaw)
      for (const wave of waves(newLegs)) await Promise.all(wave.map((leg) => runLeg(leg.id, leg, true)))
    }
    if (!doneSteps.has(supplyIndex)) {
      // The top-up legs must have delivered: the wallet's balance alone could be the user's other funds.
      const shortTopUps = [...legResults].filter(([legId, result]) => legId.startsWith(`collateral-${step.index}-`) && result.verdict !== 'reached')
      if (shortTopUps.length > 0)
        return `the extra collateral did not arrive: ${shortTopUps.map(([legId, result]) => `${legId} ${result.verdict}`).join(', ')}`
      const balance = await client(collateral.chainId).publicClient.readContract({ address: collateral.token, abi: devnetTokenAbi, functionName: 'balanceOf', args: [account.address] })
      if (balance < extraRaw) return `the extra collateral did not arrive: ${describe(supplyStep.tokenIn!, extraRaw)} needed, the wallet holds ${describe(supplyStep.tokenIn!, balance)}`
    }
    // Exact approvals, as the planned ones: the extra supply gets its own (journalled under its own index).
    const approveIndex = 2 * plan.steps.length + step.index
    const allowance = await client(collateral.chainId).publicClient.readContract({ address: collateral.token, abi: devnetTokenAbi, functionName: 'allowance', args: [account.address, lending.pool] })
    if (!doneSteps.has(supplyIndex) && allowance < extraRaw && !(await send(approveIndex, collateral.chainId, { address: collateral.token, abi: devnetTokenAbi, functionName: 'approve', args: [lending.pool, extraRaw] } as never)))
      return `the approval for the extra supply (step ${approveIndex}) reverted`
    if (!(await send(supplyIndex, collateral.chainId, { address: lending.pool, abi: aavePoolAbi, functionName: 'supply', args: [collateral.token, extraRaw, account.address, 0] } as never)))
      return `the extra supply (step ${supplyIndex}) reverted`
    return true
  }

  // 1. Funding legs, in parallel waves; top-up legs an earlier process started are finished first.
  for (const wave of waves(plan.legs.filter((leg) => leg.purpose === 'fund'))) await Promise.all(wave.map((leg) => runLeg(leg.id, leg)))
  for (const [legId, entry] of startedLegs) if (entry.topUp) await runLeg(legId)

  // 1b. Legs that delivered less than the lending and vault steps need: re-plan the rest from where the funds are.
  for (;;) {
    const { shortfalls, spendable } = compositeShortfall(plan, fundingRecords())
    if (shortfalls.length === 0) break
    const short = shortfalls.map((shortfall) => describe(shortfall.asset, shortfall.raw)).join(', ')
    const shortLegs = [...legResults].filter(([legId, result]) => result.verdict !== 'reached' && !plan.legs.some((leg) => leg.id === legId && leg.purpose === 'deliver')).map(([legId, result]) => `${legId} ${result.verdict}`)
    const why = `funding short by ${short}${shortLegs.length > 0 ? ` (${shortLegs.join(', ')})` : ''}`
    const remainingSeconds = Math.floor(plan.deadlineSeconds - (Date.now() - started) / 1000)
    const refuse = async (reason: string) => {
      stoppedReason = await stop(`${why}; ${reason}; the lending and vault steps were not sent`)
    }
    if (replans.length >= MAX_REPLANS) {
      await refuse(`still short after ${replans.length} re-plans`)
      break
    }
    if (spendable.length === 0 || remainingSeconds <= 0) {
      await refuse(spendable.length === 0 ? 'the intent\'s sources hold nothing more to spend' : 'the deadline has passed')
      break
    }
    const fresh = await readFreshMarket()
    let replanned
    try {
      replanned = planCompositeIntent(fresh, {
        sources: spendable.map((holding) => ({ asset: parseAssetKey(holding.asset), maxAmountRaw: holding.raw })),
        goals: shortfalls.map((shortfall, i) => ({ kind: 'holding' as const, id: `shortfall-${i}`, asset: parseAssetKey(shortfall.asset), minAmountRaw: shortfall.raw })),
        deadlineSeconds: remainingSeconds,
      })
    } catch (error) {
      replanned = { status: 'infeasible' as const, reason: error instanceof Error ? error.message : String(error) }
    }
    if (replanned.status !== 'ok') {
      await refuse(`re-planning from where the funds are failed: ${replanned.reason}`)
      break
    }
    const topUp = replanned.plan
    const newLegs = topUp.legs.filter((leg) => leg.purpose === 'fund').map((leg, i) => ({ ...leg, id: `top-${replans.length + 1}-${i}` }))
    const direct = spentInPlace(topUp)
    const entry = {
      type: 'replanned' as const,
      reason: `${why}; re-planned from ${spendable.map((holding) => describe(holding.asset, holding.raw)).join(', ')}: ${newLegs.length} top-up leg(s), probability ${topUp.outcomeProbability.toFixed(3)}`,
      legIds: newLegs.map((leg) => leg.id),
      direct,
    }
    await record(entry)
    replans.push(entry)
    say(`re-planned: ${entry.reason}`)
    for (const wave of waves(newLegs)) await Promise.all(wave.map((leg) => runLeg(leg.id, leg, true)))
  }

  // 2. Approvals, supplies and vault deposits, then borrows (checked first), then delivery legs.
  const lendingMarkets = new Map((market.lendingMarkets ?? []).map((lending) => [lending.id, lending]))
  const vaults = new Map((market.vaults ?? []).map((vault) => [vault.id, vault]))
  const ordered = [...plan.steps].sort((a, b) => a.index - b.index)
  if (!stoppedReason)
    for (const step of ordered) {
      if (step.legId || stoppedReason) continue
      const token = step.tokenIn ? (step.tokenIn.split(':')[1] as Address) : undefined
      if (step.action === 'approve') {
        const spender = lendingMarkets.get(step.venueId)?.pool ?? vaults.get(step.venueId)!.address
        const allowance = await client(step.chainId).publicClient.readContract({ address: token!, abi: devnetTokenAbi, functionName: 'allowance', args: [account.address, spender] })
        if (allowance < step.amountInRaw && !(await send(step.index, step.chainId, { address: token!, abi: devnetTokenAbi, functionName: 'approve', args: [spender, step.amountInRaw] } as never)))
          stoppedReason = await stop(`approval step ${step.index} reverted`)
      } else if (step.action === 'supply') {
        const lending = lendingMarkets.get(step.venueId)!
        const balance = await client(step.chainId).publicClient.readContract({ address: token!, abi: devnetTokenAbi, functionName: 'balanceOf', args: [account.address] })
        if (!doneSteps.has(step.index) && balance < step.amountInRaw) {
          stoppedReason = await stop(`supply step ${step.index} needs ${step.amountInRaw} and the wallet holds ${balance}; nothing supplied`)
          break
        }
        if (!(await send(step.index, step.chainId, { address: lending.pool, abi: aavePoolAbi, functionName: 'supply', args: [token!, step.amountInRaw, account.address, 0] } as never)))
          stoppedReason = await stop(`supply step ${step.index} reverted`)
      } else if (step.action === 'borrow') {
        const lending = lendingMarkets.get(step.venueId)!
        const borrowToken = step.tokenOut!.split(':')[1] as Address
        if (!doneSteps.has(step.index)) {
          const goal = plan.goals.find((candidate) => candidate.kind === 'borrow' && step.goalIds.includes(candidate.goalId))
          const borrow = { token: borrowToken, amountRaw: step.amountOutRaw, minHealthFactorWad: goal?.minHealthFactorWad ?? HEALTH_FACTOR_LIQUIDATION_THRESHOLD }
          let check = await checkBorrow(lending, borrow)
          if (!check.ok) {
            // Re-plan: supply the least extra collateral that lets the borrow pass, brought from what the intent may still spend.
            const raised = await raiseCollateral(step, lending, borrow, check)
            if (raised !== true) {
              stoppedReason = await stop(`borrow step ${step.index} would revert (${check.code}: ${check.message}); ${raised}; collateral stays supplied, no debt drawn`)
              break
            }
            check = await checkBorrow(lending, borrow)
            if (!check.ok) {
              stoppedReason = await stop(`borrow step ${step.index} would revert (${check.code}: ${check.message}) after raising the collateral; collateral stays supplied, no debt drawn`)
              break
            }
          }
          say(`borrow check passed: health factor after ${check.healthFactorWad} (wad)`)
        }
        if (!(await send(step.index, step.chainId, { address: lending.pool, abi: aavePoolAbi, functionName: 'borrow', args: [borrowToken, step.amountOutRaw, 2n, 0, account.address] } as never)))
          stoppedReason = await stop(`borrow step ${step.index} reverted`)
        else for (const leg of plan.legs) if (leg.purpose === 'deliver' && step.goalIds.includes(leg.goalId)) await runLeg(leg.id, leg)
      } else if (step.action === 'deposit') {
        const vault = vaults.get(step.venueId)!
        if (!(await send(step.index, step.chainId, { address: vault.address, abi: erc4626Abi, functionName: 'deposit', args: [step.amountInRaw, account.address] } as never)))
          stoppedReason = await stop(`deposit step ${step.index} reverted`)
      }
    }

  // 3. The verdict, read from the chains.
  const goals: GoalVerdict[] = []
  const healthFactorWad: Record<string, string> = {}
  for (const goal of plan.goals) {
    const legsOfGoal = plan.legs.filter((leg) => leg.goalId === goal.goalId)
    if (goal.kind === 'supply' || goal.kind === 'borrow') {
      const step = plan.steps.find((candidate) => candidate.goalIds.includes(goal.goalId) && (candidate.action === 'supply' || candidate.action === 'borrow'))!
      const lending = lendingMarkets.get(step.venueId)!
      const publicClient = client(lending.chainId).publicClient
      const token = (goal.kind === 'supply' ? step.tokenIn! : step.tokenOut!).split(':')[1] as Address
      const reserve = (await readLendingMarket({ client: publicClient, id: lending.id, chainId: lending.chainId, pool: lending.pool, oracle: lending.oracle, supplyGasUnits: 0, borrowGasUnits: 0 })).reserves.find((candidate) => candidate.token === token)!
      const [, , , , , hf] = await publicClient.readContract({ address: lending.pool, abi: aavePoolAbi, functionName: 'getUserAccountData', args: [account.address] })
      healthFactorWad[lending.id] = hf.toString()
      if (goal.kind === 'supply') {
        const supplied = await publicClient.readContract({ address: reserve.aToken, abi: scaledBalanceTokenAbi, functionName: 'balanceOf', args: [account.address] })
        // aToken and debt balances are scaled balances times an index, each rounded half up (WadRayMath),
        // so a balance read in the block of the action can sit one unit below the amount moved.
        goals.push({ goalId: goal.goalId, met: supplied + 1n >= goal.plannedAmountRaw, detail: `supplied ${supplied} (planned ${goal.plannedAmountRaw})` })
      } else {
        const debt = await publicClient.readContract({ address: reserve.variableDebtToken, abi: scaledBalanceTokenAbi, functionName: 'balanceOf', args: [account.address] })
        const delivery = legsOfGoal.find((leg) => leg.purpose === 'deliver')
        const delivered = delivery ? legResults.get(delivery.id) : undefined
        const deliveredOk = !delivery || delivered?.verdict === 'reached'
        goals.push({
          goalId: goal.goalId,
          met: debt + 1n >= goal.plannedAmountRaw && deliveredOk,
          detail: `debt ${debt} (planned ${goal.plannedAmountRaw}), health factor ${hf}${delivery ? `, delivered ${delivered?.deliveredRaw ?? 0} (${delivered?.verdict ?? 'not sent'})` : ''}`,
        })
      }
    } else if (goal.kind === 'vaultDeposit') {
      const step = plan.steps.find((candidate) => candidate.goalIds.includes(goal.goalId) && candidate.action === 'deposit')!
      const vault = vaults.get(step.venueId)!
      const publicClient = client(vault.chainId).publicClient
      const shares = await publicClient.readContract({ address: vault.address, abi: erc4626Abi, functionName: 'balanceOf', args: [account.address] })
      const assets = await publicClient.readContract({ address: vault.address, abi: erc4626Abi, functionName: 'convertToAssets', args: [shares] })
      goals.push({ goalId: goal.goalId, met: assets >= goal.plannedAmountRaw, detail: `shares ${shares} worth ${assets} (goal ${goal.plannedAmountRaw})` })
    } else {
      const delivered = legsOfGoal.reduce((sum, leg) => sum + BigInt(legResults.get(leg.id)?.deliveredRaw ?? '0'), 0n)
      const reached = legsOfGoal.every((leg) => legResults.get(leg.id)?.verdict === 'reached')
      goals.push({ goalId: goal.goalId, met: reached, detail: `delivered ${delivered}` })
    }
  }
  const verdict = goals.every((goal) => goal.met) && !stoppedReason ? 'reached' : 'incomplete'
  for (const goal of goals) say(`goal ${goal.goalId}: ${goal.met ? 'met' : 'NOT met'} — ${goal.detail}`)
  return {
    id,
    verdict,
    goals,
    legs: [...legResults.entries()].map(([legId, result]) => ({ legId, executionId: result.executionId, verdict: result.verdict, deliveredRaw: result.deliveredRaw })),
    ...(stoppedReason ? { stoppedReason } : {}),
    replans: replans.map((replan) => replan.reason),
    fundsNow: [...legResults.values()].flatMap((result) => result.fundsNow),
    healthFactorWad,
    durationSeconds: (Date.now() - started) / 1000,
    lines,
  }
}
