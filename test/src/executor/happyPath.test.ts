// Issue 5, executor test 1 (happy path) and 5 (conservation), against real anvil chains: USDT on
// devnet-a → WETH on devnet-c runs as swap → bridge → swap, and every amount is checked against the
// chain — Uniswap V2's formula on the reserves one block before each swap, the bridge's fee schedule
// on each deposit and fill — and the account's balances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { executeIntent } from '../../../src/executor/executeIntent.ts'
import { foldJournal } from '../../../src/executor/foldJournal.ts'
import { encodeJournalRecord, readJournal, type JournalRecord } from '../../../src/executor/journal.ts'
import { createExecutionManager } from '../../../src/executor/executionManager.ts'
import { expectConservation, expectConservationAcrossAccounts, expectFees, verifyStepsOnChain } from './executorAssertions.ts'
import { blockNumbers, intentOf, sentTransactions, startExecutorDevnet, tokenBalances, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'

let x: ExecutorDevnet

beforeAll(async () => {
  x = await startExecutorDevnet()
})

afterAll(async () => {
  await x?.stop()
})

describe('executeIntent on the devnet: happy path', () => {
  it('runs swap → bridge → swap across three chains and delivers exactly what the exact math predicts at each step', async () => {
    const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '2000', deadlineSeconds: 300 })
    const before = await tokenBalances(x, x.user.address)
    const since = await blockNumbers(x)
    const journalDir = await x.journalDir()
    const { outcome, journalPath } = await executeIntent({ intent, market: x.devnet.market, targets: x.targets, account: x.user, journalDir })
    const after = await tokenBalances(x, x.user.address)

    expect(outcome.reached, outcome.summary).toBe(true)
    expect(outcome.verdict).toBe('reached')
    expect(outcome.resolves).toHaveLength(0)
    expect(outcome.steps.map((step) => [step.action, step.chain, step.status])).toEqual([
      ['swap', 'devnet-a', 'confirmed'],
      ['bridge', 'devnet-a', 'filled'],
      ['swap', 'devnet-c', 'confirmed'],
    ])
    // Each step spends all of what the one before delivered: nothing is stranded on the way.
    expect(outcome.steps[1]!.amountIn!.raw).toBe(outcome.steps[0]!.received!.raw)
    expect(outcome.steps[2]!.amountIn!.raw).toBe(outcome.steps[1]!.received!.raw)
    expect(outcome.delivered.raw).toBe(outcome.steps[2]!.received!.raw)
    expect(BigInt(outcome.delivered.raw) >= BigInt(outcome.minimum.raw)).toBe(true)
    expect(outcome.fundsNow).toEqual([])

    await verifyStepsOnChain(x, outcome)
    expectFees(x, outcome)
    expectConservation(outcome, before, after)
    await expectConservationAcrossAccounts(x, since, outcome)

    // The chains saw exactly the transactions the journal names, each nonce once.
    const sent = await sentTransactions(x, x.user.address, since)
    const journalled = outcome.steps.flatMap((step) => step.transactions)
    expect(sent.map((tx) => tx.hash).sort()).toEqual(journalled.map((tx) => tx.hash).sort())
    expect(new Set(sent.map((tx) => `${tx.chainId}:${tx.nonce}`)).size).toBe(sent.length)

    // The journal on disk folds into the same outcome, and every transaction was journalled before it was sent.
    const records = await readJournal(journalPath)
    expect(foldJournal(records).outcome).toEqual(JSON.parse(JSON.stringify(outcome)))
    for (const tx of journalled) {
      const sending = records.findIndex((r) => r.type === 'step-sending' && r.hash === tx.hash)
      const sentAt = records.findIndex((r) => r.type === 'step-sent' && r.hash === tx.hash)
      const confirmed = records.findIndex((r) => r.type === 'step-confirmed' && r.hash === tx.hash)
      expect(sending).toBeGreaterThan(0)
      expect(sending < sentAt && sentAt < confirmed).toBe(true)
    }
  }, 90_000)

  it('runs through the ExecutionManager: start, follow the step events, status, outcome — the events are the journal', async () => {
    const manager = createExecutionManager({ market: x.devnet.market, targets: x.targets, account: x.user, journalDir: await x.journalDir() })
    const intent = intentOf(x, { from: 'devnet-b:WETH', to: 'devnet-a:USDT', amount: '0.5', deadlineSeconds: 300 })
    const { id } = await manager.start({ intent })
    const events: JournalRecord[] = []
    const unsubscribe = await manager.subscribe(id, (record) => events.push(record))
    expect((await manager.status(id))?.phase).toBe('running')
    const outcome = await manager.wait(id)
    unsubscribe()
    expect(outcome.reached, outcome.summary).toBe(true)
    const status = await manager.status(id)
    expect(status?.phase).toBe('finished')
    expect(status?.outcome).toEqual(outcome)
    // The events seen live are the journal on disk (replayed from the file now that the execution is over), in order.
    const replayed: JournalRecord[] = []
    await manager.subscribe(id, (record) => replayed.push(record))
    expect(events.map(encodeJournalRecord)).toEqual(replayed.map(encodeJournalRecord))
    expect(events[0]?.type).toBe('intent')
    expect(events.at(-1)?.type).toBe('outcome')
    await verifyStepsOnChain(x, outcome)
    await manager.close()
  }, 90_000)

  it('sends nothing and reports the input untouched when no plan meets the intent', async () => {
    const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '2000', minAmountOut: '1000', deadlineSeconds: 300 })
    const before = await tokenBalances(x, x.user.address)
    const since = await blockNumbers(x)
    const { outcome } = await executeIntent({ intent, market: x.devnet.market, targets: x.targets, account: x.user, journalDir: await x.journalDir() })
    const after = await tokenBalances(x, x.user.address)
    expect(outcome.reached).toBe(false)
    expect(outcome.stoppedReason).toMatch(/no plan for the intent: Best expected output .* < minimum 1000 WETH/)
    expect(outcome.steps).toEqual([])
    expect(outcome.fundsNow).toEqual([expect.objectContaining({ location: 'wallet', amount: { raw: '2000000000', amount: '2000', symbol: 'USDT' } })])
    expect(await sentTransactions(x, x.user.address, since)).toEqual([])
    expectConservation(outcome, before, after)
    await expectConservationAcrossAccounts(x, since, outcome)
  }, 60_000)
})
