// Assertions of the executor tests that compare an outcome with the chains, independently of the
// executor's own code: balances (conservation), Uniswap V2's formula on historical reserves, the
// bridge's fee schedule on deposit and fill events, fees recomputed from the fee schedules.
import { expect } from 'vitest'
import { assetKey } from '../../../solver/market/assetKey.ts'
import type { AssetKey, ConstantProductPool } from '../../../solver/market/types.ts'
import { accordSpokeAbi, uniswapV2PairAbi } from '../../../src/devnet/abis.ts'
import { createDevnetPublicClient } from '../../../src/devnet/defineDevnetChain.ts'
import type { ExecutionOutcome } from '../../../src/executor/outcome.ts'
import { chainOf, uniswapV2AmountOut, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'

/**
 * Conservation, per token in raw units, against balances read from the chains: for every token of
 * the market, the account's balance change equals the outcome ledger's net (received − spent); the
 * target's change is what the outcome says was delivered; the source's fall is the intent's amount
 * less what the outcome says is still held of it; any other token's change is what the outcome says
 * is held in the wallet. (Escrowed deposits are spent in the ledger and listed in fundsNow.)
 */
export function expectConservation(outcome: ExecutionOutcome, before: ReadonlyMap<AssetKey, bigint>, after: ReadonlyMap<AssetKey, bigint>): void {
  const key = (asset: { chainId: number; token: string }) => assetKey(asset.chainId, asset.token)
  const net = new Map(outcome.ledger.map((entry) => [key(entry.asset), BigInt(entry.net.raw)]))
  const wallet = new Map<AssetKey, bigint>()
  for (const funds of outcome.fundsNow)
    if (funds.location === 'wallet') wallet.set(key(funds.asset), (wallet.get(key(funds.asset)) ?? 0n) + BigInt(funds.amount.raw))
  const source = key(outcome.from)
  const target = key(outcome.to)
  for (const [asset, start] of before) {
    const change = (after.get(asset) ?? 0n) - start
    expect(change, `ledger of ${asset}`).toBe(net.get(asset) ?? 0n)
    if (asset === target) expect(change, 'delivered').toBe(BigInt(outcome.delivered.raw))
    else if (asset === source)
      // start − end = amountIn − still held (wallet); escrowed source sits in a deposit.
      expect(-change, 'source spent').toBe(BigInt(outcome.amountIn.raw) - (wallet.get(asset) ?? 0n))
    // Any other token: the execution started with none of it; what it gained is still in the wallet.
    else expect(change, `held ${asset}`).toBe(wallet.get(asset) ?? 0n)
  }
}

/**
 * Checks every executed step against the chain, independently of the executor's own math:
 * - a swap received exactly Uniswap V2's getAmountOut of the pair's reserves one block before its
 *   transaction, for the input the pair's Transfer log shows;
 * - a deposit asked for exactly input − (fixed fee + ⌊(input − fixed)·bps/10⁴⌋) (devnet fee schedule),
 *   and the fill paid exactly that to the account; a refund returned exactly the input.
 */
export async function verifyStepsOnChain(x: ExecutorDevnet, outcome: ExecutionOutcome): Promise<void> {
  const account = x.user.address.toLowerCase()
  for (const step of outcome.steps) {
    const main = step.transactions.find((tx) => tx.purpose !== 'approve' && tx.status === 'success')
    if (!main) continue
    const chain = chainOf(x.devnet, main.chainId)
    const client = createDevnetPublicClient(chain)
    const receipt = await client.getTransactionReceipt({ hash: main.hash })
    if (step.action === 'swap') {
      const pool = x.devnet.market.venues.find((venue) => venue.id === step.venueId) as ConstantProductPool
      const tokenIn = step.tokenIn.token.toLowerCase()
      const tokenOut = step.tokenOut.token.toLowerCase()
      const transfers = receipt.logs
        .filter((log) => log.topics[0] === '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef')
        .map((log) => ({ token: log.address.toLowerCase(), from: `0x${log.topics[1]!.slice(26)}`, to: `0x${log.topics[2]!.slice(26)}`, value: BigInt(log.data) }))
      const paid = transfers.find((t) => t.token === tokenIn && t.from === account && t.to === pool.address.toLowerCase())
      const got = transfers.find((t) => t.token === tokenOut && t.from === pool.address.toLowerCase() && t.to === account)
      expect(paid?.value, `input of ${step.venueId}`).toBe(BigInt(step.amountIn!.raw))
      const [reserve0, reserve1] = await client.readContract({ address: pool.address, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber: receipt.blockNumber - 1n })
      const inIsToken0 = pool.token0.toLowerCase() === tokenIn
      const expected = uniswapV2AmountOut(paid!.value, inIsToken0 ? reserve0 : reserve1, inIsToken0 ? reserve1 : reserve0)
      expect(got?.value, `output of ${step.venueId} vs Uniswap V2 math on the reserves before`).toBe(expected)
      expect(BigInt(step.received!.raw)).toBe(expected)
      expect(BigInt(step.predictedOut!.raw), `executor's prediction for ${step.venueId}`).toBe(expected)
    } else {
      const deposited = (await client.getContractEvents({ address: chain.contracts.spoke, abi: accordSpokeAbi, eventName: 'Deposited', blockHash: receipt.blockHash, strict: true })).find(
        (event) => event.transactionHash === main.hash,
      )
      expect(deposited).toBeDefined()
      const bridge = x.devnet.info.bridges.find((b) => b.id === step.venueId)!
      const fixed = BigInt(bridge.feeFixedRaw)
      const input = deposited!.args.inputAmount
      const expectedOut = input - (fixed + ((input - fixed) * BigInt(bridge.feeBps)) / 10_000n)
      expect(input).toBe(BigInt(step.amountIn!.raw))
      expect(deposited!.args.outputAmount, `deposit of ${step.venueId} asks the fee schedule's output`).toBe(expectedOut)
      if (step.status === 'filled') {
        const destination = chainOf(x.devnet, step.tokenOut.chainId)
        const fill = await createDevnetPublicClient(destination).getTransactionReceipt({ hash: step.bridge!.fillTransaction! })
        const [filled] = (await createDevnetPublicClient(destination).getContractEvents({ address: destination.contracts.spoke, abi: accordSpokeAbi, eventName: 'Filled', blockHash: fill.blockHash, strict: true })).filter(
          (event) => event.transactionHash === fill.transactionHash,
        )
        expect(filled!.args.outputAmount).toBe(expectedOut)
        expect(filled!.args.recipient.toLowerCase()).toBe(account)
        expect(BigInt(step.received!.raw)).toBe(expectedOut)
      }
      if (step.status === 'refunded') {
        const refund = await client.getTransactionReceipt({ hash: step.bridge!.refundTransaction! })
        const [refunded] = (await client.getContractEvents({ address: chain.contracts.spoke, abi: accordSpokeAbi, eventName: 'Refunded', blockHash: refund.blockHash, strict: true })).filter(
          (event) => event.transactionHash === refund.transactionHash,
        )
        expect(refunded!.args.inputAmount).toBe(input)
        expect(refunded!.args.depositor.toLowerCase()).toBe(account)
      }
    }
  }
}

/** Venue fees per token from the outcome's steps, recomputed from the fee schedules (pool 0.3 % of input, bridge fixed + bps). */
export function expectFees(x: ExecutorDevnet, outcome: ExecutionOutcome): void {
  const fees = new Map<string, bigint>()
  for (const step of outcome.steps) {
    if (step.status !== 'confirmed' && step.status !== 'filled') continue
    const input = BigInt(step.amountIn!.raw)
    let fee: bigint
    if (step.action === 'swap') fee = (input * 30n) / 10_000n
    else {
      const bridge = x.devnet.info.bridges.find((b) => b.id === step.venueId)!
      const fixed = BigInt(bridge.feeFixedRaw)
      fee = fixed + ((input - fixed) * BigInt(bridge.feeBps)) / 10_000n
    }
    const asset = assetKey(step.tokenIn.chainId, step.tokenIn.token)
    fees.set(asset, (fees.get(asset) ?? 0n) + fee)
  }
  for (const entry of outcome.ledger) expect(BigInt(entry.fees.raw), `fees in ${entry.asset.symbol} on ${entry.asset.chain}`).toBe(fees.get(assetKey(entry.asset.chainId, entry.asset.token)) ?? 0n)
}
