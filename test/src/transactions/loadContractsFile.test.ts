// Issue 16: transactions without a devnet, from a contracts file. The bundled Ethereum mainnet file on the
// realistic market: a quote from native ETH wraps through WETH9 and swaps through the Uniswap routers the
// file names, each call decoded with the routers' own ABIs and checked against the step it performs
// (tokens, amounts, the pool's fee tier as the market has it). Chains or contracts the file does not
// name are refused by name; malformed files are refused with the field.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { LiFiStep } from '@lifi/types'
import { decodeFunctionData, getAddress, type Address, type Hex } from 'viem'
import { loadMarketFile } from '../../../src/market/loadMarketFile.ts'
import { buildServer } from '../../../src/server/buildServer.ts'
import { uniswapV2RouterAbi } from '../../../src/devnet/abis.ts'
import { uniswapV3SwapRouterAbi } from '../../../src/market/chain/uniswapV3Abis.ts'
import { weth9Abi } from '../../../src/transactions/buildWethTransaction.ts'
import { contractsFileTargets, loadContractsFile } from '../../../src/transactions/loadContractsFile.ts'
import type { AccordExtension } from '../../../src/format/lifi/toLifiRoute.ts'
import { OPEN_AUTH } from '../server/helpers.ts'

const file = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url))
const ETHEREUM = JSON.parse(readFileSync(file('fixtures/contracts/ethereum.json'), 'utf8')) as { chains: Array<Record<string, string>> }
const SIGNER = '0x00000000000000000000000000000000000000f1' as Address

describe('contracts file', () => {
  it('ETH → USDC on Ethereum: WETH9 deposit, then Uniswap swaps through the routers the file names, decoded against each step', async () => {
    const market = await loadMarketFile(file('fixtures/markets/realistic.json'))
    const targets = await loadContractsFile(file('fixtures/contracts/ethereum.json'), market)
    const app = buildServer({ auth: OPEN_AUTH, market, rateLimit: false, transactionTargets: targets })
    const query = new URLSearchParams({ fromChain: '1', fromToken: '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE', fromAmount: (5n * 10n ** 18n).toString(), toChain: '1', toToken: 'USDC', fromAddress: SIGNER, slippage: '0.01' })
    const response = await app.inject({ url: `/lifi/v1/quote?${query}` })
    expect(response.statusCode, response.body).toBe(200)
    const quote = response.json() as LiFiStep & { accord: AccordExtension }
    const [wrap, ...rest] = quote.accord.transactions!
    expect(wrap).toMatchObject({ purpose: 'wrap', transactionRequest: { to: getAddress(ETHEREUM.chains[0]!.weth9!), value: `0x${(5n * 10n ** 18n).toString(16)}` } })
    expect(decodeFunctionData({ abi: weth9Abi, data: wrap!.transactionRequest.data }).functionName).toBe('deposit')
    const swaps = quote.includedSteps.filter((step) => step.type === 'swap')
    expect(swaps.length).toBeGreaterThan(0)
    for (const step of swaps) {
      const venue = market.venues.find((candidate) => candidate.id === step.tool)!
      const request = step.transactionRequest!
      if (venue.kind === 'constantProduct') {
        expect(request.to).toBe(getAddress(ETHEREUM.chains[0]!.uniswapV2Router02!))
        const { functionName, args } = decodeFunctionData({ abi: uniswapV2RouterAbi, data: request.data as Hex })
        expect(functionName).toBe('swapExactTokensForTokens')
        const [amountIn, amountOutMin, path] = args as unknown as readonly [bigint, bigint, readonly Address[]]
        expect([amountIn.toString(), amountOutMin.toString(), path.map((a) => a.toLowerCase())]).toEqual([step.action.fromAmount, step.estimate.toAmountMin, [step.action.fromToken.address.toLowerCase(), step.action.toToken.address.toLowerCase()]])
      } else {
        expect(venue.kind).toBe('concentratedLiquidity')
        expect(request.to).toBe(getAddress(ETHEREUM.chains[0]!.uniswapV3SwapRouter!))
        const { functionName, args } = decodeFunctionData({ abi: uniswapV3SwapRouterAbi, data: request.data as Hex })
        expect(functionName).toBe('exactInputSingle')
        const [params] = args as readonly [{ tokenIn: Address; tokenOut: Address; fee: number; amountIn: bigint; amountOutMinimum: bigint; recipient: Address }]
        expect(params.fee).toBe(venue.kind === 'concentratedLiquidity' ? venue.fee : -1)
        expect([params.tokenIn.toLowerCase(), params.tokenOut.toLowerCase(), params.amountIn.toString(), params.amountOutMinimum.toString()]).toEqual([
          step.action.fromToken.address.toLowerCase(),
          step.action.toToken.address.toLowerCase(),
          step.action.fromAmount,
          step.estimate.toAmountMin,
        ])
      }
      // Approvals are for the router the step calls.
      expect(step.estimate.approvalAddress).toBe(request.to)
    }
    expect(rest.filter((tx) => tx.purpose === 'approve').every((tx) => tx.transactionRequest.chainId === 1)).toBe(true)
    // A chain the file does not name: refused by name, not built wrong.
    const arbitrum = await app.inject({ url: `/lifi/v1/quote?${new URLSearchParams({ fromChain: 'arbitrum', fromToken: 'USDC', fromAmount: '1000000000', toChain: 'arbitrum', toToken: 'WETH', fromAddress: SIGNER })}` })
    expect(arbitrum.statusCode).toBe(404)
    expect(arbitrum.json()).toMatchObject({ code: 'UNKNOWN_VENUE', message: expect.stringContaining('No contracts are known on chain 42161') })
    await app.close()
  })

  it('a contract the file leaves out is named when a step needs it', async () => {
    const market = await loadMarketFile(file('fixtures/markets/realistic.json'))
    const { uniswapV3SwapRouter: _, uniswapV2Router02: __, ...rest } = ETHEREUM.chains[0]!
    const app = buildServer({ auth: OPEN_AUTH, market, rateLimit: false, transactionTargets: contractsFileTargets({ chains: [rest] }, market) })
    const response = await app.inject({ url: `/lifi/v1/quote?${new URLSearchParams({ fromChain: '1', fromToken: 'WETH', fromAmount: (10n ** 18n).toString(), toChain: '1', toToken: 'USDC', fromAddress: SIGNER })}` })
    expect(response.statusCode).toBe(404)
    expect(response.json().message).toMatch(/No (UniswapV2Router02|Uniswap V3 SwapRouter) is configured on chain 1 \(ethereum\).*"(uniswapV2Router02|uniswapV3SwapRouter)"/)
    await app.close()
  })

  it('malformed files are refused with the field', async () => {
    const market = await loadMarketFile(file('fixtures/markets/small.json'))
    const chain = ETHEREUM.chains[0]!
    expect(() => contractsFileTargets({ chains: [{ ...chain, weth9: '0x1234' }] }, market)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'chains[0].weth9' }))
    expect(() => contractsFileTargets({ chains: [chain, chain] }, market)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'chains[1].chainId' }))
    expect(() => contractsFileTargets({ chains: [{ ...chain, router: chain.uniswapV2Router02 }] }, market)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})
