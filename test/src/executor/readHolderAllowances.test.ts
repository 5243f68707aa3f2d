// Issue 12: the schedule lists the approvals the executor really sends. An account with a standing
// allowance for the router on its input token executes swap → bridge → swap on real anvil chains; the
// approvals on chain (transactions calling approve, read from the blocks) are the ones the plan's
// schedule lists, and the planner was told of the allowance by readHolderAllowances. A re-solve reads
// the allowances on what it holds then, so its new plan lists only the approvals it sends.
import { maxUint256, type Address } from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDevnetPublicClient, createDevnetWalletClient } from '../../../src/devnet/defineDevnetChain.ts'
import { devnetTokenAbi } from '../../../src/devnet/abis.ts'
import { blockNumbers, chainOf, intentOf, sentTransactions, shockPool, startExecutorDevnet, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'
import { executeIntent } from '../../../src/executor/executeIntent.ts'
import { readJournal } from '../../../src/executor/journal.ts'
import { assetKey } from '../../../solver/market/assetKey.ts'

/** The 4-byte selector of ERC-20 `approve(address,uint256)`. */
const APPROVE_SELECTOR = '0x095ea7b3'

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

/** Approvals among `sent`, by chain. */
async function approvalsByChain(sent: ReadonlyArray<{ chainId: number; hash: `0x${string}` }>): Promise<Map<number, number>> {
  const counts = new Map<number, number>()
  for (const tx of sent) {
    const { input } = await createDevnetPublicClient(chainOf(x.devnet, tx.chainId)).getTransaction({ hash: tx.hash })
    if (input.startsWith(APPROVE_SELECTOR)) counts.set(tx.chainId, (counts.get(tx.chainId) ?? 0) + 1)
  }
  return counts
}

describe('readHolderAllowances → the plan → the chain', () => {
  it('a standing router allowance on the input token: the first swap sends no approval, and the schedule says so', async () => {
    const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '1500', deadlineSeconds: 300 })
    const chain = chainOf(x.devnet, intent.from.chainId)
    const wallet = createDevnetWalletClient(chain, x.user)
    const client = createDevnetPublicClient(chain)
    await client.waitForTransactionReceipt({
      hash: await wallet.writeContract({ address: intent.from.token as Address, abi: devnetTokenAbi, functionName: 'approve', args: [chain.contracts.router, maxUint256] }),
    })
    const since = await blockNumbers(x)
    const { outcome, journalPath } = await executeIntent({ intent, market: x.devnet.market, targets: x.targets, account: x.user, journalDir: await x.journalDir() })
    expect(outcome.reached, outcome.summary).toBe(true)
    expect(outcome.resolves).toHaveLength(0)

    const plan = (await readJournal(journalPath)).find((record) => record.type === 'plan')
    if (plan?.type !== 'plan') throw new Error('no plan record')
    expect(plan.plan.intent.allowances).toEqual([{ chainId: intent.from.chainId, token: intent.from.token, spender: 'swapRouter', amountRaw: maxUint256 }])
    const listed = plan.plan.schedule.steps.map((scheduled) => scheduled.transactions!.map((tx) => tx.purpose))
    expect(listed).toEqual([['swap'], ['approve', 'deposit'], ['approve', 'swap']])

    // What the chains saw: as many approvals and transactions as the schedule lists.
    const sent = await sentTransactions(x, x.user.address, since)
    const inputs = await Promise.all(sent.map(async (tx) => (await createDevnetPublicClient(chainOf(x.devnet, tx.chainId)).getTransaction({ hash: tx.hash })).input))
    expect(sent).toHaveLength(listed.flat().length)
    expect(inputs.filter((input) => input.startsWith(APPROVE_SELECTOR))).toHaveLength(listed.flat().filter((purpose) => purpose === 'approve').length)
  }, 120_000)

  it('a re-solve plans with the allowances on what it holds then: a standing allowance on the bridged token skips the new leg\'s first approval, and the chain agrees', async () => {
    // As in poolShock.test.ts: USDT (a) → USDC → bridge → USDC (c) → WETH, and devnet-c's USDC/WETH pool
    // is shocked while the deposit is in flight, so the executor re-solves from the USDC it holds on c.
    const C = 900003
    const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '2000', deadlineSeconds: 300, maxSlippageBps: 100 })
    const chain = chainOf(x.devnet, C)
    const usdc = chain.contracts.tokens.USDC as Address
    const client = createDevnetPublicClient(chain)
    await client.waitForTransactionReceipt({
      hash: await createDevnetWalletClient(chain, x.user).writeContract({ address: usdc, abi: devnetTokenAbi, functionName: 'approve', args: [chain.contracts.router, maxUint256] }),
    })
    let shocked = false
    const since = await blockNumbers(x)
    const { outcome, journalPath } = await executeIntent({
      intent,
      market: x.devnet.market,
      targets: x.targets,
      account: x.user,
      journalDir: await x.journalDir(),
      afterRecord: async (record) => {
        if (shocked || record.type !== 'step-confirmed' || record.purpose !== 'deposit' || record.status !== 'success') return
        shocked = true
        await shockPool(x, C, 'USDC', 'WETH', 100_000n * 10n ** 6n)
      },
    })
    expect(outcome.reached, outcome.summary).toBe(true)
    expect(outcome.resolves).toHaveLength(1)

    const resolve = (await readJournal(journalPath)).find((record) => record.type === 'resolve')
    if (resolve?.type !== 'resolve') throw new Error('no resolve record')
    expect(resolve.adopted).toBe(true)
    const newPlans = resolve.plans.map((leg) => leg.plan)
    expect(newPlans[0]!.intent.allowances).toContainEqual({ chainId: C, token: usdc.toLowerCase(), spender: 'swapRouter', amountRaw: maxUint256 })
    // The new plans' first swap of devnet-c USDC through the router is covered by the standing allowance.
    const covered = newPlans.flatMap((plan) => plan.steps).find((step) => step.chainId === C && step.tokenIn === assetKey(C, usdc) && step.action === 'swap' && step.venueKind !== 'concentratedLiquidity')
    expect(covered?.approvalRequired).toBe(false)

    // What the chains saw from the account: exactly the transactions and approvals listed by the
    // schedules of the steps sent — the original leg's up to the re-solve, then the new plans'.
    const original = (await readJournal(journalPath)).find((record) => record.type === 'plan')
    if (original?.type !== 'plan') throw new Error('no plan record')
    const sentFirst = new Set(outcome.steps.filter((step) => step.leg === 0).map((step) => step.step))
    const listed = [
      ...original.plan.schedule.steps.filter((scheduled) => sentFirst.has(scheduled.stepIndex)),
      ...newPlans.flatMap((plan) => plan.schedule.steps),
    ].flatMap((scheduled) => scheduled.transactions!.map((tx) => tx.purpose))
    const sent = await sentTransactions(x, x.user.address, since)
    const approvals = [...(await approvalsByChain(sent)).values()].reduce((sum, count) => sum + count, 0)
    expect(approvals).toBe(listed.filter((purpose) => purpose === 'approve').length)
    expect(sent).toHaveLength(listed.length)
  }, 120_000)
})
