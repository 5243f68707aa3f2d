// A devnet for the executor tests and benchmark (no vitest here, so bench/ can use it): three anvil chains with short blocks, bridge fees
// that make USDC the cheap bridge token (so USDT on devnet-a → WETH on devnet-c is swap → bridge →
// swap), a relayer whose per-deposit decision the test sets, a funded "shocker" account that moves
// pools, and a snapshot so that every test starts from the same chain state.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { maxUint256, type Address, type Hash } from 'viem'
import type { HDAccount } from 'viem/accounts'
import { assetKey } from '../../../solver/market/assetKey.ts'
import type { AssetKey } from '../../../solver/market/types.ts'
import type { Intent } from '../../../solver/model/intent.ts'
import { resolveIntentRequest, type IntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { devnetTokenAbi, uniswapV2RouterAbi } from '../abis.ts'
import { createDevnetPublicClient, createDevnetWalletClient } from '../defineDevnetChain.ts'
import { devnetAccount } from '../devnetAccounts.ts'
import { DEMO_BRIDGE_FEES, DEVNET_CHAINS } from '../devnetDefaults.ts'
import { devnetRelayerRoutes } from '../devnetRelayerRoutes.ts'
import { startRelayer, type Relayer, type RelayerDecision, type RelayerDeposit, type RelayerEvent } from '../relayer.ts'
import { snapshotDevnet, type DevnetSnapshot } from '../snapshotDevnet.ts'
import { startDevnet, type Devnet } from '../startDevnet.ts'
import type { DevnetChainInfo } from '../types.ts'
import type { ExecutionTargets } from '../../executor/chainEnvironment.ts'
import { devnetExecutionTargets } from '../loadDevnetEnvironment.ts'

/** Block times 500 ms, 1 s, 250 ms: short, and still distinct. */
export const EXECUTOR_TEST_CHAINS = DEVNET_CHAINS.map((chain, i) => ({ ...chain, blockTimeMs: [500, 1000, 250][i] ?? 500 }))
export const SHOCKER = devnetAccount(5)
const DEPLOYER = devnetAccount('deployer')

export interface ExecutorDevnet {
  readonly devnet: Devnet
  readonly dir: string
  readonly targets: ExecutionTargets
  readonly user: HDAccount
  relayer(): Relayer
  readonly relayerEvents: RelayerEvent[]
  /** Decides each deposit the relayer sees (undefined: its policy, fill after the delay). */
  setDecide(decide?: (deposit: RelayerDeposit) => RelayerDecision | undefined): void
  /** Back to the state right after setup; the relayer restarts with the default decision. */
  reset(): Promise<void>
  /** A fresh journal directory under `dir`. */
  journalDir(): Promise<string>
  stop(): Promise<void>
}

export interface StartExecutorDevnetParameters {
  readonly relayerDelayMs?: number
}

export function chainOf(devnet: Devnet, chainId: number): DevnetChainInfo {
  return devnet.chains.find((chain) => chain.chainId === chainId) as DevnetChainInfo
}

export async function startExecutorDevnet(parameters: StartExecutorDevnetParameters = {}): Promise<ExecutorDevnet> {
  const dir = await mkdtemp(join(tmpdir(), 'accord-executor-'))
  const delayMs = parameters.relayerDelayMs ?? 1000
  const devnet = await startDevnet({
    chains: EXECUTOR_TEST_CHAINS,
    bridgeFees: DEMO_BRIDGE_FEES,
    relayer: { run: 'none', delayMs, pollIntervalMs: 100 },
    marketFile: join(dir, 'market.json'),
    devnetFile: join(dir, 'devnet.json'),
  })
  // Fund the shocker: 5 M of every stablecoin and 2 000 WETH on every chain.
  for (const chain of devnet.chains) {
    const wallet = createDevnetWalletClient(chain, DEPLOYER)
    const client = createDevnetPublicClient(chain)
    for (const [symbol, amount] of [['USDC', 5_000_000n * 10n ** 6n], ['USDT', 5_000_000n * 10n ** 6n], ['WETH', 2000n * 10n ** 18n]] as const) {
      const hash = await wallet.writeContract({ address: chain.contracts.tokens[symbol] as Address, abi: devnetTokenAbi, functionName: 'mint', args: [SHOCKER.address, amount] })
      await client.waitForTransactionReceipt({ hash })
    }
  }
  let snapshot: DevnetSnapshot = await snapshotDevnet(devnet.chains)
  let decide: ((deposit: RelayerDeposit) => RelayerDecision | undefined) | undefined
  const relayerEvents: RelayerEvent[] = []
  const launchRelayer = () =>
    startRelayer({
      chains: devnet.chains.map((chain) => ({ chainId: chain.chainId, name: chain.name, rpcUrl: chain.rpcUrl, spoke: chain.contracts.spoke })),
      routes: devnetRelayerRoutes(devnet.info, devnet.market),
      account: devnet.accounts.relayer,
      delayMs,
      pollIntervalMs: 100,
      decide: (deposit) => decide?.(deposit),
      onEvent: (event) => relayerEvents.push(event),
    })
  let relayer = launchRelayer()
  return {
    devnet,
    dir,
    targets: devnetExecutionTargets(devnet.info),
    user: devnet.accounts.user,
    relayer: () => relayer,
    relayerEvents,
    setDecide(next) {
      decide = next
    },
    async reset() {
      await relayer.stop()
      decide = undefined
      relayerEvents.length = 0
      await snapshot.revert()
      relayer = launchRelayer()
    },
    journalDir: () => mkdtemp(join(dir, 'journal-')),
    async stop() {
      await relayer.stop()
      await devnet.stop()
      await rm(dir, { recursive: true, force: true })
      void snapshot
    },
  }
}

export function intentOf(x: ExecutorDevnet, request: Omit<IntentRequest, 'from' | 'to'> & { from: string; to: string }): Intent {
  const split = (value: string) => {
    const [chain, token] = value.split(':') as [string, string]
    return { chain, token }
  }
  return resolveIntentRequest(x.devnet.market, { ...request, from: split(request.from), to: split(request.to) })
}

/** The shocker swaps `amountIn` of `sell` for `buy` through the router on `chainId` (no slippage limit); resolves with the receipt's block. */
export async function shockPool(x: ExecutorDevnet, chainId: number, sell: string, buy: string, amountIn: bigint): Promise<bigint> {
  const chain = chainOf(x.devnet, chainId)
  const wallet = createDevnetWalletClient(chain, SHOCKER)
  const client = createDevnetPublicClient(chain)
  const tokenIn = chain.contracts.tokens[sell] as Address
  const approve = await wallet.writeContract({ address: tokenIn, abi: devnetTokenAbi, functionName: 'approve', args: [chain.contracts.router, maxUint256] })
  await client.waitForTransactionReceipt({ hash: approve })
  const hash = await wallet.writeContract({
    address: chain.contracts.router,
    abi: uniswapV2RouterAbi,
    functionName: 'swapExactTokensForTokens',
    args: [amountIn, 0n, [tokenIn, chain.contracts.tokens[buy] as Address], SHOCKER.address, BigInt(Math.floor(Date.now() / 1000) + 600)],
  })
  const receipt = await client.waitForTransactionReceipt({ hash })
  return receipt.blockNumber
}

/** The account's balance of every market token, by asset key. */
export async function tokenBalances(x: ExecutorDevnet, owner: Address): Promise<Map<AssetKey, bigint>> {
  const entries = await Promise.all(
    x.devnet.market.tokens.map(async (token) => {
      const balance = await createDevnetPublicClient(chainOf(x.devnet, token.chainId)).readContract({
        address: token.address,
        abi: devnetTokenAbi,
        functionName: 'balanceOf',
        args: [owner],
      })
      return [assetKey(token.chainId, token.address), balance] as const
    }),
  )
  return new Map(entries)
}

/** Block number of every chain now, to scan the account's transactions from. */
export async function blockNumbers(x: ExecutorDevnet): Promise<Map<number, bigint>> {
  return new Map(await Promise.all(x.devnet.chains.map(async (chain) => [chain.chainId, await createDevnetPublicClient(chain).getBlockNumber({ cacheTime: 0 })] as const)))
}

/** Every transaction `from` sent on every chain after `since` (block numbers), read block by block from the chains. */
export async function sentTransactions(x: ExecutorDevnet, from: Address, since: ReadonlyMap<number, bigint>): Promise<Array<{ chainId: number; hash: Hash; nonce: number }>> {
  const sent: Array<{ chainId: number; hash: Hash; nonce: number }> = []
  for (const chain of x.devnet.chains) {
    const client = createDevnetPublicClient(chain)
    const latest = await client.getBlockNumber({ cacheTime: 0 })
    for (let n = (since.get(chain.chainId) ?? 0n) + 1n; n <= latest; n++) {
      const block = await client.getBlock({ blockNumber: n, includeTransactions: true })
      for (const tx of block.transactions) if (tx.from.toLowerCase() === from.toLowerCase()) sent.push({ chainId: chain.chainId, hash: tx.hash, nonce: tx.nonce })
    }
  }
  return sent
}

/** Uniswap V2 getAmountOut (UniswapV2Library.sol): 0.3 % fee as 997/1000, rounded down. */
export function uniswapV2AmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  return (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n)
}

/** One JSON-RPC call to a devnet chain (anvil's own methods, which viem's types do not list). */
export async function rpc<T = unknown>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
  const body = (await response.json()) as { result?: T; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result as T
}

/**
 * Waits until transaction `hash` on `chainId` is mined and `depth` blocks deep (its block and those
 * after it), then has anvil replace those blocks with empty ones (`anvil_reorg`): the transaction is
 * gone from the chain and from the pool. Returns the depth of the reorg.
 */
export async function reorgDropping(x: ExecutorDevnet, chainId: number, hash: Hash, depth: number): Promise<number> {
  const chain = chainOf(x.devnet, chainId)
  const client = createDevnetPublicClient(chain)
  for (;;) {
    const receipt = await client.getTransactionReceipt({ hash }).catch(() => undefined)
    if (receipt) {
      const head = await client.getBlockNumber({ cacheTime: 0 })
      const reached = Number(head - receipt.blockNumber + 1n)
      if (reached >= depth) {
        await rpc(chain.rpcUrl, 'anvil_reorg', [reached, []])
        return reached
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
