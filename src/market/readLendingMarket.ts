// Reads an Aave V3 market's state from its Pool, oracle and tokens into the planner's LendingMarket:
// per reserve the configuration bitmap (LTV, liquidation threshold and bonus, flags, caps), indexes,
// rates, last update, the aToken's scaled supply plus the treasury's accrual, the variable debt, the
// underlying held by the aToken (available liquidity) and the oracle price. All reads of one call are
// pinned to one block.
import { parseAbi, type Address, type PublicClient } from 'viem'
import type { Erc4626Vault, LendingMarket, LendingReserve } from '../../solver/market/types.ts'

const poolAbi = parseAbi([
  'struct ReserveConfigurationMap { uint256 data; }',
  'struct ReserveData { ReserveConfigurationMap configuration; uint128 liquidityIndex; uint128 currentLiquidityRate; uint128 variableBorrowIndex; uint128 currentVariableBorrowRate; uint128 currentStableBorrowRate; uint40 lastUpdateTimestamp; uint16 id; address aTokenAddress; address stableDebtTokenAddress; address variableDebtTokenAddress; address interestRateStrategyAddress; uint128 accruedToTreasury; uint128 unbacked; uint128 isolationModeTotalDebt; }',
  'function getReserveData(address asset) view returns (ReserveData)',
  'function getReservesList() view returns (address[])',
])
const oracleAbi = parseAbi(['function getAssetPrice(address asset) view returns (uint256)', 'function BASE_CURRENCY_UNIT() view returns (uint256)'])
const tokenAbi = parseAbi([
  'function scaledTotalSupply() view returns (uint256)',
  'function totalSupply() view returns (uint256)',
  'function balanceOf(address owner) view returns (uint256)',
  'function decimals() view returns (uint8)',
])
const vaultAbi = parseAbi(['function asset() view returns (address)', 'function totalAssets() view returns (uint256)', 'function totalSupply() view returns (uint256)'])

/** Fields of ReserveConfiguration's bitmap: [first bit, width]. Source: aave-v3-core ReserveConfiguration.sol. */
const CONFIGURATION_BITS = {
  ltv: [0n, 16n],
  liquidationThreshold: [16n, 16n],
  liquidationBonus: [32n, 16n],
  decimals: [48n, 8n],
  active: [56n, 1n],
  frozen: [57n, 1n],
  borrowingEnabled: [58n, 1n],
  paused: [60n, 1n],
  borrowCap: [80n, 36n],
  supplyCap: [116n, 36n],
} as const

/** One field of an Aave ReserveConfigurationMap. */
export function reserveConfigurationField(data: bigint, field: keyof typeof CONFIGURATION_BITS): bigint {
  const [start, width] = CONFIGURATION_BITS[field]
  return (data >> start) & ((1n << width) - 1n)
}

export interface ReadLendingMarketParameters {
  client: PublicClient
  id: string
  chainId: number
  pool: Address
  oracle: Address
  supplyGasUnits: number
  borrowGasUnits: number
  /** Pin the reads to this block (default: latest). */
  blockNumber?: bigint
}

/** Reads every listed reserve of the Pool. Lets viem's errors through when the node does not answer. */
export async function readLendingMarket(parameters: ReadLendingMarketParameters): Promise<LendingMarket> {
  const { client, pool, oracle } = parameters
  const blockNumber = parameters.blockNumber ?? (await client.getBlockNumber())
  const at = { blockNumber }
  const [assets, baseCurrencyUnit] = await Promise.all([
    client.readContract({ address: pool, abi: poolAbi, functionName: 'getReservesList', ...at }),
    client.readContract({ address: oracle, abi: oracleAbi, functionName: 'BASE_CURRENCY_UNIT', ...at }),
  ])
  const reserves = await Promise.all(
    assets.map(async (asset): Promise<LendingReserve> => {
      const [data, price] = await Promise.all([
        client.readContract({ address: pool, abi: poolAbi, functionName: 'getReserveData', args: [asset], ...at }),
        client.readContract({ address: oracle, abi: oracleAbi, functionName: 'getAssetPrice', args: [asset], ...at }),
      ])
      const [scaledSupply, scaledVariableDebt, stableDebt, available] = await Promise.all([
        client.readContract({ address: data.aTokenAddress, abi: tokenAbi, functionName: 'scaledTotalSupply', ...at }),
        client.readContract({ address: data.variableDebtTokenAddress, abi: tokenAbi, functionName: 'scaledTotalSupply', ...at }),
        client.readContract({ address: data.stableDebtTokenAddress, abi: tokenAbi, functionName: 'totalSupply', ...at }),
        client.readContract({ address: asset, abi: tokenAbi, functionName: 'balanceOf', args: [data.aTokenAddress], ...at }),
      ])
      const configuration = data.configuration.data
      const field = (name: keyof typeof CONFIGURATION_BITS) => reserveConfigurationField(configuration, name)
      return {
        token: asset.toLowerCase() as Address,
        decimals: Number(field('decimals')),
        ltvBps: Number(field('ltv')),
        liquidationThresholdBps: Number(field('liquidationThreshold')),
        liquidationBonusBps: Number(field('liquidationBonus')),
        active: field('active') === 1n,
        frozen: field('frozen') === 1n,
        borrowingEnabled: field('borrowingEnabled') === 1n,
        paused: field('paused') === 1n,
        priceBase: price,
        liquidityIndexRay: data.liquidityIndex,
        variableBorrowIndexRay: data.variableBorrowIndex,
        liquidityRateRay: data.currentLiquidityRate,
        variableBorrowRateRay: data.currentVariableBorrowRate,
        lastUpdateTimestamp: Number(data.lastUpdateTimestamp),
        scaledSuppliedRaw: scaledSupply + data.accruedToTreasury,
        scaledVariableDebtRaw: scaledVariableDebt,
        totalStableDebtRaw: stableDebt,
        availableLiquidityRaw: available,
        supplyCapTokens: field('supplyCap'),
        borrowCapTokens: field('borrowCap'),
        aToken: data.aTokenAddress.toLowerCase() as Address,
        variableDebtToken: data.variableDebtTokenAddress.toLowerCase() as Address,
      }
    }),
  )
  return {
    kind: 'lending',
    id: parameters.id,
    protocol: 'aave-v3',
    chainId: parameters.chainId,
    pool: pool.toLowerCase() as Address,
    oracle: oracle.toLowerCase() as Address,
    baseCurrencyUnit,
    reserves,
    supplyGasUnits: parameters.supplyGasUnits,
    borrowGasUnits: parameters.borrowGasUnits,
  }
}

/** Reads an ERC-4626 vault's totals (OpenZeppelin's ERC4626 with decimals offset 0). */
export async function readVault(parameters: {
  client: PublicClient
  id: string
  chainId: number
  address: Address
  depositGasUnits: number
  blockNumber?: bigint
}): Promise<Erc4626Vault> {
  const { client, address } = parameters
  const at = parameters.blockNumber === undefined ? {} : { blockNumber: parameters.blockNumber }
  const [asset, totalAssets, totalSupply] = await Promise.all([
    client.readContract({ address, abi: vaultAbi, functionName: 'asset', ...at }),
    client.readContract({ address, abi: vaultAbi, functionName: 'totalAssets', ...at }),
    client.readContract({ address, abi: vaultAbi, functionName: 'totalSupply', ...at }),
  ])
  return {
    kind: 'erc4626',
    id: parameters.id,
    chainId: parameters.chainId,
    address: address.toLowerCase() as Address,
    asset: asset.toLowerCase() as Address,
    totalAssetsRaw: totalAssets,
    totalSupplyRaw: totalSupply,
    decimalsOffset: 0,
    depositGasUnits: parameters.depositGasUnits,
  }
}
