// Issue 13, the transaction manager against faults a deployment meets, on the devnet: every node
// reached through a proxy that answers some requests 503, cuts others, and replies late to every
// eth_sendRawTransaction, and leaves others hanging; another sender on the same account every 150 ms; a 500 gwei base-fee
// spike right after the first transaction is signed. Each execution finishes without a resume, the
// account's balances change exactly as the ledger says, and every nonce is used once. And the spend
// limit: when funds the journal counts leave the account behind the executor's back, it stops rather
// than spend the account's other funds, and reports what the chain holds.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseGwei, type Address, type Hash } from 'viem'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { accordSpokeAbi, devnetTokenAbi } from '../../../src/devnet/abis.ts'
import { createDevnetPublicClient, createDevnetWalletClient } from '../../../src/devnet/defineDevnetChain.ts'
import type { ExecutionTargets } from '../../../src/executor/chainEnvironment.ts'
import { executeIntent } from '../../../src/executor/executeIntent.ts'
import type { ExecutorSettings } from '../../../src/executor/executorRuntime.ts'
import { readJournal, type JournalRecord } from '../../../src/executor/journal.ts'
import { expectConservation, expectConservationAcrossAccounts, verifyStepsOnChain } from './executorAssertions.ts'
import { blockNumbers, intentOf, rpc, sentTransactions, SHOCKER, startExecutorDevnet, tokenBalances, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'
import { startFaultyRpcProxy, type FaultyRpcProxy } from './faultyRpcProxy.ts'

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

async function run(parameters: { targets?: ExecutionTargets; settings?: Partial<ExecutorSettings>; afterRecord?: (record: JournalRecord) => Promise<void> | void }) {
  const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '2000', deadlineSeconds: 600 })
  const before = await tokenBalances(x, x.user.address)
  const since = await blockNumbers(x)
  const result = await executeIntent({
    intent,
    market: x.devnet.market,
    targets: parameters.targets ?? x.targets,
    account: x.user,
    journalDir: await x.journalDir(),
    options: { settings: { ...parameters.settings } },
    ...(parameters.afterRecord ? { afterRecord: parameters.afterRecord } : {}),
  })
  const after = await tokenBalances(x, x.user.address)
  const { outcome } = result
  expect(outcome.reached, outcome.summary).toBe(true)
  expectConservation(outcome, before, after)
  await expectConservationAcrossAccounts(x, since, outcome)
  await verifyStepsOnChain(x, outcome)
  for (const step of outcome.steps) expect(step.transactions.filter((tx) => tx.purpose !== 'approve' && tx.status === 'success')).toHaveLength(1)
  const records = await readJournal(result.journalPath)
  return { ...result, records, since }
}

describe('the transaction manager under faults', () => {
  it('through a proxy answering 503s, cutting connections, hanging and replying late to every broadcast: finishes, each transaction mined once', async () => {
    const proxies: FaultyRpcProxy[] = []
    const chains = new Map(
      await Promise.all(
        [...x.targets.chains.values()].map(async (chain) => {
          const proxy = await startFaultyRpcProxy(chain.rpcUrl, { fail503Every: 7, dropEvery: 11, hangEvery: 13, lateSendRawMs: 1500 })
          proxies.push(proxy)
          return [chain.chainId, { ...chain, rpcUrl: proxy.url }] as const
        }),
      ),
    )
    try {
      const { records, since } = await run({
        targets: { ...x.targets, chains },
        settings: { rpcTimeoutMs: 1000, retry: { retries: 3, baseDelayMs: 50, maxDelayMs: 200 } },
      })
      const counts = proxies.map((proxy) => proxy.counts)
      expect(counts.reduce((sum, c) => sum + c.failed503, 0)).toBeGreaterThan(0)
      expect(counts.reduce((sum, c) => sum + c.dropped, 0)).toBeGreaterThan(0)
      expect(counts.reduce((sum, c) => sum + c.hung, 0)).toBeGreaterThan(0)
      expect(counts.reduce((sum, c) => sum + c.lateReplies, 0)).toBeGreaterThan(0)
      // Late replies and retries never produced a second transaction: the chains hold each signed one at most once.
      const sent = await sentTransactions(x, x.user.address, since)
      const signed = new Set(records.flatMap((record) => (record.type === 'step-sending' ? [record.hash] : [])))
      for (const tx of sent) expect(signed.has(tx.hash)).toBe(true)
      expect(new Set(sent.map((tx) => `${tx.chainId}:${tx.nonce}`)).size).toBe(sent.length)
    } finally {
      await Promise.all(proxies.map((proxy) => proxy.close()))
    }
  }, 180_000)

  it('with another sender on the same account every 150 ms: finishes, every nonce used once', async () => {
    const chain = x.devnet.chains[0]!
    const wallet = createDevnetWalletClient(chain, x.user)
    const client = createDevnetPublicClient(chain)
    let running = true
    const other: Hash[] = []
    const sender = (async () => {
      while (running) {
        try {
          const nonce = await client.getTransactionCount({ address: x.user.address, blockTag: 'pending' })
          other.push(await wallet.sendTransaction({ to: x.user.address, value: 0n, nonce }))
        } catch {
          // Its nonce was taken by the executor first: the other sender just tries again.
        }
        await new Promise((resolve) => setTimeout(resolve, 150))
      }
    })()
    try {
      const { since } = await run({ settings: { droppedAfterMs: 1500, stuckAfterMs: 3000 } })
      const sent = await sentTransactions(x, x.user.address, since)
      expect(other.length).toBeGreaterThan(5)
      expect(new Set(sent.map((tx) => `${tx.chainId}:${tx.nonce}`)).size).toBe(sent.length)
    } finally {
      running = false
      await sender
    }
  }, 180_000)

  it('with a 500 gwei base-fee spike right after the first transaction is signed: re-prices under the cap and finishes', async () => {
    const chain = x.devnet.chains[0]!
    let spiked = false
    const { records } = await run({
      settings: { stuckAfterMs: 1500, maxFeePerGasWei: parseGwei('2000') },
      afterRecord: async (record) => {
        if (spiked || record.type !== 'step-sending') return
        spiked = true
        await rpc(chain.rpcUrl, 'anvil_setNextBlockBaseFeePerGas', [`0x${parseGwei('500').toString(16)}`])
      },
    })
    // The first transaction was priced below the spike: it was replaced (journalled) or re-signed.
    const replaced = records.filter((record) => record.type === 'step-sending' && record.replaces !== undefined)
    const resigned = records.filter((record) => record.type === 'step-abandoned' && /fee cap was below the base fee/.test(record.reason))
    expect(replaced.length + resigned.length).toBeGreaterThan(0)
    for (const record of replaced) if (record.type === 'step-sending') expect(record.maxFeePerGas! <= parseGwei('2000')).toBe(true)
  }, 180_000)
})

describe('the spend limit, read from the chain before every send', () => {
  it("stops rather than spend the account's other funds when part of the execution's own left the account, and reports what the chain holds", async () => {
    const chain = x.devnet.chains[0]!
    const client = createDevnetPublicClient(chain)
    const usdc = chain.contracts.tokens.USDC as Address
    const transfer = async (from: typeof x.user, to: Address, amount: bigint) =>
      client.waitForTransactionReceipt({ hash: await createDevnetWalletClient(chain, from).writeContract({ address: usdc, abi: devnetTokenAbi, functionName: 'transfer', args: [to, amount] }) })
    // 500 USDC of the account's own on devnet-a, which are not the execution's: a deposit of the swap's whole output would reach into them.
    await transfer(SHOCKER, x.user.address, 500n * 10n ** 6n)
    const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '2000', deadlineSeconds: 600 })
    const before = await tokenBalances(x, x.user.address)
    const since = await blockNumbers(x)
    const taken = 100n * 10n ** 6n
    let took = false
    const { outcome } = await executeIntent({
      intent,
      market: x.devnet.market,
      targets: x.targets,
      account: x.user,
      journalDir: await x.journalDir(),
      afterRecord: async (record) => {
        if (took || record.type !== 'step-confirmed' || record.purpose !== 'swap' || record.stepIndex !== 0) return
        took = true
        // Another holder of the key moves 100 of the swap's USDC away.
        await transfer(x.user, SHOCKER.address, taken)
      },
    })
    const after = await tokenBalances(x, x.user.address)

    expect(took).toBe(true)
    expect(outcome.reached).toBe(false)
    // Seen before the send (readChainHoldings): the leg is evaluated from what the chain shows, falls
    // short of its minimum, and no re-plan from the chain's figure reaches it.
    const short = /the chain shows (\d+) of \S+ for the leg where the journal counts (\d+)/.exec(outcome.stoppedReason ?? '')
    expect(short, outcome.stoppedReason).not.toBeNull()
    expect(BigInt(short![2]!) - BigInt(short![1]!)).toBe(taken)
    expect(outcome.stoppedReason).toMatch(/no plan from the current holdings reaches the minimum$/)
    const deposits = await client.getContractEvents({ address: chain.contracts.spoke, abi: accordSpokeAbi, eventName: 'Deposited', fromBlock: since.get(chain.chainId)! + 1n })
    expect(deposits).toEqual([])
    // The account's own 500 USDC are untouched: it holds them plus the swap's output less what was taken.
    const swap = outcome.steps.find((step) => step.step === 0)!
    const usdcKey = assetKey(chain.chainId, usdc)
    const sourceKey = assetKey(outcome.from.chainId, outcome.from.token)
    expect(after.get(usdcKey)! - before.get(usdcKey)!).toBe(BigInt(swap.received!.raw) - taken)
    // Where the funds are, from the chain: what is left of the swap's output, not what the journal counted.
    expect(outcome.fundsNow).toEqual([expect.objectContaining({ location: 'wallet', amount: expect.objectContaining({ raw: (BigInt(swap.received!.raw) - taken).toString() }) })])
    expect(outcome.fundsNow[0]!.note).toMatch(/the journal counts 1993\.\d+; the rest left the account outside this execution/)
    // Nothing else of the account moved.
    for (const [key, start] of before) if (key !== usdcKey) expect(after.get(key), key).toBe(key === sourceKey ? start - BigInt(outcome.amountIn.raw) : start)
  }, 180_000)
})
