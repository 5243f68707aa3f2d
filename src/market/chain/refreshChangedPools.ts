// The block-driven refresh of a live market: find the pools whose state changed in new blocks from their events
// (Uniswap V2 Sync; Uniswap V3 Swap, Mint, Burn), re-read only those at the newest block, and return a new market
// only when something changed, so the market version moves exactly when the state does. Curve StableSwap pools are
// re-read on every refresh: their amplification ramps and their stored rates follow oracles without any event.
import { parseAbi, type Address, type PublicClient } from 'viem'
import { withMarketVersion } from '../../../solver/market/computeMarketVersion.ts'
import type { Market, Venue } from '../../../solver/market/types.ts'
import { readUniswapV3PoolState } from './readUniswapV3Pool.ts'
import { batchReadsThroughMulticall3 } from './batchReadsThroughMulticall3.ts'
import { readCurveStableSwapPool } from './readCurveStableSwapPool.ts'

/** Events that change a pool's state: UniswapV2Pair.Sync (v2-core); UniswapV3Pool Swap/Mint/Burn (v3-core IUniswapV3PoolEvents). */
const stateEvents = parseAbi([
  'event Sync(uint112 reserve0, uint112 reserve1)',
  'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)',
  'event Mint(address sender, address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
  'event Burn(address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
])
const uniswapV2PairAbi = parseAbi(['function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)'])

export interface RefreshChangedPoolsParameters {
  readonly client: PublicClient
  readonly market: Market
  readonly chainId: number
  /** Blocks after `fromBlock − 1` up to `toBlock` are scanned for pool events. */
  readonly fromBlock: bigint
  readonly toBlock: bigint
  /** Bitmap words read each side of a V3 pool's price (as when the market was read). */
  readonly v3TickWordsEachSide?: number
  /** Multicall3 to aggregate the re-reads through (default the canonical address; none there: JSON-RPC batches). */
  readonly multicall3Address?: Address
}

export interface RefreshChangedPoolsReturnType {
  /** The refreshed market, or the same object when no pool changed. */
  readonly market: Market
  readonly changedPools: readonly string[]
}

/** Re-reads the pools of `chainId` that emitted a state event in [fromBlock, toBlock], and every Curve pool, at toBlock. */
export async function refreshChangedPools(parameters: RefreshChangedPoolsParameters): Promise<RefreshChangedPoolsReturnType> {
  const { client, market, chainId, fromBlock, toBlock } = parameters
  const pools = market.venues.filter((venue) => venue.kind !== 'bridge' && venue.chainId === chainId)
  if (pools.length === 0 || toBlock < fromBlock) return { market, changedPools: [] }
  const evented = pools.filter((pool) => pool.kind === 'constantProduct' || pool.kind === 'concentratedLiquidity')
  const byAddress = new Map(evented.map((pool) => [pool.address.toLowerCase(), pool as Venue]))
  const logs = byAddress.size === 0 ? [] : await client.getLogs({ address: [...byAddress.keys()] as Address[], events: stateEvents, fromBlock, toBlock })
  // The tick each V3 pool's last Swap left it at (logs come in chain order): its bitmap words are read with slot0.
  const swapTick = new Map<string, number>()
  for (const log of logs) if (log.eventName === 'Swap') swapTick.set(log.address.toLowerCase(), log.args.tick as number)
  const changed = [
    ...[...new Set(logs.map((log) => log.address.toLowerCase()))].map((address) => byAddress.get(address) as Venue),
    ...pools.filter((pool) => pool.kind === 'stableSwap'),
  ]
  if (changed.length === 0) return { market, changedPools: [] }
  const at = { blockNumber: toBlock }
  const { client: reader } = await batchReadsThroughMulticall3(client, { chainId, ...(parameters.multicall3Address === undefined ? {} : { address: parameters.multicall3Address }) })
  const updated = new Map(
    await Promise.all(
      changed.map(async (pool): Promise<[string, Venue]> => {
        if (pool.kind === 'constantProduct') {
          const [reserve0, reserve1] = await reader.readContract({ address: pool.address, abi: uniswapV2PairAbi, functionName: 'getReserves', ...at })
          return [pool.id, { ...pool, reserve0, reserve1 }]
        }
        if (pool.kind === 'stableSwap') {
          const { balances, amplification, fee, rates } = await readCurveStableSwapPool(reader, pool.address, at)
          const { rates: _rates, ...rest } = pool
          return [pool.id, { ...rest, balances, amplification, fee, ...(rates === undefined ? {} : { rates }) }]
        }
        if (pool.kind !== 'concentratedLiquidity') return [pool.id, pool]
        const tickHint = swapTick.get(pool.address.toLowerCase()) ?? pool.tick
        const state = await readUniswapV3PoolState(reader, pool, { blockNumber: toBlock, wordsEachSide: parameters.v3TickWordsEachSide ?? 2, tickHint })
        return [pool.id, { ...pool, ...state }]
      }),
    ),
  )
  const { version: _version, ...rest } = market
  const next = withMarketVersion({ ...rest, venues: market.venues.map((venue) => updated.get(venue.id) ?? venue) })
  if (next.version === market.version) return { market, changedPools: [] }
  // Only the pools whose state differs (every Curve pool was re-read).
  const before = new Map(market.venues.map((venue) => [venue.id, venue]))
  const differs = [...updated].filter(([id, venue]) => stateKey(venue) !== stateKey(before.get(id) as Venue)).map(([id]) => id)
  return { market: next, changedPools: differs }
}

function stateKey(venue: Venue): string {
  return JSON.stringify(venue, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
}
