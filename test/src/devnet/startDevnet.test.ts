// The devnet against real anvil nodes: three chains come up, the written market file is valid and
// matches the chains, a router swap pays exactly the Uniswap V2 formula, and the bridge fills,
// refunds and never fills twice. One devnet serves the whole file; afterAll stops it.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEventLogs, type Address } from 'viem'
import { accordSpokeAbi, DEPOSIT_STATUS, uniswapV2FactoryAbi, uniswapV2PairAbi, uniswapV2RouterAbi } from '../../../src/devnet/abis.ts'
import { createDevnetPublicClient } from '../../../src/devnet/defineDevnetChain.ts'
import { devnetAccount } from '../../../src/devnet/devnetAccounts.ts'
import { readDevnetFile } from '../../../src/devnet/readDevnetFile.ts'
import { startDevnet, type Devnet } from '../../../src/devnet/startDevnet.ts'
import { startRelayer, type RelayerEvent } from '../../../src/devnet/relayer.ts'
import { devnetRelayerRoutes } from '../../../src/devnet/devnetRelayerRoutes.ts'
import { loadMarketFile } from '../../../src/market/loadMarketFile.ts'
import { getAmountOut } from '../../../solver/venues/constantProduct.ts'
import { getBridgeAmountOut } from '../../../solver/venues/bridge.ts'
import type { Bridge, ConstantProductPool } from '../../../solver/market/types.ts'
import { approve, balanceOf, chainOf, chainTime, clientsFor, deposit, swapExactIn, waitUntil } from './devnetTestClients.ts'

const DELAY_MS = 400
/** Deposits to this recipient are never filled (the relayer's per-deposit override). */
const UNLUCKY_RECIPIENT = devnetAccount(7).address

let devnet: Devnet
let dir: string
const events: { at: number; event: RelayerEvent }[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-devnet-'))
  devnet = await startDevnet({
    marketFile: join(dir, 'market.json'),
    devnetFile: join(dir, 'devnet.json'),
    relayer: {
      delayMs: DELAY_MS,
      pollIntervalMs: 100,
      decide: (d) => (d.recipient.toLowerCase() === UNLUCKY_RECIPIENT.toLowerCase() ? { fill: false } : undefined),
      onEvent: (event) => events.push({ at: Date.now(), event }),
    },
  })
})

afterAll(async () => {
  await devnet?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const user = devnetAccount('user')
const relayerAccount = devnetAccount('relayer')

function bridgeVenue(originChainId: number, destinationChainId: number, symbol: string): Bridge {
  const info = devnet.info.bridges.find((b) => b.originChainId === originChainId && b.destinationChainId === destinationChainId && b.symbol === symbol)
  const venue = devnet.market.venues.find((v): v is Bridge => v.kind === 'bridge' && v.id === info?.id)
  if (!venue) throw new Error('bridge not found')
  return venue
}

describe('startDevnet', () => {
  it('runs three anvil chains with distinct chain ids and block times, each answering its own chain id', async () => {
    expect(devnet.chains).toHaveLength(3)
    expect(new Set(devnet.chains.map((c) => c.chainId)).size).toBe(3)
    expect(new Set(devnet.chains.map((c) => c.blockTimeMs)).size).toBe(3)
    for (const chain of devnet.chains) {
      expect(await createDevnetPublicClient(chain).getChainId()).toBe(chain.chainId)
      // The node really runs with that interval: anvil was given it in seconds.
      const args = chain.process.spawnargs
      expect(args[args.indexOf('--block-time') + 1]).toBe(String(chain.blockTimeMs / 1000))
    }
    expect(devnet.chains.map((c) => c.blockTimeMs).sort((a, b) => a - b)).toEqual([250, 1000, 2000])
  })

  it('writes a market file that parseMarket accepts and that matches the deployed contracts', async () => {
    const market = await loadMarketFile(join(dir, 'market.json'))
    expect(market).toEqual(devnet.market)
    const info = await readDevnetFile(join(dir, 'devnet.json'))
    expect(info).toEqual(devnet.info)
    // The lending market is deployed only when asked (lending: true, `devnet up --lending`).
    expect(market.lendingMarkets).toBeUndefined()
    expect(info.chains.filter((chain) => chain.contracts.lending)).toEqual([])

    for (const chain of info.chains) {
      const client = createDevnetPublicClient(chain)
      expect(await client.readContract({ address: chain.contracts.spoke, abi: accordSpokeAbi, functionName: 'relayer' })).toBe(info.relayer.address)
      expect(await client.readContract({ address: chain.contracts.router, abi: uniswapV2RouterAbi, functionName: 'factory' })).toBe(chain.contracts.factory)
      for (const pool of chain.contracts.pools) {
        const venue = market.venues.find((v): v is ConstantProductPool => v.id === pool.id)
        expect(venue?.address).toBe(pool.address.toLowerCase())
        expect(await client.readContract({ address: chain.contracts.factory, abi: uniswapV2FactoryAbi, functionName: 'getPair', args: [pool.token0, pool.token1] })).toBe(pool.address)
        const [reserve0, reserve1] = await client.readContract({ address: pool.address, abi: uniswapV2PairAbi, functionName: 'getReserves' })
        expect([venue?.reserve0, venue?.reserve1]).toEqual([reserve0, reserve1])
        expect(reserve0 > 0n && reserve1 > 0n).toBe(true)
      }
      // Multicall3 answers as the contracts do (aggregate3 through viem's multicall).
      const aggregated = await client.multicall({
        contracts: chain.contracts.pools.map((pool) => ({ address: pool.address, abi: uniswapV2PairAbi, functionName: 'getReserves' }) as const),
        multicallAddress: chain.contracts.multicall3!,
        allowFailure: false,
      })
      const direct = await Promise.all(chain.contracts.pools.map((pool) => client.readContract({ address: pool.address, abi: uniswapV2PairAbi, functionName: 'getReserves' })))
      expect(aggregated).toEqual(direct)
    }
    // One bridge per ordered chain pair and token, pointing at the tokens devnet.json names.
    const bridges = market.venues.filter((v): v is Bridge => v.kind === 'bridge')
    expect(bridges).toHaveLength(3 * 2 * info.tokens.length)
    for (const b of info.bridges) {
      const venue = bridges.find((v) => v.id === b.id)
      expect(venue?.from).toEqual({ chainId: b.originChainId, token: b.inputToken.toLowerCase() })
      expect(venue?.to).toEqual({ chainId: b.destinationChainId, token: b.outputToken.toLowerCase() })
      expect(venue?.liquidityCapRaw).toBe(await balanceOf(chainOf(info, b.destinationChainId), b.outputToken, info.relayer.address))
    }
  })

  it('swaps through the official router and pair for exactly the Uniswap V2 getAmountOut of the reserves just before', async () => {
    const chain = devnet.chains[0]!
    const pool = chain.contracts.pools.find((p) => p.symbol0 === 'USDC' || p.symbol1 === 'USDC')!
    const usdc = chain.contracts.tokens.USDC as Address
    const weth = chain.contracts.tokens.WETH as Address
    const amountIn = 25_000_000_000n // 25 000 USDC
    const { publicClient } = clientsFor(chain, user)
    await approve(chain, user, usdc, chain.contracts.router)

    const [reserve0, reserve1] = await publicClient.readContract({ address: pool.address, abi: uniswapV2PairAbi, functionName: 'getReserves' })
    const usdcIsToken0 = pool.token0.toLowerCase() === usdc.toLowerCase()
    const [reserveIn, reserveOut] = usdcIsToken0 ? [reserve0, reserve1] : [reserve1, reserve0]
    // Uniswap V2 whitepaper / UniswapV2Library.getAmountOut: 0.3 % fee as 997/1000.
    const byFormula = (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n)
    expect(getAmountOut(amountIn, reserveIn, reserveOut, 30)).toBe(byFormula)

    const before = await balanceOf(chain, weth, user.address)
    const receipt = await swapExactIn(chain, user, [usdc, weth], amountIn, byFormula)
    const after = await balanceOf(chain, weth, user.address, receipt.blockNumber)
    expect(after - before).toBe(byFormula)
    // The market's gasUnits for the pool is what such a swap costs (within 10 %).
    const venue = devnet.market.venues.find((v) => v.id === pool.id) as ConstantProductPool
    expect(Math.abs(venue.gasUnits - Number(receipt.gasUsed)) / Number(receipt.gasUsed)).toBeLessThan(0.1)
    const [swap] = parseEventLogs({ abi: uniswapV2PairAbi, eventName: 'Swap', logs: receipt.logs })
    expect(usdcIsToken0 ? swap?.args.amount1Out : swap?.args.amount0Out).toBe(byFormula)
  })

  it('fills a deposit on the destination from the relayer inventory after the delay, then repays the relayer on the origin', async () => {
    const origin = chainOf(devnet.info, 900003)
    const destination = chainOf(devnet.info, 900001)
    const recipient = devnetAccount(6).address
    const inputAmount = 1_000_000_000n // 1 000 USDC
    const outputAmount = getBridgeAmountOut(bridgeVenue(origin.chainId, destination.chainId, 'USDC'), inputAmount, 6, 6)
    expect(outputAmount).toBe(((inputAmount - 100_000n) * 9_995n) / 10_000n) // fee 0.10 USDC + 5 bps (devnetDefaults)
    const outputToken = destination.contracts.tokens.USDC as Address
    const recipientBefore = await balanceOf(destination, outputToken, recipient)
    const relayerOriginBefore = await balanceOf(origin, origin.contracts.tokens.USDC as Address, relayerAccount.address)

    const { depositId, receipt: depositReceipt } = await deposit(user, {
      origin,
      destination,
      symbol: 'USDC',
      inputAmount,
      outputAmount,
      recipient,
      fillDeadline: (await chainTime(origin)) + 60,
    })
    const bridge = bridgeVenue(origin.chainId, destination.chainId, 'USDC')
    expect(Math.abs(bridge.gasUnits - Number(depositReceipt.gasUsed)) / Number(depositReceipt.gasUsed)).toBeLessThan(0.1)
    await waitUntil(async () => (await balanceOf(destination, outputToken, recipient)) !== recipientBefore, 20_000, 'the fill')
    expect((await balanceOf(destination, outputToken, recipient)) - recipientBefore).toBe(outputAmount)

    const filled = await createDevnetPublicClient(destination).getContractEvents({
      address: destination.contracts.spoke,
      abi: accordSpokeAbi,
      eventName: 'Filled',
      args: { originChainId: BigInt(origin.chainId), depositId },
      fromBlock: 0n,
    })
    expect(filled).toHaveLength(1)
    expect(filled[0]?.args).toMatchObject({ outputToken, outputAmount, recipient, relayer: relayerAccount.address })

    // The relayer waited at least its delay between seeing the deposit and filling it.
    await devnet.relayer!.waitForStatus(origin.chainId, depositId, ['filled', 'repaid'], 20_000)
    const isThis = (e: RelayerEvent) => 'deposit' in e && e.deposit.originChainId === origin.chainId && e.deposit.depositId === depositId
    const seen = events.find((e) => e.event.type === 'deposit' && isThis(e.event))
    const done = events.find((e) => e.event.type === 'filled' && isThis(e.event))
    expect(seen && done && done.at - seen.at).toBeGreaterThanOrEqual(DELAY_MS)

    await devnet.relayer!.waitForStatus(origin.chainId, depositId, ['repaid'], 20_000)
    const onOrigin = await createDevnetPublicClient(origin).readContract({ address: origin.contracts.spoke, abi: accordSpokeAbi, functionName: 'getDeposit', args: [depositId] })
    expect(onOrigin.status).toBe(DEPOSIT_STATUS.repaid)
    expect((await balanceOf(origin, origin.contracts.tokens.USDC as Address, relayerAccount.address)) - relayerOriginBefore).toBe(inputAmount)
  })

  it('refunds on the origin after the fill deadline when the relayer fails (override or failure rate) or the deposit asks more than the quote', async () => {
    const origin = chainOf(devnet.info, 900003)
    const destination = chainOf(devnet.info, 900002)
    const inputToken = origin.contracts.tokens.WETH as Address
    const outputToken = destination.contracts.tokens.WETH as Address
    const inputAmount = 2n * 10n ** 18n
    const quote = getBridgeAmountOut(bridgeVenue(origin.chainId, destination.chainId, 'WETH'), inputAmount, 18, 18)
    const greedyRecipient = devnetAccount(8).address
    const userBefore = await balanceOf(origin, inputToken, user.address)
    const fillDeadline = (await chainTime(origin)) + 4

    const failed = await deposit(user, { origin, destination, symbol: 'WETH', inputAmount, outputAmount: quote, recipient: UNLUCKY_RECIPIENT, fillDeadline })
    const greedy = await deposit(user, { origin, destination, symbol: 'WETH', inputAmount, outputAmount: quote + 1n, recipient: greedyRecipient, fillDeadline })
    // A failure rate of 1 makes the relayer fail every deposit it has no override for.
    devnet.relayer!.setPolicy({ failureRate: 1 })
    const unluckyByRate = devnetAccount(10).address
    let byRate
    try {
      byRate = await deposit(user, { origin, destination, symbol: 'WETH', inputAmount, outputAmount: quote, recipient: unluckyByRate, fillDeadline })
      const state = await devnet.relayer!.waitForStatus(origin.chainId, byRate.depositId, ['unfilled', 'refunding', 'refunded', 'filling', 'filled'], 10_000)
      expect(state.reason).toBe('failure injected')
    } finally {
      devnet.relayer!.setPolicy({ failureRate: 0 })
    }
    expect(await balanceOf(origin, inputToken, user.address)).toBe(userBefore - 3n * inputAmount)

    const originClient = createDevnetPublicClient(origin)
    await waitUntil(
      async () => {
        const deposits = await Promise.all(
          [failed, greedy, byRate].map((d) => originClient.readContract({ address: origin.contracts.spoke, abi: accordSpokeAbi, functionName: 'getDeposit', args: [d.depositId] })),
        )
        return deposits.every((d) => d.status === DEPOSIT_STATUS.refunded)
      },
      25_000,
      'both refunds',
    )
    expect(await balanceOf(origin, inputToken, user.address)).toBe(userBefore)
    const refunds = await originClient.getContractEvents({ address: origin.contracts.spoke, abi: accordSpokeAbi, eventName: 'Refunded', fromBlock: 0n })
    for (const d of [failed, greedy, byRate]) {
      const refund = refunds.find((r) => r.args.depositId === d.depositId)
      expect(refund?.args).toMatchObject({ depositor: user.address, inputToken, inputAmount })
      // Refunded strictly after the deadline (AccordSpoke.refund requires block.timestamp > fillDeadline).
      const block = await originClient.getBlock({ blockNumber: refund!.blockNumber })
      expect(Number(block.timestamp)).toBeGreaterThan(fillDeadline)
    }
    for (const [d, recipient] of [[failed, UNLUCKY_RECIPIENT], [greedy, greedyRecipient], [byRate, unluckyByRate]] as const) {
      expect(await balanceOf(destination, outputToken, recipient)).toBe(0n)
      expect(
        await createDevnetPublicClient(destination).readContract({
          address: destination.contracts.spoke,
          abi: accordSpokeAbi,
          functionName: 'isFilled',
          args: [BigInt(origin.chainId), d.depositId],
        }),
      ).toBe(false)
    }
    // Past the deadline (by the destination's own clock) the destination refuses a fill, so a refunded
    // deposit can never also be filled.
    await waitUntil(async () => (await chainTime(destination)) > fillDeadline, 10_000, 'the destination to pass the deadline')
    await expect(
      createDevnetPublicClient(destination).simulateContract({
        account: relayerAccount,
        address: destination.contracts.spoke,
        abi: accordSpokeAbi,
        functionName: 'fill',
        args: [BigInt(origin.chainId), failed.depositId, outputToken, quote, UNLUCKY_RECIPIENT, fillDeadline],
      }),
    ).rejects.toThrow(/fill deadline passed/)
  })

  it('never fills a deposit twice: the spoke rejects a second fill and a restarted relayer leaves settled deposits alone', async () => {
    const origin = chainOf(devnet.info, 900001)
    const destination = chainOf(devnet.info, 900003)
    const recipient = devnetAccount(9).address
    const inputAmount = 500_000_000n
    const outputAmount = getBridgeAmountOut(bridgeVenue(origin.chainId, destination.chainId, 'USDT'), inputAmount, 6, 6)
    const outputToken = destination.contracts.tokens.USDT as Address
    const fillDeadline = (await chainTime(origin)) + 60
    const { depositId } = await deposit(user, { origin, destination, symbol: 'USDT', inputAmount, outputAmount, recipient, fillDeadline })
    await devnet.relayer!.waitForStatus(origin.chainId, depositId, ['repaid'], 20_000)

    const destinationClient = createDevnetPublicClient(destination)
    const fillArgs = [BigInt(origin.chainId), depositId, outputToken, outputAmount, recipient, fillDeadline] as const
    await expect(
      destinationClient.simulateContract({ account: relayerAccount, address: destination.contracts.spoke, abi: accordSpokeAbi, functionName: 'fill', args: fillArgs }),
    ).rejects.toThrow(/already filled/)
    // Nobody but the relayer fills (or could pre-empt the relayer's fill with other terms).
    await expect(
      destinationClient.simulateContract({ account: user, address: destination.contracts.spoke, abi: accordSpokeAbi, functionName: 'fill', args: fillArgs }),
    ).rejects.toThrow(/not relayer/)

    // A second relayer instance re-reads all history from block 0 and finds everything settled.
    const second = startRelayer({
      chains: devnet.chains.map((c) => ({ chainId: c.chainId, name: c.name, rpcUrl: c.rpcUrl, spoke: c.contracts.spoke })),
      routes: devnetRelayerRoutes(devnet.info, devnet.market),
      delayMs: 0,
      pollIntervalMs: 50,
    })
    try {
      const state = await second.waitForStatus(origin.chainId, depositId, ['settled', 'filled', 'filling', 'scheduled', 'repaid'], 20_000)
      expect(state.status).toBe('settled')
    } finally {
      await second.stop()
    }
    const fills = await destinationClient.getContractEvents({
      address: destination.contracts.spoke,
      abi: accordSpokeAbi,
      eventName: 'Filled',
      args: { originChainId: BigInt(origin.chainId), depositId },
      fromBlock: 0n,
    })
    expect(fills).toHaveLength(1)
    expect(await balanceOf(destination, outputToken, recipient)).toBe(outputAmount)
  })
})
