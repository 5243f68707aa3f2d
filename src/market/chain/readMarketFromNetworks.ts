// Builds a market from live nodes: for each configured network, over its JSON-RPC endpoint with viem (contract reads
// of one round go out as Multicall3 aggregate3 calls where the chain has Multicall3, and the requests of one round as
// one JSON-RPC batch), the token metadata, Uniswap V2 pair reserves, Curve StableSwap state, Uniswap V3 pool state with
// the initialized ticks around the price, and the gas price, all pinned to one block; bridges and the parameters a
// node cannot tell come from the config. A network that fails (unreachable, wrong chain id, an address that is not
// the pool it is said to be) does not fail the market: it is reported stale and keeps its venues from `previous`.
import { createPublicClient, http, parseAbi, type Address, type PublicClient } from 'viem'
import { BaseError } from '../../../solver/errors.ts'
import type { ConcentratedLiquidityPool, ConstantProductPool, Market } from '../../../solver/market/types.ts'
import { DEFAULT_GAS_UNITS } from './defaultGasUnits.ts'
import type { MarketFile } from '../marketSchema.ts'
import { parseMarket, serializeMarket } from '../parseMarket.ts'
import { assertMatchesSchema } from '../validateSchema.ts'
import { NetworksConfigSchema, type NetworkConfig, type NetworksConfig } from './networksConfigSchema.ts'
import { readUniswapV3PoolImmutables, readUniswapV3PoolState } from './readUniswapV3Pool.ts'
import { batchReadsThroughMulticall3 } from './batchReadsThroughMulticall3.ts'
import { readCurveStableSwapPool } from './readCurveStableSwapPool.ts'

const erc20Abi = parseAbi(['function symbol() view returns (string)', 'function decimals() view returns (uint8)'])
const uniswapV2PairAbi = parseAbi([
  'function token0() view returns (address)',
  'function token1() view returns (address)',
  'function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)',
])

export interface ChainReadStatus {
  readonly chainId: number
  readonly name: string
  readonly status: 'ok' | 'stale'
  readonly blockNumber?: bigint
  /** The Multicall3 the contract reads went through; absent when the chain has none (JSON-RPC batches instead). */
  readonly multicall3?: Address
  /** Why the network is stale. */
  readonly reason?: string
}

export interface ReadMarketFromNetworksParameters {
  /** Parsed JSON of the config; validated here (INVALID_ARGUMENT with the field path). */
  readonly config: unknown
  /** The last market read: a stale network keeps its networks, tokens and venues from it. */
  readonly previous?: Market
  /** Clients by chain id, e.g. to share them with a block watcher; default: HTTP with batching, per rpcUrl. */
  readonly clients?: ReadonlyMap<number, PublicClient>
  /** Per-request timeout of the default clients. */
  readonly timeoutMs?: number
}

export interface ReadMarketFromNetworksReturnType {
  readonly market: Market
  readonly chains: readonly ChainReadStatus[]
}

type ChainPart = Pick<MarketFile, 'networks' | 'tokens' | 'pools'> & { blockNumber: bigint; timestamp: number; multicall3?: Address }

/** The default client of a network: HTTP, JSON-RPC batching on. */
export function createNetworkClient(network: Pick<NetworkConfig, 'rpcUrl'>, timeoutMs = 10_000): PublicClient {
  return createPublicClient({ transport: http(network.rpcUrl, { batch: { batchSize: 1_000 }, timeout: timeoutMs, retryCount: 1 }) }) as PublicClient
}

/** Runs `read` and rewrites a failure as a message naming what was expected at `field`. */
async function expecting<T>(read: () => Promise<T>, what: string, field: string): Promise<T> {
  try {
    return await read()
  } catch (error) {
    const short = error instanceof BaseError ? error.shortMessage : ((error as { shortMessage?: string }).shortMessage ?? (error as Error).message)
    throw new BaseError('INVALID_ARGUMENT', `${what} (${field}): ${short.split('\n')[0]}`, { field, cause: error })
  }
}

/** Reads one network at its latest block. Throws BaseError with the config field that failed. */
export async function readNetwork(node: PublicClient, network: NetworkConfig, at: string): Promise<ChainPart> {
  const chainId = await expecting(() => node.getChainId(), `Network ${network.name} did not answer at its rpcUrl`, `${at}.rpcUrl`)
  if (chainId !== network.chainId)
    throw new BaseError('INVALID_ARGUMENT', `The node at ${at}.rpcUrl is chain ${chainId}, not ${network.chainId} (${network.name}).`, { field: `${at}.chainId` })
  const { client, multicall3 } = await batchReadsThroughMulticall3(node, { chainId, ...(network.multicall3Address === undefined ? {} : { address: network.multicall3Address as Address }) })
  const block = await client.getBlock({ blockTag: 'latest' })
  const blockNumber = block.number
  const pinned = { blockNumber }
  const [gasPrice, tokens] = await Promise.all([
    client.getGasPrice(),
    Promise.all(
      network.tokens.map(async (token, j) => {
        const field = `${at}.tokens[${j}].address`
        const read = <F extends 'symbol' | 'decimals'>(functionName: F) => client.readContract({ address: token.address as Address, abi: erc20Abi, functionName, ...pinned })
        const [symbol, decimals] = await expecting(() => Promise.all([read('symbol'), read('decimals')]), `${token.address} is not an ERC-20 token`, field)
        return { chainId: network.chainId, address: token.address, symbol, decimals, priceUsd: token.priceUsd, annualVolatility: token.annualVolatility }
      }),
    ),
  ])
  const symbolOf = new Map(tokens.map((token) => [token.address.toLowerCase(), token.symbol]))
  const requireToken = (address: string, field: string): string => {
    const symbol = symbolOf.get(address.toLowerCase())
    if (symbol === undefined) throw new BaseError('INVALID_ARGUMENT', `Pool token ${address} is not listed in ${at}.tokens (its price is needed).`, { field })
    return symbol
  }
  const [pairs, v3Pools, curvePools] = await Promise.all([
    Promise.all(
      (network.uniswapV2Pairs ?? []).map(async (pair, j) => {
        const field = `${at}.uniswapV2Pairs[${j}].address`
        const address = pair.address as Address
        const [token0, token1, reserves] = await expecting(
          () =>
            Promise.all([
              client.readContract({ address, abi: uniswapV2PairAbi, functionName: 'token0', ...pinned }),
              client.readContract({ address, abi: uniswapV2PairAbi, functionName: 'token1', ...pinned }),
              client.readContract({ address, abi: uniswapV2PairAbi, functionName: 'getReserves', ...pinned }),
            ]),
          `${address} is not a Uniswap V2 pair`,
          field,
        )
        const pool: MarketFile['pools'][number] = {
          kind: 'constantProduct',
          id: pair.id ?? `${network.name}:uniswap-v2:${requireToken(token0, field)}-${requireToken(token1, field)}`,
          chainId: network.chainId,
          address,
          token0,
          token1,
          reserve0: String(reserves[0]),
          reserve1: String(reserves[1]),
          // UniswapV2Pair.swap: 0.3 % (997/1000).
          feeBps: pair.feeBps ?? 30,
          gasUnits: pair.gasUnits ?? DEFAULT_GAS_UNITS.uniswapV2Swap,
          source: `read from chain ${network.chainId} at block ${blockNumber}`,
        }
        return pool
      }),
    ),
    Promise.all(
      (network.uniswapV3Pools ?? []).map(async (entry, j) => {
        const field = `${at}.uniswapV3Pools[${j}].address`
        const address = entry.address as Address
        const immutables = await expecting(() => readUniswapV3PoolImmutables(client, address), `${address} is not a Uniswap V3 pool`, field)
        const state = await expecting(
          () => readUniswapV3PoolState(client, immutables, { blockNumber, wordsEachSide: network.v3TickWordsEachSide ?? 2 }),
          `${address} is not a Uniswap V3 pool`,
          field,
        )
        const pool: MarketFile['pools'][number] = {
          kind: 'concentratedLiquidity',
          id: entry.id ?? `${network.name}:uniswap-v3:${requireToken(immutables.token0, field)}-${requireToken(immutables.token1, field)}-${immutables.fee}`,
          chainId: network.chainId,
          address,
          token0: immutables.token0,
          token1: immutables.token1,
          fee: immutables.fee,
          tickSpacing: immutables.tickSpacing,
          sqrtPriceX96: String(state.sqrtPriceX96),
          tick: state.tick,
          liquidity: String(state.liquidity),
          ticks: state.ticks.map((t) => ({ tick: t.tick, liquidityNet: String(t.liquidityNet) })),
          ...(state.tickRange === undefined ? {} : { tickRange: state.tickRange }),
          gasUnits: entry.gasUnits ?? DEFAULT_GAS_UNITS.uniswapV3Swap,
          gasPerTickCrossed: entry.gasPerTickCrossed ?? DEFAULT_GAS_UNITS.uniswapV3PerTickCrossed,
          source: `read from chain ${network.chainId} at block ${blockNumber}`,
        }
        return pool
      }),
    ),
    Promise.all(
      (network.curveStableSwapPools ?? []).map(async (entry, j) => {
        const field = `${at}.curveStableSwapPools[${j}].address`
        const address = entry.address as Address
        const state = await expecting(() => readCurveStableSwapPool(client, address, pinned), `${address} is not a Curve StableSwap pool`, field)
        const pool: MarketFile['pools'][number] = {
          kind: 'stableSwap',
          id: entry.id ?? `${network.name}:curve:${state.tokens.map((token) => requireToken(token, field)).join('-')}`,
          chainId: network.chainId,
          address,
          tokens: [...state.tokens],
          balances: state.balances.map(String),
          amplification: String(state.amplification),
          fee: String(state.fee),
          ...(state.rates === undefined ? {} : { rates: state.rates.map(String) }),
          gasUnits: entry.gasUnits ?? DEFAULT_GAS_UNITS.curveStableSwap,
          source: `read from chain ${network.chainId} at block ${blockNumber}`,
        }
        state.tokens.forEach((token) => requireToken(token, field))
        return pool
      }),
    ),
  ])
  return {
    blockNumber,
    ...(multicall3 === undefined ? {} : { multicall3 }),
    timestamp: Number(block.timestamp),
    networks: [
      {
        chainId: network.chainId,
        name: network.name,
        displayName: network.displayName,
        blockTimeMs: network.blockTimeMs,
        finalitySeconds: network.finalitySeconds,
        gasPriceWei: String(gasPrice),
        nativeSymbol: network.nativeSymbol,
        nativePriceUsd: network.nativePriceUsd,
        congestion: network.congestion ?? 0.2,
        ...(network.source === undefined ? {} : { source: network.source }),
      },
    ],
    tokens,
    pools: [...pairs, ...v3Pools, ...curvePools],
  }
}

/**
 * Reads every network of the config in parallel and assembles the market (validated by parseMarket; its version is
 * the content hash). Throws INVALID_ARGUMENT for a config that does not match its schema, and INVALID_MARKET when no
 * network could be read and there is no previous market to fall back on.
 */
export async function readMarketFromNetworks(parameters: ReadMarketFromNetworksParameters): Promise<ReadMarketFromNetworksReturnType> {
  const { previous } = parameters
  assertMatchesSchema<NetworksConfig>(NetworksConfigSchema, parameters.config, 'INVALID_ARGUMENT', 'networks config')
  const config = parameters.config
  const previousFile = previous === undefined ? undefined : serializeMarket(previous)
  const results = await Promise.all(
    config.networks.map(async (network, i) => {
      const client = parameters.clients?.get(network.chainId) ?? createNetworkClient(network, parameters.timeoutMs)
      try {
        return { network, part: await readNetwork(client, network, `networks[${i}]`) }
      } catch (error) {
        return { network, reason: error instanceof BaseError ? error.shortMessage : String((error as Error).message ?? error) }
      }
    }),
  )
  const file: MarketFile = { name: config.name, timestamp: 0, networks: [], tokens: [], pools: [], bridges: [] }
  const chains: ChainReadStatus[] = []
  for (const { network, part, reason } of results) {
    if (part !== undefined) {
      file.networks.push(...part.networks)
      file.tokens.push(...part.tokens)
      file.pools.push(...part.pools)
      file.timestamp = Math.max(file.timestamp, part.timestamp)
      chains.push({ chainId: network.chainId, name: network.name, status: 'ok', blockNumber: part.blockNumber, ...(part.multicall3 === undefined ? {} : { multicall3: part.multicall3 }) })
      continue
    }
    chains.push({ chainId: network.chainId, name: network.name, status: 'stale', ...(reason === undefined ? {} : { reason }) })
    if (previousFile === undefined) continue
    file.networks.push(...previousFile.networks.filter((n) => n.chainId === network.chainId))
    file.tokens.push(...previousFile.tokens.filter((t) => t.chainId === network.chainId))
    file.pools.push(...previousFile.pools.filter((p) => p.chainId === network.chainId))
  }
  if (file.networks.length === 0)
    throw new BaseError('INVALID_MARKET', 'No network of the config could be read.', { details: chains.map((c) => `${c.name}: ${c.reason}`).join('; ') })
  // Bridges whose ends are both on a network that is present.
  const present = new Set(file.tokens.map((t) => `${t.chainId}:${t.address.toLowerCase()}`))
  file.bridges = (config.bridges ?? []).filter(
    (b) => present.has(`${b.from.chainId}:${b.from.token.toLowerCase()}`) && present.has(`${b.to.chainId}:${b.to.token.toLowerCase()}`),
  )
  if (file.timestamp === 0) file.timestamp = previous?.timestamp ?? 0
  return { market: parseMarket(file), chains }
}
