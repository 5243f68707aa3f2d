// The planner's view of a freshly deployed devnet: networks, tokens, the Uniswap V2 pairs and one
// AccordSpoke bridge per direction and token, with the relayer's delay and failure rate as the
// bridges' latency and failure probability. State (reserves, gas, liquidity) is what was seeded;
// startDevnet refreshes it from the chains with readMarketFromChain before writing the file.
import { withMarketVersion } from '../../solver/market/computeMarketVersion.ts'
import type { Address, Bridge, ConcentratedLiquidityPool, ConstantProductPool, Market, Network, Token } from '../../solver/market/types.ts'
import { DEVNET_GAS_UNITS, DEVNET_NATIVE_PRICE_USD } from './devnetDefaults.ts'
import { estimateRelayerLatency } from './estimateRelayerLatency.ts'
import type { DevnetBridgeInfo, DevnetChainInfo, DevnetRelayerInfo, DevnetTokenSpec } from './types.ts'

/**
 * Origin blocks the devnet relayer waits for before filling a deposit: deeper than the reorgs the
 * executor tests inject (anvil_reorg depth ≤ 3), so those can never make it fill a dropped deposit.
 * Across relayers wait a per-chain MIN_DEPOSIT_CONFIRMATIONS for the same reason
 * (across-protocol/relayer, src/common/Constants.ts).
 */
export const DEVNET_BRIDGE_CONFIRMATIONS = 4

export interface BuildDevnetMarketParameters {
  name: string
  /** Unix seconds. */
  timestamp: number
  chains: readonly DevnetChainInfo[]
  tokens: readonly DevnetTokenSpec[]
  bridges: readonly DevnetBridgeInfo[]
  relayer: DevnetRelayerInfo
  /** By pool id, token0/token1 order. */
  reserves: ReadonlyMap<string, readonly [bigint, bigint]>
  /** The relayer's balance per chain id and token symbol (the bridges' liquidity). */
  relayerInventory: ReadonlyMap<number, ReadonlyMap<string, bigint>>
  /** Uniswap V3 pools as read from the chains (deployDevnetUniswapV3). Default none. */
  concentratedPools?: readonly ConcentratedLiquidityPool[]
  /** Until read from the chain. Default 1 gwei (anvil's initial base fee). */
  gasPriceWei?: bigint
}

/** Uniswap V2 charges 0.30 % on the input (UniswapV2Pair.swap: balance·1000 − amountIn·3). */
const UNISWAP_V2_FEE_BPS = 30

export function buildDevnetMarket(parameters: BuildDevnetMarketParameters): Market {
  const { chains, tokens, bridges, relayer, reserves, relayerInventory, gasPriceWei = 1_000_000_000n } = parameters
  const chainById = new Map(chains.map((chain) => [chain.chainId, chain]))

  const networks: Network[] = chains.map((chain) => ({
    chainId: chain.chainId,
    name: chain.name,
    displayName: chain.displayName,
    blockTimeMs: chain.blockTimeMs,
    // anvil never reorganises: a transaction is final once in a block.
    finalitySeconds: chain.blockTimeMs / 1000,
    gasPriceWei,
    nativeSymbol: 'ETH',
    nativePriceUsd: DEVNET_NATIVE_PRICE_USD,
    congestion: 0,
  }))

  const marketTokens: Token[] = chains.flatMap((chain) =>
    tokens.map((token) => ({
      chainId: chain.chainId,
      address: lower(chain.contracts.tokens[token.symbol] as Address),
      symbol: token.symbol,
      decimals: token.decimals,
      priceUsd: token.priceUsd,
      annualVolatility: token.annualVolatility,
    })),
  )

  const pools: ConstantProductPool[] = chains.flatMap((chain) =>
    chain.contracts.pools.map((pool) => {
      const [reserve0, reserve1] = reserves.get(pool.id) ?? [0n, 0n]
      return {
        kind: 'constantProduct' as const,
        id: pool.id,
        chainId: chain.chainId,
        address: lower(pool.address),
        token0: lower(pool.token0),
        token1: lower(pool.token1),
        reserve0,
        reserve1,
        feeBps: UNISWAP_V2_FEE_BPS,
        gasUnits: DEVNET_GAS_UNITS.swap,
      }
    }),
  )

  const marketBridges: Bridge[] = bridges.map((bridge) => {
    const destination = chainById.get(bridge.destinationChainId) as DevnetChainInfo
    const { medianSeconds, p95Seconds } = estimateRelayerLatency({
      delayMs: relayer.delayMs,
      pollIntervalMs: relayer.pollIntervalMs,
      destinationBlockTimeMs: destination.blockTimeMs,
    })
    return {
      kind: 'bridge',
      id: bridge.id,
      protocol: 'accord-spoke',
      bridgeKind: 'intent',
      from: { chainId: bridge.originChainId, token: lower(bridge.inputToken) },
      to: { chainId: bridge.destinationChainId, token: lower(bridge.outputToken) },
      feeFixedRaw: BigInt(bridge.feeFixedRaw),
      feeBps: bridge.feeBps,
      liquidityCapRaw: relayerInventory.get(bridge.destinationChainId)?.get(bridge.symbol) ?? 0n,
      latencyTiers: [{ medianSeconds, p95Seconds }],
      failureProbability: relayer.failureRate,
      gasUnits: DEVNET_GAS_UNITS.deposit,
      // The relayer fills once the deposit is this deep (relayer.ts).
      confirmations: DEVNET_BRIDGE_CONFIRMATIONS,
    }
  })

  return withMarketVersion({ name: parameters.name, timestamp: parameters.timestamp, networks, tokens: marketTokens, venues: [...pools, ...(parameters.concentratedPools ?? []), ...marketBridges] })
}

function lower(address: Address): Address {
  return address.toLowerCase() as Address
}
