// A devnet chain with the official Uniswap V3 contracts, three tokens and four pools with positions over many
// ranges (seeded), shared by the V3 devnet tests.
import { createPublicClient, encodeDeployData, encodeFunctionData, getContractAddress, http, maxUint256, type Address, type PublicClient } from 'viem'
import type { ConcentratedLiquidityPool } from '../../../solver/market/types.ts'
import { createRandom } from '../../../solver/random.ts'
import { getSqrtRatioAtTick } from '../../../solver/venues/uniswapV3/tickMath.ts'
import { devnetTokenAbi } from '../../../src/devnet/abis.ts'
import { devnetAccount } from '../../../src/devnet/devnetAccounts.ts'
import { createUniswapV3Pools, deployUniswapV3, sendDevnetTransactions, type UniswapV3Deployment } from '../../../src/devnet/deployUniswapV3.ts'
import { seedUniswapV3Positions } from '../../../src/devnet/seedUniswapV3Positions.ts'
import { deployMulticall3 } from '../../../src/devnet/deployMulticall3.ts'
import { loadContractArtifact } from '../../../src/devnet/loadContractArtifact.ts'
import { startAnvil, type AnvilNode } from '../../../src/devnet/startAnvil.ts'
import { readUniswapV3PoolImmutables, readUniswapV3PoolState } from '../../../src/market/chain/readUniswapV3Pool.ts'

export interface UniswapV3Devnet {
  readonly node: AnvilNode
  readonly chain: { chainId: number; name: string; rpcUrl: string }
  readonly client: PublicClient
  readonly deployment: UniswapV3Deployment
  readonly tokens: Readonly<Record<'WETH' | 'USDC' | 'DAI', Address>>
  /** Pool states as read from the chain after seeding (complete ticks within `tickRange`). */
  readonly pools: readonly ConcentratedLiquidityPool[]
  /** The tick each pool started at. */
  readonly startTicks: readonly number[]
  /** Multicall3, deployed after the pools (deployMulticall3). */
  readonly multicall3: Address
}

const TOKENS = [
  { symbol: 'WETH', decimals: 18, priceUsd: 3000 },
  { symbol: 'USDC', decimals: 6, priceUsd: 1 },
  { symbol: 'DAI', decimals: 18, priceUsd: 1 },
] as const

/** Pools: fee tiers 500 / 3000 / 10000 (tick spacing 10 / 60 / 200 in UniswapV3Factory). */
const POOLS = [
  { a: 'WETH', b: 'USDC', fee: 500, spacing: 10 },
  { a: 'WETH', b: 'USDC', fee: 3000, spacing: 60 },
  { a: 'DAI', b: 'USDC', fee: 500, spacing: 10 },
  { a: 'WETH', b: 'DAI', fee: 10000, spacing: 200 },
] as const

/** Bitmap words read each side of the price: covers every seeded position (±6,000 ticks ≤ 4 words at spacing 10). */
export const WORDS_EACH_SIDE = 4

export async function startUniswapV3Devnet(seed = 17): Promise<UniswapV3Devnet> {
  const random = createRandom(seed)
  const chainId = 31_017
  const node = await startAnvil({ chainId, blockTimeMs: 0 })
  const chain = { chainId, name: 'v3-devnet', rpcUrl: node.rpcUrl }
  const deployer = devnetAccount('deployer')
  const client = createPublicClient({ transport: http(node.rpcUrl, { batch: { batchSize: 500 } }) }) as PublicClient
  const tokenArtifact = await loadContractArtifact('DevnetToken')

  let nonce = BigInt(await client.getTransactionCount({ address: deployer.address }))
  const tokens = {} as Record<'WETH' | 'USDC' | 'DAI', Address>
  const deployTokens = TOKENS.map((token) => {
    tokens[token.symbol] = getContractAddress({ from: deployer.address, nonce: nonce++ })
    return {
      data: encodeDeployData({ abi: devnetTokenAbi, bytecode: tokenArtifact.bytecode, args: [token.symbol, token.symbol, token.decimals] }),
      gas: 1_500_000n,
      label: `deploy ${token.symbol}`,
    }
  })
  await sendDevnetTransactions(chain, deployer, [
    ...deployTokens,
    ...TOKENS.map((token) => ({
      to: tokens[token.symbol],
      data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'mint', args: [deployer.address, 10n ** 45n] }),
      gas: 150_000n,
      label: `mint ${token.symbol}`,
    })),
  ])
  const deployment = await deployUniswapV3(chain, deployer, tokens.WETH)

  const startTicks: number[] = []
  const specs = POOLS.map(({ a, b, fee, spacing }) => {
    const [specA, specB] = [TOKENS.find((t) => t.symbol === a)!, TOKENS.find((t) => t.symbol === b)!]
    const aFirst = tokens[a].toLowerCase() < tokens[b].toLowerCase()
    const [spec0, spec1] = aFirst ? [specA, specB] : [specB, specA]
    // Raw token1 per raw token0 at the reference prices, as a tick: 1.0001^tick = price.
    const rawPrice = (spec0.priceUsd / spec1.priceUsd) * 10 ** (spec1.decimals - spec0.decimals)
    const startTick = Math.round(Math.log(rawPrice) / Math.log(1.0001)) + Math.floor(random() * spacing)
    startTicks.push(startTick)
    const sqrtPriceX96 = getSqrtRatioAtTick(startTick) + BigInt(Math.floor(random() * 1e6))
    // Liquidity of about 2,000 USD-worth of token0 per √price unit: L = x·√P with x = 1,000 token0 units.
    const baseLiquidity = 1e3 * 10 ** spec0.decimals * Math.sqrt(rawPrice)
    const positions = seedUniswapV3Positions({ random, tickSpacing: spacing, startTick, sqrtPriceX96, baseLiquidity, rangeCount: 30, spreadTicks: 9000 })
    return { tokenA: tokens[a], tokenB: tokens[b], fee, sqrtPriceX96, positions }
  })
  const addresses = await createUniswapV3Pools(chain, deployer, deployment, specs)
  // The swapper (the deployer) lets the router pull its tokens.
  await sendDevnetTransactions(
    chain,
    deployer,
    Object.values(tokens).map((token) => ({
      to: token,
      data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'approve', args: [deployment.swapRouter, maxUint256] }),
      gas: 100_000n,
      label: 'approve router',
    })),
  )
  const multicall3 = await deployMulticall3(chain, deployer)
  const pools = await Promise.all(
    addresses.map(async (address, i) => {
      const immutables = await readUniswapV3PoolImmutables(client, address)
      const state = await readUniswapV3PoolState(client, immutables, { wordsEachSide: WORDS_EACH_SIDE })
      const pool: ConcentratedLiquidityPool = {
        kind: 'concentratedLiquidity',
        id: `v3-devnet:uniswap-v3:${i}`,
        chainId,
        ...immutables,
        address: address.toLowerCase() as Address,
        ...state,
        gasUnits: 0,
        gasPerTickCrossed: 0,
      }
      return pool
    }),
  )
  return { node, chain, client, deployment, tokens, pools, startTicks, multicall3 }
}
