// The clients the executor talks to its chains through, one public and one wallet client per chain
// of its targets (chainEnvironment.ts).
import { createPublicClient, createWalletClient, defineChain, http, type Chain, type HttpTransport, type LocalAccount, type PublicClient, type WalletClient } from 'viem'
import type { ExecutionChain, ExecutionTargets } from './chainEnvironment.ts'

export type { ExecutionChain, ExecutionTargets } from './chainEnvironment.ts'

export interface ExecutionClients {
  readonly chain: ExecutionChain
  readonly publicClient: PublicClient<HttpTransport, Chain>
  readonly walletClient: WalletClient<HttpTransport, Chain, LocalAccount>
}

/**
 * A public client (JSON-RPC batching on, so a market read is one request per chain) and a wallet
 * client signing locally with `account`, per chain.
 */
export function createExecutionClients(targets: ExecutionTargets, account: LocalAccount, options: { pollingIntervalMs?: number; timeoutMs?: number } = {}): Map<number, ExecutionClients> {
  const pollingInterval = options.pollingIntervalMs ?? 100
  const timeout = options.timeoutMs ?? 10_000
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
          publicClient: createPublicClient({ chain: viemChain, transport: http(chain.rpcUrl, { batch: true, timeout }), pollingInterval }),
          walletClient: createWalletClient({ account, chain: viemChain, transport: http(chain.rpcUrl, { timeout }), pollingInterval }),
        },
      ]
    }),
  )
}
