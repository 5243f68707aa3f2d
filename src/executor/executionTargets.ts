// Where the executor sends its transactions: per chain, the node and the contracts a plan's venues
// are reached through (a Uniswap V2 router for pools, an AccordSpoke for bridges). The market file
// has no slot for contract addresses, so they come from a sidecar (the devnet's devnet.json).
import { createPublicClient, createWalletClient, defineChain, http, type Address, type Chain, type HttpTransport, type LocalAccount, type PublicClient, type WalletClient } from 'viem'
import { devnetBridgeLiquidityHolders } from '../devnet/devnetBridgeLiquidityHolders.ts'
import type { DevnetInfo } from '../devnet/types.ts'
import type { UniswapV3Route } from './uniswapV3SwapCall.ts'

export interface ExecutionChain {
  readonly chainId: number
  readonly name: string
  readonly rpcUrl: string
  /** UniswapV2Router02: constant-product venues of this chain are swapped through it. */
  readonly router: Address
  /** AccordSpoke: bridges leaving this chain are deposited here, and fills on this chain are emitted here. */
  readonly spoke: Address
  /** Uniswap V3: concentrated-liquidity venues of this chain are swapped through its SwapRouter (uniswapV3SwapCall). */
  readonly uniswapV3?: UniswapV3Route
}

export interface ExecutionTargets {
  readonly chains: ReadonlyMap<number, ExecutionChain>
  /** Bridge id → whose destination balance is the bridge's liquidity (readMarketFromChain). */
  readonly bridgeLiquidityHolders: ReadonlyMap<string, Address>
}

export interface ExecutionClients {
  readonly chain: ExecutionChain
  readonly publicClient: PublicClient<HttpTransport, Chain>
  readonly walletClient: WalletClient<HttpTransport, Chain, LocalAccount>
}

/** The targets of a devnet started by startDevnet or `accord devnet up`. */
export function devnetExecutionTargets(info: Pick<DevnetInfo, 'chains' | 'bridges' | 'relayer'>): ExecutionTargets {
  return {
    chains: new Map(
      info.chains.map((chain) => [
        chain.chainId,
        { chainId: chain.chainId, name: chain.name, rpcUrl: chain.rpcUrl, router: chain.contracts.router, spoke: chain.contracts.spoke },
      ]),
    ),
    bridgeLiquidityHolders: devnetBridgeLiquidityHolders(info),
  }
}

/**
 * A public client (JSON-RPC batching on, so a market read is one request per chain) and a wallet
 * client signing locally with `account`, per chain.
 */
export function createExecutionClients(targets: ExecutionTargets, account: LocalAccount, options: { pollingIntervalMs?: number } = {}): Map<number, ExecutionClients> {
  const pollingInterval = options.pollingIntervalMs ?? 100
  return new Map(
    [...targets.chains.values()].map((chain) => {
      const viemChain = defineChain({
        id: chain.chainId,
        name: chain.name,
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: { default: { http: [chain.rpcUrl] } },
      })
      return [
        chain.chainId,
        {
          chain,
          publicClient: createPublicClient({ chain: viemChain, transport: http(chain.rpcUrl, { batch: true }), pollingInterval }),
          walletClient: createWalletClient({ account, chain: viemChain, transport: http(chain.rpcUrl), pollingInterval }),
        },
      ]
    }),
  )
}
