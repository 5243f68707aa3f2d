// Deploys one devnet chain's contracts and state: ERC-20 tokens, the official Uniswap V2 factory,
// pairs and router, our AccordSpoke; seeds the pairs with liquidity, funds the relayer's inventory
// and the user, and lets the relayer's inventory be spent by the spoke.
import {
  encodeDeployData,
  encodeFunctionData,
  encodePacked,
  getContractAddress,
  getCreate2Address,
  keccak256,
  maxUint256,
  type Account,
  type Address,
  type Hex,
} from 'viem'
import { floatToRaw } from '../../solver/amounts.ts'
import { BaseError } from '../../solver/errors.ts'
import { DevnetDeploymentError } from '../errors/operationalErrors.ts'
import { accordSpokeAbi, devnetTokenAbi, uniswapV2FactoryAbi, uniswapV2PairAbi, uniswapV2RouterAbi } from './abis.ts'
import { createDevnetPublicClient, createDevnetWalletClient } from './defineDevnetChain.ts'
import { loadContractArtifact, loadUniswapArtifact } from './loadContractArtifact.ts'
import type { DevnetChainContracts, DevnetChainSpec, DevnetPoolInfo, DevnetPoolSpec, DevnetTokenSpec } from './types.ts'

export interface DeployDevnetChainParameters {
  chain: DevnetChainSpec & { rpcUrl: string }
  tokens: readonly DevnetTokenSpec[]
  pools: readonly DevnetPoolSpec[]
  deployer: Account
  relayer: Account
  /** Receives `fundingUsd.user` of every token. */
  user: Address
  fundingUsd: { relayer: number; user: number }
}

export interface DeployDevnetChainReturnType {
  readonly contracts: DevnetChainContracts
  /** Raw amounts seeded into each pool, by pool id, in token0/token1 order. */
  readonly seededReserves: ReadonlyMap<string, readonly [bigint, bigint]>
  /** Raw amount of each token (by symbol) minted to the relayer. */
  readonly relayerInventory: ReadonlyMap<string, bigint>
}

/**
 * Gas limits given explicitly, because the transactions are sent back to back without waiting and
 * estimating a call on a contract still in the mempool would fail. Each leaves ≥ 35 % headroom over the
 * gas anvil 1.7.1 reports (token 529k, factory 3.05M, router 4.76M, spoke 0.95M, createPair 2.52M,
 * mint 68k, pair mint 153k, approve 46k); a limit too low shows up as a failed receipt, reported as an error.
 */
const GAS = {
  token: 1_500_000n,
  factory: 4_500_000n,
  router: 6_500_000n,
  spoke: 2_000_000n,
  createPair: 3_500_000n,
  mint: 150_000n,
  pairMint: 300_000n,
  approve: 100_000n,
} as const

/** Pool venue id in the market: `<network>:uniswap-v2:<SYMBOL0>-<SYMBOL1>`, symbols in address order. */
export function devnetPoolId(network: string, symbol0: string, symbol1: string): string {
  return `${network}:uniswap-v2:${symbol0}-${symbol1}`
}

/** One deployment transaction: a contract creation when `to` is absent, a call otherwise. */
export interface DeploymentRequest {
  readonly to?: Address
  readonly data: Hex
  readonly gas: bigint
  /** Names the transaction in a failure message. */
  readonly label: string
}

/**
 * Transactions sent together before waiting for their receipts. With some sixty large deployments
 * pending at once, anvil 1.7.1 (interval mining) dropped six of them from its pool after mining the Aave
 * Pool implementation (observed with txpool_inspect), so later nonces waited forever behind the gap;
 * eight at a time, each chunk mined before the next is sent, never did.
 */
export const DEPLOYMENT_CHUNK = 8

/**
 * Collects `account`'s deployment transactions in nonce order from `startNonce` (its pending nonce),
 * so that contract addresses are known ahead (CREATE from sender and nonce) and every transaction can be
 * built before any is sent; `requests` then goes to `sendBatch` unchanged.
 */
export function createDeploymentRequests(sender: Address, startNonce: bigint) {
  let nonce = startNonce
  const requests: DeploymentRequest[] = []
  return {
    requests,
    /** Queues a contract creation; returns the address it will have. */
    deploy(data: Hex, gas: bigint, label: string): Address {
      const address = getContractAddress({ from: sender, nonce })
      requests.push({ data, gas, label })
      nonce++
      return address
    },
    /** Queues a call. */
    call(to: Address, data: Hex, gas: bigint, label: string): void {
      requests.push({ to, data, gas, label })
      nonce++
    },
  }
}

/**
 * Sends `account`'s transactions with consecutive nonces, `DEPLOYMENT_CHUNK` at a time without waiting
 * inside a chunk, each chunk's receipts awaited before the next is sent; throws if any failed.
 */
export async function sendBatch(
  chain: { chainId: number; name: string; rpcUrl: string },
  account: Account,
  requests: readonly DeploymentRequest[],
): Promise<void> {
  const publicClient = createDevnetPublicClient(chain)
  const wallet = createDevnetWalletClient(chain, account)
  let nonce = await publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' })
  const fees = await publicClient.estimateFeesPerGas()
  for (let start = 0; start < requests.length; start += DEPLOYMENT_CHUNK) {
    const sent: { hash: Hex; label: string }[] = []
    for (const request of requests.slice(start, start + DEPLOYMENT_CHUNK)) {
      const hash = await wallet.sendTransaction({
        ...(request.to === undefined ? {} : { to: request.to }),
        data: request.data,
        gas: request.gas,
        nonce: nonce++,
        maxFeePerGas: fees.maxFeePerGas * 2n,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      })
      sent.push({ hash, label: request.label })
    }
    const receipts = await Promise.all(sent.map(({ hash }) => publicClient.waitForTransactionReceipt({ hash, timeout: 60_000 })))
    receipts.forEach((receipt, i) => {
      if (receipt.status !== 'success')
        throw new DevnetDeploymentError(`Devnet deployment failed on chain ${chain.chainId}: ${sent[i]?.label} reverted.`, {
          details: `transaction ${receipt.transactionHash}, gas used ${receipt.gasUsed}`,
        })
    })
  }
}

/** Raw amount worth `usd` of a token at its reference price times the chain's skew, rounded down. */
function rawForUsd(token: DevnetTokenSpec, usd: number, skew = 1): bigint {
  return floatToRaw(usd / (token.priceUsd * skew), token.decimals)
}

/**
 * Deploys and seeds one chain. Addresses are computed ahead (CREATE from deployer and nonce; pairs by
 * CREATE2 from the factory with the pair's init-code hash, as UniswapV2Factory.createPair does) so
 * that all deployer transactions can be built before any is sent; the pair addresses are checked against
 * `factory.getPair` afterwards. Throws an INTERNAL BaseError if any transaction fails.
 */
export async function deployDevnetChain(parameters: DeployDevnetChainParameters): Promise<DeployDevnetChainReturnType> {
  const { chain, tokens, pools, deployer, relayer, user, fundingUsd } = parameters
  const publicClient = createDevnetPublicClient(chain)
  const [tokenArtifact, spokeArtifact] = await Promise.all([loadContractArtifact('DevnetToken'), loadContractArtifact('AccordSpoke')])
  const factoryArtifact = loadUniswapArtifact('UniswapV2Factory')
  const pairArtifact = loadUniswapArtifact('UniswapV2Pair')
  const routerArtifact = loadUniswapArtifact('UniswapV2Router02')

  const { requests, deploy, call } = createDeploymentRequests(
    deployer.address,
    BigInt(await publicClient.getTransactionCount({ address: deployer.address, blockTag: 'pending' })),
  )

  const tokenAddresses: Record<string, Address> = {}
  for (const token of tokens)
    tokenAddresses[token.symbol] = deploy(
      encodeDeployData({ abi: devnetTokenAbi, bytecode: tokenArtifact.bytecode, args: [token.name, token.symbol, token.decimals] }),
      GAS.token,
      `deploy ${token.symbol}`,
    )
  const weth = tokenAddresses.WETH ?? Object.values(tokenAddresses)[0]
  if (!weth) throw new BaseError('INVALID_ARGUMENT', 'The devnet needs at least one token.')
  const factory = deploy(
    encodeDeployData({ abi: uniswapV2FactoryAbi, bytecode: factoryArtifact.bytecode, args: [deployer.address] }),
    GAS.factory,
    'deploy UniswapV2Factory',
  )
  // The router's WETH is only used by its ETH entry points, which the devnet does not use; our WETH is a plain ERC-20.
  const router = deploy(
    encodeDeployData({ abi: uniswapV2RouterAbi, bytecode: routerArtifact.bytecode, args: [factory, weth] }),
    GAS.router,
    'deploy UniswapV2Router02',
  )
  const spoke = deploy(
    encodeDeployData({ abi: accordSpokeAbi, bytecode: spokeArtifact.bytecode, args: [relayer.address] }),
    GAS.spoke,
    'deploy AccordSpoke',
  )

  const tokenBySymbol = new Map(tokens.map((token) => [token.symbol, token]))
  const pairInitCodeHash = keccak256(pairArtifact.bytecode)
  const poolInfos: DevnetPoolInfo[] = []
  const seededReserves = new Map<string, readonly [bigint, bigint]>()
  for (const pool of pools) {
    const specA = tokenBySymbol.get(pool.symbol0)
    const specB = tokenBySymbol.get(pool.symbol1)
    const addressA = tokenAddresses[pool.symbol0]
    const addressB = tokenAddresses[pool.symbol1]
    if (!specA || !specB || !addressA || !addressB)
      throw new BaseError('INVALID_ARGUMENT', `Pool ${pool.symbol0}/${pool.symbol1} names a token the devnet does not deploy.`)
    // UniswapV2Factory.createPair sorts by address and salts CREATE2 with keccak256(abi.encodePacked(token0, token1)).
    const aFirst = addressA.toLowerCase() < addressB.toLowerCase()
    const [token0, token1] = aFirst ? [addressA, addressB] : [addressB, addressA]
    const [spec0, spec1] = aFirst ? [specA, specB] : [specB, specA]
    const pair = getCreate2Address({
      from: factory,
      salt: keccak256(encodePacked(['address', 'address'], [token0, token1])),
      bytecodeHash: pairInitCodeHash,
    })
    const id = devnetPoolId(chain.name, spec0.symbol, spec1.symbol)
    const reserve0 = rawForUsd(spec0, chain.poolDepthUsd, chain.priceSkew?.[spec0.symbol])
    const reserve1 = rawForUsd(spec1, chain.poolDepthUsd, chain.priceSkew?.[spec1.symbol])
    call(factory, encodeFunctionData({ abi: uniswapV2FactoryAbi, functionName: 'createPair', args: [token0, token1] }), GAS.createPair, `createPair ${id}`)
    call(token0, encodeFunctionData({ abi: devnetTokenAbi, functionName: 'mint', args: [pair, reserve0] }), GAS.mint, `seed ${id} token0`)
    call(token1, encodeFunctionData({ abi: devnetTokenAbi, functionName: 'mint', args: [pair, reserve1] }), GAS.mint, `seed ${id} token1`)
    call(pair, encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'mint', args: [deployer.address] }), GAS.pairMint, `mint LP ${id}`)
    poolInfos.push({ id, address: pair, token0, token1, symbol0: spec0.symbol, symbol1: spec1.symbol })
    seededReserves.set(id, [reserve0, reserve1])
  }

  const relayerInventory = new Map<string, bigint>()
  for (const token of tokens) {
    const address = tokenAddresses[token.symbol] as Address
    const inventory = rawForUsd(token, fundingUsd.relayer)
    relayerInventory.set(token.symbol, inventory)
    call(address, encodeFunctionData({ abi: devnetTokenAbi, functionName: 'mint', args: [relayer.address, inventory] }), GAS.mint, `fund relayer ${token.symbol}`)
    call(address, encodeFunctionData({ abi: devnetTokenAbi, functionName: 'mint', args: [user, rawForUsd(token, fundingUsd.user)] }), GAS.mint, `fund user ${token.symbol}`)
  }
  await sendBatch(chain, deployer, requests)

  // The relayer fills from its own balance: AccordSpoke.fill pulls with transferFrom.
  await sendBatch(
    chain,
    relayer,
    tokens.map((token) => ({
      to: tokenAddresses[token.symbol] as Address,
      data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'approve', args: [spoke, maxUint256] }),
      gas: GAS.approve,
      label: `relayer approves spoke for ${token.symbol}`,
    })),
  )

  const onChainPairs = await Promise.all(
    poolInfos.map((pool) => publicClient.readContract({ address: factory, abi: uniswapV2FactoryAbi, functionName: 'getPair', args: [pool.token0, pool.token1] })),
  )
  onChainPairs.forEach((address, i) => {
    const expected = poolInfos[i] as DevnetPoolInfo
    if (address.toLowerCase() !== expected.address.toLowerCase())
      throw new DevnetDeploymentError(`Pair ${expected.id} is at ${address}, not at the predicted ${expected.address}.`, {
        details: 'The UniswapV2Pair bytecode in @uniswap/v2-core does not match the one inside the factory.',
      })
  })

  return {
    contracts: { factory, router, spoke, tokens: tokenAddresses, pools: poolInfos },
    seededReserves,
    relayerInventory,
  }
}
