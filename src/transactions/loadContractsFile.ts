// The contracts transactions are built for on real networks, from a JSON file (`accord serve --contracts
// FILE`), so a service quoting a market file or live nodes can hand out transactions to sign without a
// devnet. Per chain: UniswapV2Router02, the Uniswap V3 SwapRouter (the original one, whose
// exactInputSingle takes a deadline — not SwapRouter02), WETH9, AccordSpoke where one is deployed, and
// optionally the node /status reads. A contract left out is a step kind refused by name
// (encodeStepCall); the V3 fee tier of each pool comes from the market. The bundled
// fixtures/contracts/ethereum.json cites its addresses in README.md (Deploying → Contracts file).
import { readFile } from 'node:fs/promises'
import { Type, type Static } from '@sinclair/typebox'
import { getAddress, zeroAddress, type Address } from 'viem'
import { BaseError } from '../../solver/errors.ts'
import type { Market } from '../../solver/market/types.ts'
import type { ExecutionChain, ExecutionTargets } from '../executor/chainEnvironment.ts'
import { assertMatchesSchema } from '../market/validateSchema.ts'

const AddressText = Type.String({ pattern: '^0x[0-9a-fA-F]{40}$', description: 'A 20-byte hex address' })

export const ContractsFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    chains: Type.Array(
      Type.Object(
        {
          chainId: Type.Integer({ minimum: 1 }),
          name: Type.String({ minLength: 1, maxLength: 64 }),
          rpcUrl: Type.Optional(Type.String({ pattern: '^(https?|wss?)://', description: 'An http(s) or ws(s) URL' })),
          uniswapV2Router02: Type.Optional(AddressText),
          uniswapV3SwapRouter: Type.Optional(AddressText),
          weth9: Type.Optional(AddressText),
          accordSpoke: Type.Optional(AddressText),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 256 },
    ),
  },
  { additionalProperties: false },
)
export type ContractsFile = Static<typeof ContractsFileSchema>

/**
 * Targets for `buildStepTransactions` from a contracts file's content. A missing router or spoke is the
 * zero address, which encodeStepCall refuses naming the contract. Throws BaseError `INVALID_ARGUMENT`
 * with the field path for a malformed file or a chain listed twice.
 */
export function contractsFileTargets(value: unknown, market: Market): ExecutionTargets {
  assertMatchesSchema<ContractsFile>(ContractsFileSchema, value, 'INVALID_ARGUMENT', 'contracts file')
  const chains = new Map<number, ExecutionChain>()
  value.chains.forEach((chain, i) => {
    if (chains.has(chain.chainId)) throw new BaseError('INVALID_ARGUMENT', `Invalid contracts file: chain ${chain.chainId} is listed twice.`, { field: `chains[${i}].chainId` })
    const poolFees = new Map(market.venues.flatMap((venue) => (venue.kind === 'concentratedLiquidity' && venue.chainId === chain.chainId ? [[venue.id, venue.fee] as const] : [])))
    chains.set(chain.chainId, {
      chainId: chain.chainId,
      name: chain.name,
      rpcUrl: chain.rpcUrl ?? '',
      router: address(chain.uniswapV2Router02),
      spoke: address(chain.accordSpoke),
      ...(chain.uniswapV3SwapRouter ? { uniswapV3: { swapRouter: getAddress(chain.uniswapV3SwapRouter), poolFees } } : {}),
      ...(chain.weth9 ? { wrappedNative: getAddress(chain.weth9) } : {}),
    })
  })
  return { chains, bridgeLiquidityHolders: new Map() }
}

const address = (value: string | undefined): Address => (value === undefined ? zeroAddress : getAddress(value))

/** Reads and validates a contracts file (contractsFileTargets). */
export async function loadContractsFile(path: string, market: Market): Promise<ExecutionTargets> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new BaseError('INVALID_ARGUMENT', `Cannot read the contracts file ${path}.`, { field: '--contracts', cause })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw new BaseError('INVALID_JSON', `The contracts file ${path} is not JSON.`, { field: '--contracts', cause })
  }
  return contractsFileTargets(value, market)
}
