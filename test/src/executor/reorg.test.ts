// Issue 13, reorg safety: while `executeIntent` runs USDT on devnet-a → WETH on devnet-c (swap →
// bridge → swap), anvil_reorg replaces the blocks holding one of its transactions on devnet-a — the
// first approval, the first swap or the bridge deposit — at depth 1 (as soon as it is mined, before it
// counts) and at depth 3 (once the executor counted it, or, for the deposit, one block short of the
// relayer's confirmations). The execution must finish without help, spend nothing outside the intent
// (the account's other tokens unchanged), report a ledger equal to the chains, never have a step's
// main transaction succeed twice, and the relayer must be repaid for every fill it made. And on
// chains whose finality is a block tag, a step's output and a fill count only once the tagged block
// has reached them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Hash } from 'viem'
import { accordSpokeAbi, DEPOSIT_STATUS } from '../../../src/devnet/abis.ts'
import { createDevnetPublicClient } from '../../../src/devnet/defineDevnetChain.ts'
import { devnetExecutionTargets } from '../../../src/devnet/loadDevnetEnvironment.ts'
import { executeIntent } from '../../../src/executor/executeIntent.ts'
import { readJournal, type JournalRecord } from '../../../src/executor/journal.ts'
import { expectConservation, expectConservationAcrossAccounts, verifyStepsOnChain } from './executorAssertions.ts'
import { blockNumbers, chainOf, intentOf, reorgDropping, startExecutorDevnet, tokenBalances, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'

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

type Target = 'approve' | 'swap' | 'deposit'

const cases: ReadonlyArray<{ target: Target; depth: number; at: 'step-sent' | 'step-confirmed' }> = [
  { target: 'swap', depth: 1, at: 'step-sent' },
  { target: 'swap', depth: 3, at: 'step-confirmed' },
  { target: 'approve', depth: 1, at: 'step-sent' },
  { target: 'approve', depth: 3, at: 'step-confirmed' },
  { target: 'deposit', depth: 1, at: 'step-sent' },
  // The deposit counts only under the bridge's 4 confirmations: dropped at 3, before the relayer may fill it.
  { target: 'deposit', depth: 3, at: 'step-sent' },
]

describe('executeIntent under reorgs on devnet-a', () => {
  it.each(cases)('a reorg of depth $depth dropping the $target ($at): finishes, nothing spent outside the intent, ledger = chain, relayer repaid', async ({ target, depth, at }) => {
    const origin = x.devnet.chains[0]!
    const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '2000', deadlineSeconds: 600 })
    const before = await tokenBalances(x, x.user.address)
    const since = await blockNumbers(x)
    const journalDir = await x.journalDir()
    let dropped: { hash: Hash; depth: number } | undefined
    const purposes = new Map<Hash, string>()

    const { outcome, journalPath } = await executeIntent({
      intent,
      market: x.devnet.market,
      targets: x.targets,
      account: x.user,
      journalDir,
      options: { settings: { droppedAfterMs: 1500 } },
      afterRecord: async (record: JournalRecord) => {
        if (record.type === 'step-sending') purposes.set(record.hash, record.purpose)
        if (dropped || record.type !== at || !('hash' in record)) return
        if (purposes.get(record.hash) !== target || (record.type === 'step-confirmed' && record.status !== 'success')) return
        dropped = { hash: record.hash, depth: await reorgDropping(x, origin.chainId, record.hash, depth) }
      },
    })
    const after = await tokenBalances(x, x.user.address)

    expect(dropped, 'the reorg was injected').toBeDefined()
    expect(dropped!.depth).toBeGreaterThanOrEqual(depth)
    expect(dropped!.depth).toBeLessThanOrEqual(depth + 1)
    expect(outcome.reached, outcome.summary).toBe(true)
    // The ledger is the chains' balance change, and no other token of the account moved.
    expectConservation(outcome, before, after)
    expect(outcome.fundsNow).toEqual([])
    await verifyStepsOnChain(x, outcome)

    // The chains hold each step's main transaction once, and each nonce once.
    const records = await readJournal(journalPath)
    for (const step of outcome.steps) expect(step.transactions.filter((tx) => tx.purpose !== 'approve' && tx.status === 'success'), `step ${step.step}`).toHaveLength(1)
    for (const chain of x.devnet.chains) {
      const client = createDevnetPublicClient(chain)
      const latest = await client.getBlockNumber({ cacheTime: 0 })
      const nonces: number[] = []
      const mainHashes = new Set(outcome.steps.flatMap((step) => step.transactions.filter((tx) => tx.purpose !== 'approve').map((tx) => tx.hash)))
      let mainMined = 0
      for (let n = (since.get(chain.chainId) ?? 0n) + 1n; n <= latest; n++)
        for (const tx of (await client.getBlock({ blockNumber: n, includeTransactions: true })).transactions)
          if (tx.from.toLowerCase() === x.user.address.toLowerCase()) {
            nonces.push(tx.nonce)
            if (mainHashes.has(tx.hash)) mainMined++
          }
      expect(new Set(nonces).size, `nonces on ${chain.name}`).toBe(nonces.length)
      expect(mainMined, `main transactions on ${chain.name}`).toBe(outcome.steps.filter((step) => step.chain === chain.name).length)
    }
    // A reorg that took back a counted transaction is journalled and rolled back; one before it counted is simply re-broadcast.
    const wasCounted = records.some((record) => record.type === 'step-confirmed' && record.hash === dropped!.hash && records.indexOf(record) < records.findIndex((r) => r.type === 'reorged'))
    if (at === 'step-confirmed') expect(records.some((record) => record.type === 'reorged' && record.hash === dropped!.hash)).toBe(true)
    else expect(wasCounted).toBe(false)

    // The relayer never loses: every fill on a destination was repaid from a deposit the origin still has.
    const bridge = outcome.steps.find((step) => step.action === 'bridge')!
    const destination = chainOf(x.devnet, bridge.tokenOut.chainId)
    await x.relayer().waitForStatus(origin.chainId, BigInt(bridge.bridge!.depositId!), ['repaid'], 60_000)
    const fills = await createDevnetPublicClient(destination).getContractEvents({
      address: destination.contracts.spoke,
      abi: accordSpokeAbi,
      eventName: 'Filled',
      fromBlock: (since.get(destination.chainId) ?? 0n) + 1n,
      strict: true,
    })
    expect(fills).toHaveLength(1)
    for (const fill of fills) {
      const deposit = await createDevnetPublicClient(origin).readContract({ address: origin.contracts.spoke, abi: accordSpokeAbi, functionName: 'getDeposit', args: [fill.args.depositId] })
      expect(deposit.status, `deposit ${fill.args.depositId} repaid to the relayer`).toBe(DEPOSIT_STATUS.repaid)
      expect(deposit.outputAmount).toBe(fill.args.outputAmount)
    }
    // Every token conserved across every holder: the account, the pools, the spokes, the relayer, everyone else unchanged.
    await expectConservationAcrossAccounts(x, since, outcome)
  }, 180_000)
})

describe('executeIntent on chains that report finality as a block tag', () => {
  it("counts a swap's or deposit's output and a fill only once the chain's `finalized` block has reached it, under 1 confirmation", async () => {
    // The devnet's anvil nodes run with --slots-in-an-epoch 1: `finalized` is two blocks behind the head, deeper than 1 confirmation.
    const targets = devnetExecutionTargets(x.devnet.info, { confirmations: 1, finalityTag: 'finalized' })
    const intent = intentOf(x, { from: 'devnet-a:USDT', to: 'devnet-c:WETH', amount: '2000', deadlineSeconds: 600 })
    const before = await tokenBalances(x, x.user.address)
    const since = await blockNumbers(x)
    const chainOfHash = new Map<Hash, number>()
    const counted: Array<{ what: string; blockNumber: bigint; finalized: bigint }> = []
    const finalizedOn = async (chainId: number) => (await createDevnetPublicClient(chainOf(x.devnet, chainId)).getBlock({ blockTag: 'finalized' })).number
    const { outcome } = await executeIntent({
      intent,
      market: x.devnet.market,
      targets,
      account: x.user,
      journalDir: await x.journalDir(),
      afterRecord: async (record: JournalRecord) => {
        if (record.type === 'step-sending') chainOfHash.set(record.hash, record.chainId)
        if (record.type === 'step-confirmed' && record.purpose !== 'approve')
          counted.push({ what: `${record.purpose} ${record.hash}`, blockNumber: record.blockNumber, finalized: await finalizedOn(chainOfHash.get(record.hash)!) })
        if (record.type === 'bridge-filled') counted.push({ what: `fill ${record.transactionHash}`, blockNumber: record.blockNumber, finalized: await finalizedOn(x.devnet.chains[2]!.chainId) })
      },
    })
    const after = await tokenBalances(x, x.user.address)

    expect(outcome.reached, outcome.summary).toBe(true)
    expect(counted.map((entry) => entry.what.split(' ')[0])).toEqual(['swap', 'deposit', 'fill', 'swap'])
    for (const entry of counted) expect(entry.finalized, `${entry.what} in block ${entry.blockNumber}`).toBeGreaterThanOrEqual(entry.blockNumber)
    expectConservation(outcome, before, after)
    await expectConservationAcrossAccounts(x, since, outcome)
    await verifyStepsOnChain(x, outcome)
  }, 180_000)
})
