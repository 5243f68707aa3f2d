// Issue 16, points 1 and 2: the real `@lifi/sdk` client, its `apiUrl` pointed at /lifi/v1 of a service
// quoting a real devnet (three anvil chains, Uniswap V2 pools, AccordSpoke bridges and their relayer).
// Every call the SDK makes works; a fresh account signs and sends exactly the transactions the quote
// returned, step by step (waiting on /status for each bridge fill), and receives at least toAmountMin —
// measured as its balance on the destination chain, not as anything the service reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createClient, getChains, getQuote, getRoutes, getStatus, getTokens, getTools, type SDKClient } from '@lifi/sdk'
import type { LiFiStep, StatusResponse, TransactionRequest } from '@lifi/types'
import { keccak256, parseEther, toHex, type Address, type Hash, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { buildServer } from '../../../src/server/buildServer.ts'
import { startExecutorDevnet, chainOf, rpc, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'
import { createDevnetPublicClient, createDevnetWalletClient } from '../../../src/devnet/defineDevnetChain.ts'
import { devnetAccount } from '../../../src/devnet/devnetAccounts.ts'
import { devnetTokenAbi, uniswapV2RouterAbi } from '../../../src/devnet/abis.ts'
import type { AccordExtension } from '../../../src/format/lifi/toLifiRoute.ts'
import { BASE_USDC_TO_ARB_WETH, loadSmallMarket, OPEN_AUTH } from './helpers.ts'

let x: ExecutorDevnet
let app: FastifyInstance
let client: SDKClient
/** A key no one else uses: derived from this test's name, funded below. */
const fresh = privateKeyToAccount(keccak256(toHex('accord lifi-compatible API test signer')))

const chainA = () => chainOf(x.devnet, x.devnet.chains[0]!.chainId)
const chainC = () => chainOf(x.devnet, x.devnet.chains[2]!.chainId)
const token = (chain: ReturnType<typeof chainA>, symbol: string) => chain.contracts.tokens[symbol] as Address

beforeAll(async () => {
  x = await startExecutorDevnet()
  app = buildServer({ auth: OPEN_AUTH, market: x.devnet.market, rateLimit: false, transactionTargets: x.targets })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  client = createClient({ integrator: 'accord-test', apiUrl: `${url}/lifi/v1`, preloadChains: false, disableVersionCheck: true })
  // The fresh account: 1 ETH for gas on every chain and 5 000 USDT and USDC on the first.
  for (const chain of x.devnet.chains) await rpc(chain.rpcUrl, 'anvil_setBalance', [fresh.address, toHex(parseEther('1'))])
  const deployer = createDevnetWalletClient(chainA(), devnetAccount('deployer'))
  for (const symbol of ['USDT', 'USDC']) {
    const hash = await deployer.writeContract({ address: token(chainA(), symbol), abi: devnetTokenAbi, functionName: 'mint', args: [fresh.address, 5000n * 10n ** 6n] })
    await createDevnetPublicClient(chainA()).waitForTransactionReceipt({ hash })
  }
}, 240_000)

afterAll(async () => {
  await app?.close()
  await x?.stop()
})

const balanceOf = (chain: ReturnType<typeof chainA>, symbol: string, owner: Address) =>
  createDevnetPublicClient(chain).readContract({ address: token(chain, symbol), abi: devnetTokenAbi, functionName: 'balanceOf', args: [owner] })

/** Signs and sends one transaction exactly as returned; resolves with its hash once included (and checks it reached the chain unchanged). */
async function send(request: TransactionRequest): Promise<Hash> {
  const chain = chainOf(x.devnet, request.chainId!)
  const wallet = createDevnetWalletClient(chain, fresh)
  const hash = await wallet.sendTransaction({ to: request.to as Address, data: request.data as Hex, value: BigInt(request.value!), gas: BigInt(request.gasLimit!), chain: wallet.chain })
  const receipt = await createDevnetPublicClient(chain).waitForTransactionReceipt({ hash })
  expect(receipt.status, `${request.to} on ${request.chainId}`).toBe('success')
  const sent = await createDevnetPublicClient(chain).getTransaction({ hash })
  expect({ to: sent.to?.toLowerCase(), input: sent.input, from: sent.from.toLowerCase() }).toEqual({ to: request.to!.toLowerCase(), input: request.data, from: fresh.address.toLowerCase() })
  return hash
}

/** Polls the SDK's getStatus until the transfer is no longer pending (a bridge fill takes the relayer's delay). */
async function settled(txHash: Hash, fromChain: number): Promise<StatusResponse> {
  for (let i = 0; i < 600; i++) {
    const status = await getStatus(client, { txHash, fromChain })
    if (status.status !== 'PENDING') return status
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`transfer ${txHash} still pending`)
}

describe('the LI.FI SDK against /lifi/v1', () => {
  it('getChains, getTokens and getTools describe the market', async () => {
    const chains = await getChains(client)
    expect(chains.map((chain) => chain.id).sort()).toEqual(x.devnet.market.networks.map((network) => network.chainId).sort())
    expect(chains[0]!.metamask.rpcUrls[0]).toBe(x.devnet.chains.find((chain) => chain.chainId === chains[0]!.id)!.rpcUrl)
    const { tokens } = await getTokens(client, { chains: [chainA().chainId] })
    expect(Object.keys(tokens)).toEqual([String(chainA().chainId)])
    const addresses = tokens[chainA().chainId]!.map((t) => t.address.toLowerCase())
    for (const symbol of ['USDC', 'USDT', 'WETH']) expect(addresses).toContain(token(chainA(), symbol).toLowerCase())
    const tools = await getTools(client)
    expect(tools.bridges.map((bridge) => bridge.key).sort()).toEqual(x.devnet.market.venues.filter((venue) => venue.kind === 'bridge').map((venue) => venue.id).sort())
  })

  it('a quote for a fresh account is executed transaction by transaction and delivers at least toAmountMin', async () => {
    const fromAmount = 2000n * 10n ** 6n
    const quote = (await getQuote(client, {
      fromChain: chainA().chainId,
      fromToken: token(chainA(), 'USDT'),
      fromAmount: fromAmount.toString(),
      fromAddress: fresh.address,
      toChain: chainC().chainId,
      toToken: token(chainC(), 'WETH'),
      slippage: 0.01,
    })) as LiFiStep & { accord: AccordExtension }
    expect(quote.type).toBe('lifi')
    expect(quote.action.fromAmount).toBe(fromAmount.toString())
    expect(quote.action.slippage).toBe(0.01)
    // swap → bridge → swap at least; every included step carries the transaction that performs it.
    expect(quote.includedSteps.length).toBeGreaterThanOrEqual(3)
    expect(quote.includedSteps.map((step) => step.type)).toContain('cross')
    for (const step of quote.includedSteps) expect(step.transactionRequest?.from?.toLowerCase()).toBe(fresh.address.toLowerCase())
    expect(BigInt(quote.estimate.toAmountMin)).toBeGreaterThan(0n)
    expect(BigInt(quote.estimate.toAmountMin)).toBeLessThanOrEqual(BigInt(quote.estimate.toAmount))
    const transactions = quote.accord.transactions!
    expect(transactions.length).toBe(2 * quote.includedSteps.length)
    // Independent of the planner: the first swap's predicted output is what UniswapV2Router02.getAmountsOut
    // computes on the chain for the same input, and its guard is that less the 1 % slippage, rounded down.
    const firstSwap = quote.includedSteps.find((step) => step.type === 'swap' && step.action.fromChainId === chainA().chainId)!
    const [, onChain] = await createDevnetPublicClient(chainA()).readContract({
      address: chainA().contracts.router,
      abi: uniswapV2RouterAbi,
      functionName: 'getAmountsOut',
      args: [BigInt(firstSwap.action.fromAmount), [firstSwap.action.fromToken.address as Address, firstSwap.action.toToken.address as Address]],
    })
    expect(firstSwap.estimate.toAmount).toBe(onChain!.toString())
    expect(firstSwap.estimate.toAmountMin).toBe(((onChain! * 990_000n) / 1_000_000n).toString())

    const usdtBefore = await balanceOf(chainA(), 'USDT', fresh.address)
    const wethBefore = await balanceOf(chainC(), 'WETH', fresh.address)
    for (const tx of transactions) {
      const hash = await send(tx.transactionRequest)
      if (tx.purpose === 'deposit') {
        const status = await settled(hash, tx.transactionRequest.chainId)
        expect(status).toMatchObject({ status: 'DONE', substatus: 'COMPLETED' })
      }
    }
    const delivered = (await balanceOf(chainC(), 'WETH', fresh.address)) - wethBefore
    expect(delivered).toBeGreaterThanOrEqual(BigInt(quote.estimate.toAmountMin))
    // The whole input was spent, and nothing more.
    expect(usdtBefore - (await balanceOf(chainA(), 'USDT', fresh.address))).toBe(fromAmount)
  }, 240_000)

  it('getRoutes answers routes whose steps each carry their transaction and approval address', async () => {
    const { routes } = await getRoutes(client, {
      fromChainId: chainA().chainId,
      fromAmount: (100n * 10n ** 6n).toString(),
      fromTokenAddress: token(chainA(), 'USDT'),
      fromAddress: fresh.address,
      toChainId: chainC().chainId,
      toTokenAddress: token(chainC(), 'WETH'),
      options: { slippage: 0.005, order: 'CHEAPEST' },
    })
    expect(routes.length).toBeGreaterThanOrEqual(1)
    for (let i = 1; i < routes.length; i++) expect(BigInt(routes[i - 1]!.toAmount) >= BigInt(routes[i]!.toAmount)).toBe(true)
    for (const route of routes) {
      expect(route.containsSwitchChain).toBe(new Set(route.steps.map((step) => step.action.fromChainId)).size > 1)
      for (const step of route.steps) {
        expect(step.type).toBe('lifi')
        expect(step.includedSteps).toHaveLength(1)
        expect(step.transactionRequest?.chainId).toBe(step.action.fromChainId)
        expect(step.estimate.approvalAddress).toBe(step.transactionRequest?.to)
      }
      // The route's minimum is what its delivering steps guarantee.
      const last = route.steps.filter((step) => step.action.toToken.address.toLowerCase() === token(chainC(), 'WETH').toLowerCase() && step.action.toChainId === chainC().chainId)
      expect(last.reduce((sum, step) => sum + BigInt(step.estimate.toAmountMin), 0n)).toBe(BigInt(route.toAmountMin))
    }
  })

  it('getStatus follows a bridge deposit from PENDING to DONE with the fill, which delivers exactly the step\'s toAmountMin', async () => {
    // The relayer waits 3 s before filling this account's deposits.
    x.setDecide((deposit) => (deposit.depositor.toLowerCase() === fresh.address.toLowerCase() ? { fill: true, delayMs: 3000 } : undefined))
    try {
      const { routes } = await getRoutes(client, {
        fromChainId: chainA().chainId,
        fromAmount: (1000n * 10n ** 6n).toString(),
        fromTokenAddress: token(chainA(), 'USDC'),
        fromAddress: fresh.address,
        toChainId: chainC().chainId,
        toTokenAddress: token(chainC(), 'USDC'),
        // The USDC bridge from devnet-a to devnet-c only: one deposit.
        options: {
          bridges: {
            allow: x.devnet.market.venues
              .filter((venue) => venue.kind === 'bridge' && venue.from.token.toLowerCase() === token(chainA(), 'USDC').toLowerCase() && venue.to.chainId === chainC().chainId)
              .map((venue) => venue.id),
          },
          exchanges: { allow: [] },
        },
      })
      const route = routes[0]! as (typeof routes)[number] & { accord: AccordExtension }
      expect(route.steps.map((step) => step.includedSteps[0]!.type)).toEqual(['cross'])
      const before = await balanceOf(chainC(), 'USDC', fresh.address)
      let deposit: Hash | undefined
      for (const tx of route.accord.transactions!) {
        const hash = await send(tx.transactionRequest)
        if (tx.purpose === 'deposit') deposit = hash
      }
      const pending = await getStatus(client, { txHash: deposit!, fromChain: chainA().chainId })
      expect(pending).toMatchObject({ status: 'PENDING', substatus: 'WAIT_DESTINATION_TRANSACTION', receiving: { chainId: chainC().chainId } })
      const done = (await settled(deposit!, chainA().chainId)) as StatusResponse & { receiving: { txHash: string; amount: string; chainId: number } }
      expect(done).toMatchObject({ status: 'DONE', substatus: 'COMPLETED', receiving: { chainId: chainC().chainId } })
      const delivered = (await balanceOf(chainC(), 'USDC', fresh.address)) - before
      expect(delivered).toBe(BigInt(route.toAmountMin))
      expect(done.receiving.amount).toBe(delivered.toString())
      const fill = await createDevnetPublicClient(chainC()).getTransaction({ hash: done.receiving.txHash as Hash })
      expect(fill.to?.toLowerCase()).toBe(chainC().contracts.spoke.toLowerCase())
    } finally {
      x.setDecide(undefined)
    }
  }, 120_000)

  it('getStatus of a hash no chain knows is NOT_FOUND; errors are the SDK\'s HTTP errors with Accord\'s code', async () => {
    const status = await getStatus(client, { txHash: keccak256(toHex('no such transaction')) })
    expect(status.status).toBe('NOT_FOUND')
    const failure = await getQuote(client, {
      fromChain: chainA().chainId,
      fromToken: token(chainA(), 'USDT'),
      fromAmount: '1000000',
      fromAddress: '0x1234',
      toChain: chainC().chainId,
      toToken: token(chainC(), 'WETH'),
    }).catch((error: unknown) => error as { cause?: { status?: number; responseBody?: { code?: string; field?: string } } })
    expect(failure).toMatchObject({ cause: { status: 400 } })
    // The native coin is quoted as WETH, and the devnet's WETH is no WETH9 (no deposit/withdraw): refused, saying so.
    const native = await fetch(
      `${client.config.apiUrl}/quote?fromChain=${chainA().chainId}&fromToken=0x0000000000000000000000000000000000000000&fromAmount=1000000000000000000&toChain=${chainC().chainId}&toToken=${token(chainC(), 'USDC')}&fromAddress=${fresh.address}`,
    )
    expect(native.status).toBe(400)
    expect(await native.json()).toMatchObject({ code: 'INVALID_REQUEST', field: 'query.fromToken', message: expect.stringMatching(/quoted as WETH/) })
  })
})

describe('/lifi/v1 without contracts to call (a market file, no devnet)', () => {
  it('quotes without transactions, with the plan\'s own minimum, and says /status reads no chain', async () => {
    const server = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false })
    const query = new URLSearchParams({ fromChain: 'base', fromToken: 'USDC', fromAmount: '250000000000', toChain: 'arbitrum', toToken: 'WETH', fromAddress: fresh.address, deadlineSeconds: '3600' })
    const quote = (await server.inject({ url: `/lifi/v1/quote?${query}` })).json() as LiFiStep & { accord: AccordExtension }
    const own = (await server.inject({ method: 'POST', url: '/v1/quote', payload: { ...BASE_USDC_TO_ARB_WETH, maxSlippageBps: 50 } })).json() as { quoteId: string; minAmountOut: { raw: string }; expectedAmountOut: { raw: string } }
    // The same intent in either API (LI.FI's default slippage 0.005 is 50 bp): one cached quote.
    expect(quote.id).toBe(own.quoteId)
    expect(quote.estimate.toAmountMin).toBe(own.minAmountOut.raw)
    expect(quote.estimate.toAmount).toBe(own.expectedAmountOut.raw)
    expect(quote.transactionRequest).toBeUndefined()
    expect(quote.includedSteps.every((step) => step.transactionRequest === undefined)).toBe(true)
    expect(quote.accord.transactions).toBeUndefined()
    const status = await server.inject({ url: `/lifi/v1/status?txHash=${keccak256(toHex('x'))}` })
    expect(status.statusCode).toBe(404)
    expect(status.json()).toMatchObject({ code: 'UNKNOWN_NETWORK' })
    const fee = await server.inject({ url: `/lifi/v1/quote?${query}&fee=0.03` })
    expect(fee.json()).toMatchObject({ code: 'INVALID_REQUEST', field: 'query.fee' })
    await server.close()
  })
})
