// Reads a Curve StableSwap pool's state from a node with viem, pinned to one block: its coins, balances,
// amplification, fee and (stableswap-ng) stored rates, in two rounds of reads (which Multicall3 aggregates).
// View functions: src/market/chain/curveStableSwapAbis.ts (CurveStableSwapNG.vy, StableSwap3Pool.vy).
import type { Address, PublicClient } from 'viem'
import { BaseError } from '../../../solver/errors.ts'
import type { StableSwapPool } from '../../../solver/market/types.ts'
import { curveStableSwapAbi } from './curveStableSwapAbis.ts'

/** stableswap-ng MAX_COINS (and the market schema's limit). */
const MAX_COINS = 8
/** A_PRECISION of the pools that have `A_precise()` (CurveStableSwapNG.vy, SwapTemplateBase.vy): A_precise = 100·A. */
const A_PRECISION = 100n

export type CurveStableSwapPoolState = Pick<StableSwapPool, 'tokens' | 'balances' | 'amplification' | 'fee' | 'rates'>

export interface ReadCurveStableSwapPoolParameters {
  /** Default latest. */
  readonly blockNumber?: bigint
}

/**
 * Coins (by `N_COINS()` where the pool has it, else every `coins(i)` that answers), `balances(i)`, `A()`, `fee()`
 * (denominator 1e10) and `stored_rates()` (absent on pools without it: the model then uses 10^(36 − decimals)).
 * Throws BaseError INVALID_ARGUMENT when the address does not answer as a StableSwap pool, or when its amplification
 * is between integers (`A_precise()` not a multiple of A_PRECISION while A ramps): the model takes the integer `A()`
 * and would not match the pool's own math then.
 */
export async function readCurveStableSwapPool(client: PublicClient, address: Address, parameters: ReadCurveStableSwapPoolParameters = {}): Promise<CurveStableSwapPoolState> {
  const at = parameters.blockNumber === undefined ? {} : { blockNumber: parameters.blockNumber }
  const [nCoins, a, aPrecise, fee, storedRates, ...coins] = await Promise.allSettled([
    client.readContract({ address, abi: curveStableSwapAbi, functionName: 'N_COINS', ...at }),
    client.readContract({ address, abi: curveStableSwapAbi, functionName: 'A', ...at }),
    client.readContract({ address, abi: curveStableSwapAbi, functionName: 'A_precise', ...at }),
    client.readContract({ address, abi: curveStableSwapAbi, functionName: 'fee', ...at }),
    client.readContract({ address, abi: curveStableSwapAbi, functionName: 'stored_rates', ...at }),
    ...Array.from({ length: MAX_COINS }, (_, i) => client.readContract({ address, abi: curveStableSwapAbi, functionName: 'coins', args: [BigInt(i)], ...at })),
  ])
  const answered = coins.findIndex((coin) => coin.status === 'rejected')
  const count = nCoins.status === 'fulfilled' ? Number(nCoins.value) : answered === -1 ? MAX_COINS : answered
  const tokens = coins.slice(0, count).flatMap((coin) => (coin.status === 'fulfilled' ? [coin.value.toLowerCase() as Address] : []))
  if (a.status === 'rejected' || fee.status === 'rejected' || count < 2 || count > MAX_COINS || tokens.length !== count) {
    const failed = [a, fee, ...coins.slice(0, Math.max(2, Math.min(count, MAX_COINS)))].find((read) => read.status === 'rejected')
    const why = failed?.status === 'rejected' ? ((failed.reason as { shortMessage?: string }).shortMessage ?? String(failed.reason)) : `${count} coins`
    throw new BaseError('INVALID_ARGUMENT', `${address} does not answer as a Curve StableSwap pool: ${why.split('\n')[0]}`)
  }
  if (aPrecise.status === 'fulfilled' && aPrecise.value !== a.value * A_PRECISION)
    throw new BaseError('INVALID_ARGUMENT', `Curve pool ${address} is ramping its amplification (A_precise = ${aPrecise.value}, A = ${a.value}); the model needs an integer A.`)
  const balances = await Promise.all(
    tokens.map((_, i) => client.readContract({ address, abi: curveStableSwapAbi, functionName: 'balances', args: [BigInt(i)], ...at })),
  )
  const rates = storedRates.status === 'fulfilled' && storedRates.value.length === count ? [...storedRates.value] : undefined
  return { tokens, balances, amplification: a.value, fee: fee.value, ...(rates === undefined ? {} : { rates }) }
}
