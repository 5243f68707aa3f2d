// readMarketFromChain against a real two-chain anvil devnet: the snapshot equals what the contracts
// report, follows a swap's reserve change exactly (from the pair's Swap event) and a change of the
// relayer's inventory, changes the market version, and rejects a pool whose token order is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPublicClient, http, parseEventLogs, type Address, type PublicClient } from 'viem'
import { uniswapV2PairAbi } from '../../../src/devnet/abis.ts'
import { createDevnetClients } from '../../../src/devnet/createDevnetClients.ts'
import { createDevnetPublicClient } from '../../../src/devnet/defineDevnetChain.ts'
import { devnetAccount } from '../../../src/devnet/devnetAccounts.ts'
import { devnetBridgeLiquidityHolders } from '../../../src/devnet/devnetBridgeLiquidityHolders.ts'
import { startDevnet, type Devnet } from '../../../src/devnet/startDevnet.ts'
import { readMarketFromChain, type ChainReading } from '../../../src/market/readMarketFromChain.ts'
import { computeMarketVersion } from '../../../solver/market/computeMarketVersion.ts'
import type { Bridge, ConstantProductPool, Market } from '../../../solver/market/types.ts'
import { InvalidMarketError } from '../../../solver/errors.ts'
import { approve, balanceOf, swapExactIn, transfer } from '../devnet/devnetTestClients.ts'

let devnet: Devnet

beforeAll(async () => {
  devnet = await startDevnet({
    chains: [
      { chainId: 900011, name: 'reader-a', displayName: 'Reader A', blockTimeMs: 250, poolDepthUsd: 1_000_000 },
      { chainId: 900012, name: 'reader-b', displayName: 'Reader B', blockTimeMs: 500, poolDepthUsd: 500_000 },
    ],
    relayer: { run: 'none' },
  })
})

afterAll(async () => {
  await devnet?.stop()
})

const pools = (market: Market) => market.venues.filter((v): v is ConstantProductPool => v.kind === 'constantProduct')
const bridges = (market: Market) => market.venues.filter((v): v is Bridge => v.kind === 'bridge')

function read(base: Market, clients: ReadonlyMap<number, PublicClient> = createDevnetClients(devnet.info)) {
  return readMarketFromChain({ base, clients, bridgeLiquidityHolders: devnetBridgeLiquidityHolders(devnet.info) })
}

describe('readMarketFromChain', () => {
  it('reads reserves, relayer inventory, gas prices and block times equal to what the chains report at the block it names', async () => {
    const readings: ChainReading[] = []
    const market = await readMarketFromChain({
      base: devnet.market,
      clients: createDevnetClients(devnet.info),
      bridgeLiquidityHolders: devnetBridgeLiquidityHolders(devnet.info),
      onChainRead: (reading) => readings.push(reading),
    })
    expect(readings.map((r) => r.chainId).sort()).toEqual(devnet.chains.map((c) => c.chainId).sort())
    const blockOf = (chainId: number) => readings.find((r) => r.chainId === chainId)!.blockNumber
    for (const pool of pools(market)) {
      const chain = devnet.chains.find((c) => c.chainId === pool.chainId)!
      const client = createDevnetPublicClient(chain)
      const [reserve0, reserve1] = await client.readContract({ address: pool.address, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber: blockOf(chain.chainId) })
      expect([pool.reserve0, pool.reserve1]).toEqual([reserve0, reserve1])
    }
    for (const bridge of bridges(market)) {
      const chain = devnet.chains.find((c) => c.chainId === bridge.to.chainId)!
      expect(bridge.liquidityCapRaw).toBe(await balanceOf(chain, bridge.to.token, devnet.info.relayer.address, blockOf(chain.chainId)))
    }
    for (const reading of readings) {
      const chain = devnet.chains.find((c) => c.chainId === reading.chainId)!
      const block = await createDevnetPublicClient(chain).getBlock({ blockNumber: reading.blockNumber })
      expect(reading.timestamp).toBe(Number(block.timestamp))
      expect(market.networks.find((n) => n.chainId === reading.chainId)?.gasPriceWei).toBe(reading.gasPriceWei)
      expect(reading.gasPriceWei).toBeGreaterThan(0n)
    }
    // The snapshot time is the newest block read, and never earlier than the base market's (whose
    // timestamp was taken at devnet start and can be a second ahead of the chains' last block).
    expect(market.timestamp).toBe(Math.max(devnet.market.timestamp, ...readings.map((r) => r.timestamp)))
  })

  it('sends each chain’s reads as JSON-RPC batches through a batching transport', async () => {
    let requests = 0
    const clients = new Map<number, PublicClient>(
      devnet.chains.map((chain) => [
        chain.chainId,
        createPublicClient({
          transport: http(chain.rpcUrl, {
            batch: true,
            fetchFn: (input, init) => {
              requests++
              return fetch(input, init)
            },
          }),
        }),
      ]),
    )
    await read(devnet.market, clients)
    const calls = pools(devnet.market).length * 2 + bridges(devnet.market).length + devnet.chains.length * 2
    // One request for the block and one batch for everything read at it, per chain.
    expect(requests).toBeLessThanOrEqual(devnet.chains.length * 2)
    expect(requests).toBeLessThan(calls)
  })

  it('reflects a swap’s reserve change exactly, leaves other pools alone, and changes the market version', async () => {
    const chain = devnet.chains[0]!
    const user = devnetAccount('user')
    const usdc = chain.contracts.tokens.USDC as Address
    const weth = chain.contracts.tokens.WETH as Address
    const pool = chain.contracts.pools.find((p) => [p.symbol0, p.symbol1].sort().join() === 'USDC,WETH')!
    await approve(chain, user, usdc, chain.contracts.router)

    const before = await read(devnet.market)
    const receipt = await swapExactIn(chain, user, [usdc, weth], 5_000_000_000n, 1n)
    const [swap] = parseEventLogs({ abi: uniswapV2PairAbi, eventName: 'Swap', logs: receipt.logs })
    const after = await read(before)

    const was = before.venues.find((v) => v.id === pool.id) as ConstantProductPool
    const now = after.venues.find((v) => v.id === pool.id) as ConstantProductPool
    expect(now.reserve0).toBe(was.reserve0 + swap!.args.amount0In - swap!.args.amount0Out)
    expect(now.reserve1).toBe(was.reserve1 + swap!.args.amount1In - swap!.args.amount1Out)
    expect(now.reserve0).not.toBe(was.reserve0)
    for (const other of pools(after).filter((p) => p.id !== pool.id)) expect(other).toEqual(before.venues.find((v) => v.id === other.id))

    expect(after.version).not.toBe(before.version)
    // Not only because time moved on: with the earlier timestamp and networks the version still differs.
    expect(computeMarketVersion({ ...after, timestamp: before.timestamp, networks: before.networks })).not.toBe(before.version)
  })

  it('follows the relayer’s inventory as bridge liquidity, and keeps the base liquidity of bridges it is not told about', async () => {
    const chain = devnet.chains[1]!
    const usdc = chain.contracts.tokens.USDC as Address
    const before = await read(devnet.market)
    const moved = 123_456_789n
    await transfer(chain, devnetAccount('relayer'), usdc, devnetAccount(11).address, moved)
    const after = await read(before)
    for (const bridge of bridges(after)) {
      const was = before.venues.find((v) => v.id === bridge.id) as Bridge
      const expected = bridge.to.chainId === chain.chainId && bridge.to.token === usdc.toLowerCase() ? was.liquidityCapRaw - moved : was.liquidityCapRaw
      expect(bridge.liquidityCapRaw).toBe(expected)
    }

    const untracked = bridges(after).find((b) => b.to.chainId === chain.chainId && b.to.token === usdc.toLowerCase())!
    const holders = devnetBridgeLiquidityHolders(devnet.info)
    holders.delete(untracked.id)
    const base = { ...after, venues: after.venues.map((v) => (v.id === untracked.id ? { ...untracked, liquidityCapRaw: 1n } : v)) }
    const partial = await readMarketFromChain({ base, clients: createDevnetClients(devnet.info), bridgeLiquidityHolders: holders })
    expect((partial.venues.find((v) => v.id === untracked.id) as Bridge).liquidityCapRaw).toBe(1n)
  })

  it('keeps chains without a client as they are', async () => {
    const [a, b] = devnet.chains
    const clients = new Map(createDevnetClients(devnet.info))
    clients.delete(b!.chainId)
    const base = { ...devnet.market, networks: devnet.market.networks.map((n) => ({ ...n, gasPriceWei: 7n })) }
    const market = await readMarketFromChain({ base, clients })
    expect(market.networks.find((n) => n.chainId === b!.chainId)?.gasPriceWei).toBe(7n)
    expect(market.networks.find((n) => n.chainId === a!.chainId)?.gasPriceWei).not.toBe(7n)
    for (const pool of pools(market).filter((p) => p.chainId === b!.chainId)) expect(pool).toBe(base.venues.find((v) => v.id === pool.id))
  })

  it('rejects a market whose pool lists token0 and token1 the other way round', async () => {
    const pool = pools(devnet.market)[0]!
    const index = devnet.market.venues.indexOf(pool)
    const flipped: ConstantProductPool = { ...pool, token0: pool.token1, token1: pool.token0, reserve0: pool.reserve1, reserve1: pool.reserve0 }
    const base = { ...devnet.market, venues: devnet.market.venues.map((v) => (v === pool ? flipped : v)) }
    const error = await read(base).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidMarketError)
    expect((error as InvalidMarketError).field).toBe(`venues[${index}].token0`)
  })
})
