// Issue 17: Uniswap V3 in the devnet `accord devnet up` starts — the official pools with positions over many ranges,
// read into the market with their ticks, quoted exactly as QuoterV2 quotes them, and swapped through by the executor
// (SwapRouter.exactInputSingle) on a plan that routes through them. One devnet serves the whole file.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import type { ConcentratedLiquidityPool } from '../../../solver/market/types.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { quoteVenue } from '../../../solver/venues/quoteVenue.ts'
import { createDevnetPublicClient } from '../../../src/devnet/defineDevnetChain.ts'
import { devnetExecutionTargets } from '../../../src/devnet/loadDevnetEnvironment.ts'
import { startDevnet, type Devnet } from '../../../src/devnet/startDevnet.ts'
import { executeIntent } from '../../../src/executor/executeIntent.ts'
import { uniswapV3QuoterV2Abi } from '../../../src/market/chain/uniswapV3Abis.ts'
import { loadMarketFile } from '../../../src/market/loadMarketFile.ts'

let devnet: Devnet
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-devnet-v3-'))
  devnet = await startDevnet({ uniswapV3: true, marketFile: join(dir, 'market.json'), devnetFile: join(dir, 'devnet.json'), relayer: { run: 'none' } })
}, 240_000)

afterAll(async () => {
  await devnet?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const v3Pools = () => devnet.market.venues.filter((venue): venue is ConcentratedLiquidityPool => venue.kind === 'concentratedLiquidity')

describe('the devnet with Uniswap V3', () => {
  it('writes every chain\'s V3 pools into the market with initialized ticks around the price, as the file holds them', async () => {
    const index = indexMarket(devnet.market)
    const symbol = (pool: ConcentratedLiquidityPool, token: string) => index.tokens.get(assetKey(pool.chainId, token))!.symbol
    const described = v3Pools().map((pool) => `${pool.chainId} ${[symbol(pool, pool.token0), symbol(pool, pool.token1)].sort().join('/')} ${pool.fee} ${pool.tickSpacing}`)
    expect(described.sort()).toEqual(devnet.chains.flatMap((chain) => [`${chain.chainId} USDC/WETH 500 10`, `${chain.chainId} USDT/WETH 3000 60`]).sort())
    for (const pool of v3Pools()) {
      const around = pool.ticks.filter((t) => Math.abs(t.tick - pool.tick) < 5000)
      expect(around.length, pool.id).toBeGreaterThan(20)
      expect(pool.tickRange, pool.id).toBeDefined()
    }
    expect(await loadMarketFile(join(dir, 'market.json'))).toEqual(devnet.market)
  })

  it('quotes every V3 pool in both directions exactly as QuoterV2 does on the chain', async () => {
    const index = indexMarket(devnet.market)
    let compared = 0
    for (const pool of v3Pools()) {
      const chain = devnet.chains.find((c) => c.chainId === pool.chainId)!
      const client = createDevnetPublicClient(chain)
      for (const [tokenIn, tokenOut] of [[pool.token0, pool.token1], [pool.token1, pool.token0]] as const) {
        const decimals = index.tokens.get(assetKey(pool.chainId, tokenIn))!.decimals
        // 30,000 USD of either side: several ticks crossed.
        const amountIn = decimals === 18 ? 10n * 10n ** 18n : 30_000n * 10n ** 6n
        const quote = quoteVenue(index, pool, assetKey(pool.chainId, tokenIn), assetKey(pool.chainId, tokenOut), amountIn)
        const { result } = await client.simulateContract({
          address: chain.contracts.uniswapV3!.quoterV2,
          abi: uniswapV3QuoterV2Abi,
          functionName: 'quoteExactInputSingle',
          args: [{ tokenIn: tokenIn as Address, tokenOut: tokenOut as Address, amountIn, fee: pool.fee, sqrtPriceLimitX96: 0n }],
        })
        expect(quote.amountOutRaw, `${pool.id} ${tokenIn}`).toBe(result[0])
        // (QuoterV2's initializedTicksCrossed counts the ticks at both ends of the move — PoolTicksCounter — so it is
        // not the number the swap loop crosses; the amounts are what must agree.)
        expect(quote.ticksCrossed, `${pool.id} crosses ticks`).toBeGreaterThan(0)
        compared++
      }
    }
    expect(compared).toBe(12)
  })

  it('executes a plan through a V3 pool with SwapRouter: received what QuoterV2 gives on the block before', async () => {
    const targets = devnetExecutionTargets(devnet.info)
    expect(targets.chains.get(900001)?.uniswapV3?.poolFees.size).toBe(2)
    const intent = resolveIntentRequest(devnet.market, { from: { chain: 'devnet-a', token: 'USDC' }, to: { chain: 'devnet-a', token: 'WETH' }, amount: '20000', deadlineSeconds: 300, allowNetworks: ['devnet-a'] })
    const { outcome } = await executeIntent({ intent, market: devnet.market, targets, account: devnet.accounts.user, journalDir: await mkdtemp(join(dir, 'journal-')) })
    expect(outcome.reached, outcome.summary).toBe(true)
    const v3Steps = outcome.steps.filter((step) => step.venueId.includes(':uniswap-v3:'))
    expect(v3Steps.length, outcome.steps.map((step) => step.venueId).join(', ')).toBeGreaterThan(0)
    const chain = devnet.chains.find((c) => c.name === 'devnet-a')!
    const client = createDevnetPublicClient(chain)
    for (const step of v3Steps) {
      expect(step.status).toBe('confirmed')
      const main = step.transactions.find((tx) => tx.purpose === 'swap' && tx.status === 'success')!
      const receipt = await client.getTransactionReceipt({ hash: main.hash })
      expect(receipt.to?.toLowerCase()).toBe(chain.contracts.uniswapV3!.swapRouter.toLowerCase())
      const pool = v3Pools().find((p) => p.id === step.venueId)!
      const { result } = await client.simulateContract({
        address: chain.contracts.uniswapV3!.quoterV2,
        abi: uniswapV3QuoterV2Abi,
        functionName: 'quoteExactInputSingle',
        args: [{ tokenIn: step.tokenIn.token as Address, tokenOut: step.tokenOut.token as Address, amountIn: BigInt(step.amountIn!.raw), fee: pool.fee, sqrtPriceLimitX96: 0n }],
        blockNumber: receipt.blockNumber - 1n,
      })
      expect(BigInt(step.received!.raw), `${step.venueId} received vs QuoterV2 on the block before`).toBe(result[0])
      expect(BigInt(step.predictedOut!.raw), `${step.venueId} executor's prediction`).toBe(result[0])
    }
  }, 180_000)
})
