// The lending market and vault the devnet deploys on one chain: which chain, each reserve's risk
// parameters, interest-rate strategy, caps and seeded liquidity. Devnet assumptions of the same order
// as Aave V3's published parameters for these assets, not measurements of a live market.
export interface DevnetInterestRateSpec {
  /** Fractions (0.9 = 90 %); written to the strategy as rays. */
  readonly optimalUsageRatio: number
  readonly baseVariableBorrowRate: number
  readonly variableRateSlope1: number
  readonly variableRateSlope2: number
  readonly stableRateSlope1: number
  readonly stableRateSlope2: number
  readonly baseStableRateOffset: number
  readonly stableRateExcessOffset: number
  readonly optimalStableToTotalDebtRatio: number
}

export interface DevnetReserveSpec {
  readonly symbol: string
  /** Two decimals (8000 = 80 %), as PoolConfigurator.configureReserveAsCollateral takes them. */
  readonly ltvBps: number
  readonly liquidationThresholdBps: number
  readonly liquidationBonusBps: number
  readonly reserveFactorBps: number
  /** Whole tokens; 0 = no cap. */
  readonly supplyCapTokens: number
  readonly borrowCapTokens: number
  readonly borrowingEnabled: boolean
  readonly interestRate: DevnetInterestRateSpec
  /** USD value the deployer supplies at deployment, so there is liquidity to borrow. */
  readonly seedSupplyUsd: number
}

export interface DevnetLendingSpec {
  /** Devnet chain name that hosts the market (the fast 250 ms chain, standing for Arbitrum). */
  readonly chain: string
  readonly marketId: string
  readonly reserves: readonly DevnetReserveSpec[]
  /** Underlying of the ERC-4626 vault deployed beside it. */
  readonly vaultAsset: string
}

/** aave/aave-v3-deploy markets/aave/rateStrategies.ts `rateStrategyStableOne`. */
export const RATE_STRATEGY_STABLE_ONE: DevnetInterestRateSpec = {
  optimalUsageRatio: 0.9,
  baseVariableBorrowRate: 0,
  variableRateSlope1: 0.04,
  variableRateSlope2: 0.6,
  stableRateSlope1: 0.005,
  stableRateSlope2: 0.6,
  baseStableRateOffset: 0.01,
  stableRateExcessOffset: 0.08,
  optimalStableToTotalDebtRatio: 0.2,
}

/** aave/aave-v3-deploy markets/aave/rateStrategies.ts `rateStrategyVolatileOne`. */
export const RATE_STRATEGY_VOLATILE_ONE: DevnetInterestRateSpec = {
  optimalUsageRatio: 0.45,
  baseVariableBorrowRate: 0,
  variableRateSlope1: 0.07,
  variableRateSlope2: 3,
  stableRateSlope1: 0.07,
  stableRateSlope2: 3,
  baseStableRateOffset: 0.02,
  stableRateExcessOffset: 0.05,
  optimalStableToTotalDebtRatio: 0.2,
}

export const DEVNET_LENDING: DevnetLendingSpec = {
  chain: 'devnet-c',
  marketId: 'Accord Devnet',
  reserves: [
    {
      symbol: 'USDC',
      ltvBps: 8000,
      liquidationThresholdBps: 8500,
      liquidationBonusBps: 10500,
      reserveFactorBps: 1000,
      supplyCapTokens: 2_000_000,
      borrowCapTokens: 1_800_000,
      borrowingEnabled: true,
      interestRate: RATE_STRATEGY_STABLE_ONE,
      seedSupplyUsd: 1_000_000,
    },
    {
      symbol: 'USDT',
      ltvBps: 7500,
      liquidationThresholdBps: 8000,
      liquidationBonusBps: 10500,
      reserveFactorBps: 1000,
      supplyCapTokens: 2_000_000,
      borrowCapTokens: 1_800_000,
      borrowingEnabled: true,
      interestRate: RATE_STRATEGY_STABLE_ONE,
      seedSupplyUsd: 1_000_000,
    },
    {
      symbol: 'WETH',
      ltvBps: 8000,
      liquidationThresholdBps: 8250,
      liquidationBonusBps: 10500,
      reserveFactorBps: 1500,
      supplyCapTokens: 2_000,
      borrowCapTokens: 1_000,
      borrowingEnabled: true,
      interestRate: RATE_STRATEGY_VOLATILE_ONE,
      seedSupplyUsd: 1_500_000,
    },
  ],
  vaultAsset: 'USDC',
}

/** Gas of Pool.supply, Pool.borrow (variable) and ERC4626.deposit on this devnet (anvil 1.7.1), with headroom; re-measured by the devnet lending test. */
export const DEVNET_LENDING_GAS_UNITS = { supply: 260_000, borrow: 330_000, vaultDeposit: 120_000 } as const
