// The transactions built for a plan, decoded back with viem against the contracts' ABIs: each step spends
// exactly what the steps before it guarantee (no token is spent twice or stranded), approvals are for
// exactly that, swaps are guarded at ⌊predicted · (1 − slippage)⌋ of the pool's own constant-product
// math, bridges ask for their exact output, and only the delivering steps pay `toAddress`.
import { describe, expect, it } from 'vitest'
import { decodeFunctionData, type Address } from 'viem'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import type { ConstantProductPool } from '../../../solver/market/types.ts'
import { serializePlan } from '../../../src/format/serializePlan.ts'
import { erc20Abi, spokeAbi, swapRouterAbi } from '../../../src/executor/venueAbis.ts'
import type { ExecutionTargets } from '../../../src/executor/chainEnvironment.ts'
import { buildStepTransactions } from '../../../src/transactions/buildStepTransactions.ts'
import { loadSmallMarket } from '../server/helpers.ts'

const FROM = '0x00000000000000000000000000000000000000f1' as Address
const TO = '0x00000000000000000000000000000000000000f2' as Address

describe('buildStepTransactions', () => {
  it('USDC on base → WETH on arbitrum: amounts chain from guard to guard and decode to the plan', () => {
    // Only venues the builder can call (the small market's Curve-style pool has no builder: below).
    const full = loadSmallMarket()
    const market = { ...full, venues: full.venues.filter((venue) => venue.kind === 'constantProduct' || venue.kind === 'bridge') }
    const intent = resolveIntentRequest(market, { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '250000', deadlineSeconds: 3600 })
    const result = quoteIntent(market, intent)
    if (result.status !== 'ok') throw new Error(result.reason)
    const plan = serializePlan(market, result.plan)
    const targets: ExecutionTargets = {
      chains: new Map(
        market.networks.map((network, i) => [
          network.chainId,
          { chainId: network.chainId, name: network.name, rpcUrl: 'http://127.0.0.1:1', router: `0x${'a'.repeat(39)}${i}` as Address, spoke: `0x${'b'.repeat(39)}${i}` as Address },
        ]),
      ),
      bridgeLiquidityHolders: new Map(),
    }
    const built = buildStepTransactions({ market, plan, targets, fromAddress: FROM, toAddress: TO, slippage: 0.01, nowSeconds: 1_000_000 })
    expect(built.steps).toHaveLength(plan.steps.length)

    // What each token is guaranteed to hold, replayed independently from the decoded calls.
    const held = new Map<string, bigint>([[assetKey(plan.from.chainId, plan.from.token), BigInt(plan.amountIn.raw)]])
    const spent = new Map<string, bigint>()
    let delivered = 0n
    let checkedAgainstPool = 0
    for (const tx of built.steps) {
      const step = plan.steps.find((candidate) => candidate.index === tx.stepIndex)!
      const tokenIn = assetKey(step.tokenIn.chainId, step.tokenIn.token)
      const tokenOut = assetKey(step.tokenOut.chainId, step.tokenOut.token)
      spent.set(tokenIn, (spent.get(tokenIn) ?? 0n) + tx.amountInRaw)
      const approve = decodeFunctionData({ abi: erc20Abi, data: tx.approval.transactionRequest.data })
      expect([String(approve.args![0]).toLowerCase(), approve.args![1]]).toEqual([tx.transactionRequest.to.toLowerCase(), tx.amountInRaw])
      expect(tx.approval.transactionRequest.to.toLowerCase()).toBe(step.tokenIn.token.toLowerCase())
      const chain = targets.chains.get(step.chainId)!
      if (step.action === 'bridge') {
        expect(tx.transactionRequest.to).toBe(chain.spoke)
        const { args } = decodeFunctionData({ abi: spokeAbi, data: tx.transactionRequest.data })
        expect(args![1]).toBe(tx.amountInRaw)
        expect(args![4]).toBe(tx.minAmountOutRaw)
        expect(String(args![5]).toLowerCase()).toBe(tx.delivers ? TO : FROM)
        expect(tx.minAmountOutRaw).toBe(tx.amountOutRaw)
      } else {
        expect(tx.transactionRequest.to).toBe(chain.router)
        const { args } = decodeFunctionData({ abi: swapRouterAbi, data: tx.transactionRequest.data })
        expect(args![0]).toBe(tx.amountInRaw)
        expect(String(args![3]).toLowerCase()).toBe(tx.delivers ? TO : FROM)
        // A constant-product pool swapped first in this plan: UniswapV2Library.getAmountOut (997/1000).
        const pool = market.venues.find((venue) => venue.id === step.venueId) as ConstantProductPool
        const firstUse = built.steps.find((other) => plan.steps.find((s) => s.index === other.stepIndex)!.venueId === step.venueId) === tx
        if (pool.kind === 'constantProduct' && pool.feeBps === 30 && firstUse) {
          const [reserveIn, reserveOut] = pool.token0.toLowerCase() === step.tokenIn.token.toLowerCase() ? [pool.reserve0, pool.reserve1] : [pool.reserve1, pool.reserve0]
          expect(tx.amountOutRaw).toBe((tx.amountInRaw * 997n * reserveOut) / (reserveIn * 1000n + tx.amountInRaw * 997n))
          checkedAgainstPool++
        }
        expect(args![1]).toBe((tx.amountOutRaw * 990_000n) / 1_000_000n)
      }
      held.set(tokenOut, (held.get(tokenOut) ?? 0n) + tx.minAmountOutRaw)
      if (tx.delivers) delivered += tx.minAmountOutRaw
    }
    expect(checkedAgainstPool).toBeGreaterThan(0)
    expect(plan.steps.some((step) => step.action === 'bridge')).toBe(true)
    expect(built.steps.some((tx) => tx.delivers)).toBe(true)
    // Every intermediate token is spent exactly as far as it is guaranteed: nothing over, nothing stranded.
    for (const [token, amount] of spent) expect(amount, token).toBe(held.get(token))
    expect(built.toAmountMinRaw).toBe(delivered)
    expect(built.toAmountMinRaw).toBeLessThanOrEqual(built.toAmountRaw)
  })

  it('refuses, naming the venue, a plan through a pool kind it has no contract call for', () => {
    const market = loadSmallMarket()
    const stable = market.venues.find((venue) => venue.kind === 'stableSwap')!
    const intent = resolveIntentRequest(market, { from: { chain: stable.chainId, token: 'USDC' }, to: { chain: stable.chainId, token: 'USDT' }, amount: '1000' })
    const result = quoteIntent({ ...market, venues: [stable] }, intent)
    if (result.status !== 'ok') throw new Error(result.reason)
    const plan = serializePlan(market, result.plan)
    const targets: ExecutionTargets = { chains: new Map([[stable.chainId, { chainId: stable.chainId, name: 'x', rpcUrl: 'http://127.0.0.1:1', router: FROM, spoke: FROM }]]), bridgeLiquidityHolders: new Map() }
    expect(() => buildStepTransactions({ market, plan, targets, fromAddress: FROM, slippage: 0.005, nowSeconds: 0 })).toThrow(expect.objectContaining({ code: 'UNKNOWN_VENUE', shortMessage: expect.stringContaining(stable.id) }))
  })
})
