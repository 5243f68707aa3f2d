// Live market reading on a devnet chain with 500 pools (350 Uniswap V2 pairs, 150 Uniswap V3 pools with positions):
// (1) a full read with readMarketFromNetworks; (2) a block-driven refresh after 50 pools changed
// (refreshChangedPools: event scan + re-read of the changed pools), checked against a full re-read. Both with the
// contract reads aggregated through Multicall3 (deployed on the devnet) and without it (one eth_call per read, in
// JSON-RPC batches).
// Prints figures; asserts nothing.
//   node --import tsx bench/marketRead.bench.ts [-- --runs 3]
import { parseArgs } from 'node:util'
import { encodeDeployData, encodeFunctionData, getContractAddress, maxUint256, type Address } from 'viem'
import { getSqrtRatioAtTick } from '../solver/venues/uniswapV3/tickMath.ts'
import { devnetTokenAbi, uniswapV2FactoryAbi, uniswapV2PairAbi } from '../src/devnet/abis.ts'
import { devnetAccount } from '../src/devnet/devnetAccounts.ts'
import { deployMulticall3 } from '../src/devnet/deployMulticall3.ts'
import { createUniswapV3Pools, deployUniswapV3, sendDevnetTransactions, UNISWAP_V3_NO_DEADLINE } from '../src/devnet/deployUniswapV3.ts'
import { loadContractArtifact, loadUniswapArtifact } from '../src/devnet/loadContractArtifact.ts'
import { startAnvil } from '../src/devnet/startAnvil.ts'
import { uniswapV3SwapRouterAbi } from '../src/market/chain/uniswapV3Abis.ts'
import { createNetworkClient, readMarketFromNetworks } from '../src/market/chain/readMarketFromNetworks.ts'
import { refreshChangedPools } from '../src/market/chain/refreshChangedPools.ts'
import { batchReadsThroughMulticall3 } from '../src/market/chain/batchReadsThroughMulticall3.ts'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } })
const runs = Number(values.runs)
const TOKENS = 40
const V2_PAIRS = 350
const V3_POOLS = 150
const CHANGED = 50
const big = (_key: string, value: unknown) => (typeof value === 'bigint' ? String(value) : value)

const chainId = 31_018
const node = await startAnvil({ chainId, blockTimeMs: 0 })
const chain = { chainId, name: 'bench', rpcUrl: node.rpcUrl }
const deployer = devnetAccount('deployer')
const client = createNetworkClient(chain)
try {
  const started = performance.now()
  const tokenArtifact = await loadContractArtifact('DevnetToken')
  let nonce = BigInt(await client.getTransactionCount({ address: deployer.address }))
  const tokens: Address[] = []
  const setup = []
  for (let i = 0; i < TOKENS; i++) {
    tokens.push(getContractAddress({ from: deployer.address, nonce: nonce++ }))
    setup.push({ data: encodeDeployData({ abi: devnetTokenAbi, bytecode: tokenArtifact.bytecode, args: [`T${i}`, `T${i}`, 18] }), gas: 1_500_000n, label: `token ${i}` })
  }
  const v2Factory = getContractAddress({ from: deployer.address, nonce: nonce++ })
  setup.push({ data: encodeDeployData({ abi: uniswapV2FactoryAbi, bytecode: loadUniswapArtifact('UniswapV2Factory').bytecode, args: [deployer.address] }), gas: 4_500_000n, label: 'v2 factory' })
  for (const token of tokens) setup.push({ to: token, data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'mint', args: [deployer.address, 10n ** 40n] }), gas: 150_000n, label: 'mint' })
  const pairsOf: [Address, Address][] = []
  for (let a = 0; a < TOKENS && pairsOf.length < V2_PAIRS + V3_POOLS; a++) for (let b = a + 1; b < TOKENS && pairsOf.length < V2_PAIRS + V3_POOLS; b++) pairsOf.push([tokens[a]!, tokens[b]!])
  for (const [a, b] of pairsOf.slice(0, V2_PAIRS)) setup.push({ to: v2Factory, data: encodeFunctionData({ abi: uniswapV2FactoryAbi, functionName: 'createPair', args: [a, b] }), gas: 3_500_000n, label: 'pair' })
  await sendDevnetTransactions(chain, deployer, setup)
  const pairs = await Promise.all(pairsOf.slice(0, V2_PAIRS).map(([a, b]) => client.readContract({ address: v2Factory, abi: uniswapV2FactoryAbi, functionName: 'getPair', args: [a, b] })))
  await sendDevnetTransactions(
    chain,
    deployer,
    pairs.flatMap((pair, i) => [
      { to: pairsOf[i]![0], data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'transfer', args: [pair, 10n ** 24n] }), gas: 100_000n, label: 'seed' },
      { to: pairsOf[i]![1], data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'transfer', args: [pair, 10n ** 24n] }), gas: 100_000n, label: 'seed' },
      { to: pair, data: encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'mint', args: [deployer.address] }), gas: 300_000n, label: 'mint' },
    ]),
  )
  const v3 = await deployUniswapV3(chain, deployer, tokens[0]!)
  const liquidityAmount = 10n ** 22n
  const v3Pools = await createUniswapV3Pools(
    chain,
    deployer,
    v3,
    pairsOf.slice(V2_PAIRS).map(([tokenA, tokenB]) => ({
      tokenA,
      tokenB,
      fee: 3000,
      sqrtPriceX96: getSqrtRatioAtTick(0),
      positions: [-6000, -1200, -300].map((lower) => ({ tickLower: lower, tickUpper: -lower, amount0Desired: liquidityAmount, amount1Desired: liquidityAmount })),
    })),
  )
  await sendDevnetTransactions(chain, deployer, tokens.map((token) => ({ to: token, data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'approve', args: [v3.swapRouter, maxUint256] }), gas: 100_000n, label: 'approve' })))
  const multicall3 = await deployMulticall3(chain, deployer)
  console.log(`devnet: ${TOKENS} tokens, ${pairs.length} V2 pairs, ${v3Pools.length} V3 pools, Multicall3 (set up in ${((performance.now() - started) / 1000).toFixed(1)} s)`)
  // An address without code: the reader falls back to one eth_call per read.
  const NO_MULTICALL3: Address = '0x00000000000000000000000000000000000000c0'

  const config = {
    name: 'bench',
    networks: [
      {
        chainId, name: 'bench', displayName: 'bench', rpcUrl: node.rpcUrl, blockTimeMs: 1000, finalitySeconds: 1, nativeSymbol: 'ETH', nativePriceUsd: 3000,
        tokens: tokens.map((address) => ({ address, priceUsd: 1, annualVolatility: 0.5 })),
        uniswapV2Pairs: pairs.map((address) => ({ address })),
        uniswapV3Pools: v3Pools.map((address) => ({ address })),
        multicall3Address: multicall3,
      },
    ],
  }
  const withoutMulticall = { ...config, networks: config.networks.map((network) => ({ ...network, multicall3Address: NO_MULTICALL3 })) }
  let market = (await readMarketFromNetworks({ config })).market // warm-up
  for (const [label, variant] of [['without Multicall3', withoutMulticall], ['through Multicall3', config]] as const) {
    const readTimes: number[] = []
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now()
      market = (await readMarketFromNetworks({ config: variant })).market
      readTimes.push(performance.now() - t0)
    }
    console.log(`full read of ${market.venues.length} pools ${label}: ${readTimes.map((t) => `${t.toFixed(0)} ms`).join(', ')}`)
  }

  // Resolve the Multicall3 lookups once (as a live market's first refresh does), outside the timings.
  await Promise.all([multicall3, NO_MULTICALL3].map((address) => batchReadsThroughMulticall3(client, { address, chainId })))
  const refreshTimes: number[] = []
  for (let r = 0; r < 2 * runs; r++) {
    // Alternate: even runs through Multicall3, odd ones without.
    const through = r % 2 === 0
    const fromBlock = (await client.getBlockNumber({ cacheTime: 0 })) + 1n
    // 25 V2 pairs get a donation + sync, 25 V3 pools a swap.
    const changes = []
    for (let k = 0; k < CHANGED / 2; k++) {
      const i = (r * 37 + k * 13) % pairs.length
      changes.push({ to: pairsOf[i]![0], data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'transfer', args: [pairs[i]!, 10n ** 20n] }), gas: 100_000n, label: 'donate' })
      changes.push({ to: pairs[i]!, data: encodeFunctionData({ abi: [{ type: 'function', name: 'sync', inputs: [], outputs: [], stateMutability: 'nonpayable' }], functionName: 'sync' }), gas: 100_000n, label: 'sync' })
      const j = (r * 11 + k * 5) % v3Pools.length
      const [tokenIn, tokenOut] = pairsOf[V2_PAIRS + j]!
      changes.push({
        to: v3.swapRouter,
        data: encodeFunctionData({ abi: uniswapV3SwapRouterAbi, functionName: 'exactInputSingle', args: [{ tokenIn, tokenOut, fee: 3000, recipient: deployer.address, deadline: UNISWAP_V3_NO_DEADLINE, amountIn: 10n ** 20n, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n }] }),
        gas: 1_000_000n,
        label: 'swap',
      })
    }
    await sendDevnetTransactions(chain, deployer, changes)
    const toBlock = await client.getBlockNumber({ cacheTime: 0 })
    const t0 = performance.now()
    const refreshed = await refreshChangedPools({ client, market, chainId, fromBlock, toBlock, multicall3Address: through ? multicall3 : NO_MULTICALL3 })
    refreshTimes.push(performance.now() - t0)
    const full = (await readMarketFromNetworks({ config })).market
    console.log(`refresh ${r + 1} ${through ? 'through Multicall3' : 'without Multicall3'}: ${refreshed.changedPools.length} changed pools in ${refreshTimes[r]!.toFixed(0)} ms; pools equal a full re-read: ${JSON.stringify(refreshed.market.venues, big) === JSON.stringify(full.venues, big) ? 'yes' : 'NO'}`)
    market = refreshed.market
  }
} finally {
  await node.stop()
}
