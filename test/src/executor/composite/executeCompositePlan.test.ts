// End to end on the devnet: the README's composite example (fixtures/intents/composite-example.json)
// planned on the devnet market and executed with real transactions — every goal reached, tokens
// conserved exactly (bridge fees from the bridge formula), the health factor read back from the
// Aave Pool; a leg that ends short is made up by a re-plan from where the funds are; a borrow goal
// raised after planning (oracle price moved) stops safely before the Pool reverts; `accord serve
// --devnet-dir` (startServer) executes POST /v1/plans with the key's execute role.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { devnetAccount } from '../../../../src/devnet/devnetAccounts.ts'
import { setLendingOraclePrice } from '../../../../src/devnet/deployLendingMarket.ts'
import { aavePoolAbi } from '../../../../src/market/chain/lendingAbis.ts'
import { startDevnet, type Devnet } from '../../../../src/devnet/startDevnet.ts'
import { executeCompositePlan } from '../../../../src/executor/composite/executeCompositePlan.ts'
import { devnetExecutionTargets } from '../../../../src/devnet/loadDevnetEnvironment.ts'
import { planCompositeIntent } from '../../../../solver/composite/planCompositeIntent.ts'
import { resolveCompositeRequest, type CompositeIntentRequest } from '../../../../solver/composite/resolveCompositeRequest.ts'
import type { Bridge } from '../../../../solver/market/types.ts'
import { getBridgeAmountOut } from '../../../../solver/venues/bridge.ts'
import { balanceOf, chainOf } from '../../../src/devnet/devnetTestClients.ts'
import { createDevnetPublicClient } from '../../../../src/devnet/defineDevnetChain.ts'

let devnet: Devnet
let dir: string
const user = devnetAccount('user')
const example = JSON.parse(await readFile(new URL('../../../../fixtures/intents/composite-example.json', import.meta.url), 'utf8')) as CompositeIntentRequest

/** Origin chain whose next deposit the relayer leaves unfilled (so it is refunded), or undefined. */
let refuseNextFrom: number | undefined
const refused: bigint[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-composite-'))
  devnet = await startDevnet({
    lending: true,
    // The files `accord devnet up --lending` writes, for startServer({ devnetDir }).
    marketFile: join(dir, 'market.json'),
    devnetFile: join(dir, 'devnet.json'),
    relayer: {
      delayMs: 300,
      pollIntervalMs: 100,
      decide: (deposit) => {
        if (deposit.originChainId !== refuseNextFrom) return undefined
        refuseNextFrom = undefined
        refused.push(deposit.depositId)
        return { fill: false }
      },
    },
  })
})

afterAll(async () => {
  await devnet?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const chainByName = (name: string) => devnet.chains.find((chain) => chain.name === name)!
const token = (chain: string, symbol: string) => chainByName(chain).contracts.tokens[symbol]! as Address

describe('composite execution on the devnet', () => {
  it('reaches every goal of the README example; tokens conserved; health factor read back from the Pool', { timeout: 180_000 }, async () => {
    const market = devnet.market
    const result = planCompositeIntent(market, resolveCompositeRequest(market, example))
    if (result.status !== 'ok') throw new Error(result.reason)
    const plan = result.plan
    const watched = [
      ['devnet-a', 'USDC'],
      ['devnet-b', 'USDC'],
      ['devnet-c', 'USDC'],
      ['devnet-a', 'WETH'],
      ['devnet-c', 'WETH'],
    ] as const
    const read = () => Promise.all(watched.map(([chain, symbol]) => balanceOf(chainByName(chain), token(chain, symbol), user.address)))
    const before = await read()

    const outcome = await executeCompositePlan({ market, plan, targets: devnetExecutionTargets(devnet.info), account: user, journalDir: dir })
    expect(outcome.stoppedReason, outcome.lines.join('\n')).toBeUndefined()
    expect(outcome.verdict).toBe('reached')
    expect(outcome.goals.every((goal) => goal.met)).toBe(true)

    // Health factor from the Pool itself, at least the goal's floor and the plan's figure up to accrual.
    const lending = chainByName('devnet-c').contracts.lending!
    const [collateralBase, debtBase, , , , healthFactor] = await createDevnetPublicClient(chainByName('devnet-c')).readContract({
      address: lending.pool,
      abi: aavePoolAbi,
      functionName: 'getUserAccountData',
      args: [user.address],
    })
    expect(healthFactor).toBeGreaterThanOrEqual(1_500_000_000_000_000_000n)
    expect(collateralBase).toBeGreaterThanOrEqual(150_000n * 10n ** 8n)
    expect(debtBase).toBeGreaterThanOrEqual(25n * 3000n * 10n ** 8n)
    const planned = plan.goals.find((goal) => goal.goalId === 'loan')!.healthFactorWad!
    expect(Number(planned - healthFactor)).toBeLessThan(Number(planned / 1_000_000n)) // within 1 ppm (interest over seconds)

    // Conservation: each source lost exactly what its leg deposited; devnet-c USDC gained the bridges'
    // outputs (the bridge formula) less the supply; the WETH borrowed on devnet-c left for devnet-a in full.
    const after = await read()
    const delta = after.map((value, i) => value - before[i]!)
    const fundLegs = plan.legs.filter((leg) => leg.purpose === 'fund')
    const bridgeOf = (legIndex: number) => market.venues.find((venue) => venue.id === fundLegs[legIndex]!.plan.steps[0]!.venueId) as Bridge
    expect(fundLegs).toHaveLength(2)
    expect(delta[0]).toBe(-fundLegs[0]!.plan.amountInRaw)
    expect(delta[1]).toBe(-fundLegs[1]!.plan.amountInRaw)
    const arrived = fundLegs.reduce((sum, leg, i) => sum + getBridgeAmountOut(bridgeOf(i), leg.plan.amountInRaw, 6, 6), 0n)
    expect(delta[2]).toBe(arrived - 150_000_000_000n)
    const deliveryLeg = plan.legs.find((leg) => leg.purpose === 'deliver')!
    const deliveryBridge = market.venues.find((venue) => venue.id === deliveryLeg.plan.steps[0]!.venueId) as Bridge
    expect(delta[3]).toBe(getBridgeAmountOut(deliveryBridge, 25n * 10n ** 18n, 18, 18))
    expect(delta[4]).toBe(0n)
  })

  it('a funding bridge refunded mid-way is re-solved by its leg and every goal is still met', { timeout: 180_000 }, async () => {
    const market = devnet.market
    const borrower = devnetAccount(6)
    const { createDevnetWalletClient } = await import('../../../../src/devnet/defineDevnetChain.ts')
    const { devnetTokenAbi } = await import('../../../../src/devnet/abis.ts')
    for (const chain of ['devnet-a', 'devnet-b']) {
      const c = chainByName(chain)
      const hash = await createDevnetWalletClient(c, devnetAccount('deployer')).writeContract({ address: token(chain, 'USDC'), abi: devnetTokenAbi, functionName: 'mint', args: [borrower.address, 30_000_000_000n] })
      await createDevnetPublicClient(c).waitForTransactionReceipt({ hash })
    }
    const request: CompositeIntentRequest = {
      sources: [
        { chain: 'devnet-a', token: 'USDC', amount: '30000' },
        { chain: 'devnet-b', token: 'USDC', amount: '30000' },
      ],
      goals: [
        { id: 'collateral', kind: 'supply', market: 'devnet-c:aave-v3', token: 'USDC', amount: '40000' },
        { id: 'loan', kind: 'borrow', market: 'devnet-c:aave-v3', token: 'WETH', amount: '3', minHealthFactor: 1.5 },
      ],
      deadlineSeconds: 600,
    }
    const result = planCompositeIntent(market, resolveCompositeRequest(market, request))
    if (result.status !== 'ok') throw new Error(result.reason)
    refuseNextFrom = chainByName('devnet-a').chainId
    const outcome = await executeCompositePlan({
      market,
      plan: result.plan,
      targets: devnetExecutionTargets(devnet.info),
      account: borrower,
      journalDir: dir,
      // Fill windows of 20 s: long enough for the relayer's 4 origin confirmations on devnet-b (2 s blocks), short enough to refund soon.
      legOptions: { fillDeadlineCapSeconds: 20, refundGraceSeconds: 30 },
    })
    expect(refused).toHaveLength(1)
    expect(outcome.verdict, outcome.lines.join('\n')).toBe('reached')
    expect(outcome.goals.every((goal) => goal.met)).toBe(true)
    expect(BigInt(outcome.healthFactorWad['devnet-c:aave-v3']!)).toBeGreaterThanOrEqual(1_500_000_000_000_000_000n)
  })

  it('a funding leg refunded and not re-solved by itself ends short; the composite re-plans the shortfall from where the funds are', { timeout: 240_000 }, async () => {
    const market = devnet.market
    const borrower = devnetAccount(7)
    const { createDevnetWalletClient } = await import('../../../../src/devnet/defineDevnetChain.ts')
    const { devnetTokenAbi } = await import('../../../../src/devnet/abis.ts')
    for (const chain of ['devnet-a', 'devnet-b']) {
      const c = chainByName(chain)
      const hash = await createDevnetWalletClient(c, devnetAccount('deployer')).writeContract({ address: token(chain, 'USDC'), abi: devnetTokenAbi, functionName: 'mint', args: [borrower.address, 30_000_000_000n] })
      await createDevnetPublicClient(c).waitForTransactionReceipt({ hash })
    }
    const request: CompositeIntentRequest = {
      sources: [
        { chain: 'devnet-a', token: 'USDC', amount: '30000' },
        { chain: 'devnet-b', token: 'USDC', amount: '30000' },
      ],
      goals: [
        { id: 'collateral', kind: 'supply', market: 'devnet-c:aave-v3', token: 'USDC', amount: '40000' },
        { id: 'loan', kind: 'borrow', market: 'devnet-c:aave-v3', token: 'WETH', amount: '3', minHealthFactor: 1.5 },
      ],
      deadlineSeconds: 900,
    }
    const result = planCompositeIntent(market, resolveCompositeRequest(market, request))
    if (result.status !== 'ok') throw new Error(result.reason)
    const fromA = result.plan.legs.find((leg) => leg.purpose === 'fund' && leg.from.chainId === chainByName('devnet-a').chainId)!
    const watched = [chainByName('devnet-a'), chainByName('devnet-b')]
    const before = await Promise.all(watched.map((c) => balanceOf(c, token(c.name, 'USDC'), borrower.address)))
    refuseNextFrom = chainByName('devnet-a').chainId
    const refusedBefore = refused.length
    const outcome = await executeCompositePlan({
      market,
      plan: result.plan,
      targets: devnetExecutionTargets(devnet.info),
      account: borrower,
      journalDir: dir,
      // The leg itself does not re-solve: its refund leaves the USDC back on devnet-a, short of the supply.
      legOptions: { resolve: false, fillDeadlineCapSeconds: 20, refundGraceSeconds: 30 },
    })
    expect(refused.length - refusedBefore).toBe(1)
    expect(outcome.legs.find((leg) => leg.legId === fromA.id)!.verdict).not.toBe('reached')
    expect(outcome.replans, outcome.lines.join('\n')).toHaveLength(1)
    expect(outcome.replans[0]).toMatch(/^funding short by [\d,.]+ USDC on devnet-c/)
    expect(outcome.stoppedReason, outcome.lines.join('\n')).toBeUndefined()
    expect(outcome.verdict).toBe('reached')
    expect(outcome.goals.every((goal) => goal.met)).toBe(true)
    // The sources bound the spend: at most 30,000 USDC left each source chain, the refunded one included.
    const after = await Promise.all(watched.map((c) => balanceOf(c, token(c.name, 'USDC'), borrower.address)))
    after.forEach((balance, i) => expect(balance).toBeGreaterThanOrEqual(before[i]! - 30_000_000_000n))
    const journal = await readFile(join(dir, `composite-${outcome.id}.jsonl`), 'utf8')
    expect(journal).toMatch(/"type":"replanned"/)
    expect(journal).toMatch(/"legId":"top-1-0"/)
  })

  it('resumes a killed composite execution from its journal without sending anything twice', { timeout: 180_000 }, async () => {
    const market = devnet.market
    const borrower = devnetAccount(5)
    const { createDevnetWalletClient } = await import('../../../../src/devnet/defineDevnetChain.ts')
    const { devnetTokenAbi } = await import('../../../../src/devnet/abis.ts')
    const a = chainByName('devnet-a')
    const hash = await createDevnetWalletClient(a, devnetAccount('deployer')).writeContract({ address: token('devnet-a', 'USDC'), abi: devnetTokenAbi, functionName: 'mint', args: [borrower.address, 20_000_000_000n] })
    await createDevnetPublicClient(a).waitForTransactionReceipt({ hash })
    const request: CompositeIntentRequest = {
      sources: [{ chain: 'devnet-a', token: 'USDC', amount: '20000' }],
      goals: [
        { id: 'collateral', kind: 'supply', market: 'devnet-c:aave-v3', token: 'USDC', amount: '15000' },
        { id: 'loan', kind: 'borrow', market: 'devnet-c:aave-v3', token: 'WETH', amount: '1', minHealthFactor: 1.5, deliverTo: { chain: 'devnet-b', token: 'WETH' } },
      ],
      deadlineSeconds: 600,
    }
    const result = planCompositeIntent(market, resolveCompositeRequest(market, request))
    if (result.status !== 'ok') throw new Error(result.reason)
    const parameters = { market, plan: result.plan, targets: devnetExecutionTargets(devnet.info), account: borrower, journalDir: dir, id: 'resume-test' }
    // The process "dies" right after the approval is journalled.
    await expect(
      executeCompositePlan({
        ...parameters,
        onEvent: (line) => {
          if (/^step \d+ approve .*success/.test(line)) throw new Error('killed')
        },
      }),
    ).rejects.toThrow('killed')
    const spentBefore = await balanceOf(a, token('devnet-a', 'USDC'), borrower.address)
    const outcome = await executeCompositePlan(parameters)
    expect(outcome.stoppedReason, outcome.lines.join('\n')).toBeUndefined()
    expect(outcome.goals).toEqual(outcome.goals.map((goal) => ({ ...goal, met: true })))
    expect(outcome.verdict).toBe('reached')
    // The funding leg was not sent again, and the journal holds one approval.
    expect(await balanceOf(a, token('devnet-a', 'USDC'), borrower.address)).toBe(spentBefore)
    expect(spentBefore).toBe(20_000_000_000n - result.plan.legs[0]!.plan.amountInRaw)
    const journal = await readFile(join(dir, 'composite-resume-test.jsonl'), 'utf8')
    // One approval: journalled as sent, then as mined; never sent again.
    expect(new Set(journal.match(/"action":"approve","hash":"0x[0-9a-f]+"/g))).toHaveProperty('size', 1)
    expect(journal.match(/"action":"approve","hash":"0x[0-9a-f]+","status":"success"/g)).toHaveLength(1)
    expect(journal.match(/"type":"leg-started","legId":"leg-0"/g)).toHaveLength(1)
  })

  it('a transaction journalled as signed but never broadcast (the process died in between) is broadcast from its bytes on resume, not signed again', { timeout: 120_000 }, async () => {
    const market = devnet.market
    const saver = devnetAccount(7)
    const c = chainOf(devnet.info, chainByName('devnet-c').chainId)
    const { createDevnetWalletClient } = await import('../../../../src/devnet/defineDevnetChain.ts')
    const { devnetTokenAbi } = await import('../../../../src/devnet/abis.ts')
    const publicClient = createDevnetPublicClient(c)
    const minted = await createDevnetWalletClient(c, devnetAccount('deployer')).writeContract({ address: token('devnet-c', 'USDC'), abi: devnetTokenAbi, functionName: 'mint', args: [saver.address, 3_000_000_000n] })
    await publicClient.waitForTransactionReceipt({ hash: minted })
    const request: CompositeIntentRequest = {
      sources: [{ chain: 'devnet-c', token: 'USDC', amount: '3000' }],
      goals: [{ id: 'savings', kind: 'vaultDeposit', vault: 'devnet-c:vault:USDC', amount: '2000' }],
      deadlineSeconds: 600,
    }
    const result = planCompositeIntent(market, resolveCompositeRequest(market, request))
    if (result.status !== 'ok') throw new Error(result.reason)
    const approve = result.plan.steps.find((step) => step.action === 'approve')!
    // What the executor journals just before broadcasting the approval: its signed bytes, hash and nonce.
    const { encodeFunctionData, keccak256, maxUint256 } = await import('viem')
    const nonce = await publicClient.getTransactionCount({ address: saver.address, blockTag: 'pending' })
    const fees = await publicClient.estimateFeesPerGas()
    const raw = await createDevnetWalletClient(c, saver).signTransaction({
      account: saver,
      chain: null,
      chainId: c.chainId,
      to: token('devnet-c', 'USDC'),
      data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'approve', args: [c.contracts.lending!.vault.address, maxUint256] }),
      gas: 100_000n,
      nonce,
      maxFeePerGas: fees.maxFeePerGas * 2n,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    } as never)
    const hash = keccak256(raw)
    const { writeFile } = await import('node:fs/promises')
    await writeFile(join(dir, 'composite-signed-test.jsonl'), `${JSON.stringify({ type: 'transaction', stepIndex: approve.index, action: 'approve', hash, status: 'signed', raw, nonce })}\n`)

    const outcome = await executeCompositePlan({ market, plan: result.plan, targets: devnetExecutionTargets(devnet.info), account: saver, journalDir: dir, id: 'signed-test' })
    expect(outcome.stoppedReason, outcome.lines.join('\n')).toBeUndefined()
    expect(outcome.verdict).toBe('reached')
    expect(outcome.lines).toContainEqual(expect.stringMatching(/approve .*success .*re-broadcast after the resume/))
    // The journalled approval is the one mined; nothing else was signed for it: two transactions in all (approve, deposit).
    expect((await publicClient.getTransactionReceipt({ hash })).status).toBe('success')
    const journal = await readFile(join(dir, 'composite-signed-test.jsonl'), 'utf8')
    expect(new Set(journal.match(/"action":"approve","hash":"0x[0-9a-f]+"/g))).toEqual(new Set([`"action":"approve","hash":"${hash}"`]))
    expect(await publicClient.getTransactionCount({ address: saver.address })).toBe(nonce + 2)
  })

  it('accord serve --devnet-dir: POST /v1/plans with execute: true (execute role) deposits into the ERC-4626 vault and GET reports the verdict', { timeout: 120_000 }, async () => {
    const { startServer } = await import('../../../../src/server/startServer.ts')
    const { generateApiKey, hashApiKey } = await import('../../../../src/server/auth/hashApiKey.ts')
    const key = generateApiKey()
    const { app, url } = await startServer({
      port: 0,
      logLevel: false,
      devnetDir: dir,
      service: { quoteWorkers: 0 },
      env: { ACCORD_API_KEYS: JSON.stringify({ keys: [{ id: 'operator', hash: hashApiKey(key), roles: ['quote', 'execute'] }] }) },
    })
    try {
      const payload = {
        sources: [{ chain: 'devnet-b', token: 'USDC', amount: '5000' }],
        goals: [{ id: 'savings', kind: 'vaultDeposit', vault: 'devnet-c:vault:USDC', amount: '4000' }],
        deadlineSeconds: 600,
        execute: true,
      }
      const post = (headers: Record<string, string>) => fetch(`${url}/v1/plans`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) })
      expect((await post({})).status).toBe(401)
      const started = await post({ authorization: `Bearer ${key}` })
      expect(started.status).toBe(202)
      const first = (await started.json()) as { status: string; statusUrl: string }
      let body: { status: string; execution?: { verdict: string; goals: { goalId: string; met: boolean }[] } } = first
      for (let i = 0; i < 600 && body.status === 'executing'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        body = (await (await fetch(`${url}${first.statusUrl}`, { headers: { authorization: `Bearer ${key}` } })).json()) as typeof body
      }
      expect(body.status).toBe('finished')
      expect(body.execution!.verdict).toBe('reached')
      expect(body.execution!.goals).toEqual([expect.objectContaining({ goalId: 'savings', met: true })])
      // An executed plan is read with the execute role only.
      expect((await fetch(`${url}${first.statusUrl}`)).status).toBe(401)
      const vault = chainByName('devnet-c').contracts.lending!.vault.address
      const { erc4626Abi } = await import('../../../../src/market/chain/lendingAbis.ts')
      const client = createDevnetPublicClient(chainByName('devnet-c'))
      const shares = await client.readContract({ address: vault, abi: erc4626Abi, functionName: 'balanceOf', args: [user.address] })
      expect(await client.readContract({ address: vault, abi: erc4626Abi, functionName: 'convertToAssets', args: [shares] })).toBeGreaterThanOrEqual(4_000_000_000n)
      // The composite journal is where `accord serve --devnet-dir` keeps executions.
      await readFile(join(dir, 'executions', `composite-${(first as unknown as { id: string }).id}.jsonl`), 'utf8')
    } finally {
      await app.close()
    }
  })

  it('stops before a borrow the Pool would revert when the oracle moved after planning; collateral stays supplied', { timeout: 120_000 }, async () => {
    const market = devnet.market
    const request: CompositeIntentRequest = {
      sources: [{ chain: 'devnet-c', token: 'USDT', amount: '20000' }],
      goals: [
        { id: 'collateral', kind: 'supply', market: 'devnet-c:aave-v3', token: 'USDT', amount: '20000' },
        { id: 'loan', kind: 'borrow', market: 'devnet-c:aave-v3', token: 'WETH', amount: '4', minHealthFactor: 1.1 },
      ],
      deadlineSeconds: 600,
    }
    const result = planCompositeIntent(market, resolveCompositeRequest(market, request))
    if (result.status !== 'ok') throw new Error(result.reason)
    // WETH doubles on the oracle: 4 WETH now needs 32,000 USD of USDT at 75 % LTV, more than the 20,000 supplied.
    const c = chainOf(devnet.info, chainByName('devnet-c').chainId)
    await setLendingOraclePrice(c, devnetAccount('deployer'), c.contracts.lending!.oracle, token('devnet-c', 'WETH'), 600_000_000_000n)
    const borrower = devnetAccount(9)
    // A fresh account funded with USDT so the first test's position does not count.
    const { createDevnetWalletClient } = await import('../../../../src/devnet/defineDevnetChain.ts')
    const { devnetTokenAbi } = await import('../../../../src/devnet/abis.ts')
    const minter = createDevnetWalletClient(c, devnetAccount('deployer'))
    const hash = await minter.writeContract({ address: token('devnet-c', 'USDT'), abi: devnetTokenAbi, functionName: 'mint', args: [borrower.address, 20_000_000_000n] })
    await createDevnetPublicClient(c).waitForTransactionReceipt({ hash })
    const outcome = await executeCompositePlan({ market, plan: result.plan, targets: devnetExecutionTargets(devnet.info), account: borrower, journalDir: dir })
    expect(outcome.verdict).toBe('incomplete')
    expect(outcome.stoppedReason).toMatch(/borrow step \d+ would revert \(COLLATERAL_CANNOT_COVER_NEW_BORROW/)
    expect(outcome.goals.find((goal) => goal.goalId === 'collateral')!.met).toBe(true)
    expect(outcome.goals.find((goal) => goal.goalId === 'loan')!.met).toBe(false)
    const journal = await readFile(join(dir, `composite-${outcome.id}.jsonl`), 'utf8')
    expect(journal).toMatch(/"type":"stopped"/)
  })

  it('when the oracle moved after planning, supplies the least extra collateral the sources still hold, then borrows at the floor', { timeout: 180_000 }, async () => {
    const market = devnet.market
    const request: CompositeIntentRequest = {
      sources: [{ chain: 'devnet-c', token: 'USDT', amount: '40000' }],
      goals: [
        { id: 'collateral', kind: 'supply', market: 'devnet-c:aave-v3', token: 'USDT', amount: '20000' },
        { id: 'loan', kind: 'borrow', market: 'devnet-c:aave-v3', token: 'WETH', amount: '4', minHealthFactor: 1.1 },
      ],
      deadlineSeconds: 600,
    }
    const result = planCompositeIntent(market, resolveCompositeRequest(market, request))
    if (result.status !== 'ok') throw new Error(result.reason)
    expect(result.plan.sourcesSpentRaw).toEqual([20_000_000_000n])
    // WETH at 6,000 USD on the oracle: 4 WETH then needs about 1.1 · 24,000 / LT of USDT, more than the 20,000 planned.
    const c = chainOf(devnet.info, chainByName('devnet-c').chainId)
    await setLendingOraclePrice(c, devnetAccount('deployer'), c.contracts.lending!.oracle, token('devnet-c', 'WETH'), 600_000_000_000n)
    const borrower = devnetAccount(8)
    const { createDevnetWalletClient } = await import('../../../../src/devnet/defineDevnetChain.ts')
    const { devnetTokenAbi } = await import('../../../../src/devnet/abis.ts')
    const minter = createDevnetWalletClient(c, devnetAccount('deployer'))
    const hash = await minter.writeContract({ address: token('devnet-c', 'USDT'), abi: devnetTokenAbi, functionName: 'mint', args: [borrower.address, 40_000_000_000n] })
    const publicClient = createDevnetPublicClient(c)
    await publicClient.waitForTransactionReceipt({ hash })

    const outcome = await executeCompositePlan({ market, plan: result.plan, targets: devnetExecutionTargets(devnet.info), account: borrower, journalDir: dir })
    expect(outcome.stoppedReason, outcome.lines.join('\n')).toBeUndefined()
    expect(outcome.verdict).toBe('reached')
    expect(outcome.replans).toEqual([expect.stringMatching(/^borrow step \d+ would revert \((COLLATERAL_CANNOT_COVER_NEW_BORROW|HEALTH_FACTOR_FLOOR)\); re-planned [\d,.]+ USDT on devnet-c more collateral/)])
    // Read back from the Pool: the health factor is at the floor (the least extra collateral), the debt is the goal's.
    const lendingContracts = c.contracts.lending!
    const [collateralBase, debtBase, , liquidationThreshold, , healthFactor] = await publicClient.readContract({ address: lendingContracts.pool, abi: aavePoolAbi, functionName: 'getUserAccountData', args: [borrower.address] })
    expect(healthFactor >= 1_100_000_000_000_000_000n).toBe(true)
    expect(healthFactor < 1_100_100_000_000_000_000n).toBe(true)
    // Closed form: HF = collateral · LT / debt (GenericLogic), so the collateral is within a unit of 1.1 · debt / LT.
    expect(Number(collateralBase) * Number(liquidationThreshold) / 1e4 / Number(debtBase)).toBeCloseTo(Number(healthFactor) / 1e18, 6)
    // Conservation: what left the wallet is what was supplied, within the 40,000 of the source.
    const spent = 40_000_000_000n - (await balanceOf(c, token('devnet-c', 'USDT'), borrower.address))
    const aToken = lendingContracts.reserves.USDT!.aToken
    const supplied = await publicClient.readContract({ address: aToken, abi: devnetTokenAbi, functionName: 'balanceOf', args: [borrower.address] })
    expect(spent > 20_000_000_000n && spent <= 40_000_000_000n).toBe(true)
    expect(supplied - spent <= 1n && spent - supplied <= 1n).toBe(true)
    expect(outcome.goals.every((goal) => goal.met)).toBe(true)
  })
})
