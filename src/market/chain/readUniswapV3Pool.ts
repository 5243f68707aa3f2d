// Reads a Uniswap V3 pool's state from a node with viem: slot0, in-range liquidity and the initialized ticks of the
// tick-bitmap words around the current price, all pinned to one block.
// Source of the storage layout: Uniswap/v3-core contracts/UniswapV3Pool.sol (slot0, liquidity, ticks, tickBitmap)
// and contracts/libraries/TickBitmap.sol (word = compressed tick >> 8, bit = compressed tick mod 256).
import type { Address, PublicClient } from 'viem'
import type { ConcentratedLiquidityPool, InitializedTick } from '../../../solver/market/types.ts'
import { MAX_TICK, MIN_TICK } from '../../../solver/venues/uniswapV3/tickMath.ts'
import { uniswapV3PoolAbi } from './uniswapV3Abis.ts'

export interface UniswapV3PoolImmutables {
  readonly address: Address
  readonly token0: Address
  readonly token1: Address
  readonly fee: number
  readonly tickSpacing: number
}

export type UniswapV3PoolState = Pick<ConcentratedLiquidityPool, 'sqrtPriceX96' | 'tick' | 'liquidity' | 'ticks' | 'tickRange'>

/** token0, token1, fee and tickSpacing: fixed for the pool's life, so read once. */
export async function readUniswapV3PoolImmutables(client: PublicClient, address: Address): Promise<UniswapV3PoolImmutables> {
  const read = <F extends 'token0' | 'token1' | 'fee' | 'tickSpacing'>(functionName: F) =>
    client.readContract({ address, abi: uniswapV3PoolAbi, functionName })
  const [token0, token1, fee, tickSpacing] = await Promise.all([read('token0'), read('token1'), read('fee'), read('tickSpacing')])
  return { address, token0: token0.toLowerCase() as Address, token1: token1.toLowerCase() as Address, fee, tickSpacing }
}

/** Bitmap words `wordsEachSide` either side of the word holding `tick`, within the usable tick range. */
function wordsAround(tick: number, tickSpacing: number, wordsEachSide: number): number[] {
  const currentWord = Math.floor(Math.floor(tick / tickSpacing) / 256)
  // Words that hold any usable tick: compressed ticks within MIN_TICK…MAX_TICK.
  const firstWord = Math.max(currentWord - wordsEachSide, Math.floor(Math.floor(MIN_TICK / tickSpacing) / 256))
  const lastWord = Math.min(currentWord + wordsEachSide, Math.floor(Math.floor(MAX_TICK / tickSpacing) / 256))
  return Array.from({ length: lastWord - firstWord + 1 }, (_, i) => firstWord + i)
}

/**
 * slot0, liquidity and every initialized tick in the `wordsEachSide` bitmap words on either side of the current
 * word (each word spans 256·tickSpacing ticks), at `blockNumber` (default latest). `tickHint` (the tick the pool is
 * expected at, e.g. from its last Swap event) lets the bitmap words be read in the same round as slot0; words the
 * actual tick needs beyond the hinted ones are read after, so the result never depends on the hint. `tickRange` is
 * the span read: the swap simulation stops at its edge instead of assuming what lies beyond.
 */
export async function readUniswapV3PoolState(
  client: PublicClient,
  pool: Pick<UniswapV3PoolImmutables, 'address' | 'tickSpacing'>,
  options: { blockNumber?: bigint; wordsEachSide?: number; tickHint?: number } = {},
): Promise<UniswapV3PoolState> {
  const { address, tickSpacing } = pool
  const at = options.blockNumber === undefined ? {} : { blockNumber: options.blockNumber }
  const wordsEachSide = options.wordsEachSide ?? 2
  const readWords = (words: readonly number[]) =>
    Promise.all(words.map((word) => client.readContract({ address, abi: uniswapV3PoolAbi, functionName: 'tickBitmap', args: [word], ...at })))
  const hinted = options.tickHint === undefined ? [] : wordsAround(options.tickHint, tickSpacing, wordsEachSide)
  const [slot0, liquidity, hintedBitmaps] = await Promise.all([
    client.readContract({ address, abi: uniswapV3PoolAbi, functionName: 'slot0', ...at }),
    client.readContract({ address, abi: uniswapV3PoolAbi, functionName: 'liquidity', ...at }),
    readWords(hinted),
  ])
  const [sqrtPriceX96, tick] = slot0
  const words = wordsAround(tick, tickSpacing, wordsEachSide)
  const known = new Map(hinted.map((word, i) => [word, hintedBitmaps[i] as bigint]))
  const missing = words.filter((word) => !known.has(word))
  ;(await readWords(missing)).forEach((bitmap, i) => known.set(missing[i] as number, bitmap))
  const initialized: number[] = []
  for (const word of words)
    for (let bit = 0, bitmap = known.get(word) as bigint; bitmap !== 0n && bit < 256; bit++, bitmap >>= 1n)
      if ((bitmap & 1n) === 1n) initialized.push((word * 256 + bit) * tickSpacing)
  const nets = await Promise.all(
    initialized.map((t) => client.readContract({ address, abi: uniswapV3PoolAbi, functionName: 'ticks', args: [t], ...at })),
  )
  const ticks: InitializedTick[] = initialized.map((t, i) => ({ tick: t, liquidityNet: (nets[i] as (typeof nets)[number])[1] }))
  const firstWord = words[0] as number
  const lastWord = words[words.length - 1] as number
  return {
    sqrtPriceX96,
    tick,
    liquidity,
    ticks,
    tickRange: {
      lower: Math.max(MIN_TICK, firstWord * 256 * tickSpacing),
      upper: Math.min(MAX_TICK, (lastWord * 256 + 255) * tickSpacing),
    },
  }
}
