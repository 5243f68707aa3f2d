// Issue 5, executor test 3 (slow or failed bridge) and 5 (conservation): the relayer never fills the
// executor's first deposit — the executor waits out the fill deadline, gets the refund on devnet-a and
// re-routes from there; the relayer fills late, past the schedule's p95 — the executor notes it,
// waits and finishes; with re-solving off, a refund ends the execution with the funds reported on
// devnet-a; and (issue 13) a resume after that refund re-plans from the account's balance on the
// chain, not the journal's: with part of the refund moved out of the account between the runs it
// plans with what is left, with tokens moved in it plans only with the refund. And the relayer as its
// own process (relayerMain.ts), SIGKILLed after it took the executor's deposit and before it filled
// it: the execution stops with the funds in escrow; a restarted relayer refunds the expired deposit
// and `--resume` re-routes from the refund to the intent. Every test starts from the same snapshot
// of the chains.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { devnetTokenAbi } from '../../../src/devnet/abis.ts'
import { createDevnetPublicClient, createDevnetWalletClient } from '../../../src/devnet/defineDevnetChain.ts'
import { executeIntent } from '../../../src/executor/executeIntent.ts'
import { dirname } from 'node:path'
import { readJournal } from '../../../src/executor/journal.ts'
import { resumeExecution } from '../../../src/executor/resumeExecution.ts'
import { expectConservation, expectConservationAcrossAccounts, expectFees, verifyStepsOnChain } from './executorAssertions.ts'
import { blockNumbers, intentOf, SHOCKER, startExecutorDevnet, tokenBalances, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'

let x: ExecutorDevnet

beforeAll(async () => {
  x = await startExecutorDevnet()
})
afterAll(async () => {
  await x?.stop()
})
afterEach(async () => {
  await x.reset()
})

/** The relayer refuses the user's first deposit (it is refunded after its fill deadline) and fills the rest. */
function failFirstDeposit(): void {
  let failed = false
  x.setDecide((deposit) => {
    if (failed || deposit.depositor.toLowerCase() !== x.user.address.toLowerCase()) return undefined
    failed = true
    return { fill: false }
  })
}

const run = async (options: Parameters<typeof executeIntent>[0]['options']) => {
  const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '2000', deadlineSeconds: 300 })
  const before = await tokenBalances(x, x.user.address)
  const since = await blockNumbers(x)
  const result = await executeIntent({ intent, market: x.devnet.market, targets: x.targets, account: x.user, journalDir: await x.journalDir(), ...(options ? { options } : {}) })
  const after = await tokenBalances(x, x.user.address)
  return { ...result, before, after, since }
}

describe('executeIntent on the devnet: a slow or failed bridge', () => {
  it('waits for the refund of a deposit that is never filled, then re-routes from the origin and meets the intent', async () => {
    failFirstDeposit()
    const { outcome, before, after, since } = await run({ fillDeadlineCapSeconds: 8, refundGraceSeconds: 30 })

    expect(outcome.reached, outcome.summary).toBe(true)
    const refunded = outcome.steps.find((step) => step.status === 'refunded')
    expect(refunded).toMatchObject({ leg: 0, action: 'bridge', chain: 'devnet-a' })
    expect(refunded!.bridge?.refundTransaction).toMatch(/^0x/)
    expect(outcome.resolves).toHaveLength(1)
    expect(outcome.resolves[0]).toMatchObject({ trigger: 'bridge-refunded', adopted: true, supersededLeg: 0 })
    // The new leg starts from the refunded USDC on devnet-a.
    const newLeg = outcome.steps.filter((step) => step.leg === 1)
    expect(newLeg[0]!.tokenIn).toMatchObject({ chain: 'devnet-a', symbol: 'USDC' })
    expect(newLeg[0]!.amountIn!.raw).toBe(refunded!.amountIn!.raw)
    expect(newLeg.every((step) => step.status === 'confirmed' || step.status === 'filled')).toBe(true)
    expect(outcome.fundsNow).toEqual([])

    await verifyStepsOnChain(x, outcome)
    expectFees(x, outcome)
    expectConservation(outcome, before, after)
    await expectConservationAcrossAccounts(x, since, outcome)
  }, 120_000)

  it('notes a fill later than the schedule p95, keeps waiting, and finishes when it arrives', async () => {
    x.setDecide((deposit) => (deposit.depositor.toLowerCase() === x.user.address.toLowerCase() ? { fill: true, delayMs: 15000 } : undefined))
    const { outcome, journalPath, before, after, since } = await run(undefined)

    expect(outcome.reached, outcome.summary).toBe(true)
    expect(outcome.resolves).toHaveLength(0)
    const bridge = outcome.steps.find((step) => step.action === 'bridge')!
    expect(bridge.status).toBe('filled')
    expect(bridge.bridge?.late).toBeDefined()
    expect(bridge.bridge!.late!.elapsedSeconds).toBeGreaterThan(bridge.bridge!.late!.p95Seconds)
    const records = await readJournal(journalPath)
    const late = records.findIndex((r) => r.type === 'bridge-late')
    const filled = records.findIndex((r) => r.type === 'bridge-filled')
    expect(late).toBeGreaterThan(0)
    expect(filled).toBeGreaterThan(late)

    await verifyStepsOnChain(x, outcome)
    expectConservation(outcome, before, after)
    await expectConservationAcrossAccounts(x, since, outcome)
  }, 120_000)

  it('with re-solving off, reports the refunded funds on devnet-a after a deposit that is never filled; a resume re-solves from there and finishes', async () => {
    failFirstDeposit()
    const { outcome, before, after, id, journalPath, since } = await run({ resolve: false, fillDeadlineCapSeconds: 8 })

    expect(outcome.reached).toBe(false)
    expect(outcome.verdict).toBe('incomplete')
    expect(outcome.stoppedReason).toMatch(/refunded.*re-solving is off/)
    const refunded = outcome.steps.find((step) => step.status === 'refunded')!
    expect(outcome.fundsNow).toEqual([expect.objectContaining({ location: 'wallet', amount: refunded.amountIn })])
    expect(outcome.fundsNow[0]!.asset).toMatchObject({ chain: 'devnet-a', symbol: 'USDC' })

    await verifyStepsOnChain(x, outcome)
    expectConservation(outcome, before, after)
    await expectConservationAcrossAccounts(x, since, outcome)

    // Issue 13: every stop is resumable. The resume reads the chain, re-solves from the refunded USDC and delivers.
    const resumed = await resumeExecution({ id, market: x.devnet.market, targets: x.targets, account: x.user, journalDir: dirname(journalPath) })
    const final = await tokenBalances(x, x.user.address)
    expect(resumed.outcome.reached, resumed.outcome.summary).toBe(true)
    expect(resumed.outcome.resolves.filter((r) => r.adopted)).toHaveLength(1)
    expect(resumed.outcome.resolves[0]).toMatchObject({ trigger: 'bridge-refunded', adopted: true })
    expect(resumed.outcome.fundsNow).toEqual([])
    expect((await readJournal(journalPath)).filter((record) => record.type === 'resumed')).toHaveLength(1)
    await verifyStepsOnChain(x, resumed.outcome)
    expectConservation(resumed.outcome, before, final)
    await expectConservationAcrossAccounts(x, since, resumed.outcome)
  }, 180_000)
})

describe('a resume re-plans from the chain: the account\'s balance between the runs', () => {
  const cases = [
    { name: 'a thousandth of the refunded USDC left the account: the re-plan uses what is left', direction: 'out' as const },
    { name: '500 USDC arrived from elsewhere: the re-plan uses only the refund, the rest stays', direction: 'in' as const },
  ]
  it.each(cases)('$name', async ({ direction }) => {
    failFirstDeposit()
    const { outcome, before, id, journalPath, since } = await run({ resolve: false, fillDeadlineCapSeconds: 8 })
    expect(outcome.stoppedReason).toMatch(/refunded.*re-solving is off/)
    const refunded = outcome.steps.find((step) => step.status === 'refunded')!
    const refundRaw = BigInt(refunded.amountIn!.raw)
    const usdc = refunded.tokenIn
    const usdcKey = assetKey(usdc.chainId, usdc.token)
    const origin = x.devnet.chains.find((chain) => chain.chainId === usdc.chainId)!

    // Between the runs, the account's USDC on devnet-a changes outside the execution.
    const moved = direction === 'out' ? refundRaw / 1000n : 500n * 10n ** 6n
    const [from, to] = direction === 'out' ? [x.user, SHOCKER] : [SHOCKER, x.user]
    const hash = await createDevnetWalletClient(origin, from).writeContract({ address: usdc.token as Address, abi: devnetTokenAbi, functionName: 'transfer', args: [to.address, moved] })
    await createDevnetPublicClient(origin).waitForTransactionReceipt({ hash })
    const between = await tokenBalances(x, x.user.address)

    const resumed = await resumeExecution({ id, market: x.devnet.market, targets: x.targets, account: x.user, journalDir: dirname(journalPath) })
    const final = await tokenBalances(x, x.user.address)
    expect(resumed.outcome.reached, resumed.outcome.summary).toBe(true)

    // The re-solve read the chain: its figure, the journal's, and the one it planned with.
    const resolve = (await readJournal(journalPath)).find((record) => record.type === 'resolve' && record.adopted)
    expect(resolve?.type).toBe('resolve')
    if (resolve?.type !== 'resolve') return
    const planned = direction === 'out' ? refundRaw - moved : refundRaw
    expect(resolve.holdings).toEqual([expect.objectContaining({ asset: usdcKey, journalRaw: refundRaw, usedRaw: planned })])
    // The chain's figure is the lower of the latest block's and the finality depth's: tokens that
    // left show at once; tokens that arrived only once their block is under the `safe` tag.
    const chainRaw = resolve.holdings![0]!.chainRaw
    if (direction === 'out') expect(chainRaw).toBe(refundRaw - moved)
    else expect(chainRaw === refundRaw || chainRaw === refundRaw + moved, `chain figure ${chainRaw}`).toBe(true)
    expect(resolve.plans.map((plan) => plan.source)).toEqual([{ asset: usdcKey, amountRaw: planned }])
    const newLeg = resumed.outcome.steps.filter((step) => step.leg === 1)
    expect(newLeg[0]!.tokenIn).toMatchObject({ chain: 'devnet-a', symbol: 'USDC' })
    expect(BigInt(newLeg[0]!.amountIn!.raw)).toBe(planned)

    // The chain: the re-plan spent exactly what it planned, so the account's USDC on devnet-a ends
    // where it was between the runs less that: all of it when some had left, the start plus what
    // arrived from elsewhere when some had come in (it was neither spent nor planned).
    expect(final.get(usdcKey)! - between.get(usdcKey)!).toBe(-planned)
    expect(final.get(usdcKey)).toBe(before.get(usdcKey)! + (direction === 'out' ? 0n : moved))
    const target = assetKey(resumed.outcome.to.chainId, resumed.outcome.to.token)
    expect(final.get(target)! - before.get(target)!).toBe(BigInt(resumed.outcome.delivered.raw))
    await verifyStepsOnChain(x, resumed.outcome)
    await expectConservationAcrossAccounts(x, since, resumed.outcome, {
      outsideTransfers: [{ chainId: usdc.chainId, token: usdc.token as Address, from: from.address, to: to.address, amount: moved }],
    })
  }, 180_000)
})

/** The devnet relayer as its own process, its JSON event lines collected. */
function relayerProcess(delayMs: number): { child: ChildProcess; events: Array<Record<string, unknown>>; exited: Promise<NodeJS.Signals | number | null> } {
  const main = fileURLToPath(new URL('../../../src/devnet/relayerMain.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--devnet', join(x.dir, 'devnet.json'), '--delay-ms', String(delayMs)], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const events: Array<Record<string, unknown>> = []
  let buffered = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as Record<string, unknown>)
  })
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)))
  return { child, events, exited }
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const depositIdOf = (event: Record<string, unknown>) => String((event.deposit as { depositId: string } | undefined)?.depositId)

describe('the relayer process killed mid-transfer', () => {
  it('SIGKILL after it took the deposit: the execution stops with the funds in escrow; restarted, the relayer refunds it and --resume re-routes to the intent', async () => {
    await x.relayer().stop()
    const user = x.user.address.toLowerCase()
    const first = relayerProcess(4000)
    let second: ReturnType<typeof relayerProcess> | undefined
    try {
      await until(() => first.events.some((event) => event.type === 'started'), 30_000, 'the relayer process to start')
      const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '2000', deadlineSeconds: 300 })
      const before = await tokenBalances(x, x.user.address)
      const since = await blockNumbers(x)
      const journalDir = await x.journalDir()
      const running = executeIntent({ intent, market: x.devnet.market, targets: x.targets, account: x.user, journalDir, options: { fillDeadlineCapSeconds: 10, refundGraceSeconds: 4 } })
      // The relayer has seen the deposit and scheduled its fill (4 s later): killed now, it never fills.
      const tookDeposit = () => first.events.some((event) => event.type === 'deposit' && String((event.deposit as { depositor: string }).depositor).toLowerCase() === user)
      await until(tookDeposit, 60_000, 'the relayer to take the deposit')
      first.child.kill('SIGKILL')
      expect(await first.exited).toBe('SIGKILL')
      expect(first.events.some((event) => event.type === 'filled')).toBe(false)

      const { outcome, id, journalPath } = await running
      expect(outcome.reached).toBe(false)
      expect(outcome.verdict).toBe('incomplete')
      expect(outcome.stoppedReason).toMatch(/neither filled nor refunded/)
      const bridge = outcome.steps.find((step) => step.action === 'bridge')!
      expect(bridge.status).toBe('deposited')
      expect(outcome.fundsNow).toEqual([expect.objectContaining({ location: 'bridge-escrow', amount: bridge.amountIn })])

      // Restarted, the relayer reads the chains' history: the deposit is past its fill deadline, so it is refunded.
      second = relayerProcess(1000)
      const depositId = bridge.bridge!.depositId!
      await until(() => second!.events.some((event) => event.type === 'refunded' && depositIdOf(event) === depositId), 60_000, 'the refund of the expired deposit')
      const resumed = await resumeExecution({ id, market: x.devnet.market, targets: x.targets, account: x.user, journalDir: dirname(journalPath) })
      const after = await tokenBalances(x, x.user.address)
      expect(resumed.outcome.reached, resumed.outcome.summary).toBe(true)
      expect(resumed.outcome.steps.find((step) => step.leg === 0 && step.action === 'bridge')!.status).toBe('refunded')
      expect(resumed.outcome.resolves.filter((r) => r.adopted)).toEqual([expect.objectContaining({ trigger: 'bridge-refunded', supersededLeg: 0 })])
      expect(resumed.outcome.fundsNow).toEqual([])
      expect((await readJournal(journalPath)).filter((record) => record.type === 'resumed')).toHaveLength(1)
      // The new leg's deposit was filled by the restarted relayer, and it was repaid.
      const newBridge = resumed.outcome.steps.find((step) => step.leg === 1 && step.action === 'bridge')!
      expect(newBridge.status).toBe('filled')
      await until(() => second!.events.some((event) => event.type === 'repaid' && depositIdOf(event) === newBridge.bridge!.depositId), 60_000, 'the repayment of the new fill')
      await verifyStepsOnChain(x, resumed.outcome)
      expectConservation(resumed.outcome, before, after)
      await expectConservationAcrossAccounts(x, since, resumed.outcome)
    } finally {
      first.child.kill('SIGKILL')
      if (second) {
        second.child.kill('SIGTERM')
        await second.exited
      }
    }
  }, 240_000)
})
