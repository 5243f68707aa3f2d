// Assertions of the executor tests that compare an outcome with the chains, independently of the
// executor's own code: balances (conservation, of the account and of every holder of every token),
// Uniswap V2's formula on historical reserves, the bridge's fee schedule on deposit and fill events,
// fees recomputed from the fee schedules.
import { expect } from 'vitest'
import { zeroAddress, type Address } from 'viem'
import { assetKey } from '../../../solver/market/assetKey.ts'
import type { AssetKey, ConstantProductPool } from '../../../solver/market/types.ts'
import { accordSpokeAbi, DEPOSIT_STATUS, devnetTokenAbi, uniswapV2PairAbi } from '../../../src/devnet/abis.ts'
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

/**
 * Conservation of every market token across every account that ever held it, between the blocks
 * `since` (per chain, taken before the execution) and the chains' heads now, from the chains alone:
 * - the holders are every address a `Transfer` log of the token ever named; their balances add up to
 *   the total supply at both blocks (so no holder is missed) and the supply did not change;
 * - the account's change is the outcome ledger's net;
 * - each pool's change is what the outcome's confirmed swaps through it paid in and took out
 *   (unless `otherMovers` also traded, then the pools are only counted in the sum);
 * - each spoke holds exactly the inputs of its deposits still open; the relayer gained the inputs of
 *   the deposits it was repaid and paid out the outputs of its fills; every deposit on chain is the
 *   account's and one of the outcome's steps (nothing bridged outside the intent), and every fill is
 *   of a deposit that exists, asks for that output, and was not refunded (the relayer never loses);
 * - every other holder is unchanged (nothing left or reached anyone outside the execution);
 * - `outsideTransfers`: transfers the test itself made between the account and someone else (a
 *   balance change between runs), counted on both sides.
 */
export async function expectConservationAcrossAccounts(
  x: ExecutorDevnet,
  since: ReadonlyMap<number, bigint>,
  outcome: ExecutionOutcome,
  options: { readonly otherMovers?: readonly Address[]; readonly outsideTransfers?: ReadonlyArray<{ readonly chainId: number; readonly token: Address; readonly from: Address; readonly to: Address; readonly amount: bigint }> } = {},
): Promise<void> {
  const lower = (address: string) => address.toLowerCase()
  const user = lower(x.user.address)
  const relayer = lower(x.devnet.accounts.relayer.address)
  const movers = new Set((options.otherMovers ?? []).map(lower))
  const pools = new Map(x.devnet.market.venues.flatMap((venue) => (venue.kind === 'bridge' ? [] : [[venue.id, lower(venue.address)] as const])))
  const poolAddresses = new Set(pools.values())
  const spokes = new Map(x.devnet.chains.map((chain) => [chain.chainId, lower(chain.contracts.spoke)]))
  const heads = new Map(await Promise.all(x.devnet.chains.map(async (chain) => [chain.chainId, await createDevnetPublicClient(chain).getBlockNumber({ cacheTime: 0 })] as const)))
  const holding = (chainId: number, token: string, holder: string) => `${chainId}|${lower(token)}|${holder}`
  const expected = new Map<string, bigint>()
  const add = (chainId: number, token: string, holder: string, delta: bigint) => expected.set(holding(chainId, token, holder), (expected.get(holding(chainId, token, holder)) ?? 0n) + delta)

  // The pools, from the outcome's confirmed swaps.
  for (const step of outcome.steps)
    if (step.action === 'swap' && step.status === 'confirmed') {
      const pool = pools.get(step.venueId)!
      add(step.tokenIn.chainId, step.tokenIn.token, pool, BigInt(step.amountIn!.raw))
      add(step.tokenOut.chainId, step.tokenOut.token, pool, -BigInt(step.received!.raw))
    }
  // The spokes and the relayer, from the deposits and fills on chain.
  const outcomeDeposits = new Set(outcome.steps.flatMap((step) => (step.bridge?.depositId === undefined ? [] : [`${step.tokenIn.chainId}:${step.bridge.depositId}`])))
  for (const chain of x.devnet.chains) {
    const client = createDevnetPublicClient(chain)
    const range = { fromBlock: since.get(chain.chainId)! + 1n, toBlock: heads.get(chain.chainId)! }
    if (range.fromBlock > range.toBlock) continue // no block since: nothing deposited or filled
    for (const deposited of await client.getContractEvents({ address: chain.contracts.spoke, abi: accordSpokeAbi, eventName: 'Deposited', ...range, strict: true })) {
      const { depositId, depositor, inputToken, inputAmount } = deposited.args
      expect(lower(depositor), `depositor of deposit ${depositId} on ${chain.name}`).toBe(user)
      expect(outcomeDeposits.has(`${chain.chainId}:${depositId}`), `deposit ${depositId} on ${chain.name} is one of the outcome's steps`).toBe(true)
      const { status } = await client.readContract({ address: chain.contracts.spoke, abi: accordSpokeAbi, functionName: 'getDeposit', args: [depositId], blockNumber: range.toBlock })
      if (status === DEPOSIT_STATUS.open) add(chain.chainId, inputToken, spokes.get(chain.chainId)!, inputAmount)
      if (status === DEPOSIT_STATUS.repaid) add(chain.chainId, inputToken, relayer, inputAmount)
    }
    for (const filled of await client.getContractEvents({ address: chain.contracts.spoke, abi: accordSpokeAbi, eventName: 'Filled', ...range, strict: true })) {
      const { originChainId, depositId, relayer: filler, outputToken, outputAmount } = filled.args
      expect(lower(filler)).toBe(relayer)
      add(chain.chainId, outputToken, relayer, -outputAmount)
      const origin = chainOf(x.devnet, Number(originChainId))
      const deposit = await createDevnetPublicClient(origin).readContract({ address: origin.contracts.spoke, abi: accordSpokeAbi, functionName: 'getDeposit', args: [depositId], blockNumber: heads.get(origin.chainId)! })
      expect(deposit.status, `the deposit ${depositId} the relayer filled is on ${origin.name} and not refunded`).not.toBe(DEPOSIT_STATUS.none)
      expect(deposit.status).not.toBe(DEPOSIT_STATUS.refunded)
      expect(deposit.outputAmount, `fill of deposit ${depositId} pays what it asked`).toBe(outputAmount)
    }
  }

  const net = new Map(outcome.ledger.map((entry) => [assetKey(entry.asset.chainId, entry.asset.token), BigInt(entry.net.raw)]))
  for (const transfer of options.outsideTransfers ?? []) {
    const asset = assetKey(transfer.chainId, transfer.token)
    const sign = lower(transfer.from) === user ? -1n : lower(transfer.to) === user ? 1n : 0n
    net.set(asset, (net.get(asset) ?? 0n) + sign * transfer.amount)
    if (lower(transfer.from) !== user) add(transfer.chainId, transfer.token, lower(transfer.from), -transfer.amount)
    if (lower(transfer.to) !== user) add(transfer.chainId, transfer.token, lower(transfer.to), transfer.amount)
  }
  for (const token of x.devnet.market.tokens) {
    const chain = chainOf(x.devnet, token.chainId)
    const client = createDevnetPublicClient(chain)
    const before = since.get(chain.chainId)!
    const after = heads.get(chain.chainId)!
    const transfers = await client.getContractEvents({ address: token.address, abi: devnetTokenAbi, eventName: 'Transfer', fromBlock: 0n, toBlock: after, strict: true })
    const holders = [...new Set(transfers.flatMap((log) => [lower(log.args.from), lower(log.args.to)]))].filter((holder) => holder !== zeroAddress)
    const balanceAt = (holder: string, blockNumber: bigint) => client.readContract({ address: token.address, abi: devnetTokenAbi, functionName: 'balanceOf', args: [holder as Address], blockNumber })
    const supplyBefore = await client.readContract({ address: token.address, abi: devnetTokenAbi, functionName: 'totalSupply', blockNumber: before })
    const supplyAfter = await client.readContract({ address: token.address, abi: devnetTokenAbi, functionName: 'totalSupply', blockNumber: after })
    const label = `${token.symbol} on ${chain.name}`
    expect(supplyAfter, `supply of ${label}`).toBe(supplyBefore)
    let sumBefore = 0n
    let sumAfter = 0n
    for (const holder of holders) {
      const [start, end] = await Promise.all([balanceAt(holder, before), balanceAt(holder, after)])
      sumBefore += start
      sumAfter += end
      const change = end - start
      if (holder === user) expect(change, `account's ${label} vs the ledger`).toBe(net.get(assetKey(token.chainId, token.address)) ?? 0n)
      else if (movers.has(holder) || (movers.size > 0 && poolAddresses.has(holder))) continue
      else expect(change, `${label} of ${holder}${holder === relayer ? ' (relayer)' : poolAddresses.has(holder) ? ' (pool)' : holder === spokes.get(chain.chainId) ? ' (spoke)' : ''}`).toBe(expected.get(holding(token.chainId, token.address, holder)) ?? 0n)
    }
    expect(sumBefore, `every holder of ${label} before`).toBe(supplyBefore)
    expect(sumAfter, `every holder of ${label} after`).toBe(supplyAfter)
  }
}
