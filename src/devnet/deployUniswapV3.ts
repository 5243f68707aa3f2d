// Deploys the official Uniswap V3 contracts on a devnet chain (factory, SwapRouter, QuoterV2 and the
// NonfungiblePositionManager that mints positions), creates pools and mints positions over several ranges so that
// swaps cross initialized ticks.
import { encodeAbiParameters, encodeDeployData, encodeFunctionData, getContractAddress, getCreate2Address, keccak256, maxUint256, zeroAddress, type Account, type Address, type Hex } from 'viem'
import { BaseError } from '../../solver/errors.ts'
import { devnetTokenAbi } from './abis.ts'
import { createDevnetPublicClient, createDevnetWalletClient } from './defineDevnetChain.ts'
import { loadUniswapV3Artifact, UNISWAP_V3_POOL_INIT_CODE_HASH } from './loadUniswapV3Artifact.ts'
import { uniswapV3FactoryAbi, uniswapV3PositionManagerAbi, uniswapV3QuoterV2Abi, uniswapV3SwapRouterAbi } from '../market/chain/uniswapV3Abis.ts'

export interface DevnetChainEndpoint {
  readonly chainId: number
  readonly name: string
  readonly rpcUrl: string
}

export interface UniswapV3Deployment {
  readonly factory: Address
  readonly swapRouter: Address
  readonly quoterV2: Address
  readonly positionManager: Address
}

export interface UniswapV3PositionSpec {
  readonly tickLower: number
  readonly tickUpper: number
  readonly amount0Desired: bigint
  readonly amount1Desired: bigint
}

export interface UniswapV3PoolSpec {
  readonly tokenA: Address
  readonly tokenB: Address
  /** Fee tier in pips: 500, 3000 or 10000 (tick spacing 10, 60, 200 in UniswapV3Factory's constructor). */
  readonly fee: number
  /** Initial √price of token1 in token0 (tokens in address order), Q64.96. */
  readonly sqrtPriceX96: bigint
  readonly positions: readonly UniswapV3PositionSpec[]
}

interface Request {
  readonly to?: Address
  readonly data: Hex
  readonly gas: bigint
  readonly label: string
}

/** Explicit gas limits (sent without estimation, back to back): ≥ 30 % over what anvil 1.7.1 reports. */
const GAS = { factory: 6_500_000n, router: 3_500_000n, quoter: 2_500_000n, positionManager: 7_000_000n, createPool: 6_500_000n, mint: 1_000_000n, approve: 100_000n }


/** A deadline far in the future: the devnet's clock is not the point of these transactions. */
const NO_DEADLINE = (1n << 32n) - 1n

/** Sends `requests` from `account` with consecutive nonces, then waits for every receipt; throws if one failed. */
export async function sendDevnetTransactions(chain: DevnetChainEndpoint, account: Account, requests: readonly Request[]): Promise<void> {
  const publicClient = createDevnetPublicClient(chain)
  const batchClient = createDevnetPublicClient(chain, { batch: true })
  const wallet = createDevnetWalletClient(chain, account)
  let nonce = await publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' })
  const fees = await publicClient.estimateFeesPerGas()
  const hashes: Hex[] = []
  for (const request of requests)
    hashes.push(
      await wallet.sendTransaction({
        ...(request.to === undefined ? {} : { to: request.to }),
        data: request.data,
        gas: request.gas,
        nonce: nonce++,
        maxFeePerGas: fees.maxFeePerGas * 2n,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      }),
    )
  // One sender, consecutive nonces: once the last is mined, all are. Then the receipts in JSON-RPC batches.
  const last = hashes[hashes.length - 1]
  if (last === undefined) return
  await publicClient.waitForTransactionReceipt({ hash: last, timeout: 600_000 })
  const receipts = await Promise.all(hashes.map((hash) => batchClient.getTransactionReceipt({ hash })))
  receipts.forEach((receipt, i) => {
    if (receipt.status !== 'success')
      throw new BaseError('INTERNAL', `Devnet transaction failed on chain ${chain.chainId}: ${requests[i]?.label} reverted.`, {
        details: `transaction ${receipt.transactionHash}, gas used ${receipt.gasUsed}`,
      })
  })
}

/**
 * Deploys UniswapV3Factory, SwapRouter, QuoterV2 and NonfungiblePositionManager (with no token descriptor: it only
 * serves tokenURI) from `deployer`. `weth` is the periphery's WETH9, used only by its ETH entry points.
 */
export async function deployUniswapV3(chain: DevnetChainEndpoint, deployer: Account, weth: Address): Promise<UniswapV3Deployment> {
  const publicClient = createDevnetPublicClient(chain)
  let nonce = BigInt(await publicClient.getTransactionCount({ address: deployer.address, blockTag: 'pending' }))
  const requests: Request[] = []
  const deploy = (data: Hex, gas: bigint, label: string): Address => {
    requests.push({ data, gas, label })
    return getContractAddress({ from: deployer.address, nonce: nonce++ })
  }
  const factory = deploy(
    encodeDeployData({ abi: uniswapV3FactoryAbi, bytecode: loadUniswapV3Artifact('UniswapV3Factory').bytecode }),
    GAS.factory,
    'deploy UniswapV3Factory',
  )
  const swapRouter = deploy(
    encodeDeployData({ abi: uniswapV3SwapRouterAbi, bytecode: loadUniswapV3Artifact('SwapRouter').bytecode, args: [factory, weth] }),
    GAS.router,
    'deploy SwapRouter',
  )
  const quoterV2 = deploy(
    encodeDeployData({ abi: uniswapV3QuoterV2Abi, bytecode: loadUniswapV3Artifact('QuoterV2').bytecode, args: [factory, weth] }),
    GAS.quoter,
    'deploy QuoterV2',
  )
  const positionManager = deploy(
    encodeDeployData({
      abi: uniswapV3PositionManagerAbi,
      bytecode: loadUniswapV3Artifact('NonfungiblePositionManager').bytecode,
      args: [factory, weth, zeroAddress],
    }),
    GAS.positionManager,
    'deploy NonfungiblePositionManager',
  )
  await sendDevnetTransactions(chain, deployer, requests)
  return { factory, swapRouter, quoterV2, positionManager }
}

/** The pool address UniswapV3Factory.createPool deploys to (PoolAddress.computeAddress of v3-periphery). */
export function uniswapV3PoolAddress(factory: Address, tokenA: Address, tokenB: Address, fee: number): Address {
  const [token0, token1] = tokenA.toLowerCase() < tokenB.toLowerCase() ? [tokenA, tokenB] : [tokenB, tokenA]
  return getCreate2Address({
    from: factory,
    salt: keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'address' }, { type: 'uint24' }], [token0, token1, fee])),
    bytecodeHash: UNISWAP_V3_POOL_INIT_CODE_HASH,
  })
}

/**
 * Creates and initializes each pool and mints its positions through the position manager, paid by `deployer`
 * (which must hold the tokens; this approves the position manager for them). Returns the pool addresses, checked
 * against factory.getPool.
 */
export async function createUniswapV3Pools(
  chain: DevnetChainEndpoint,
  deployer: Account,
  deployment: UniswapV3Deployment,
  pools: readonly UniswapV3PoolSpec[],
): Promise<Address[]> {
  const requests: Request[] = []
  const tokens = new Set(pools.flatMap((pool) => [pool.tokenA, pool.tokenB]))
  for (const token of tokens)
    requests.push({
      to: token,
      data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'approve', args: [deployment.positionManager, maxUint256] }),
      gas: GAS.approve,
      label: `approve position manager for ${token}`,
    })
  const addresses: Address[] = []
  for (const pool of pools) {
    const [token0, token1] = pool.tokenA.toLowerCase() < pool.tokenB.toLowerCase() ? [pool.tokenA, pool.tokenB] : [pool.tokenB, pool.tokenA]
    addresses.push(uniswapV3PoolAddress(deployment.factory, token0, token1, pool.fee))
    requests.push({
      to: deployment.positionManager,
      data: encodeFunctionData({
        abi: uniswapV3PositionManagerAbi,
        functionName: 'createAndInitializePoolIfNecessary',
        args: [token0, token1, pool.fee, pool.sqrtPriceX96],
      }),
      gas: GAS.createPool,
      label: `create pool ${token0}/${token1}/${pool.fee}`,
    })
    for (const position of pool.positions)
      requests.push({
        to: deployment.positionManager,
        data: encodeFunctionData({
          abi: uniswapV3PositionManagerAbi,
          functionName: 'mint',
          args: [
            {
              token0,
              token1,
              fee: pool.fee,
              tickLower: position.tickLower,
              tickUpper: position.tickUpper,
              amount0Desired: position.amount0Desired,
              amount1Desired: position.amount1Desired,
              amount0Min: 0n,
              amount1Min: 0n,
              recipient: deployer.address,
              deadline: NO_DEADLINE,
            },
          ],
        }),
        gas: GAS.mint,
        label: `mint [${position.tickLower}, ${position.tickUpper}] in ${token0}/${token1}/${pool.fee}`,
      })
  }
  await sendDevnetTransactions(chain, deployer, requests)
  const publicClient = createDevnetPublicClient(chain)
  const onChain = await Promise.all(
    pools.map((pool) =>
      publicClient.readContract({ address: deployment.factory, abi: uniswapV3FactoryAbi, functionName: 'getPool', args: [pool.tokenA, pool.tokenB, pool.fee] }),
    ),
  )
  onChain.forEach((address, i) => {
    if (address.toLowerCase() !== addresses[i]?.toLowerCase())
      throw new BaseError('INTERNAL', `Uniswap V3 pool ${i} is at ${address}, not at the predicted ${addresses[i]}.`, {
        details: 'The pool bytecode in @uniswap/v3-core does not hash to the periphery POOL_INIT_CODE_HASH.',
      })
  })
  return addresses
}

export { NO_DEADLINE as UNISWAP_V3_NO_DEADLINE }
