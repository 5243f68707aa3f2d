// Issue 12: the schedule lists the approvals the executor really sends. An account with a standing
// allowance for the router on its input token executes swap → bridge → swap on real anvil chains; the
// approvals on chain (transactions calling approve, read from the blocks) are the ones the plan's
// schedule lists, and the planner was told of the allowance by readHolderAllowances.
import { maxUint256, type Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDevnetPublicClient, createDevnetWalletClient } from '../../../src/devnet/defineDevnetChain.ts'
import { devnetTokenAbi } from '../../../src/devnet/abis.ts'
import { blockNumbers, chainOf, intentOf, sentTransactions, startExecutorDevnet, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'
import { executeIntent } from '../../../src/executor/executeIntent.ts'
import { readJournal } from '../../../src/executor/journal.ts'

/** The 4-byte selector of ERC-20 `approve(address,uint256)`. */
const APPROVE_SELECTOR = '0x095ea7b3'

let x: ExecutorDevnet

beforeAll(async () => {
  x = await startExecutorDevnet()
})

afterAll(async () => {
  await x?.stop()
})

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
})
