// 1,000+ seeded random swaps (exact input and exact output) through the official Uniswap V3 SwapRouter on anvil,
// crossing many initialized ticks: Accord's simulation of each swap, run on its own copy of the pool state, must
// equal the pool's Swap event to the wei (amounts, √price, tick, liquidity), and QuoterV2 must agree with
// Accord's quotes on the final state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, parseEventLogs, type Hex } from 'viem'
import type { ConcentratedLiquidityPool } from '../../../solver/market/types.ts'
import { createRandom } from '../../../solver/random.ts'
import { quoteConcentratedExactInput, quoteConcentratedExactOutput } from '../../../solver/venues/concentratedLiquidity.ts'
import { simulateSwap } from '../../../solver/venues/uniswapV3/simulateSwap.ts'
import { getSqrtRatioAtTick } from '../../../solver/venues/uniswapV3/tickMath.ts'
import { devnetAccount } from '../../../src/devnet/devnetAccounts.ts'
import { UNISWAP_V3_NO_DEADLINE } from '../../../src/devnet/deployUniswapV3.ts'
import { uniswapV3PoolAbi, uniswapV3QuoterV2Abi, uniswapV3SwapRouterAbi } from '../../../src/market/chain/uniswapV3Abis.ts'
import { readUniswapV3PoolState } from '../../../src/market/chain/readUniswapV3Pool.ts'
import { DEFAULT_GAS_UNITS } from '../../../src/market/chain/defaultGasUnits.ts'
import { uniswapV3SwapCall } from '../../../src/executor/uniswapV3SwapCall.ts'
import { createDevnetWalletClient } from '../../../src/devnet/defineDevnetChain.ts'
import { devnetTokenAbi } from '../../../src/devnet/abis.ts'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { startUniswapV3Devnet, WORDS_EACH_SIDE, type UniswapV3Devnet } from './uniswapV3Fixture.ts'

const SWAPS = 1_000

interface PlannedSwap {
  readonly poolIndex: number
  readonly zeroForOne: boolean
  readonly exactInput: boolean
  readonly amount: bigint
  readonly expected: ReturnType<typeof simulateSwap>
}

let devnet: UniswapV3Devnet

beforeAll(async () => {
  devnet = await startUniswapV3Devnet()
})

afterAll(async () => {
  await devnet?.node.stop()
})

/** Plans seeded swaps on Accord's copy of the pools, advancing the copy with each expected result. */
function planSwaps(pools: ConcentratedLiquidityPool[], startTicks: readonly number[], count: number, seed: number): PlannedSwap[] {
  const random = createRandom(seed)
  const planned: PlannedSwap[] = []
  while (planned.length < count) {
    const poolIndex = Math.floor(random() * pools.length)
    const pool = pools[poolIndex] as ConcentratedLiquidityPool
    // Mean-reverting walk: pushed back toward the start when the price wanders more than 2,500 ticks away.
    const drift = pool.tick - (startTicks[poolIndex] as number)
    const zeroForOne = random() < (drift > 2_500 ? 0.85 : drift < -2_500 ? 0.15 : 0.5)
    const exactInput = random() < 0.7
    // Size: what moves the price by 1…4,000 ticks (log-uniform), times 0.3…1.
    const distance = Math.exp(random() * Math.log(4_000))
    const limitTick = Math.round(pool.tick + (zeroForOne ? -distance : distance))
    const limit = getSqrtRatioAtTick(limitTick)
    if (zeroForOne ? limit >= pool.sqrtPriceX96 : limit <= pool.sqrtPriceX96) continue
    const reach = simulateSwap(pool, { zeroForOne, amountSpecified: 1n << 200n, sqrtPriceLimitX96: limit })
    const [reachIn, reachOut] = zeroForOne ? [reach.amount0, -reach.amount1] : [reach.amount1, -reach.amount0]
    const scale = BigInt(Math.floor((0.3 + 0.7 * random()) * 1e6))
    const amount = ((exactInput ? reachIn : reachOut) * scale) / 1_000_000n
    if (amount <= 0n) continue
    const expected = simulateSwap(pool, { zeroForOne, amountSpecified: exactInput ? amount : -amount })
    if (!expected.withinKnownTicks) continue
    planned.push({ poolIndex, zeroForOne, exactInput, amount, expected })
    pools[poolIndex] = { ...pool, sqrtPriceX96: expected.sqrtPriceX96, tick: expected.tick, liquidity: expected.liquidity }
  }
  return planned
}

describe('Uniswap V3 on the devnet', () => {
  it(`quotes ${SWAPS} random swaps to the wei, crossing many initialized ticks`, { timeout: 180_000 }, async () => {
    const { client, deployment, pools: initial, startTicks } = devnet
    const deployer = devnetAccount('deployer').address
    const pools = [...initial]
    const planned = planSwaps(pools, startTicks, SWAPS, 1717)

    // Sent from anvil's unlocked deployer account in JSON-RPC batches of 100 with explicit nonces: anvil queues a
    // transaction until its predecessors arrive, so automine executes them in nonce order, one block each.
    const firstNonce = await client.getTransactionCount({ address: deployer })
    const requests = planned.map((swap, i) => {
      const pool = initial[swap.poolIndex] as ConcentratedLiquidityPool
      const [tokenIn, tokenOut] = swap.zeroForOne ? [pool.token0, pool.token1] : [pool.token1, pool.token0]
      const common = { tokenIn, tokenOut, fee: pool.fee, recipient: deployer, deadline: UNISWAP_V3_NO_DEADLINE, sqrtPriceLimitX96: 0n }
      const data = swap.exactInput
        ? encodeFunctionData({ abi: uniswapV3SwapRouterAbi, functionName: 'exactInputSingle', args: [{ ...common, amountIn: swap.amount, amountOutMinimum: 0n }] })
        : encodeFunctionData({ abi: uniswapV3SwapRouterAbi, functionName: 'exactOutputSingle', args: [{ ...common, amountOut: swap.amount, amountInMaximum: 1n << 255n }] })
      return { from: deployer, to: deployment.swapRouter, data, gas: '0x2dc6c0', nonce: `0x${(firstNonce + i).toString(16)}` }
    })
    const hashes: Hex[] = []
    for (let start = 0; start < requests.length; start += 100)
      hashes.push(...(await Promise.all(requests.slice(start, start + 100).map((request) => client.request({ method: 'eth_sendTransaction', params: [request] } as never) as Promise<Hex>))))
    await client.waitForTransactionReceipt({ hash: hashes[hashes.length - 1] as Hex, pollingInterval: 50 })
    const receipts = await Promise.all(hashes.map((hash) => client.getTransactionReceipt({ hash })))
    let mismatches = 0
    let ticksCrossed = 0
    const gasSamples: { ticks: number; gas: number }[] = []
    receipts.forEach((receipt, i) => {
      const swap = planned[i] as PlannedSwap
      const [event] = parseEventLogs({ abi: uniswapV3PoolAbi, eventName: 'Swap', logs: receipt.logs })
      const { expected } = swap
      const same =
        receipt.status === 'success' &&
        event !== undefined &&
        event.address.toLowerCase() === (initial[swap.poolIndex] as ConcentratedLiquidityPool).address &&
        event.args.amount0 === expected.amount0 &&
        event.args.amount1 === expected.amount1 &&
        event.args.sqrtPriceX96 === expected.sqrtPriceX96 &&
        event.args.liquidity === expected.liquidity &&
        event.args.tick === expected.tick
      if (!same) mismatches++
      ticksCrossed += expected.initializedTicksCrossed
      if (swap.exactInput) gasSamples.push({ ticks: expected.initializedTicksCrossed, gas: Number(receipt.gasUsed) })
    })
    expect(mismatches).toBe(0)
    expect(planned.filter((swap) => !swap.exactInput).length).toBeGreaterThan(SWAPS / 5)
    expect(ticksCrossed).toBeGreaterThan(SWAPS)
    expect(planned.filter((swap) => swap.expected.initializedTicksCrossed >= 3).length).toBeGreaterThan(SWAPS / 10)

    // The final state read from the chain is the one Accord's copy reached.
    for (const [i, pool] of pools.entries()) {
      const onChain = await readUniswapV3PoolState(client, pool, { wordsEachSide: WORDS_EACH_SIDE })
      expect([onChain.sqrtPriceX96, onChain.tick, onChain.liquidity]).toEqual([pool.sqrtPriceX96, pool.tick, pool.liquidity])
      expect(onChain.ticks).toEqual((initial[i] as ConcentratedLiquidityPool).ticks)
    }

    // Gas per initialized tick crossed: least-squares slope of gasUsed on ticks crossed (exact-input swaps).
    const n = gasSamples.length
    const meanTicks = gasSamples.reduce((sum, s) => sum + s.ticks, 0) / n
    const meanGas = gasSamples.reduce((sum, s) => sum + s.gas, 0) / n
    const slope =
      gasSamples.reduce((sum, s) => sum + (s.ticks - meanTicks) * (s.gas - meanGas), 0) / gasSamples.reduce((sum, s) => sum + (s.ticks - meanTicks) ** 2, 0)
    const base = meanGas - slope * meanTicks
    console.info(`V3 devnet: ${n} exact-input swaps, gas = ${Math.round(base)} + ${Math.round(slope)} per initialized tick crossed`)
    expect(Math.abs(slope / DEFAULT_GAS_UNITS.uniswapV3PerTickCrossed - 1)).toBeLessThan(0.15)
    expect(Math.abs(base / DEFAULT_GAS_UNITS.uniswapV3Swap - 1)).toBeLessThan(0.15)
  })

  it('QuoterV2 agrees with Accord on exact-input and exact-output quotes', async () => {
    const { client, deployment, pools } = devnet
    const random = createRandom(99)
    let compared = 0
    for (const [i, initialPool] of pools.entries()) {
      const pool = { ...initialPool, ...(await readUniswapV3PoolState(client, initialPool, { wordsEachSide: WORDS_EACH_SIDE })) }
      for (let k = 0; k < 10; k++) {
        const zeroForOne = random() < 0.5
        const [tokenIn, tokenOut] = zeroForOne ? [pool.token0, pool.token1] : [pool.token1, pool.token0]
        // What moves the price by 1…3,000 ticks (log-uniform): small trades and ones that cross many ticks.
        const limit = getSqrtRatioAtTick(Math.round(pool.tick + (zeroForOne ? -1 : 1) * Math.exp(random() * Math.log(3_000))))
        const reach = simulateSwap(pool, { zeroForOne, amountSpecified: 1n << 200n, sqrtPriceLimitX96: limit })
        const amount = zeroForOne ? reach.amount0 : reach.amount1
        const exactIn = quoteConcentratedExactInput(pool, zeroForOne, amount)
        expect(exactIn.filled).toBe(true)
        const { result: quotedIn } = await client.simulateContract({
          address: deployment.quoterV2,
          abi: uniswapV3QuoterV2Abi,
          functionName: 'quoteExactInputSingle',
          args: [{ tokenIn, tokenOut, amountIn: amount, fee: pool.fee, sqrtPriceLimitX96: 0n }],
        })
        expect([quotedIn[0], quotedIn[1]], `pool ${i} exact in ${amount}`).toEqual([exactIn.amountOutRaw, exactIn.swap.sqrtPriceX96])
        const exactOut = quoteConcentratedExactOutput(pool, zeroForOne, exactIn.amountOutRaw)
        const { result: quotedOut } = await client.simulateContract({
          address: deployment.quoterV2,
          abi: uniswapV3QuoterV2Abi,
          functionName: 'quoteExactOutputSingle',
          args: [{ tokenIn, tokenOut, amount: exactIn.amountOutRaw, fee: pool.fee, sqrtPriceLimitX96: 0n }],
        })
        expect([quotedOut[0], quotedOut[1]], `pool ${i} exact out ${exactIn.amountOutRaw}`).toEqual([exactOut.amountInRaw, exactOut.swap.sqrtPriceX96])
        compared++
      }
    }
    expect(compared).toBe(40)
  })

  it("the executor's V3 route (uniswapV3SwapCall) receives exactly the quoted amount, and its minimum guards it", async () => {
    const { client, chain, deployment, pools } = devnet
    const account = devnetAccount('deployer')
    const wallet = createDevnetWalletClient(chain, account)
    const state = { ...(pools[1] as ConcentratedLiquidityPool), ...(await readUniswapV3PoolState(client, pools[1] as ConcentratedLiquidityPool, { wordsEachSide: WORDS_EACH_SIDE })) }
    const amountInRaw = ((state.liquidity * state.sqrtPriceX96) >> 96n) / 50n // 2 % of the token1 virtual reserve
    const quote = quoteConcentratedExactInput(state, false, amountInRaw)
    expect(quote.filled && quote.swap.initializedTicksCrossed > 0).toBe(true)
    const step = { venueId: state.id, chainId: chain.chainId, tokenIn: assetKey(chain.chainId, state.token1), tokenOut: assetKey(chain.chainId, state.token0) }
    const route = { swapRouter: deployment.swapRouter, poolFees: new Map([[state.id, state.fee]]) }
    const deadline = Number((await client.getBlock()).timestamp) + 600
    const call = (minAmountOutRaw: bigint) => uniswapV3SwapCall({ route, step, amountInRaw, minAmountOutRaw, recipient: account.address, deadline })
    await expect(client.simulateContract({ ...call(quote.amountOutRaw + 1n), account })).rejects.toThrow(/Too little received/)
    const before = await client.readContract({ address: state.token0, abi: devnetTokenAbi, functionName: 'balanceOf', args: [account.address] })
    const hash = await wallet.writeContract({ ...call(quote.amountOutRaw), gas: 3_000_000n })
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')
    const after = await client.readContract({ address: state.token0, abi: devnetTokenAbi, functionName: 'balanceOf', args: [account.address] })
    expect(after - before).toBe(quote.amountOutRaw)
    expect(() => uniswapV3SwapCall({ route, step: { ...step, venueId: 'unknown' }, amountInRaw, minAmountOutRaw: 0n, recipient: account.address, deadline })).toThrow(/No Uniswap V3 route/)
  })
})
