// Aave V3 math (solver/venues: account data, interest accrual, supply/borrow checks, max borrow)
// against the real Pool from @aave/core-v3 deployed on the devnet: every figure getUserAccountData
// returns is reproduced exactly, the largest borrow the planner allows succeeds and one unit more
// reverts with the error the planner predicts. Blocks are mined on demand at chosen timestamps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, maxUint256, type Address, type Hex } from 'viem'
import { devnetTokenAbi } from '../../../src/devnet/abis.ts'
import { createDevnetPublicClient, createDevnetWalletClient } from '../../../src/devnet/defineDevnetChain.ts'
import { devnetAccount } from '../../../src/devnet/devnetAccounts.ts'
import { aavePoolAbi, scaledBalanceTokenAbi } from '../../../src/market/chain/lendingAbis.ts'
import { startDevnet, type Devnet, type DevnetChain } from '../../../src/devnet/startDevnet.ts'
import { readLendingMarket } from '../../../src/market/readLendingMarket.ts'
import type { LendingMarket } from '../../../solver/market/types.ts'
import { getNormalizedDebt, getNormalizedIncome } from '../../../solver/venues/aaveInterest.ts'
import { calculateUserAccountData, type LendingPosition } from '../../../solver/venues/calculateUserAccountData.ts'
import { borrowFromLendingMarket, supplyToLendingMarket } from '../../../solver/venues/lendingActions.ts'
import { maxBorrowAmount } from '../../../solver/venues/maxBorrowAmount.ts'

let devnet: Devnet
let chain: DevnetChain
const user = devnetAccount('user')
const deployer = devnetAccount('deployer')
const client = () => createDevnetPublicClient(chain)

beforeAll(async () => {
  devnet = await startDevnet({ relayer: { run: 'none' }, lending: true })
  chain = devnet.chains.find((candidate) => candidate.contracts.lending) as DevnetChain
  // Blocks only when we mine them, at timestamps we choose.
  await client().request({ method: 'evm_setIntervalMining' as never, params: [0] as never })
  await client().request({ method: 'evm_setAutomine' as never, params: [false] as never })
})

afterAll(async () => {
  await devnet?.stop()
})

const lending = () => chain.contracts.lending!
const token = (symbol: string) => chain.contracts.tokens[symbol]!.toLowerCase() as Address

async function latestTimestamp(): Promise<number> {
  return Number((await client().getBlock()).timestamp)
}

/** Sends the transactions, mines one block at `timestamp`, returns their receipts' statuses. */
async function mineAt(timestamp: number, sends: { account: typeof user; to: Address; data: Hex }[]): Promise<string[]> {
  const hashes: Hex[] = []
  for (const send of sends) {
    const wallet = createDevnetWalletClient(chain, send.account)
    hashes.push(await wallet.sendTransaction({ to: send.to, data: send.data, gas: 1_000_000n }))
  }
  await client().request({ method: 'evm_setNextBlockTimestamp' as never, params: [timestamp] as never })
  await client().request({ method: 'evm_mine' as never, params: [] as never })
  const receipts = await Promise.all(hashes.map((hash) => client().getTransactionReceipt({ hash })))
  return receipts.map((receipt) => receipt.status)
}

async function readPosition(owner: Address, market: LendingMarket, blockNumber: bigint): Promise<LendingPosition> {
  return Promise.all(
    market.reserves.map(async (reserve) => ({
      token: reserve.token,
      scaledSupplyRaw: await client().readContract({ address: reserve.aToken, abi: scaledBalanceTokenAbi, functionName: 'scaledBalanceOf', args: [owner], blockNumber }),
      scaledVariableDebtRaw: await client().readContract({
        address: reserve.variableDebtToken,
        abi: scaledBalanceTokenAbi,
        functionName: 'scaledBalanceOf',
        args: [owner],
        blockNumber,
      }),
      collateralEnabled: true,
    })),
  )
}

const readMarket = (blockNumber: bigint) =>
  readLendingMarket({ client: client(), id: 'm', chainId: chain.chainId, pool: lending().pool, oracle: lending().oracle, supplyGasUnits: 0, borrowGasUnits: 0, blockNumber })

async function accountData(owner: Address, blockNumber: bigint) {
  const [totalCollateralBase, totalDebtBase, availableBorrowsBase, liquidationThresholdBps, ltvBps, healthFactorWad] = await client().readContract({
    address: lending().pool,
    abi: aavePoolAbi,
    functionName: 'getUserAccountData',
    args: [owner],
    blockNumber,
  })
  return { totalCollateralBase, totalDebtBase, availableBorrowsBase, ltvBps, liquidationThresholdBps, healthFactorWad }
}

describe('Aave V3 lending math against the deployed Pool', () => {
  it('reproduces getUserAccountData exactly, now and after 30 days of accrual', async () => {
    const pool = lending().pool
    const usdc = token('USDC')
    const weth = token('WETH')
    let t = (await latestTimestamp()) + 10
    // The deployer borrows WETH so that rates and indexes move; the user supplies USDC.
    expect(
      await mineAt(t, [
        { account: deployer, to: pool, data: encodeFunctionData({ abi: aavePoolAbi, functionName: 'borrow', args: [weth, 150n * 10n ** 18n, 2n, 0, deployer.address] }) },
        { account: user, to: usdc, data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'approve', args: [pool, maxUint256] }) },
        { account: user, to: weth, data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'approve', args: [pool, maxUint256] }) },
        { account: user, to: pool, data: encodeFunctionData({ abi: aavePoolAbi, functionName: 'supply', args: [usdc, 90_000_000_000n, user.address, 0] }) },
        { account: user, to: pool, data: encodeFunctionData({ abi: aavePoolAbi, functionName: 'supply', args: [weth, 3n * 10n ** 18n, user.address, 0] }) },
      ]),
    ).toEqual(['success', 'success', 'success', 'success', 'success'])
    t += 12
    expect(await mineAt(t, [{ account: user, to: pool, data: encodeFunctionData({ abi: aavePoolAbi, functionName: 'borrow', args: [weth, 10n ** 19n, 2n, 0, user.address] }) }])).toEqual([
      'success',
    ])
    const block = await client().getBlockNumber()
    const market = await readMarket(block)
    const wethReserve = market.reserves.find((reserve) => reserve.token === weth)!
    expect(wethReserve.variableBorrowRateRay).toBeGreaterThan(0n)
    for (const owner of [user.address, deployer.address]) {
      const position = await readPosition(owner, market, block)
      expect(calculateUserAccountData(market, position, t)).toEqual(await accountData(owner, block))
    }

    // 30 days later, with no transaction in between: accrual from the stored indexes and rates.
    const later = t + 30 * 86_400
    await mineAt(later, [])
    const laterBlock = await client().getBlockNumber()
    expect(getNormalizedIncome(wethReserve, later)).toBe(
      await client().readContract({ address: pool, abi: aavePoolAbi, functionName: 'getReserveNormalizedIncome', args: [weth], blockNumber: laterBlock }),
    )
    expect(getNormalizedDebt(wethReserve, later)).toBe(
      await client().readContract({ address: pool, abi: aavePoolAbi, functionName: 'getReserveNormalizedVariableDebt', args: [weth], blockNumber: laterBlock }),
    )
    const position = await readPosition(user.address, market, block)
    const predicted = calculateUserAccountData(market, position, later)
    expect(predicted).toEqual(await accountData(user.address, laterBlock))
    expect(predicted.healthFactorWad).toBeLessThan(calculateUserAccountData(market, position, t).healthFactorWad)
  })

  it('the largest borrow allowed by LTV succeeds, one unit more reverts with COLLATERAL_CANNOT_COVER_NEW_BORROW', async () => {
    const pool = lending().pool
    const weth = token('WETH')
    const block = await client().getBlockNumber()
    const market = await readMarket(block)
    const position = await readPosition(user.address, market, block)
    const t = (await latestTimestamp()) + 5
    const limit = maxBorrowAmount(market, position, weth, t, 0n)
    expect(limit.bindingConstraint).toBe('COLLATERAL_CANNOT_COVER_NEW_BORROW')
    const over = borrowFromLendingMarket(market, position, weth, limit.amountRaw + 1n, t)
    expect(over.ok).toBe(false)

    const borrow = (amount: bigint) => ({
      account: user,
      to: pool,
      data: encodeFunctionData({ abi: aavePoolAbi, functionName: 'borrow', args: [weth, amount, 2n, 0, user.address] }),
    })
    const snapshot = await client().request({ method: 'evm_snapshot' as never, params: [] as never })
    expect(await mineAt(t, [borrow(limit.amountRaw + 1n)])).toEqual(['reverted'])
    // Aave's Errors.COLLATERAL_CANNOT_COVER_NEW_BORROW = '36'.
    await expect(
      client().simulateContract({ account: user, address: pool, abi: aavePoolAbi, functionName: 'borrow', args: [weth, limit.amountRaw + 1n, 2n, 0, user.address] }),
    ).rejects.toThrow(/36/)
    await client().request({ method: 'evm_revert' as never, params: [snapshot] as never })

    expect(await mineAt(t, [borrow(limit.amountRaw)])).toEqual(['success'])
    const after = borrowFromLendingMarket(market, position, weth, limit.amountRaw, t)
    if (!after.ok) throw new Error(after.message)
    const afterBlock = await client().getBlockNumber()
    expect(calculateUserAccountData(after.market, after.position, t)).toEqual(await accountData(user.address, afterBlock))
  })

  it('a health-factor floor binds before LTV, and the read-back health factor matches', async () => {
    const pool = lending().pool
    const usdc = token('USDC')
    const weth = token('WETH')
    const borrower = devnetAccount(8)
    const t0 = (await latestTimestamp()) + 5
    // A fresh borrower: funded by the deployer (the tokens' minter), supplies USDC only.
    expect(
      await mineAt(t0, [
        { account: deployer, to: usdc, data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'mint', args: [borrower.address, 50_000_000_000n] }) },
        { account: borrower, to: usdc, data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'approve', args: [pool, maxUint256] }) },
      ]),
    ).toEqual(['success', 'success'])
    let block = await client().getBlockNumber()
    let market = await readMarket(block)
    const empty: LendingPosition = []
    const supplied = supplyToLendingMarket(market, empty, usdc, 50_000_000_000n, t0 + 3)
    if (!supplied.ok) throw new Error(supplied.message)
    expect(
      await mineAt(t0 + 3, [
        { account: borrower, to: pool, data: encodeFunctionData({ abi: aavePoolAbi, functionName: 'supply', args: [usdc, 50_000_000_000n, borrower.address, 0] }) },
      ]),
    ).toEqual(['success'])
    block = await client().getBlockNumber()
    expect(calculateUserAccountData(supplied.market, supplied.position, t0 + 3)).toEqual(await accountData(borrower.address, block))

    const floor = 1_500_000_000_000_000_000n
    const limit = maxBorrowAmount(supplied.market, supplied.position, weth, t0 + 6, floor)
    expect(limit.bindingConstraint).toBe('HEALTH_FACTOR_FLOOR')
    const justOver = borrowFromLendingMarket(supplied.market, supplied.position, weth, limit.amountRaw + 1n, t0 + 6)
    expect(justOver.ok && calculateUserAccountData(justOver.market, justOver.position, t0 + 6).healthFactorWad < floor).toBe(true)
    expect(
      await mineAt(t0 + 6, [
        { account: borrower, to: pool, data: encodeFunctionData({ abi: aavePoolAbi, functionName: 'borrow', args: [weth, limit.amountRaw, 2n, 0, borrower.address] }) },
      ]),
    ).toEqual(['success'])
    block = await client().getBlockNumber()
    const onChain = await accountData(borrower.address, block)
    expect(onChain.healthFactorWad).toBeGreaterThanOrEqual(floor)
    const planned = borrowFromLendingMarket(supplied.market, supplied.position, weth, limit.amountRaw, t0 + 6)
    if (!planned.ok) throw new Error(planned.message)
    expect(calculateUserAccountData(planned.market, planned.position, t0 + 6).healthFactorWad).toBe(onChain.healthFactorWad)
    market = await readMarket(block)
    expect(market.reserves.find((reserve) => reserve.token === weth)!.availableLiquidityRaw).toBe(
      supplied.market.reserves.find((reserve) => reserve.token === weth)!.availableLiquidityRaw - limit.amountRaw,
    )
  })
})
