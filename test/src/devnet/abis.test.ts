// The hand-written typed ABIs in src/devnet/abis.ts against the compiled artifacts they stand for:
// every function, event and constructor we declare must exist in the artifact with the same signature
// (for our own contracts, the artifact must have nothing we did not declare).
import { describe, expect, it } from 'vitest'
import type { Abi } from 'viem'
import { accordSpokeAbi, devnetTokenAbi, uniswapV2FactoryAbi, uniswapV2PairAbi, uniswapV2RouterAbi } from '../../../src/devnet/abis.ts'
import { loadContractArtifact, loadUniswapArtifact } from '../../../src/devnet/loadContractArtifact.ts'

interface Parameter {
  type: string
  indexed?: boolean
  components?: readonly Parameter[]
}

function canonical(parameter: Parameter): string {
  const type = parameter.type.startsWith('tuple')
    ? `(${(parameter.components ?? []).map(canonical).join(',')})${parameter.type.slice('tuple'.length)}`
    : parameter.type
  return parameter.indexed ? `${type} indexed` : type
}

/** `function deposit(address,uint256,…)`, `event Filled(uint256 indexed,…)`, `constructor(address)`; mutability and outputs ignored. */
function signatures(abi: Abi): Set<string> {
  return new Set(
    abi.flatMap((item) =>
      item.type === 'function' || item.type === 'event' || item.type === 'constructor'
        ? [`${item.type} ${'name' in item ? item.name : ''}(${(item.inputs as readonly Parameter[]).map(canonical).join(',')})`]
        : [],
    ),
  )
}

/** Function name → canonical output types. */
function outputs(abi: Abi): Map<string, string> {
  return new Map(abi.flatMap((item) => (item.type === 'function' ? [[item.name, (item.outputs as readonly Parameter[]).map(canonical).join(',')] as const] : [])))
}

describe('devnet ABIs', () => {
  it.each([
    ['AccordSpoke', accordSpokeAbi],
    ['DevnetToken', devnetTokenAbi],
  ] as const)('%s: abis.ts declares exactly the compiled contract’s interface', async (name, declared) => {
    const artifact = await loadContractArtifact(name)
    expect(signatures(declared as Abi)).toEqual(signatures(artifact.abi))
    expect(outputs(declared as Abi)).toEqual(outputs(artifact.abi))
  })

  it.each([
    ['UniswapV2Factory', uniswapV2FactoryAbi],
    ['UniswapV2Pair', uniswapV2PairAbi],
    ['UniswapV2Router02', uniswapV2RouterAbi],
  ] as const)('%s: every item abis.ts declares exists in the official npm build', (name, declared) => {
    const official = loadUniswapArtifact(name)
    const officialSignatures = signatures(official.abi)
    const officialOutputs = outputs(official.abi)
    for (const signature of signatures(declared as Abi)) expect(officialSignatures).toContain(signature)
    for (const [functionName, types] of outputs(declared as Abi)) expect(officialOutputs.get(functionName)).toBe(types)
  })
})
