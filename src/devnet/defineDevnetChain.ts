// viem chain definitions and clients for devnet chains.
import { createPublicClient, createWalletClient, defineChain, http, type Account, type Chain, type PublicClient, type WalletClient, type HttpTransport } from 'viem'

/** A viem Chain for a local anvil chain (ETH as native currency). */
export function defineDevnetChain(chain: { chainId: number; name: string; rpcUrl: string }): Chain {
  return defineChain({
    id: chain.chainId,
    name: chain.name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [chain.rpcUrl] } },
  })
}

export interface DevnetClientOptions {
  /** viem's JSON-RPC batching: calls made in the same tick go out as one HTTP request. */
  batch?: boolean
  /** How often viem polls (receipts, block numbers); local chains answer fast. */
  pollingIntervalMs?: number
}

/** A public client for one devnet chain. */
export function createDevnetPublicClient(
  chain: { chainId: number; name: string; rpcUrl: string },
  options: DevnetClientOptions = {},
): PublicClient<HttpTransport, Chain> {
  return createPublicClient({
    chain: defineDevnetChain(chain),
    transport: http(chain.rpcUrl, { batch: options.batch ?? false }),
    pollingInterval: options.pollingIntervalMs ?? 100,
  })
}

/** A wallet client for one devnet chain signing locally with `account`. */
export function createDevnetWalletClient(
  chain: { chainId: number; name: string; rpcUrl: string },
  account: Account,
  options: DevnetClientOptions = {},
): WalletClient<HttpTransport, Chain, Account> {
  return createWalletClient({
    account,
    chain: defineDevnetChain(chain),
    transport: http(chain.rpcUrl),
    pollingInterval: options.pollingIntervalMs ?? 100,
  })
}
