// Uniswap V3 on one devnet chain: the official factory, SwapRouter, QuoterV2 and position manager (deployUniswapV3.ts),
// one pool per DEVNET_UNISWAP_V3_POOLS entry at the chain's reference prices (with its price skew), and positions
// over many seeded ranges around the price plus one full-range position, so that swaps cross initialized ticks.
import { encodeFunctionData, type Account, type Address } from 'viem'
import type { ConcentratedLiquidityPool } from '../../solver/market/types.ts'
import { createRandom } from '../../solver/random.ts'
import { getSqrtRatioAtTick } from '../../solver/venues/uniswapV3/tickMath.ts'
import { DEFAULT_GAS_UNITS } from '../market/chain/defaultGasUnits.ts'
import { readUniswapV3PoolImmutables, readUniswapV3PoolState } from '../market/chain/readUniswapV3Pool.ts'
import { devnetTokenAbi } from './abis.ts'
import { createDevnetPublicClient } from './defineDevnetChain.ts'
import { createUniswapV3Pools, deployUniswapV3, sendDevnetTransactions } from './deployUniswapV3.ts'
import { seedUniswapV3Positions } from './seedUniswapV3Positions.ts'
import type { DevnetChainSpec, DevnetTokenSpec, DevnetUniswapV3Info, DevnetUniswapV3PoolSpec } from './types.ts'

/** Tick spacing per fee tier as UniswapV3Factory's constructor enables them (v3-core UniswapV3Factory.sol). */
const TICK_SPACING: Readonly<Record<number, number>> = { 500: 10, 3000: 60, 10000: 200 }

/** Bitmap words read each side of the price: the seeded ranges lie within ±4,500 ticks (≤ 2 words at spacing 10). */
export const DEVNET_UNISWAP_V3_WORDS_EACH_SIDE = 3

/** Venue id of a devnet V3 pool: `<network>:uniswap-v3:<SYMBOL0>-<SYMBOL1>-<fee>`, symbols in address order. */
export function devnetUniswapV3PoolId(network: string, symbol0: string, symbol1: string, fee: number): string {
  return `${network}:uniswap-v3:${symbol0}-${symbol1}-${fee}`
}

export interface DeployDevnetUniswapV3Parameters {
  readonly chain: DevnetChainSpec & { rpcUrl: string }
  readonly tokens: readonly DevnetTokenSpec[]
  /** Token addresses on this chain, by symbol. */
  readonly tokenAddresses: Readonly<Record<string, Address>>
  readonly pools: readonly DevnetUniswapV3PoolSpec[]
  readonly deployer: Account
}

export interface DeployDevnetUniswapV3ReturnType {
  readonly info: DevnetUniswapV3Info
  /** The pools as read back from the chain (ticks complete within their tickRange), for the market. */
  readonly pools: readonly ConcentratedLiquidityPool[]
}

/**
 * Deploys and seeds Uniswap V3 on one chain. Each pool holds about `poolDepthUsd × depthShare` of value in a
 * full-range position and 24 positions of seeded width (one tick spacing to 4,000 ticks) within ±3,000 ticks of the price
 * (seedUniswapV3Positions), each with 0.2–3.2× the full-range liquidity (seed: the chain id).
 */
export async function deployDevnetUniswapV3(parameters: DeployDevnetUniswapV3Parameters): Promise<DeployDevnetUniswapV3ReturnType> {
  const { chain, tokens, tokenAddresses, pools, deployer } = parameters
  const random = createRandom(chain.chainId)
  const bySymbol = new Map(tokens.map((token) => [token.symbol, token]))
  // The deployer mints what the positions need (DevnetToken.mint is the deployer's).
  await sendDevnetTransactions(
    chain,
    deployer,
    Object.values(tokenAddresses).map((token) => ({
      to: token,
      data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'mint', args: [deployer.address, 10n ** 40n] }),
      gas: 150_000n,
      label: `mint ${token} for V3 positions`,
    })),
  )
  const deployment = await deployUniswapV3(chain, deployer, tokenAddresses.WETH ?? (Object.values(tokenAddresses)[0] as Address))
  const specs = pools.map(({ symbolA, symbolB, fee, depthShare }) => {
    const spacing = TICK_SPACING[fee]
    if (spacing === undefined) throw new Error(`No tick spacing for fee ${fee}`)
    const [a, b] = [bySymbol.get(symbolA)!, bySymbol.get(symbolB)!]
    const aFirst = tokenAddresses[symbolA]!.toLowerCase() < tokenAddresses[symbolB]!.toLowerCase()
    const [spec0, spec1] = aFirst ? [a, b] : [b, a]
    const usd = (token: DevnetTokenSpec) => token.priceUsd * (chain.priceSkew?.[token.symbol] ?? 1)
    // Raw token1 per raw token0, as a tick: 1.0001^tick = price.
    const rawPrice = (usd(spec0) / usd(spec1)) * 10 ** (spec1.decimals - spec0.decimals)
    const startTick = Math.round(Math.log(rawPrice) / Math.log(1.0001))
    const sqrtPriceX96 = getSqrtRatioAtTick(startTick)
    // Full range: L = √(x·y) with x, y the raw amounts worth half the value each.
    const value = chain.poolDepthUsd * depthShare
    const x = (value / 2 / usd(spec0)) * 10 ** spec0.decimals
    const y = (value / 2 / usd(spec1)) * 10 ** spec1.decimals
    const baseLiquidity = Math.sqrt(x * y)
    const positions = seedUniswapV3Positions({ random, tickSpacing: spacing, startTick, sqrtPriceX96, baseLiquidity, rangeCount: 24, spreadTicks: 6000 })
    return { tokenA: tokenAddresses[spec0.symbol]!, tokenB: tokenAddresses[spec1.symbol]!, symbol0: spec0.symbol, symbol1: spec1.symbol, fee, spacing, sqrtPriceX96, positions }
  })
  const addresses = await createUniswapV3Pools(chain, deployer, deployment, specs)
  const client = createDevnetPublicClient(chain)
  const read = await Promise.all(
    addresses.map(async (address, i) => {
      const spec = specs[i]!
      const immutables = await readUniswapV3PoolImmutables(client, address)
      const state = await readUniswapV3PoolState(client, immutables, { wordsEachSide: DEVNET_UNISWAP_V3_WORDS_EACH_SIDE })
      const pool: ConcentratedLiquidityPool = {
        kind: 'concentratedLiquidity',
        id: devnetUniswapV3PoolId(chain.name, spec.symbol0, spec.symbol1, spec.fee),
        chainId: chain.chainId,
        ...immutables,
        address: address.toLowerCase() as Address,
        ...state,
        gasUnits: DEFAULT_GAS_UNITS.uniswapV3Swap,
        gasPerTickCrossed: DEFAULT_GAS_UNITS.uniswapV3PerTickCrossed,
      }
      return pool
    }),
  )
  return {
    info: {
      ...deployment,
      pools: read.map((pool, i) => ({
        id: pool.id,
        address: pool.address,
        token0: pool.token0,
        token1: pool.token1,
        symbol0: specs[i]!.symbol0,
        symbol1: specs[i]!.symbol1,
        fee: pool.fee,
        tickSpacing: pool.tickSpacing,
      })),
    },
    pools: read,
  }
}
