// Issue 5, executor test 2 (pool shock) and 5 (conservation): while the executor's USDC is on the
// bridge to devnet-c, another account swaps 100 000 USDC into WETH in devnet-c's USDC/WETH pool — the
// pool the plan's last step needs (the executor's afterRecord hook holds it until the shock is mined,
// so the order of events is fixed). The executor sees it on its market re-read, re-solves from the
// USDC it holds on devnet-c and still meets the minimum through other pools; with a tighter minimum
// nothing can meet it and it stops with the funds on devnet-c and says so; with re-solving off it
// stops too. Every test starts from the same snapshot of the chains.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { executeIntent } from '../../../src/executor/executeIntent.ts'
import { readJournal, type JournalRecord } from '../../../src/executor/journal.ts'
import { expectConservation, expectConservationAcrossAccounts, expectFees, verifyStepsOnChain } from './executorAssertions.ts'
import { blockNumbers, intentOf, SHOCKER, shockPool, startExecutorDevnet, tokenBalances, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'

let x: ExecutorDevnet
const SHOCK_USDC = 100_000n * 10n ** 6n
const C = 900003

beforeAll(async () => {
  x = await startExecutorDevnet()
})
afterAll(async () => {
  await x?.stop()
})
afterEach(async () => {
  await x.reset()
})

/**
 * An executor hook that, once the user's first deposit is confirmed (the USDC is on the bridge), has
 * another account swap SHOCK_USDC into devnet-c's USDC/WETH pool and waits for it to be mined — so the
 * shock lands while the funds are in flight, before the executor next reads the market.
 */
function shockDuringFirstBridge(): { afterRecord: (record: JournalRecord) => Promise<void>; shockBlock: () => bigint | undefined } {
  let shockBlock: bigint | undefined
  return {
    shockBlock: () => shockBlock,
    async afterRecord(record) {
      if (shockBlock !== undefined || record.type !== 'step-confirmed' || record.purpose !== 'deposit' || record.status !== 'success') return
      shockBlock = await shockPool(x, C, 'USDC', 'WETH', SHOCK_USDC)
    },
  }
}


describe('executeIntent on the devnet: a pool shock mid-route', () => {
  it('detects the shock in the next pool, re-solves from the USDC it holds on devnet-c and still meets the minimum', async () => {
    const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '2000', deadlineSeconds: 300, maxSlippageBps: 100 })
    const planned = quoteIntent(x.devnet.market, intent)
    expect(planned.status).toBe('ok')
    if (planned.status !== 'ok') return
    const shockedPool = 'devnet-c:uniswap-v2:USDC-WETH'
    expect(planned.plan.steps.map((step) => step.venueId)).toEqual(['devnet-a:uniswap-v2:USDC-USDT', 'accord:devnet-a-to-devnet-c:USDC', shockedPool])

    const shock = shockDuringFirstBridge()
    const before = await tokenBalances(x, x.user.address)
    const since = await blockNumbers(x)
    const { outcome, journalPath } = await executeIntent({ intent, market: x.devnet.market, targets: x.targets, account: x.user, journalDir: await x.journalDir(), afterRecord: shock.afterRecord })
    const after = await tokenBalances(x, x.user.address)

    expect(outcome.reached, outcome.summary).toBe(true)
    expect(outcome.resolves).toHaveLength(1)
    const [resolve] = outcome.resolves
    expect(resolve!.trigger).toBe('min-breach')
    expect(resolve!.adopted).toBe(true)
    // The shocked pool's last step was never sent; the new leg avoids that pool.
    const oldLast = outcome.steps.find((step) => step.leg === 0 && step.step === 2)
    expect(oldLast).toBeUndefined()
    const newLeg = outcome.steps.filter((step) => step.leg === 1)
    expect(newLeg.length).toBeGreaterThan(0)
    expect(newLeg.every((step) => step.venueId !== shockedPool)).toBe(true)
    expect(newLeg[0]!.tokenIn.symbol).toBe('USDC')
    expect(newLeg[0]!.tokenIn.chain).toBe('devnet-c')
    expect(BigInt(outcome.delivered.raw) >= BigInt(outcome.minimum.raw)).toBe(true)
    // The shock happened while the deposit was in flight, and the executor's re-solve came after the fill.
    const records = await readJournal(journalPath)
    const filledAt = records.findIndex((r) => r.type === 'bridge-filled')
    const resolvedAt = records.findIndex((r) => r.type === 'resolve')
    expect(filledAt).toBeGreaterThan(0)
    expect(resolvedAt).toBeGreaterThan(filledAt)
    expect(shock.shockBlock()).toBeDefined()

    await verifyStepsOnChain(x, outcome)
    expectFees(x, outcome)
    expectConservation(outcome, before, after)
    // The shocker traded in the pools too: they count only in the sum over every holder.
    await expectConservationAcrossAccounts(x, since, outcome, { otherMovers: [SHOCKER.address] })
  }, 90_000)

  it('stops safely when no route from the current holdings meets the minimum, and says where the funds are', async () => {
    const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '2000', deadlineSeconds: 300, maxSlippageBps: 20 })
    const shock = shockDuringFirstBridge()
    const before = await tokenBalances(x, x.user.address)
    const since = await blockNumbers(x)
    const { outcome } = await executeIntent({ intent, market: x.devnet.market, targets: x.targets, account: x.user, journalDir: await x.journalDir(), afterRecord: shock.afterRecord })
    const after = await tokenBalances(x, x.user.address)

    expect(outcome.reached).toBe(false)
    expect(outcome.verdict).toBe('incomplete')
    expect(outcome.resolves).toHaveLength(1)
    expect(outcome.resolves[0]!.trigger).toBe('min-breach')
    expect(outcome.resolves[0]!.adopted).toBe(false)
    expect(outcome.stoppedReason).toMatch(/minimum/)
    expect(outcome.delivered.raw).toBe('0')
    // The funds are the bridged USDC, in the wallet on devnet-c: exactly what the fill paid.
    const bridge = outcome.steps.find((step) => step.action === 'bridge')!
    expect(outcome.fundsNow).toEqual([expect.objectContaining({ location: 'wallet', amount: bridge.received })])
    expect(outcome.fundsNow[0]!.asset).toMatchObject({ chain: 'devnet-c', symbol: 'USDC' })
    expect(outcome.steps.map((step) => step.status)).toEqual(['confirmed', 'filled', 'pending'])

    await verifyStepsOnChain(x, outcome)
    expectConservation(outcome, before, after)
    // The shocker traded in the pools too: they count only in the sum over every holder.
    await expectConservationAcrossAccounts(x, since, outcome, { otherMovers: [SHOCKER.address] })
  }, 90_000)

  it('with re-solving off, stops before the step the shock broke instead of sending it', async () => {
    const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '2000', deadlineSeconds: 300, maxSlippageBps: 100 })
    const shock = shockDuringFirstBridge()
    const before = await tokenBalances(x, x.user.address)
    const since = await blockNumbers(x)
    const { outcome } = await executeIntent({
      intent,
      market: x.devnet.market,
      targets: x.targets,
      account: x.user,
      journalDir: await x.journalDir(),
      afterRecord: shock.afterRecord,
      options: { resolve: false },
    })
    const after = await tokenBalances(x, x.user.address)

    expect(outcome.reached).toBe(false)
    expect(outcome.resolves).toHaveLength(0)
    expect(outcome.stoppedReason).toMatch(/re-solving is off/)
    expect(outcome.fundsNow).toHaveLength(1)
    expect(outcome.fundsNow[0]!.asset).toMatchObject({ chain: 'devnet-c', symbol: 'USDC' })
    expectConservation(outcome, before, after)
    // The shocker traded in the pools too: they count only in the sum over every holder.
    await expectConservationAcrossAccounts(x, since, outcome, { otherMovers: [SHOCKER.address] })
  }, 90_000)
})
