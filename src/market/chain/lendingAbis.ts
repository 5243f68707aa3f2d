// Typed ABIs (viem human-readable form) of the Aave V3 and ERC-4626 functions the devnet, the market
// reader and the executor call. Signatures from @aave/core-v3 (interfaces/IPool.sol, IPoolConfigurator.sol,
// IAaveOracle.sol, IPoolAddressesProvider.sol, IACLManager.sol) and EIP-4626;
// test/src/devnet/lendingAbis.test.ts checks them against the packages' artifacts.
import { parseAbi } from 'viem'

export const aavePoolAbi = parseAbi([
  'struct ReserveConfigurationMap { uint256 data; }',
  'struct ReserveData { ReserveConfigurationMap configuration; uint128 liquidityIndex; uint128 currentLiquidityRate; uint128 variableBorrowIndex; uint128 currentVariableBorrowRate; uint128 currentStableBorrowRate; uint40 lastUpdateTimestamp; uint16 id; address aTokenAddress; address stableDebtTokenAddress; address variableDebtTokenAddress; address interestRateStrategyAddress; uint128 accruedToTreasury; uint128 unbacked; uint128 isolationModeTotalDebt; }',
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
  'function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
  'function getReserveData(address asset) view returns (ReserveData)',
  'function getReserveNormalizedIncome(address asset) view returns (uint256)',
  'function getReserveNormalizedVariableDebt(address asset) view returns (uint256)',
  'function getReservesList() view returns (address[])',
])

export const aavePoolAddressesProviderAbi = parseAbi([
  'constructor(string marketId, address owner)',
  'function setACLAdmin(address newAclAdmin)',
  'function setACLManager(address newAclManager)',
  'function setPoolImpl(address newPoolImpl)',
  'function setPoolConfiguratorImpl(address newPoolConfiguratorImpl)',
  'function setPriceOracle(address newPriceOracle)',
  'function setPoolDataProvider(address newDataProvider)',
  'function getPool() view returns (address)',
  'function getPoolConfigurator() view returns (address)',
  'function getPriceOracle() view returns (address)',
])

export const aaveAclManagerAbi = parseAbi(['constructor(address provider)', 'function addPoolAdmin(address admin)', 'function isPoolAdmin(address admin) view returns (bool)'])

export const aavePoolConfiguratorAbi = parseAbi([
  'struct InitReserveInput { address aTokenImpl; address stableDebtTokenImpl; address variableDebtTokenImpl; uint8 underlyingAssetDecimals; address interestRateStrategyAddress; address underlyingAsset; address treasury; address incentivesController; string aTokenName; string aTokenSymbol; string variableDebtTokenName; string variableDebtTokenSymbol; string stableDebtTokenName; string stableDebtTokenSymbol; bytes params; }',
  'function initReserves(InitReserveInput[] input)',
  'function configureReserveAsCollateral(address asset, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus)',
  'function setReserveBorrowing(address asset, bool enabled)',
  'function setReserveFactor(address asset, uint256 newReserveFactor)',
  'function setBorrowCap(address asset, uint256 newBorrowCap)',
  'function setSupplyCap(address asset, uint256 newSupplyCap)',
])

export const aaveOracleAbi = parseAbi([
  'constructor(address provider, address[] assets, address[] sources, address fallbackOracle, address baseCurrency, uint256 baseCurrencyUnit)',
  'function getAssetPrice(address asset) view returns (uint256)',
  'function setAssetSources(address[] assets, address[] sources)',
  'function BASE_CURRENCY_UNIT() view returns (uint256)',
])

export const aaveMockAggregatorAbi = parseAbi(['constructor(int256 initialAnswer)', 'function latestAnswer() view returns (int256)'])

export const aaveInterestRateStrategyAbi = parseAbi([
  'constructor(address provider, uint256 optimalUsageRatio, uint256 baseVariableBorrowRate, uint256 variableRateSlope1, uint256 variableRateSlope2, uint256 stableRateSlope1, uint256 stableRateSlope2, uint256 baseStableRateOffset, uint256 stableRateExcessOffset, uint256 optimalStableToTotalDebtRatio)',
])

export const aaveTokenConstructorAbi = parseAbi(['constructor(address pool)'])

export const scaledBalanceTokenAbi = parseAbi([
  'function scaledBalanceOf(address user) view returns (uint256)',
  'function scaledTotalSupply() view returns (uint256)',
  'function balanceOf(address user) view returns (uint256)',
  'function totalSupply() view returns (uint256)',
])

/** EIP-4626 (src/devnet/contracts/DevnetVault.sol inherits OpenZeppelin's ERC4626). */
export const erc4626Abi = parseAbi([
  'constructor(address asset_, string name_, string symbol_)',
  'function asset() view returns (address)',
  'function totalAssets() view returns (uint256)',
  'function totalSupply() view returns (uint256)',
  'function balanceOf(address owner) view returns (uint256)',
  'function decimals() view returns (uint8)',
  'function previewDeposit(uint256 assets) view returns (uint256)',
  'function convertToAssets(uint256 shares) view returns (uint256)',
  'function deposit(uint256 assets, address receiver) returns (uint256 shares)',
])
