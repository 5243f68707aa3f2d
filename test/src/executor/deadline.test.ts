// Issue 13, "the deadline is enforced": USDT on devnet-a → WETH on devnet-c (swap → bridge → swap)
// with a short deadline, and the executor held up (in its journal hook, as a slow node, a paused
// process or a late fill would hold it) right after a step settles, until less time is left than the
// 95th percentile of the next step's own duration (startRuleNeededSeconds, the rule the outcome
// probability models; checkStepDeadline.test.ts shows it refusing steps the rule before, on the
// expected duration, would have started). The next step must not be started: nothing more is sent, the verdict says where the funds are (in the account, on the chain
// the last step left them), the ledger equals every account's balances, and a `--resume` once the
// deadline has passed sends nothing either. (Measured before issue 13: a 90 s intent kept moving
// funds until 237 s.)
import { dirname } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Plan } from '../../../solver/model/plan.ts'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import { preparePlanTiming } from '../../../solver/risk/planTiming.ts'
import { startRuleNeededSeconds } from '../../../solver/risk/startRuleNeededSeconds.ts'
import { createDevnetPublicClient } from '../../../src/devnet/defineDevnetChain.ts'
import { accordSpokeAbi } from '../../../src/devnet/abis.ts'
import { executeIntent } from '../../../src/executor/executeIntent.ts'
import { readJournal, type JournalRecord } from '../../../src/executor/journal.ts'
import { resumeExecution } from '../../../src/executor/resumeExecution.ts'
import { blockNumbers, intentOf, sentTransactions, startExecutorDevnet, tokenBalances, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'
import { expectConservation, expectConservationAcrossAccounts, verifyStepsOnChain } from './executorAssertions.ts'

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

/** Resolves once `check` holds, polling every 20 ms. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20))
}

const cases = [
  {
    name: 'after the first swap, with less time left than the bridge takes: no deposit',
    deadlineSeconds: 30,
    // The record after which the executor is held up, and the step it would start next.
    holdAfter: (record: JournalRecord) => record.type === 'step-confirmed' && record.purpose === 'swap' && record.stepIndex === 0 && record.status === 'success',
    nextStep: 1,
    fundsOn: { chain: 'devnet-a', symbol: 'USDC' },
  },
  {
    name: 'after the bridge fill, with less time left than the last swap takes: no last swap',
    deadlineSeconds: 45,
    holdAfter: (record: JournalRecord) => record.type === 'bridge-filled',
    nextStep: 2,
    fundsOn: { chain: 'devnet-c', symbol: 'USDC' },
  },
] as const

describe('executeIntent enforces the deadline', () => {
  it.each(cases)('$name; the verdict says where the funds are; a resume past the deadline sends nothing', async ({ deadlineSeconds, holdAfter, nextStep, fundsOn }) => {
    const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '2000', deadlineSeconds })
    const before = await tokenBalances(x, x.user.address)
    const since = await blockNumbers(x)
    const journalDir = await x.journalDir()
    let startedAt: number | undefined
    let plan: Plan | undefined
    let held: { at: number; neededSeconds: number } | undefined
    const remainingSeconds = () => deadlineSeconds - (Date.now() - startedAt!) / 1000

    const { outcome, journalPath, id } = await executeIntent({
      intent,
      market: x.devnet.market,
      targets: x.targets,
      account: x.user,
      journalDir,
      afterRecord: async (record) => {
        startedAt ??= record.at
        if (record.type === 'plan' && record.legId === 0) plan = record.plan
        if (held || !holdAfter(record)) return
        const position = plan!.steps.findIndex((step) => step.index === nextStep)
        const neededSeconds = startRuleNeededSeconds(preparePlanTiming(indexMarket(x.devnet.market), plan!.steps))[position]!
        expect(remainingSeconds(), 'the route got this far with time to spare').toBeGreaterThan(neededSeconds)
        // Held until a little less time is left than the step's p95: the deadline has not passed, but
        // the step cannot be counted on to finish by it.
        await until(() => remainingSeconds() < neededSeconds - 0.3)
        held = { at: Date.now(), neededSeconds }
      },
    })
    const after = await tokenBalances(x, x.user.address)
    const records = await readJournal(journalPath)

    expect(held, 'the executor was held up').toBeDefined()
    expect(outcome.reached).toBe(false)
    expect(outcome.verdict).toBe('incomplete')
    expect(outcome.stoppedReason).toMatch(new RegExp(`^deadline: step ${nextStep} of leg 0 .* takes up to ${held!.neededSeconds.toFixed(1)} s \\(p95\\) and \\d+\\.\\d s are left; not started$`))
    // Nothing was signed after the hold; the chains hold exactly the journal's transactions.
    expect(records.filter((record) => record.type === 'step-sending' && record.at >= held!.at)).toEqual([])
    const signed = new Set(records.flatMap((record) => (record.type === 'step-sending' ? [record.hash] : [])))
    const sent = await sentTransactions(x, x.user.address, since)
    expect(sent.every((tx) => signed.has(tx.hash))).toBe(true)
    expect(outcome.steps.filter((step) => step.step >= nextStep).every((step) => step.status === 'pending' && step.transactions.length === 0)).toBe(true)
    if (nextStep === 1) {
      const origin = x.devnet.chains[0]!
      const deposits = await createDevnetPublicClient(origin).getContractEvents({ address: origin.contracts.spoke, abi: accordSpokeAbi, eventName: 'Deposited', fromBlock: since.get(origin.chainId)! + 1n })
      expect(deposits, 'no deposit after the hold').toEqual([])
    }

    // Where the funds are: the output of the last step, in the account, on the chain it left them.
    const last = outcome.steps.find((step) => step.step === nextStep - 1)!
    expect(outcome.fundsNow).toEqual([expect.objectContaining({ location: 'wallet', amount: last.received })])
    expect(outcome.fundsNow[0]!.asset).toMatchObject(fundsOn)
    expect(outcome.summary).toMatch(new RegExp(`funds now: ${last.received!.amount} USDC on ${fundsOn.chain} \\(wallet\\)`))
    await verifyStepsOnChain(x, outcome)
    expectConservation(outcome, before, after)
    await expectConservationAcrossAccounts(x, since, outcome)

    // A resume once the deadline has passed starts nothing and says the same.
    await until(() => remainingSeconds() < 0)
    const resumed = await resumeExecution({ id, market: x.devnet.market, targets: x.targets, account: x.user, journalDir: dirname(journalPath) })
    expect(resumed.outcome.verdict).toBe('incomplete')
    expect(resumed.outcome.fundsNow).toEqual(outcome.fundsNow)
    const afterResume = await readJournal(journalPath)
    expect(afterResume.slice(records.length).filter((record) => record.type === 'step-sending' || record.type === 'resumed')).toEqual([])
    expect(await sentTransactions(x, x.user.address, since)).toEqual(sent)
  }, 180_000)
})
