// Issue 16: POST /lifi/v1/advanced/stepTransaction driven by the real @lifi/sdk executor
// (executeRoute with @lifi/sdk-provider-ethereum, which asks stepTransaction for every step without a
// transactionRequest, approves `estimate.approvalAddress`, sends, then polls /status), and routes from
// and to the native coin (WETH9 deposit first, withdraw last) signed on a devnet whose WETH runs the
// canonical WETH9 code. Every figure is measured on the chains: balances before and after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createClient, executeRoute, getRoutes, getStepTransaction, type Route, type SDKClient } from '@lifi/sdk'
import { EthereumProvider } from '@lifi/sdk-provider-ethereum'
import type { LiFiStep, TransactionRequest } from '@lifi/types'
import { decodeFunctionData, keccak256, parseEther, toHex, type Address, type Hash, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { buildServer } from '../../../src/server/buildServer.ts'
import { startExecutorDevnet, chainOf, rpc, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'
import { createDevnetPublicClient, createDevnetWalletClient } from '../../../src/devnet/defineDevnetChain.ts'
import { devnetAccount } from '../../../src/devnet/devnetAccounts.ts'
import { devnetTokenAbi } from '../../../src/devnet/abis.ts'
import { weth9Abi } from '../../../src/transactions/buildWethTransaction.ts'
import type { AccordExtension } from '../../../src/format/lifi/toLifiRoute.ts'
import { OPEN_AUTH, schemaErrors } from './helpers.ts'
import { LifiStepSchema, RoutesResponseSchema } from '../../../src/server/routes/lifi/lifiResponseSchemas.ts'
import { installWeth9 } from './installWeth9.ts'

let x: ExecutorDevnet
let app: FastifyInstance
let url: string
/** Successful POST /advanced/stepTransaction answers: the executor's requests, counted by the server. */
let stepTransactionCalls = 0
const signer = privateKeyToAccount(keccak256(toHex('accord stepTransaction test signer')))
const chainA = () => chainOf(x.devnet, x.devnet.chains[0]!.chainId)
const chainC = () => chainOf(x.devnet, x.devnet.chains[2]!.chainId)
const token = (chain: ReturnType<typeof chainA>, symbol: string) => chain.contracts.tokens[symbol] as Address
const NATIVE = '0x0000000000000000000000000000000000000000'

beforeAll(async () => {
  x = await startExecutorDevnet()
  // The devnet's WETH becomes canonical WETH9 (balances kept, backed by as much ETH) on every chain.
  for (const chain of x.devnet.chains) await installWeth9(chain.rpcUrl, token(chain, 'WETH'))
  // …and the service is told so: every chain's WETH is its WETH9.
  const chains = new Map([...x.targets.chains].map(([chainId, chain]) => [chainId, { ...chain, wrappedNative: token(chainOf(x.devnet, chainId), 'WETH') }]))
  app = buildServer({ auth: OPEN_AUTH, market: x.devnet.market, rateLimit: false, transactionTargets: { ...x.targets, chains } })
  app.addHook('onResponse', async (request, reply) => {
    if (request.url.endsWith('/advanced/stepTransaction') && reply.statusCode === 200) stepTransactionCalls++
  })
  url = await app.listen({ host: '127.0.0.1', port: 0 })
  for (const chain of x.devnet.chains) await rpc(chain.rpcUrl, 'anvil_setBalance', [signer.address, toHex(parseEther('10'))])
  const deployer = createDevnetWalletClient(chainA(), devnetAccount('deployer'))
  const hash = await deployer.writeContract({ address: token(chainA(), 'USDT'), abi: devnetTokenAbi, functionName: 'mint', args: [signer.address, 5000n * 10n ** 6n] })
  await createDevnetPublicClient(chainA()).waitForTransactionReceipt({ hash })
}, 240_000)

afterAll(async () => {
  await app?.close()
  await x?.stop()
})

const erc20 = (chain: ReturnType<typeof chainA>, address: Address, owner: Address) => createDevnetPublicClient(chain).readContract({ address, abi: devnetTokenAbi, functionName: 'balanceOf', args: [owner] })
const eth = (chain: ReturnType<typeof chainA>, owner: Address) => createDevnetPublicClient(chain).getBalance({ address: owner })

/** An SDK client that executes with a local account on whichever devnet chain a step is on. */
function executingClient(): SDKClient {
  let current = chainA()
  const wallet = () => createDevnetWalletClient(current, signer)
  return createClient({
    integrator: 'accord-test',
    apiUrl: `${url}/lifi/v1`,
    // The executor looks every step's chain up in GET /chains.
    preloadChains: true,
    disableVersionCheck: true,
    providers: [
      EthereumProvider({
        getWalletClient: async () => wallet(),
        switchChain: async (chainId) => {
          current = chainOf(x.devnet, chainId)
          return wallet()
        },
      }),
    ],
  })
}

/** Signs and sends a transaction exactly as returned; resolves once it succeeded. */
async function send(request: TransactionRequest): Promise<Hash> {
  const chain = chainOf(x.devnet, request.chainId!)
  const wallet = createDevnetWalletClient(chain, signer)
  const hash = await wallet.sendTransaction({ to: request.to as Address, data: request.data as Hex, value: BigInt(request.value!), gas: BigInt(request.gasLimit!), chain: wallet.chain })
  const receipt = await createDevnetPublicClient(chain).waitForTransactionReceipt({ hash })
  expect(receipt.status, `${request.to} on ${request.chainId}`).toBe('success')
  return hash
}

describe('POST /lifi/v1/advanced/stepTransaction', () => {
  it('the SDK executor runs a cross-chain route whose steps it fetches one by one, and the signer receives at least toAmountMin', async () => {
    const client = executingClient()
    const { routes } = await getRoutes(client, {
      fromChainId: chainA().chainId,
      fromAmount: (1500n * 10n ** 6n).toString(),
      fromTokenAddress: token(chainA(), 'USDT'),
      fromAddress: signer.address,
      toChainId: chainC().chainId,
      toTokenAddress: token(chainC(), 'USDC'),
      options: { slippage: 0.01 },
    })
    // As LI.FI's own /advanced/routes answers: no transaction in the steps, so the executor must ask.
    const route = structuredClone(routes[0]!) as Route
    for (const step of route.steps) {
      delete step.transactionRequest
      for (const part of step.includedSteps) delete part.transactionRequest
    }
    expect(route.steps.length).toBeGreaterThanOrEqual(2)
    const usdtBefore = await erc20(chainA(), token(chainA(), 'USDT'), signer.address)
    const usdcBefore = await erc20(chainC(), token(chainC(), 'USDC'), signer.address)
    const calls = stepTransactionCalls
    const executed = await executeRoute(client, route, { executeInBackground: false })
    for (const step of executed.steps) expect(step.execution?.status, step.tool).toBe('DONE')
    expect(stepTransactionCalls - calls).toBe(route.steps.length)
    const delivered = (await erc20(chainC(), token(chainC(), 'USDC'), signer.address)) - usdcBefore
    expect(delivered).toBeGreaterThanOrEqual(BigInt(route.toAmountMin))
    expect(usdtBefore - (await erc20(chainA(), token(chainA(), 'USDT'), signer.address))).toBe(1500n * 10n ** 6n)
  }, 240_000)

  it('refuses what it cannot build, with a field: a bundled /quote step, no signer, an unknown tool', async () => {
    const client = executingClient()
    const { routes } = await getRoutes(client, {
      fromChainId: chainA().chainId,
      fromAmount: (100n * 10n ** 6n).toString(),
      fromTokenAddress: token(chainA(), 'USDT'),
      fromAddress: signer.address,
      toChainId: chainA().chainId,
      toTokenAddress: token(chainA(), 'USDC'),
    })
    const step = routes[0]!.steps[0]!
    const post = (body: unknown) => fetch(`${url}/lifi/v1/advanced/stepTransaction`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const bundled = await post({ ...step, includedSteps: [step.includedSteps[0], step.includedSteps[0]] })
    expect(bundled.status).toBe(400)
    expect(await bundled.json()).toMatchObject({ code: 'INVALID_REQUEST', field: 'body.includedSteps' })
    const { fromAddress: _, ...anonymous } = step.action
    const unsigned = await post({ ...step, action: anonymous })
    expect(await unsigned.json()).toMatchObject({ code: 'INVALID_REQUEST', field: 'body.action.fromAddress' })
    const unknown = await post({ ...step, includedSteps: [{ ...step.includedSteps[0], tool: 'no-such-pool' }] })
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ code: 'UNKNOWN_VENUE', field: 'body.tool' })
    // A step missing what a LiFiStep carries is the client's error, named by its path (the reply's schema
    // requires it: it used to fail as a 500 while serialising).
    const { toolDetails: _t, ...noDetails } = step
    const incomplete = await post(noDetails)
    expect(incomplete.status).toBe(400)
    expect(await incomplete.json()).toMatchObject({ code: 'INVALID_REQUEST', field: 'body.toolDetails' })
    const badGas = await post({ ...step, estimate: { ...step.estimate, gasCosts: 'x' } })
    expect(badGas.status).toBe(400)
    expect(await badGas.json()).toMatchObject({ code: 'INVALID_REQUEST', field: 'body.estimate.gasCosts' })
    // The same step, re-quoted for half its input, guards half as much within rounding.
    const half = await getStepTransaction(client, { ...step, action: { ...step.action, fromAmount: (50n * 10n ** 6n).toString() } })
    expect(schemaErrors(LifiStepSchema, half)).toBe('')
    expect(BigInt(half.estimate.toAmountMin)).toBeLessThan(BigInt(step.estimate.toAmountMin))
    expect(half.transactionRequest?.to).toBe(half.estimate.approvalAddress)
  })
})

describe('routes from and to the native coin', () => {
  it('ETH → USDC: a WETH9 deposit comes first, paid in ETH, and the route is executed as returned', async () => {
    const amount = parseEther('0.5')
    const { routes } = await getRoutes(executingClient(), {
      fromChainId: chainA().chainId,
      fromAmount: amount.toString(),
      fromTokenAddress: NATIVE,
      fromAddress: signer.address,
      toChainId: chainA().chainId,
      toTokenAddress: token(chainA(), 'USDC'),
    })
    const route = routes[0]! as Route & { accord: AccordExtension }
    expect(schemaErrors(RoutesResponseSchema, { routes, unavailableRoutes: { filteredOut: [], failed: [] } })).toBe('')
    expect(route.fromToken.address).toBe(NATIVE)
    const wrap = route.steps[0]!
    expect(wrap.includedSteps[0]!.type).toBe('protocol')
    expect(wrap.transactionRequest).toMatchObject({ to: token(chainA(), 'WETH'), value: toHex(amount) })
    expect(decodeFunctionData({ abi: weth9Abi, data: wrap.transactionRequest!.data as Hex }).functionName).toBe('deposit')
    const ethBefore = await eth(chainA(), signer.address)
    const usdcBefore = await erc20(chainA(), token(chainA(), 'USDC'), signer.address)
    let gasPaid = 0n
    for (const tx of route.accord.transactions!) {
      const hash = await send(tx.transactionRequest)
      const receipt = await createDevnetPublicClient(chainA()).getTransactionReceipt({ hash })
      gasPaid += receipt.gasUsed * receipt.effectiveGasPrice
    }
    expect(route.accord.transactions![0]!.purpose).toBe('wrap')
    expect(ethBefore - (await eth(chainA(), signer.address))).toBe(amount + gasPaid)
    expect((await erc20(chainA(), token(chainA(), 'USDC'), signer.address)) - usdcBefore).toBeGreaterThanOrEqual(BigInt(route.toAmountMin))
    expect(await erc20(chainA(), token(chainA(), 'WETH'), signer.address)).toBe(0n)
  }, 120_000)

  it('USDT → ETH across chains with the SDK executor: the last step withdraws toAmountMin from WETH9 and the signer receives it in ETH', async () => {
    const client = executingClient()
    const { routes } = await getRoutes(client, {
      fromChainId: chainA().chainId,
      fromAmount: (1000n * 10n ** 6n).toString(),
      fromTokenAddress: token(chainA(), 'USDT'),
      fromAddress: signer.address,
      toChainId: chainC().chainId,
      toTokenAddress: NATIVE,
      options: { slippage: 0.01 },
    })
    const route = structuredClone(routes[0]!) as Route
    expect(route.toToken.address).toBe(NATIVE)
    const unwrap = route.steps.at(-1)!
    expect(unwrap.tool).toBe('unwrap')
    expect(unwrap.action.fromAmount).toBe(route.toAmountMin)
    for (const step of route.steps) {
      delete step.transactionRequest
      for (const part of step.includedSteps) delete part.transactionRequest
    }
    const ethBefore = await eth(chainC(), signer.address)
    const backingBefore = await eth(chainC(), token(chainC(), 'WETH'))
    const calls = stepTransactionCalls
    const executed = await executeRoute(client, route, { executeInBackground: false })
    expect(stepTransactionCalls - calls).toBe(route.steps.length)
    for (const step of executed.steps) expect(step.execution?.status, step.tool).toBe('DONE')
    // Gas on chain C is paid for the swaps and the withdrawal; what arrived in ETH is measured from the receipts.
    let gasPaid = 0n
    for (const step of executed.steps.filter((s) => s.action.fromChainId === chainC().chainId))
      for (const action of step.execution?.actions ?? []) {
        if (!action.txHash) continue
        const receipt = await createDevnetPublicClient(chainC()).getTransactionReceipt({ hash: action.txHash as Hash })
        gasPaid += receipt.gasUsed * receipt.effectiveGasPrice
      }
    const received = (await eth(chainC(), signer.address)) - ethBefore + gasPaid
    expect(received).toBeGreaterThanOrEqual(BigInt(route.toAmountMin))
    // The ETH came out of WETH9, exactly the amount the executed unwrap step withdrew.
    expect(backingBefore - (await eth(chainC(), token(chainC(), 'WETH')))).toBe(received)
    expect(received).toBe(BigInt(executed.steps.at(-1)!.action.fromAmount))
  }, 240_000)

  it('refuses to unwrap for another recipient, saying why', async () => {
    const response = await fetch(`${url}/lifi/v1/quote?${new URLSearchParams({ fromChain: String(chainA().chainId), fromToken: token(chainA(), 'USDT'), fromAmount: '1000000', toChain: String(chainA().chainId), toToken: NATIVE, fromAddress: signer.address, toAddress: devnetAccount(7).address })}`)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'INVALID_REQUEST', field: 'query.toAddress', message: expect.stringMatching(/WETH9.withdraw/) })
  })
})
