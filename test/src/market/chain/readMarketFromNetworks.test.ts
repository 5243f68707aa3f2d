// Reading a market from a live node (the V3 devnet chain plus a Uniswap V2 pair on it): the state read equals the
// contracts' own getters, failures are per network with a clear reason, and `accord market read` writes the file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPublicClient, encodeDeployData, encodeFunctionData, getContractAddress, http, parseAbi, type Address, type PublicClient } from 'viem'
import { quoteConcentratedExactInput } from '../../../../solver/venues/concentratedLiquidity.ts'
import { main } from '../../../../src/cli/main.ts'
import { devnetTokenAbi, uniswapV2FactoryAbi, uniswapV2PairAbi } from '../../../../src/devnet/abis.ts'
import { devnetAccount } from '../../../../src/devnet/devnetAccounts.ts'
import { sendDevnetTransactions } from '../../../../src/devnet/deployUniswapV3.ts'
import { loadUniswapArtifact } from '../../../../src/devnet/loadContractArtifact.ts'
import { readMarketFromNetworks } from '../../../../src/market/chain/readMarketFromNetworks.ts'
import { refreshChangedPools } from '../../../../src/market/chain/refreshChangedPools.ts'
import { readUniswapV3PoolState } from '../../../../src/market/chain/readUniswapV3Pool.ts'
import { openLiveMarket } from '../../../../src/market/chain/openLiveMarket.ts'
import type { LiveMarketRefresh } from '../../../../src/market/chain/watchLiveMarket.ts'
import { startServer } from '../../../../src/server/startServer.ts'
import type { Market } from '../../../../solver/market/types.ts'
import { UNISWAP_V3_NO_DEADLINE } from '../../../../src/devnet/deployUniswapV3.ts'
import { uniswapV3SwapRouterAbi } from '../../../../src/market/chain/uniswapV3Abis.ts'
import { parseMarketJson } from '../../../../src/market/parseMarket.ts'
import { startUniswapV3Devnet, WORDS_EACH_SIDE, type UniswapV3Devnet } from '../../devnet/uniswapV3Fixture.ts'

let devnet: UniswapV3Devnet
let pair: Address
let dir: string

beforeAll(async () => {
  devnet = await startUniswapV3Devnet(3)
  dir = await mkdtemp(join(tmpdir(), 'accord-market-read-'))
  const deployer = devnetAccount('deployer')
  const nonce = BigInt(await devnet.client.getTransactionCount({ address: deployer.address }))
  const factory = getContractAddress({ from: deployer.address, nonce })
  const { WETH, USDC } = devnet.tokens
  await sendDevnetTransactions(devnet.chain, deployer, [
    { data: encodeDeployData({ abi: uniswapV2FactoryAbi, bytecode: loadUniswapArtifact('UniswapV2Factory').bytecode, args: [deployer.address] }), gas: 4_500_000n, label: 'factory' },
    { to: factory, data: encodeFunctionData({ abi: uniswapV2FactoryAbi, functionName: 'createPair', args: [WETH, USDC] }), gas: 3_500_000n, label: 'createPair' },
  ])
  pair = await devnet.client.readContract({ address: factory, abi: uniswapV2FactoryAbi, functionName: 'getPair', args: [WETH, USDC] })
  await sendDevnetTransactions(devnet.chain, deployer, [
    { to: WETH, data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'transfer', args: [pair, 100n * 10n ** 18n] }), gas: 100_000n, label: 'seed WETH' },
    { to: USDC, data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'transfer', args: [pair, 300_000n * 10n ** 6n] }), gas: 100_000n, label: 'seed USDC' },
    { to: pair, data: encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'mint', args: [deployer.address] }), gas: 300_000n, label: 'mint' },
  ])
})

afterAll(async () => {
  await devnet?.node.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

function config(overrides: { rpcUrl?: string; chainId?: number; v3?: string[]; multicall3?: string } = {}, extraNetworks: object[] = []) {
  return {
    name: 'devnet-live',
    networks: [
      {
        chainId: overrides.chainId ?? devnet.chain.chainId,
        name: 'v3-devnet',
        displayName: 'V3 devnet',
        rpcUrl: overrides.rpcUrl ?? devnet.chain.rpcUrl,
        blockTimeMs: 1000,
        finalitySeconds: 1,
        nativeSymbol: 'ETH',
        nativePriceUsd: 3000,
        source: 'devnet assumptions',
        tokens: [
          { address: devnet.tokens.WETH, priceUsd: 3000, annualVolatility: 0.6 },
          { address: devnet.tokens.USDC, priceUsd: 1, annualVolatility: 0.01 },
          { address: devnet.tokens.DAI, priceUsd: 1, annualVolatility: 0.01 },
        ],
        uniswapV2Pairs: [{ address: pair }],
        uniswapV3Pools: (overrides.v3 ?? devnet.pools.map((pool) => pool.address)).map((address) => ({ address })),
        v3TickWordsEachSide: WORDS_EACH_SIDE,
        multicall3Address: overrides.multicall3 ?? devnet.multicall3,
      },
      ...extraNetworks,
    ],
  }
}

describe('readMarketFromNetworks on the devnet', () => {
  it('reads tokens, the V2 pair and the V3 pools as the contracts report them', async () => {
    const { market, chains } = await readMarketFromNetworks({ config: config() })
    expect(chains.map((c) => c.status)).toEqual(['ok'])
    expect(market.tokens.map((t) => [t.symbol, t.decimals]).sort()).toEqual([['DAI', 18], ['USDC', 6], ['WETH', 18]])
    const v2 = market.venues.find((venue) => venue.kind === 'constantProduct')
    if (v2?.kind !== 'constantProduct') throw new Error('no V2 pair read')
    const [reserve0, reserve1] = await devnet.client.readContract({ address: pair, abi: uniswapV2PairAbi, functionName: 'getReserves' })
    expect([v2.reserve0, v2.reserve1]).toEqual([reserve0, reserve1])
    for (const expected of devnet.pools) {
      const read = market.venues.find((venue) => venue.kind !== 'bridge' && venue.address === expected.address)
      if (read?.kind !== 'concentratedLiquidity') throw new Error(`pool ${expected.address} not read`)
      expect([read.sqrtPriceX96, read.tick, read.liquidity, read.fee, read.tickSpacing]).toEqual([expected.sqrtPriceX96, expected.tick, expected.liquidity, expected.fee, expected.tickSpacing])
      expect(read.ticks).toEqual(expected.ticks)
      expect(quoteConcentratedExactInput(read, true, 10n ** 9n).amountOutRaw).toBe(quoteConcentratedExactInput(expected, true, 10n ** 9n).amountOutRaw)
    }
    // Nothing changed on chain: the same content, the same version.
    expect((await readMarketFromNetworks({ config: config() })).market.version).toBe(market.version)
  })

  it('aggregates the contract reads through Multicall3: a few eth_calls, the same market as one call per read', async () => {
    // Counts the eth_calls that leave the process, and where they go.
    const counting = (targets: string[]) =>
      createPublicClient({
        transport: http(devnet.chain.rpcUrl, {
          batch: { batchSize: 1_000 },
          onFetchRequest: async (request) => {
            const body = JSON.parse(await request.clone().text()) as { method: string; params: [{ to: string }] } | { method: string; params: [{ to: string }] }[]
            for (const call of [body].flat()) if (call.method === 'eth_call') targets.push(call.params[0].to.toLowerCase())
          },
        }),
      }) as PublicClient
    const [aggregated, plain]: [string[], string[]] = [[], []]
    const chainId = devnet.chain.chainId
    const viaMulticall = await readMarketFromNetworks({ config: config(), clients: new Map([[chainId, counting(aggregated)]]) })
    // No code at this address: the reader falls back to one eth_call per read (in JSON-RPC batches).
    const noMulticall = '0x00000000000000000000000000000000000000c0'
    const direct = await readMarketFromNetworks({ config: config({ multicall3: noMulticall }), clients: new Map([[chainId, counting(plain)]]) })
    expect(viaMulticall.chains[0]?.multicall3).toBe(devnet.multicall3)
    expect(direct.chains[0]?.multicall3).toBeUndefined()
    // Same block, same state: the same content, so the same version.
    expect(viaMulticall.chains[0]?.blockNumber).toBe(direct.chains[0]?.blockNumber)
    expect(viaMulticall.market.version).toBe(direct.market.version)
    // One eth_call per getter without Multicall3; with it, one aggregate3 per round of dependent reads (pool
    // immutables; token metadata and V2 reserves; V3 slot0 and liquidity; bitmap words; ticks), whatever the pool count.
    const pools = 1 + devnet.pools.length
    expect(plain.length).toBeGreaterThan(6 * pools)
    expect(aggregated.length).toBeLessThanOrEqual(6)
    expect(new Set(aggregated)).toEqual(new Set([devnet.multicall3.toLowerCase()]))
  })

  it('a V3 pool read with a tick hint (its bitmap words read with slot0) equals one without, however wrong the hint', async () => {
    const blockNumber = await devnet.client.getBlockNumber({ cacheTime: 0 })
    for (const pool of devnet.pools) {
      const plain = await readUniswapV3PoolState(devnet.client, pool, { blockNumber, wordsEachSide: WORDS_EACH_SIDE })
      for (const tickHint of [plain.tick, plain.tick + 3 * 256 * pool.tickSpacing, -plain.tick, 0])
        expect(await readUniswapV3PoolState(devnet.client, pool, { blockNumber, wordsEachSide: WORDS_EACH_SIDE, tickHint })).toEqual(plain)
    }
  })

  it('reports an unreachable node, a wrong chain id and a non-pool address per network, keeping the others', async () => {
    const good = config()
    const unreachable = { ...good.networks[0], chainId: 999_001, name: 'down', rpcUrl: 'http://127.0.0.1:9', tokens: [], uniswapV2Pairs: [], uniswapV3Pools: [] }
    const first = await readMarketFromNetworks({ config: config({}, [unreachable]), timeoutMs: 2_000 })
    expect(first.chains.map((c) => c.status)).toEqual(['ok', 'stale'])
    expect(first.chains[1]?.reason).toMatch(/did not answer/)

    // The only network is on the wrong chain and nothing earlier was read for chain 5: no market at all.
    await expect(readMarketFromNetworks({ config: config({ chainId: 5 }), previous: first.market })).rejects.toThrow(/is chain 31017, not 5/)

    const notAPool = await readMarketFromNetworks({ config: config({ v3: [devnet.tokens.WETH] }), previous: first.market })
    expect(notAPool.chains[0]?.status).toBe('stale')
    expect(notAPool.chains[0]?.reason).toMatch(/is not a Uniswap V3 pool \(networks\[0\]\.uniswapV3Pools\[0\]\.address\)/)
    // The stale network keeps the venues of the previous read.
    expect(notAPool.market.venues.map((v) => v.id).sort()).toEqual(first.market.venues.map((v) => v.id).sort())
    await expect(readMarketFromNetworks({ config: { name: 'x', networks: [] } })).rejects.toThrow(/networks/)
  })

  it('`accord market read` writes a market file the planner loads', async () => {
    const configFile = join(dir, 'networks.json')
    const out = join(dir, 'market.json')
    await writeFile(configFile, JSON.stringify(config()))
    const lines: string[] = []
    const io = { stdout: (text: string) => lines.push(text), stderr: (text: string) => lines.push(text) }
    expect(await main(['market', 'read', '--config', configFile, '--out', out], io)).toBe(0)
    const market = parseMarketJson(await readFile(out, 'utf8'))
    expect(market.venues).toHaveLength(1 + devnet.pools.length)
    expect(await main(['market', 'read', '--config', join(dir, 'missing.json')], io)).toBe(2)
  })

  it('refreshChangedPools re-reads exactly the pools that emitted events, and the version moves only on change', async () => {
    const { market } = await readMarketFromNetworks({ config: config() })
    const fromBlock = (await devnet.client.getBlockNumber({ cacheTime: 0 })) + 1n
    const unchanged = await refreshChangedPools({ client: devnet.client, market, chainId: devnet.chain.chainId, fromBlock, toBlock: fromBlock - 1n })
    expect(unchanged.market).toBe(market)
    const deployer = devnetAccount('deployer')
    const v3 = devnet.pools[2]!
    await sendDevnetTransactions(devnet.chain, deployer, [
      { to: devnet.tokens.USDC, data: encodeFunctionData({ abi: devnetTokenAbi, functionName: 'transfer', args: [pair, 10n ** 9n] }), gas: 100_000n, label: 'donate' },
      { to: pair, data: encodeFunctionData({ abi: parseAbi(['function sync()']), functionName: 'sync' }), gas: 100_000n, label: 'sync' },
      {
        to: devnet.deployment.swapRouter,
        data: encodeFunctionData({
          abi: uniswapV3SwapRouterAbi,
          functionName: 'exactInputSingle',
          args: [{ tokenIn: v3.token0, tokenOut: v3.token1, fee: v3.fee, recipient: deployer.address, deadline: UNISWAP_V3_NO_DEADLINE, amountIn: 10n ** 15n, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n }],
        }),
        gas: 1_000_000n,
        label: 'swap',
      },
    ])
    const toBlock = await devnet.client.getBlockNumber({ cacheTime: 0 })
    const refreshed = await refreshChangedPools({ client: devnet.client, market, chainId: devnet.chain.chainId, fromBlock, toBlock, v3TickWordsEachSide: WORDS_EACH_SIDE })
    const v2Id = market.venues.find((venue) => venue.kind === 'constantProduct')!.id
    const v3Id = market.venues.find((venue) => venue.kind === 'concentratedLiquidity' && venue.address === v3.address)!.id
    expect([...refreshed.changedPools].sort()).toEqual([v2Id, v3Id].sort())
    expect(refreshed.market.version).not.toBe(market.version)
    // The pools equal a full re-read (the version of which also moves with the gas price and block time).
    const full = (await readMarketFromNetworks({ config: config() })).market
    expect(refreshed.market.venues).toEqual(full.venues)
  })

  it('a live market refreshes on new blocks: the version moves only when a pool changed, and equals a full re-read', async () => {
    const file = join(dir, 'live.json')
    await writeFile(file, JSON.stringify(config()))
    const live = await openLiveMarket(file)
    let current: Market = live.market
    let replaced = 0
    const refreshes: LiveMarketRefresh[] = []
    const holder = { get current() { return current }, replace(market: Market) { current = market; replaced++ } }
    const watcher = live.watch(holder, { pollingIntervalMs: 50, onRefresh: (refresh) => refreshes.push(refresh) })
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 400 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 25))
      expect(done()).toBe(true)
    }
    try {
      // Empty blocks: refreshed, nothing changed, the version stays.
      await devnet.client.request({ method: 'anvil_mine' as never, params: ['0x2'] as never })
      const mined = await devnet.client.getBlockNumber({ cacheTime: 0 })
      await until(() => refreshes.some((refresh) => refresh.toBlock >= mined))
      expect(replaced).toBe(0)
      expect(current.version).toBe(live.market.version)
      // A swap through a V3 pool: exactly that pool is re-read and the version moves.
      const v3 = devnet.pools[0]!
      const deployer = devnetAccount('deployer')
      await sendDevnetTransactions(devnet.chain, deployer, [
        {
          to: devnet.deployment.swapRouter,
          data: encodeFunctionData({
            abi: uniswapV3SwapRouterAbi,
            functionName: 'exactInputSingle',
            args: [{ tokenIn: v3.token1, tokenOut: v3.token0, fee: v3.fee, recipient: deployer.address, deadline: UNISWAP_V3_NO_DEADLINE, amountIn: 10n ** 9n, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n }],
          }),
          gas: 1_000_000n,
          label: 'swap',
        },
      ])
      await until(() => replaced === 1)
      const changed = refreshes.find((refresh) => refresh.changedPools.length > 0)!
      expect(changed.changedPools).toEqual([current.venues.find((venue) => venue.kind === 'concentratedLiquidity' && venue.address === v3.address)!.id])
      expect(current.version).not.toBe(live.market.version)
      expect(current.venues).toEqual((await readMarketFromNetworks({ config: config() })).market.venues)
    } finally {
      await watcher.stop()
    }
  })

  it('`accord serve --config` quotes on the live market and never on a superseded version', async () => {
    const file = join(dir, 'serve.json')
    await writeFile(file, JSON.stringify(config()))
    const { app } = await startServer({ networksConfig: file, port: 0, logLevel: false, service: { quoteWorkers: '0' }, io: { stdout: () => {}, stderr: () => {} } })
    try {
      const version = async () => ((await app.inject({ method: 'GET', url: '/v1/market' })).json() as { version: string }).version
      const quote = async () => (await app.inject({ method: 'POST', url: '/v1/quote', payload: { from: { chain: 'v3-devnet', token: 'USDC' }, to: { chain: 'v3-devnet', token: 'WETH' }, amount: '1000' } })).json() as { marketVersion: string }
      const before = await version()
      expect((await quote()).marketVersion).toBe(before)
      const v3 = devnet.pools[1]!
      const deployer = devnetAccount('deployer')
      await sendDevnetTransactions(devnet.chain, deployer, [
        {
          to: devnet.deployment.swapRouter,
          data: encodeFunctionData({
            abi: uniswapV3SwapRouterAbi,
            functionName: 'exactInputSingle',
            args: [{ tokenIn: v3.token0, tokenOut: v3.token1, fee: v3.fee, recipient: deployer.address, deadline: UNISWAP_V3_NO_DEADLINE, amountIn: 10n ** 8n, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n }],
          }),
          gas: 1_000_000n,
          label: 'swap',
        },
      ])
      let after = before
      for (let i = 0; i < 400 && after === before; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25))
        after = await version()
      }
      expect(after).not.toBe(before)
      // The same request, cached under the old version, is planned again on the new one.
      expect((await quote()).marketVersion).toBe(after)
    } finally {
      await app.close()
    }
  })
})
