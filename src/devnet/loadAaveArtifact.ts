// Official Aave V3 builds from the published npm package @aave/core-v3 (Hardhat artifacts, unmodified),
// with the external libraries of Pool and PoolConfigurator linked into the bytecode at deploy time.
import { createRequire } from 'node:module'
import type { Abi, Address, Hex } from 'viem'
import { BaseError } from '../../solver/errors.ts'

const require = createRequire(import.meta.url)

/** Artifact paths inside @aave/core-v3/artifacts/contracts. */
const AAVE_ARTIFACT_PATHS = {
  PoolAddressesProvider: 'protocol/configuration/PoolAddressesProvider.sol/PoolAddressesProvider.json',
  ACLManager: 'protocol/configuration/ACLManager.sol/ACLManager.json',
  Pool: 'protocol/pool/Pool.sol/Pool.json',
  PoolConfigurator: 'protocol/pool/PoolConfigurator.sol/PoolConfigurator.json',
  AToken: 'protocol/tokenization/AToken.sol/AToken.json',
  VariableDebtToken: 'protocol/tokenization/VariableDebtToken.sol/VariableDebtToken.json',
  StableDebtToken: 'protocol/tokenization/StableDebtToken.sol/StableDebtToken.json',
  DefaultReserveInterestRateStrategy: 'protocol/pool/DefaultReserveInterestRateStrategy.sol/DefaultReserveInterestRateStrategy.json',
  AaveOracle: 'misc/AaveOracle.sol/AaveOracle.json',
  AaveProtocolDataProvider: 'misc/AaveProtocolDataProvider.sol/AaveProtocolDataProvider.json',
  MockAggregator: 'mocks/oracle/CLAggregators/MockAggregator.sol/MockAggregator.json',
  SupplyLogic: 'protocol/libraries/logic/SupplyLogic.sol/SupplyLogic.json',
  BorrowLogic: 'protocol/libraries/logic/BorrowLogic.sol/BorrowLogic.json',
  LiquidationLogic: 'protocol/libraries/logic/LiquidationLogic.sol/LiquidationLogic.json',
  EModeLogic: 'protocol/libraries/logic/EModeLogic.sol/EModeLogic.json',
  BridgeLogic: 'protocol/libraries/logic/BridgeLogic.sol/BridgeLogic.json',
  PoolLogic: 'protocol/libraries/logic/PoolLogic.sol/PoolLogic.json',
  FlashLoanLogic: 'protocol/libraries/logic/FlashLoanLogic.sol/FlashLoanLogic.json',
  ConfiguratorLogic: 'protocol/libraries/logic/ConfiguratorLogic.sol/ConfiguratorLogic.json',
} as const

export type AaveContractName = keyof typeof AAVE_ARTIFACT_PATHS

interface HardhatArtifact {
  contractName: string
  abi: Abi
  bytecode: Hex
  /** source → library → byte offsets (in the bytecode without 0x) of 20-byte placeholders. */
  linkReferences: Record<string, Record<string, { start: number; length: number }[]>>
}

export interface AaveArtifact {
  readonly abi: Abi
  readonly bytecode: Hex
  /** Names of the libraries this bytecode must be linked against. */
  readonly libraries: readonly AaveContractName[]
}

function readArtifact(name: AaveContractName): HardhatArtifact {
  return require(`@aave/core-v3/artifacts/contracts/${AAVE_ARTIFACT_PATHS[name]}`) as HardhatArtifact
}

/** An Aave artifact with its library placeholders still in place, and the names of those libraries. */
export function loadAaveArtifact(name: AaveContractName): AaveArtifact {
  const artifact = readArtifact(name)
  const libraries = Object.values(artifact.linkReferences).flatMap((byLibrary) => Object.keys(byLibrary)) as AaveContractName[]
  return { abi: artifact.abi, bytecode: artifact.bytecode, libraries }
}

/**
 * The creation bytecode of `name` with every library placeholder replaced by the library's address,
 * at the offsets the artifact's linkReferences give (as Hardhat's linkBytecode does).
 * Throws INTERNAL when an address for a referenced library is missing.
 */
export function linkAaveBytecode(name: AaveContractName, libraries: Readonly<Partial<Record<AaveContractName, Address>>>): Hex {
  const artifact = readArtifact(name)
  let code = artifact.bytecode.slice(2)
  for (const byLibrary of Object.values(artifact.linkReferences))
    for (const [library, references] of Object.entries(byLibrary)) {
      const address = libraries[library as AaveContractName]
      if (!address) throw new BaseError('INTERNAL', `${name} needs library ${library} linked, and no address was given for it.`)
      const hex = address.slice(2).toLowerCase()
      for (const { start, length } of references) code = code.slice(0, start * 2) + hex + code.slice((start + length) * 2)
    }
  return `0x${code}`
}
