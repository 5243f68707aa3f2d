// Public face of the local devnet: anvil chains with Uniswap V2 and the AccordSpoke bridge, its relayer and CLI.
export type * from './types.ts'
export { startDevnet, devnetBridgeId, type Devnet, type DevnetChain, type StartDevnetParameters, type StartDevnetRelayerOptions } from './startDevnet.ts'
export {
  startRelayer,
  type Relayer,
  type RelayerChain,
  type RelayerDecision,
  type RelayerDeposit,
  type RelayerDepositState,
  type RelayerDepositStatus,
  type RelayerEvent,
  type RelayerPolicy,
  type RelayerRoute,
  type StartRelayerParameters,
} from './relayer.ts'
export { startAnvil, resolveAnvilBinary, findFreePort, type AnvilNode, type StartAnvilParameters } from './startAnvil.ts'
export { readDevnetFile } from './readDevnetFile.ts'
export { createDevnetClients } from './createDevnetClients.ts'
export { createDevnetPublicClient, createDevnetWalletClient, defineDevnetChain, type DevnetClientOptions } from './defineDevnetChain.ts'
export { devnetAccount, DEVNET_ACCOUNT_INDEX, DEVNET_MNEMONIC, type DevnetRole } from './devnetAccounts.ts'
export { devnetBridgeLiquidityHolders } from './devnetBridgeLiquidityHolders.ts'
export { devnetRelayerRoutes } from './devnetRelayerRoutes.ts'
export { accordSpokeAbi, devnetTokenAbi, uniswapV2FactoryAbi, uniswapV2PairAbi, uniswapV2RouterAbi, DEPOSIT_STATUS } from './abis.ts'
export { compileContracts, type ContractArtifact, type CompileContractsParameters, type CompileContractsReturnType } from './compileContracts.ts'
export { loadContractArtifact, loadUniswapArtifact, type OwnContractName, type UniswapContractName } from './loadContractArtifact.ts'
export { deployDevnetChain, devnetPoolId, type DeployDevnetChainParameters, type DeployDevnetChainReturnType } from './deployDevnetChain.ts'
export { buildDevnetMarket, type BuildDevnetMarketParameters } from './buildDevnetMarket.ts'
export { estimateRelayerLatency, type EstimateRelayerLatencyParameters } from './estimateRelayerLatency.ts'
export { DEVNET_BRIDGE_FEES, DEVNET_CHAINS, DEVNET_FUNDING_USD, DEVNET_GAS_UNITS, DEVNET_NATIVE_PRICE_USD, DEVNET_POOLS, DEVNET_TOKENS } from './devnetDefaults.ts'
export { snapshotDevnet, type DevnetSnapshot } from './snapshotDevnet.ts'
