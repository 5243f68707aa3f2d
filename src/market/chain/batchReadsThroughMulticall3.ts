// Sends the contract reads of a market read through Multicall3 where the chain has it: viem's client-level
// `batch.multicall` gathers every `eth_call` made in the same tick (and pinned to the same block) into
// `aggregate3` calls, so reading hundreds of pools costs a few `eth_call`s instead of thousands.
// Multicall3: mds1/multicall3 src/Multicall3.sol; deployed at 0xcA11bde05977b3631167028862bE2a173976CA11 on most
// EVM chains (the repository's README and deployments.json list them).
import { createPublicClient, custom, defineChain, type Address, type PublicClient } from 'viem'

/** The address Multicall3 is deployed at on most EVM chains (keyless deployment, same address everywhere). */
export const CANONICAL_MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'

/**
 * Calldata bytes per `aggregate3` call (viem's `batchSize` for batch.multicall counts calldata bytes): 32 KiB is
 * ~900 pool getters, well under a node's default eth_call gas cap (50M on geth, the block limit on anvil).
 */
const MULTICALL_BATCH_BYTES = 32 * 1024

export interface BatchReadsThroughMulticall3Parameters {
  /** Where Multicall3 is; default CANONICAL_MULTICALL3_ADDRESS. */
  readonly address?: Address
  /** The chain id, when the caller knows it (saves an `eth_chainId`). */
  readonly chainId?: number
}

export interface BatchReadsThroughMulticall3ReturnType {
  /** A client whose `readContract`s go out as Multicall3 `aggregate3` calls, or `client` itself (no Multicall3). */
  readonly client: PublicClient
  /** The Multicall3 used, undefined when the chain has no code at the address (reads stay JSON-RPC batched). */
  readonly multicall3?: Address
}

const resolved = new WeakMap<PublicClient, Map<string, Promise<BatchReadsThroughMulticall3ReturnType>>>()

/**
 * Wraps `client` so its contract reads are aggregated through Multicall3, when the chain has contract code at
 * `address`. The wrapper shares `client`'s transport (its JSON-RPC batching, timeouts and retries), so the other
 * requests (blocks, logs, gas price) are unchanged. Resolved once per client and address; a failed lookup is not
 * remembered. Per-call failures stay per call (`aggregate3` with allowFailure): a read of a non-pool address
 * throws for that read only.
 *
 * @example
 * const { client: reader, multicall3 } = await batchReadsThroughMulticall3(client, { address: network.multicall3Address })
 */
export function batchReadsThroughMulticall3(client: PublicClient, parameters: BatchReadsThroughMulticall3Parameters = {}): Promise<BatchReadsThroughMulticall3ReturnType> {
  const address = parameters.address ?? CANONICAL_MULTICALL3_ADDRESS
  const byAddress = resolved.get(client) ?? new Map<string, Promise<BatchReadsThroughMulticall3ReturnType>>()
  resolved.set(client, byAddress)
  const key = address.toLowerCase()
  const cached = byAddress.get(key)
  if (cached !== undefined) return cached
  const resolving = resolve(client, address, parameters.chainId)
  byAddress.set(key, resolving)
  resolving.catch(() => byAddress.delete(key))
  return resolving
}

async function resolve(client: PublicClient, address: Address, knownChainId: number | undefined): Promise<BatchReadsThroughMulticall3ReturnType> {
  const [code, chainId] = await Promise.all([client.getCode({ address }), knownChainId ?? client.chain?.id ?? client.getChainId()])
  if (code === undefined || code === '0x') return { client }
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'native', symbol: 'NATIVE', decimals: 18 },
    rpcUrls: { default: { http: [] } },
    contracts: { multicall3: { address } },
  })
  const reader = createPublicClient({
    chain,
    // Every request goes through the wrapped client's transport; retries are left to it.
    transport: custom({ request: (args) => client.request(args as never) }, { retryCount: 0 }),
    batch: { multicall: { batchSize: MULTICALL_BATCH_BYTES, wait: 0 } },
    cacheTime: 0,
  }) as PublicClient
  return { client: reader, multicall3: address }
}
