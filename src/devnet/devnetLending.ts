// startDevnet's hook for the lending market: deploys Aave V3 and the vault on the chain the spec
// names (when the devnet has it), and adds their state, read from the chain, to the devnet market.
import type { Account } from 'viem'
import { withMarketVersion } from '../../solver/market/computeMarketVersion.ts'
import type { Market } from '../../solver/market/types.ts'
import { readLendingMarket, readVault } from '../market/readLendingMarket.ts'
import { createDevnetPublicClient } from './defineDevnetChain.ts'
import type { DeployDevnetChainReturnType } from './deployDevnetChain.ts'
import { DEVNET_LENDING_GAS_UNITS, type DevnetLendingSpec } from './devnetLendingDefaults.ts'
import { deployLendingMarket } from './deployLendingMarket.ts'
import type { DevnetChainInfo, DevnetChainSpec, DevnetInfo, DevnetLendingContracts, DevnetTokenSpec } from './types.ts'

/** Lending market venue id: `<network>:aave-v3`; the vault's: `<network>:vault:<SYMBOL>`. */
export function devnetLendingMarketId(network: string): string {
  return `${network}:aave-v3`
}
export function devnetVaultId(network: string, symbol: string): string {
  return `${network}:vault:${symbol}`
}

/** Deploys the lending market on `spec.chain`; undefined when there is no spec or no such chain. */
export async function deployDevnetLending(
  spec: DevnetLendingSpec | null,
  chainSpecs: readonly DevnetChainSpec[],
  nodes: readonly { rpcUrl: string }[],
  deployments: readonly DeployDevnetChainReturnType[],
  tokens: readonly DevnetTokenSpec[],
  deployer: Account,
): Promise<{ chainId: number; contracts: DevnetLendingContracts } | undefined> {
  if (!spec) return undefined
  const index = chainSpecs.findIndex((chain) => chain.name === spec.chain)
  if (index < 0) return undefined
  const chain = { ...(chainSpecs[index] as DevnetChainSpec), rpcUrl: (nodes[index] as { rpcUrl: string }).rpcUrl }
  const contracts = await deployLendingMarket({ chain, tokenAddresses: deployments[index]!.contracts.tokens, tokens, spec, deployer })
  return { chainId: chain.chainId, contracts }
}

/** The market with the lending market and vault of every chain that has them, read at the latest block. */
export async function withDevnetLending(market: Market, info: Pick<DevnetInfo, 'chains'>): Promise<Market> {
  const hosts = info.chains.filter((chain): chain is DevnetChainInfo & { contracts: { lending: DevnetLendingContracts } } => chain.contracts.lending !== undefined)
  if (hosts.length === 0) return market
  const read = await Promise.all(
    hosts.map(async (chain) => {
      const client = createDevnetPublicClient(chain)
      const blockNumber = await client.getBlockNumber()
      const lending = chain.contracts.lending
      return Promise.all([
        readLendingMarket({
          client,
          id: devnetLendingMarketId(chain.name),
          chainId: chain.chainId,
          pool: lending.pool,
          oracle: lending.oracle,
          supplyGasUnits: DEVNET_LENDING_GAS_UNITS.supply,
          borrowGasUnits: DEVNET_LENDING_GAS_UNITS.borrow,
          blockNumber,
        }),
        readVault({
          client,
          id: devnetVaultId(chain.name, lending.vault.assetSymbol),
          chainId: chain.chainId,
          address: lending.vault.address,
          depositGasUnits: DEVNET_LENDING_GAS_UNITS.vaultDeposit,
          blockNumber,
        }),
      ] as const)
    }),
  )
  const { version: _version, ...rest } = market
  return withMarketVersion({ ...rest, lendingMarkets: read.map(([lending]) => lending), vaults: read.map(([, vault]) => vault) })
}
