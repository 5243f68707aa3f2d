// The hand-written Aave V3 and ERC-4626 ABIs in src/market/chain/lendingAbis.ts against the published
// artifacts (@aave/core-v3) and our compiled DevnetVault: every declared function and constructor
// exists there with the same inputs and outputs.
import { describe, expect, it } from 'vitest'
import type { Abi } from 'viem'
import {
  aaveAclManagerAbi,
  aaveInterestRateStrategyAbi,
  aaveMockAggregatorAbi,
  aaveOracleAbi,
  aavePoolAbi,
  aavePoolAddressesProviderAbi,
  aavePoolConfiguratorAbi,
  aaveTokenConstructorAbi,
  erc4626Abi,
  scaledBalanceTokenAbi,
} from '../../../../src/market/chain/lendingAbis.ts'
import { loadAaveArtifact, type AaveContractName } from '../../../../src/devnet/loadAaveArtifact.ts'
import { loadContractArtifact } from '../../../../src/devnet/loadContractArtifact.ts'

interface Parameter {
  type: string
  components?: readonly Parameter[]
}

const canonical = (parameter: Parameter): string =>
  parameter.type.startsWith('tuple') ? `(${(parameter.components ?? []).map(canonical).join(',')})${parameter.type.slice('tuple'.length)}` : parameter.type

function signatures(abi: Abi): Set<string> {
  return new Set(
    abi.flatMap((item) =>
      item.type === 'function' || item.type === 'constructor'
        ? [
            `${item.type} ${'name' in item ? item.name : ''}(${(item.inputs as readonly Parameter[]).map(canonical).join(',')})${
              item.type === 'function' ? ` → (${(item.outputs as readonly Parameter[]).map(canonical).join(',')})` : ''
            }`,
          ]
        : [],
    ),
  )
}

describe('lending ABIs', () => {
  it.each([
    ['Pool', aavePoolAbi],
    ['PoolAddressesProvider', aavePoolAddressesProviderAbi],
    ['ACLManager', aaveAclManagerAbi],
    ['PoolConfigurator', aavePoolConfiguratorAbi],
    ['AaveOracle', aaveOracleAbi],
    ['MockAggregator', aaveMockAggregatorAbi],
    ['DefaultReserveInterestRateStrategy', aaveInterestRateStrategyAbi],
    ['AToken', aaveTokenConstructorAbi],
    ['AToken', scaledBalanceTokenAbi],
    ['VariableDebtToken', scaledBalanceTokenAbi],
  ] as const)('%s has every declared signature', (name, declared) => {
    const published = signatures(loadAaveArtifact(name as AaveContractName).abi)
    for (const signature of signatures(declared as Abi)) expect(published).toContain(signature)
  })

  it('DevnetVault (OpenZeppelin ERC4626) has every declared signature', async () => {
    const compiled = signatures((await loadContractArtifact('DevnetVault')).abi)
    for (const signature of signatures(erc4626Abi as Abi)) expect(compiled).toContain(signature)
  })
})
