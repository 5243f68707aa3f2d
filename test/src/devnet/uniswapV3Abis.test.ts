// The hand-written Uniswap V3 ABIs in src/market/chain/uniswapV3Abis.ts against the npm artifacts they stand for: every
// function, event and constructor declared must exist in the artifact with the same inputs and outputs.
import { describe, expect, it } from 'vitest'
import { keccak256, type Abi } from 'viem'
import { loadUniswapV3Artifact, UNISWAP_V3_POOL_INIT_CODE_HASH, type UniswapV3ContractName } from '../../../src/devnet/loadUniswapV3Artifact.ts'
import {
  uniswapV3FactoryAbi,
  uniswapV3PoolAbi,
  uniswapV3PositionManagerAbi,
  uniswapV3QuoterV2Abi,
  uniswapV3SwapRouterAbi,
} from '../../../src/market/chain/uniswapV3Abis.ts'

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

/** `function name(inputs) → outputs` for functions, `event name(inputs)`, `constructor(inputs)`. */
function signatures(abi: Abi): Set<string> {
  return new Set(
    abi.flatMap((item) =>
      item.type === 'function' || item.type === 'event' || item.type === 'constructor'
        ? [
            `${item.type} ${'name' in item ? item.name : ''}(${(item.inputs as readonly Parameter[]).map(canonical).join(',')})` +
              (item.type === 'function' ? ` → ${(item.outputs as readonly Parameter[]).map(canonical).join(',')}` : ''),
          ]
        : [],
    ),
  )
}

describe('Uniswap V3 ABIs', () => {
  it.each([
    ['UniswapV3Factory', uniswapV3FactoryAbi],
    ['UniswapV3Pool', uniswapV3PoolAbi],
    ['SwapRouter', uniswapV3SwapRouterAbi],
    ['QuoterV2', uniswapV3QuoterV2Abi],
    ['NonfungiblePositionManager', uniswapV3PositionManagerAbi],
  ] as const)('%s: every declared entry is in the npm artifact', (name: UniswapV3ContractName, declared) => {
    const actual = signatures(loadUniswapV3Artifact(name).abi)
    for (const signature of signatures(declared as Abi)) expect(actual, signature).toContain(signature)
  })

  it('the pool bytecode in @uniswap/v3-core hashes to the periphery POOL_INIT_CODE_HASH', () => {
    expect(keccak256(loadUniswapV3Artifact('UniswapV3Pool').bytecode)).toBe(UNISWAP_V3_POOL_INIT_CODE_HASH)
  })
})
