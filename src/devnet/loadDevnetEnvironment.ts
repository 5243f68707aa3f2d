// The devnet's implementation of the executor's ChainEnvironment: the market, chains and contracts
// written by `accord devnet up`, and the devnet user as signer (a well-known test key, accepted by the
// executor only on chains marked `devnet`). Shared by `accord execute` and `accord serve --devnet-dir`.
import { join } from 'node:path'
import type { ChainEnvironment, ExecutionTargets } from '../executor/chainEnvironment.ts'
import type { FinalityTag } from '../executor/taggedBlockNumber.ts'
import { loadMarketFile } from '../market/loadMarketFile.ts'
import { devnetAccount } from './devnetAccounts.ts'
import { devnetBridgeLiquidityHolders } from './devnetBridgeLiquidityHolders.ts'
import { readDevnetFile } from './readDevnetFile.ts'
import type { DevnetInfo } from './types.ts'

/**
 * Blocks a devnet transaction waits under before its output is spent, and the relayer's origin
 * confirmations. Shallower than some reorgs the executor tests inject (anvil_reorg depth 3), which the executor must then detect by re-checking receipts.
 */
export const DEVNET_CONFIRMATIONS = 2

/**
 * The devnet's anvil nodes run with `--slots-in-an-epoch 1`: their `safe` block is one behind the
 * head (the depth of DEVNET_CONFIRMATIONS) and `finalized` two; the executor counts a step under `safe`.
 */
export const DEVNET_SLOTS_IN_AN_EPOCH = 1

export type DevnetEnvironment = ChainEnvironment

/** The executor targets of a devnet started by startDevnet or `accord devnet up`. */
export function devnetExecutionTargets(info: Pick<DevnetInfo, 'chains' | 'bridges' | 'relayer'>, options: { confirmations?: number; finalityTag?: FinalityTag } = {}): ExecutionTargets {
  return {
    chains: new Map(
      info.chains.map((chain) => [
        chain.chainId,
        {
          chainId: chain.chainId,
          name: chain.name,
          rpcUrl: chain.rpcUrl,
          router: chain.contracts.router,
          spoke: chain.contracts.spoke,
          ...(chain.contracts.uniswapV3 === undefined
            ? {}
            : { uniswapV3: { swapRouter: chain.contracts.uniswapV3.swapRouter, poolFees: new Map(chain.contracts.uniswapV3.pools.map((pool) => [pool.id, pool.fee])) } }),
          confirmations: options.confirmations ?? DEVNET_CONFIRMATIONS,
          finalityTag: options.finalityTag ?? 'safe',
          devnet: true,
        },
      ]),
    ),
    bridgeLiquidityHolders: devnetBridgeLiquidityHolders(info),
  }
}

/** Reads `devnet.json` (and the market file it names) from `devnetDir`; throws Accord errors for missing or invalid files. */
export async function loadDevnetEnvironment(devnetDir: string): Promise<DevnetEnvironment> {
  const info = await readDevnetFile(join(devnetDir, 'devnet.json'))
  const market = await loadMarketFile(info.marketFile ?? join(devnetDir, 'market.json'))
  return { market, targets: devnetExecutionTargets(info), account: devnetAccount(info.accounts.user.addressIndex) }
}
