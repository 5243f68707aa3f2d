// Refreshes a market's on-chain state from live nodes through viem: Uniswap V2 reserves, gas prices,
// block times and bridge liquidity (the relayer's inventory on the destination). The venues,
// tokens and off-chain parameters (prices, latencies, failure rates) come from the base market.
import { parseAbi, type Address, type PublicClient } from 'viem'
import { withMarketVersion } from '../../solver/market/computeMarketVersion.ts'
import type { Bridge, ConcentratedLiquidityPool, ConstantProductPool, Market, Network, Venue } from '../../solver/market/types.ts'
import { InvalidMarketError } from '../../solver/errors.ts'
import { readUniswapV3PoolState } from './chain/readUniswapV3Pool.ts'

const uniswapV2PairAbi = parseAbi([
  'function token0() view returns (address)',
  'function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)',
])
const erc20Abi = parseAbi(['function balanceOf(address owner) view returns (uint256)'])

export interface ReadMarketFromChainParameters {
  /** The market to refresh; its venues say what to read. */
  base: Market
  /**
   * One client per chain id. Chains without a client keep their base values. Create the clients with
   * `http(url, { batch: true })` so each chain's reads go out as one JSON-RPC batch (no Multicall3 needed).
   */
  clients: ReadonlyMap<number, PublicClient>
  /**
   * Bridge id → the address whose balance of the bridge's output token on the destination is the
   * bridge's liquidity (an intent bridge's relayer). Bridges not listed keep their base liquidity.
   */
  bridgeLiquidityHolders?: ReadonlyMap<string, Address>
  /** Told, per chain, the block every read was pinned to (the Market itself has no slot for block numbers). */
  onChainRead?: (reading: ChainReading) => void
}

export type ReadMarketFromChainReturnType = Market

export interface ChainReading {
  readonly chainId: number
  readonly blockNumber: bigint
  /** Block timestamp, unix seconds. */
  readonly timestamp: number
  readonly gasPriceWei: bigint
}

/**
 * Reads every chain that has a client at its latest block: all reads of one chain are pinned to the
 * same block number, so a chain's reserves and balances are one consistent state. Returns a new
 * Market whose timestamp is the newest block time read (unix seconds) and whose version is
 * recomputed (withMarketVersion). Constant-product pools get `getReserves()`; Uniswap V3 pools slot0, liquidity
 * and the initialized ticks of as many bitmap words around the price as their `tickRange` spans (default 2 each side); bridges listed in
 * `bridgeLiquidityHolders` get the holder's `balanceOf` as `liquidityCapRaw` (possibly 0);
 * networks get `eth_gasPrice`. StableSwap pools, `blockTimeMs` and `congestion` keep their base values.
 *
 * Throws InvalidMarketError if a pool's on-chain token0 differs from the market's (the reserves would
 * be swapped), and lets viem's errors through when a node does not answer.
 *
 * @example
 * const clients = new Map([[900001, createPublicClient({ transport: http(url, { batch: true }) })]])
 * const market = await readMarketFromChain({ base, clients })
 */
export async function readMarketFromChain(parameters: ReadMarketFromChainParameters): Promise<ReadMarketFromChainReturnType> {
  const { base, clients, bridgeLiquidityHolders = new Map<string, Address>() } = parameters

  const readings = new Map<number, ChainReading>()
  const venueUpdates = new Map<number, Venue>() // by venue index
  await Promise.all(
    [...clients].map(async ([chainId, client]) => {
      const block = await client.getBlock({ blockTag: 'latest' })
      const blockNumber = block.number
      const poolReads: Promise<void>[] = []
      base.venues.forEach((venue, index) => {
        if (venue.kind === 'constantProduct' && venue.chainId === chainId)
          poolReads.push(readPool(client, venue, blockNumber, index).then((pool) => void venueUpdates.set(index, pool)))
        if (venue.kind === 'concentratedLiquidity' && venue.chainId === chainId)
          poolReads.push(readConcentratedPool(client, venue, blockNumber).then((pool) => void venueUpdates.set(index, pool)))
        if (venue.kind === 'bridge' && venue.to.chainId === chainId) {
          const holder = bridgeLiquidityHolders.get(venue.id)
          if (holder !== undefined)
            poolReads.push(readBridgeLiquidity(client, venue, holder, blockNumber).then((bridge) => void venueUpdates.set(index, bridge)))
        }
      })
      const [gasPriceWei] = await Promise.all([client.getGasPrice(), ...poolReads])
      const reading: ChainReading = { chainId, blockNumber, timestamp: Number(block.timestamp), gasPriceWei }
      readings.set(chainId, reading)
      parameters.onChainRead?.(reading)
    }),
  )

  const networks: Network[] = base.networks.map((network) => {
    const reading = readings.get(network.chainId)
    return reading ? { ...network, gasPriceWei: reading.gasPriceWei } : network
  })
  const venues = base.venues.map((venue, index) => venueUpdates.get(index) ?? venue)
  const timestamp = Math.max(base.timestamp, ...[...readings.values()].map((reading) => reading.timestamp))
  return withMarketVersion({ name: base.name, timestamp, networks, tokens: base.tokens, venues })
}

async function readPool(client: PublicClient, pool: ConstantProductPool, blockNumber: bigint, index: number): Promise<ConstantProductPool> {
  const [token0, [reserve0, reserve1]] = await Promise.all([
    client.readContract({ address: pool.address, abi: uniswapV2PairAbi, functionName: 'token0', blockNumber }),
    client.readContract({ address: pool.address, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber }),
  ])
  if (token0.toLowerCase() !== pool.token0.toLowerCase())
    throw new InvalidMarketError(`Pool ${pool.id}: token0 on chain ${pool.chainId} is ${token0}, the market says ${pool.token0}.`, {
      field: `venues[${index}].token0`,
    })
  return { ...pool, reserve0, reserve1 }
}

async function readBridgeLiquidity(client: PublicClient, bridge: Bridge, holder: Address, blockNumber: bigint): Promise<Bridge> {
  const balance = await client.readContract({ address: bridge.to.token, abi: erc20Abi, functionName: 'balanceOf', args: [holder], blockNumber })
  return { ...bridge, liquidityCapRaw: balance }
}

/** Bitmap words each side of the current one that `pool.tickRange` spans (a chain reader's window), default 2. */
function wordsEachSide(pool: ConcentratedLiquidityPool): number {
  if (pool.tickRange === undefined) return 2
  const words = Math.round((pool.tickRange.upper - pool.tickRange.lower + 1) / (256 * pool.tickSpacing))
  return Math.max(1, Math.floor((words - 1) / 2))
}

async function readConcentratedPool(client: PublicClient, pool: ConcentratedLiquidityPool, blockNumber: bigint): Promise<ConcentratedLiquidityPool> {
  const state = await readUniswapV3PoolState(client, pool, { blockNumber, wordsEachSide: wordsEachSide(pool) })
  return { ...pool, ...state }
}
