// Deploys Aave V3 from its published package (@aave/core-v3) on one devnet chain — addresses provider,
// ACL manager, Pool and PoolConfigurator behind their proxies with linked logic libraries, AaveOracle
// over one MockAggregator price source per asset, a default interest-rate strategy per reserve, the
// reserves' risk parameters and caps — seeds each reserve with the deployer's supply, and deploys an
// ERC-4626 vault (OpenZeppelin's ERC4626, src/devnet/contracts/DevnetVault.sol). The order follows
// aave/aave-v3-deploy (deploy/01_periphery_pre … 03_init): provider, ACL, libraries, pool, configurator,
// oracle, token implementations, initReserves, configure.
import { encodeDeployData, encodeFunctionData, getContractAddress, maxUint256, parseUnits, type Account, type Address } from 'viem'
import { floatToRaw } from '../../solver/amounts.ts'
import { BaseError } from '../../solver/errors.ts'
import { devnetTokenAbi } from './abis.ts'
import { createDevnetPublicClient } from './defineDevnetChain.ts'
import { createDeploymentRequests, sendBatch } from './deployDevnetChain.ts'
import type { DevnetLendingSpec } from './devnetLendingDefaults.ts'
import {
  aaveAclManagerAbi,
  aaveMockAggregatorAbi,
  aaveOracleAbi,
  aavePoolAbi,
  aavePoolAddressesProviderAbi,
  aavePoolConfiguratorAbi,
  erc4626Abi,
} from '../market/chain/lendingAbis.ts'
import { linkAaveBytecode, loadAaveArtifact, type AaveContractName } from './loadAaveArtifact.ts'
import { loadContractArtifact } from './loadContractArtifact.ts'
import type { DevnetChainSpec, DevnetLendingContracts, DevnetTokenSpec } from './types.ts'

export interface DeployLendingMarketParameters {
  chain: DevnetChainSpec & { rpcUrl: string }
  /** Token addresses on this chain, by symbol (already deployed). */
  tokenAddresses: Readonly<Record<string, Address>>
  tokens: readonly DevnetTokenSpec[]
  spec: DevnetLendingSpec
  deployer: Account
}

/** AaveOracle's base currency: USD with 8 decimals (address(0) as baseCurrency, as on Aave V3 markets priced in USD). */
export const AAVE_BASE_CURRENCY_UNIT = 100_000_000n

/**
 * Gas limits for transactions sent back to back without estimation (as in deployDevnetChain); each
 * is well above what the deployment uses, so a too-low limit shows up as a failed receipt.
 */
const GAS = { library: 6_000_000n, pool: 8_000_000n, large: 8_000_000n, medium: 3_000_000n, small: 500_000n, initReserve: 6_000_000n, supply: 600_000n } as const

const RAY_DECIMALS = 27

function ray(fraction: number): bigint {
  return parseUnits(fraction.toString(), RAY_DECIMALS)
}

/** Deploys and configures the market and the vault; checks the proxies' addresses against the provider afterwards. */
export async function deployLendingMarket(parameters: DeployLendingMarketParameters): Promise<DevnetLendingContracts> {
  const { chain, tokenAddresses, tokens, spec, deployer } = parameters
  const publicClient = createDevnetPublicClient(chain)
  const tokenBySymbol = new Map(tokens.map((token) => [token.symbol, token]))
  for (const reserve of spec.reserves)
    if (!tokenBySymbol.has(reserve.symbol) || !tokenAddresses[reserve.symbol])
      throw new BaseError('INVALID_ARGUMENT', `Lending reserve ${reserve.symbol} names a token the devnet does not deploy.`)
  const vaultAsset = tokenAddresses[spec.vaultAsset]
  if (!vaultAsset) throw new BaseError('INVALID_ARGUMENT', `Vault asset ${spec.vaultAsset} is not a devnet token.`)
  const vaultArtifact = await loadContractArtifact('DevnetVault')

  const { requests, deploy, call } = createDeploymentRequests(
    deployer.address,
    BigInt(await publicClient.getTransactionCount({ address: deployer.address, blockTag: 'pending' })),
  )
  const deployAave = (name: AaveContractName, args: readonly unknown[], gas: bigint, libraries: Partial<Record<AaveContractName, Address>> = {}): Address => {
    const artifact = loadAaveArtifact(name)
    const bytecode = artifact.libraries.length > 0 ? linkAaveBytecode(name, libraries) : artifact.bytecode
    return deploy(encodeDeployData({ abi: artifact.abi, bytecode, args } as Parameters<typeof encodeDeployData>[0]), gas, `deploy ${name}`)
  }

  const provider = deployAave('PoolAddressesProvider', [spec.marketId, deployer.address], GAS.medium)
  call(provider, encodeFunctionData({ abi: aavePoolAddressesProviderAbi, functionName: 'setACLAdmin', args: [deployer.address] }), GAS.small, 'setACLAdmin')
  const aclManager = deployAave('ACLManager', [provider], GAS.medium)
  call(provider, encodeFunctionData({ abi: aavePoolAddressesProviderAbi, functionName: 'setACLManager', args: [aclManager] }), GAS.small, 'setACLManager')
  call(aclManager, encodeFunctionData({ abi: aaveAclManagerAbi, functionName: 'addPoolAdmin', args: [deployer.address] }), GAS.small, 'addPoolAdmin')

  const libraries: Partial<Record<AaveContractName, Address>> = {}
  for (const name of ['SupplyLogic', 'BorrowLogic', 'LiquidationLogic', 'EModeLogic', 'BridgeLogic', 'PoolLogic', 'ConfiguratorLogic'] as const)
    libraries[name] = deployAave(name, [], GAS.library)
  libraries.FlashLoanLogic = deployAave('FlashLoanLogic', [], GAS.library, libraries)

  // The provider creates each proxy with CREATE; a contract's nonce starts at 1 (EIP-161).
  const poolImplementation = deployAave('Pool', [provider], GAS.pool, libraries)
  call(provider, encodeFunctionData({ abi: aavePoolAddressesProviderAbi, functionName: 'setPoolImpl', args: [poolImplementation] }), GAS.medium, 'setPoolImpl')
  const pool = getContractAddress({ from: provider, nonce: 1n })
  const configuratorImplementation = deployAave('PoolConfigurator', [], GAS.large, libraries)
  call(
    provider,
    encodeFunctionData({ abi: aavePoolAddressesProviderAbi, functionName: 'setPoolConfiguratorImpl', args: [configuratorImplementation] }),
    GAS.medium,
    'setPoolConfiguratorImpl',
  )
  const poolConfigurator = getContractAddress({ from: provider, nonce: 2n })

  const assets = spec.reserves.map((reserve) => tokenAddresses[reserve.symbol] as Address)
  const aggregators = spec.reserves.map((reserve) =>
    deployAave('MockAggregator', [floatToRaw((tokenBySymbol.get(reserve.symbol) as DevnetTokenSpec).priceUsd, 8)], GAS.medium),
  )
  const zero = '0x0000000000000000000000000000000000000000' as Address
  const oracle = deployAave('AaveOracle', [provider, assets, aggregators, zero, zero, AAVE_BASE_CURRENCY_UNIT], GAS.medium)
  call(provider, encodeFunctionData({ abi: aavePoolAddressesProviderAbi, functionName: 'setPriceOracle', args: [oracle] }), GAS.small, 'setPriceOracle')
  const dataProvider = deployAave('AaveProtocolDataProvider', [provider], GAS.medium)
  call(provider, encodeFunctionData({ abi: aavePoolAddressesProviderAbi, functionName: 'setPoolDataProvider', args: [dataProvider] }), GAS.small, 'setPoolDataProvider')

  const aTokenImplementation = deployAave('AToken', [pool], GAS.large)
  const stableDebtImplementation = deployAave('StableDebtToken', [pool], GAS.large)
  const variableDebtImplementation = deployAave('VariableDebtToken', [pool], GAS.large)
  const strategies = spec.reserves.map((reserve) => {
    const rate = reserve.interestRate
    return deployAave(
      'DefaultReserveInterestRateStrategy',
      [
        provider,
        ray(rate.optimalUsageRatio),
        ray(rate.baseVariableBorrowRate),
        ray(rate.variableRateSlope1),
        ray(rate.variableRateSlope2),
        ray(rate.stableRateSlope1),
        ray(rate.stableRateSlope2),
        ray(rate.baseStableRateOffset),
        ray(rate.stableRateExcessOffset),
        ray(rate.optimalStableToTotalDebtRatio),
      ],
      GAS.medium,
    )
  })

  call(
    poolConfigurator,
    encodeFunctionData({
      abi: aavePoolConfiguratorAbi,
      functionName: 'initReserves',
      args: [
        spec.reserves.map((reserve, i) => ({
          aTokenImpl: aTokenImplementation,
          stableDebtTokenImpl: stableDebtImplementation,
          variableDebtTokenImpl: variableDebtImplementation,
          underlyingAssetDecimals: (tokenBySymbol.get(reserve.symbol) as DevnetTokenSpec).decimals,
          interestRateStrategyAddress: strategies[i] as Address,
          underlyingAsset: assets[i] as Address,
          treasury: deployer.address,
          incentivesController: zero,
          aTokenName: `Aave Devnet ${reserve.symbol}`,
          aTokenSymbol: `a${reserve.symbol}`,
          variableDebtTokenName: `Aave Devnet Variable Debt ${reserve.symbol}`,
          variableDebtTokenSymbol: `variableDebt${reserve.symbol}`,
          stableDebtTokenName: `Aave Devnet Stable Debt ${reserve.symbol}`,
          stableDebtTokenSymbol: `stableDebt${reserve.symbol}`,
          params: '0x' as const,
        })),
      ],
    }),
    GAS.initReserve * BigInt(spec.reserves.length),
    'initReserves',
  )
  spec.reserves.forEach((reserve, i) => {
    const asset = assets[i] as Address
    const configure = (functionName: string, args: readonly unknown[]) =>
      call(
        poolConfigurator,
        encodeFunctionData({ abi: aavePoolConfiguratorAbi, functionName, args } as Parameters<typeof encodeFunctionData>[0]),
        GAS.small,
        `${functionName} ${reserve.symbol}`,
      )
    configure('configureReserveAsCollateral', [asset, BigInt(reserve.ltvBps), BigInt(reserve.liquidationThresholdBps), BigInt(reserve.liquidationBonusBps)])
    configure('setReserveBorrowing', [asset, reserve.borrowingEnabled])
    configure('setReserveFactor', [asset, BigInt(reserve.reserveFactorBps)])
    configure('setSupplyCap', [asset, BigInt(reserve.supplyCapTokens)])
    configure('setBorrowCap', [asset, BigInt(reserve.borrowCapTokens)])
    const token = tokenBySymbol.get(reserve.symbol) as DevnetTokenSpec
    const seed = floatToRaw(reserve.seedSupplyUsd / token.priceUsd, token.decimals)
    call(asset, encodeFunctionData({ abi: devnetTokenAbi, functionName: 'mint', args: [deployer.address, seed] }), GAS.small, `mint seed ${reserve.symbol}`)
    call(asset, encodeFunctionData({ abi: devnetTokenAbi, functionName: 'approve', args: [pool, maxUint256] }), GAS.small, `approve pool ${reserve.symbol}`)
    call(pool, encodeFunctionData({ abi: aavePoolAbi, functionName: 'supply', args: [asset, seed, deployer.address, 0] }), GAS.supply, `seed supply ${reserve.symbol}`)
  })

  const vault = deploy(
    encodeDeployData({ abi: erc4626Abi, bytecode: vaultArtifact.bytecode, args: [vaultAsset, `Accord Devnet ${spec.vaultAsset} Vault`, `av${spec.vaultAsset}`] }),
    GAS.large,
    'deploy DevnetVault',
  )
  await sendBatch(chain, deployer, requests)

  const [onChainPool, onChainConfigurator, reserveData] = await Promise.all([
    publicClient.readContract({ address: provider, abi: aavePoolAddressesProviderAbi, functionName: 'getPool' }),
    publicClient.readContract({ address: provider, abi: aavePoolAddressesProviderAbi, functionName: 'getPoolConfigurator' }),
    Promise.all(assets.map((asset) => publicClient.readContract({ address: pool, abi: aavePoolAbi, functionName: 'getReserveData', args: [asset] }))),
  ])
  if (onChainPool.toLowerCase() !== pool.toLowerCase() || onChainConfigurator.toLowerCase() !== poolConfigurator.toLowerCase())
    throw new BaseError('INTERNAL', `Aave proxies are at ${onChainPool} / ${onChainConfigurator}, not at the predicted ${pool} / ${poolConfigurator}.`)

  const reserves: Record<string, DevnetLendingContracts['reserves'][string]> = {}
  spec.reserves.forEach((reserve, i) => {
    const data = reserveData[i]!
    reserves[reserve.symbol] = {
      aToken: data.aTokenAddress,
      variableDebtToken: data.variableDebtTokenAddress,
      stableDebtToken: data.stableDebtTokenAddress,
      aggregator: aggregators[i] as Address,
      interestRateStrategy: strategies[i] as Address,
    }
  })
  return {
    marketId: spec.marketId,
    poolAddressesProvider: provider,
    aclManager,
    pool,
    poolConfigurator,
    oracle,
    dataProvider,
    reserves,
    vault: { address: vault, assetSymbol: spec.vaultAsset },
  }
}

/**
 * Points the oracle's source for `asset` at a fresh MockAggregator answering `priceBase` (8 decimals):
 * the devnet's settable price (AaveOracle.setAssetSources, callable by the pool admin, i.e. the deployer).
 */
export async function setLendingOraclePrice(
  chain: { chainId: number; name: string; rpcUrl: string },
  deployer: Account,
  oracle: Address,
  asset: Address,
  priceBase: bigint,
): Promise<Address> {
  const publicClient = createDevnetPublicClient(chain)
  const nonce = BigInt(await publicClient.getTransactionCount({ address: deployer.address, blockTag: 'pending' }))
  const aggregator = getContractAddress({ from: deployer.address, nonce })
  const artifact = loadAaveArtifact('MockAggregator')
  await sendBatch(chain, deployer, [
    { data: encodeDeployData({ abi: aaveMockAggregatorAbi, bytecode: artifact.bytecode, args: [priceBase] }), gas: GAS.medium, label: 'deploy MockAggregator' },
    { to: oracle, data: encodeFunctionData({ abi: aaveOracleAbi, functionName: 'setAssetSources', args: [[asset], [aggregator]] }), gas: GAS.small, label: 'setAssetSources' },
  ])
  return aggregator
}

