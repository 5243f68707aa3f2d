// Reading Curve StableSwap pools from a node. No Curve pool runs on the devnet (its Vyper sources need a compiler the
// project does not have), so the pools here are a Solidity stand-in that answers the same view functions with the
// stableswap-ng signatures (contracts/CurveStableSwapStandIn.sol): what is tested is the reader (calls, decoding,
// coin count, legacy pools, refusals, refresh), not Curve's math (test/solver/venues/stableSwap.test.ts does that).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPublicClient, encodeDeployData, encodeFunctionData, getContractAddress, http, type Abi, type Address, type Hex, type PublicClient } from 'viem'
import { devnetTokenAbi } from '../../../../src/devnet/abis.ts'
import { compileContracts } from '../../../../src/devnet/compileContracts.ts'
import { devnetAccount } from '../../../../src/devnet/devnetAccounts.ts'
import { deployMulticall3 } from '../../../../src/devnet/deployMulticall3.ts'
import { sendDevnetTransactions } from '../../../../src/devnet/deployUniswapV3.ts'
import { loadContractArtifact } from '../../../../src/devnet/loadContractArtifact.ts'
import { startAnvil, type AnvilNode } from '../../../../src/devnet/startAnvil.ts'
import { readMarketFromNetworks } from '../../../../src/market/chain/readMarketFromNetworks.ts'
import { refreshChangedPools } from '../../../../src/market/chain/refreshChangedPools.ts'
import type { StableSwapPool } from '../../../../solver/market/types.ts'

const chainId = 31_019
const deployer = devnetAccount('deployer')
let node: AnvilNode
let client: PublicClient
let dir: string
let standIn: { abi: Abi; bytecode: Hex }
let multicall3: Address
const tokens: Address[] = []
/** Stand-in pools by name, with the state they were deployed with. */
const pools: Record<string, { address: Address; coins: Address[]; balances: bigint[]; aPrecise: bigint; fee: bigint; rates: bigint[]; legacy: boolean }> = {}

/** Deploys stand-ins (one transaction batch) at the deployer's next nonces. */
async function deployStandIns(specs: Record<string, Omit<(typeof pools)[string], 'address'>>): Promise<void> {
  let nonce = BigInt(await client.getTransactionCount({ address: deployer.address, blockTag: 'pending' }))
  const requests = Object.entries(specs).map(([name, spec]) => {
    pools[name] = { ...spec, address: getContractAddress({ from: deployer.address, nonce: nonce++ }) }
    return {
      data: encodeDeployData({ abi: standIn.abi, bytecode: standIn.bytecode, args: [spec.coins, spec.balances, spec.aPrecise, spec.fee, spec.rates, spec.legacy] }),
      gas: 3_000_000n,
      label: `deploy ${name}`,
    }
  })
  await sendDevnetTransactions({ chainId, name: 'curve', rpcUrl: node.rpcUrl }, deployer, requests)
}

beforeAll(async () => {
  node = await startAnvil({ chainId, blockTimeMs: 0 })
  client = createPublicClient({ transport: http(node.rpcUrl, { batch: true }) }) as PublicClient
  dir = await mkdtemp(join(tmpdir(), 'accord-curve-'))
  const { artifacts } = await compileContracts({ sourceDir: fileURLToPath(new URL('./contracts/', import.meta.url)), outDir: dir })
  standIn = artifacts.find((artifact) => artifact.contractName === 'CurveStableSwapStandIn')!
  const tokenArtifact = await loadContractArtifact('DevnetToken')
  const chain = { chainId, name: 'curve', rpcUrl: node.rpcUrl }
  let nonce = BigInt(await client.getTransactionCount({ address: deployer.address }))
  const specs = [['DAI', 18], ['USDC', 6], ['sDAI', 18]] as const
  await sendDevnetTransactions(
    chain,
    deployer,
    specs.map(([symbol, decimals]) => {
      tokens.push(getContractAddress({ from: deployer.address, nonce: nonce++ }))
      return { data: encodeDeployData({ abi: devnetTokenAbi, bytecode: tokenArtifact.bytecode, args: [symbol, symbol, decimals] }), gas: 1_500_000n, label: symbol }
    }),
  )
  multicall3 = await deployMulticall3(chain, deployer)
  const [dai, usdc, sdai] = tokens as [Address, Address, Address]
  await deployStandIns({
    // A stableswap-ng pool with a rate-scaled coin (sDAI at 1.08): stored_rates = 10^(36 − decimals)·rate / 1e18.
    ng: { coins: [dai, usdc, sdai], balances: [4_000_000n * 10n ** 18n, 3_500_000n * 10n ** 6n, 2_000_000n * 10n ** 18n], aPrecise: 150_000n, fee: 1_000_000n, rates: [10n ** 18n, 10n ** 30n, 108n * 10n ** 16n], legacy: false },
    // A 3pool-era pool: no N_COINS, A_precise or stored_rates.
    legacy: { coins: [dai, usdc], balances: [7n * 10n ** 24n, 6_900_000n * 10n ** 6n], aPrecise: 200_000n, fee: 4_000_000n, rates: [], legacy: true },
    // Mid-ramp: A_precise is not a multiple of A_PRECISION.
    ramping: { coins: [dai, usdc], balances: [10n ** 24n, 10n ** 12n], aPrecise: 150_050n, fee: 1_000_000n, rates: [10n ** 18n, 10n ** 30n], legacy: false },
  })
})

afterAll(async () => {
  await node?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

function config(curve: Address[], multicall3Address: string = multicall3) {
  return {
    name: 'curve-live',
    networks: [
      {
        chainId,
        name: 'curve-devnet',
        displayName: 'Curve stand-in devnet',
        rpcUrl: node.rpcUrl,
        blockTimeMs: 1000,
        finalitySeconds: 1,
        nativeSymbol: 'ETH',
        nativePriceUsd: 3000,
        tokens: tokens.map((address, i) => ({ address, priceUsd: i === 2 ? 1.08 : 1, annualVolatility: 0.01 })),
        curveStableSwapPools: curve.map((address) => ({ address })),
        multicall3Address,
      },
    ],
  }
}

const stableSwap = (venues: readonly { kind: string; address?: string }[], address: Address) =>
  venues.find((venue) => venue.kind === 'stableSwap' && venue.address?.toLowerCase() === address.toLowerCase()) as StableSwapPool | undefined

describe('readMarketFromNetworks with Curve StableSwap pools (Solidity stand-ins, not Curve contracts)', () => {
  it('reads coins, balances, A, fee and stored rates as the pool answers them, with and without Multicall3', async () => {
    const { ng, legacy } = pools as Record<string, (typeof pools)[string]>
    const viaMulticall = await readMarketFromNetworks({ config: config([ng!.address, legacy!.address]) })
    const direct = await readMarketFromNetworks({ config: config([ng!.address, legacy!.address], '0x00000000000000000000000000000000000000c0') })
    expect(viaMulticall.chains.map((chain) => [chain.status, chain.multicall3])).toEqual([['ok', multicall3]])
    expect(viaMulticall.market.version).toBe(direct.market.version)
    const read = stableSwap(viaMulticall.market.venues, ng!.address)!
    expect(read.id).toBe('curve-devnet:curve:DAI-USDC-sDAI')
    expect(read.tokens).toEqual(ng!.coins.map((coin) => coin.toLowerCase()))
    expect(read.balances).toEqual(ng!.balances)
    expect(read.amplification).toBe(ng!.aPrecise / 100n)
    expect(read.fee).toBe(ng!.fee)
    expect(read.rates).toEqual(ng!.rates)
    // The legacy pool: two coins found by probing coins(i), no stored rates (the model's 10^(36 − decimals)).
    const old = stableSwap(viaMulticall.market.venues, legacy!.address)!
    expect([old.tokens.length, old.balances, old.amplification, old.fee, old.rates]).toEqual([2, legacy!.balances, 2000n, 4_000_000n, undefined])
  })

  it('refuses a non-pool address and a pool whose amplification is between integers, naming the config field', async () => {
    const notAPool = await readMarketFromNetworks({ config: config([tokens[0]!]) }).catch((error: Error) => error)
    expect(String((notAPool as Error).message)).toMatch(/No network/)
    expect(String((notAPool as { details?: string }).details)).toMatch(/is not a Curve StableSwap pool \(networks\[0\]\.curveStableSwapPools\[0\]\.address\)/)
    const ramping = await readMarketFromNetworks({ config: config([pools.ramping!.address]) }).catch((error: { details?: string }) => error)
    expect(String((ramping as { details?: string }).details)).toMatch(/ramping its amplification \(A_precise = 150050, A = 1500\)/)
  })

  it('a refresh re-reads Curve pools without waiting for events, and reports only those that changed', async () => {
    const { ng, legacy } = pools as Record<string, (typeof pools)[string]>
    const { market } = await readMarketFromNetworks({ config: config([ng!.address, legacy!.address]) })
    const fromBlock = (await client.getBlockNumber({ cacheTime: 0 })) + 1n
    await client.request({ method: 'anvil_mine' as never, params: ['0x1'] as never })
    const quiet = await refreshChangedPools({ client, market, chainId, fromBlock, toBlock: fromBlock, multicall3Address: multicall3 })
    expect(quiet.market).toBe(market)
    // A rate oracle moves and A ramps to 1600 (no event).
    const balances = [ng!.balances[0]!, ng!.balances[1]!, ng!.balances[2]! - 10n ** 18n]
    const rates = [10n ** 18n, 10n ** 30n, 1081n * 10n ** 15n]
    await sendDevnetTransactions({ chainId, name: 'curve', rpcUrl: node.rpcUrl }, deployer, [
      { to: ng!.address, data: encodeFunctionData({ abi: standIn.abi, functionName: 'setState', args: [balances, 160_000n, rates] }), gas: 300_000n, label: 'setState' },
    ])
    const toBlock = await client.getBlockNumber({ cacheTime: 0 })
    const refreshed = await refreshChangedPools({ client, market, chainId, fromBlock: fromBlock + 1n, toBlock, multicall3Address: multicall3 })
    const ngId = stableSwap(market.venues, ng!.address)!.id
    expect(refreshed.changedPools).toEqual([ngId])
    const after = stableSwap(refreshed.market.venues, ng!.address)!
    expect([after.balances, after.amplification, after.rates]).toEqual([balances, 1600n, rates])
    expect(refreshed.market.venues).toEqual((await readMarketFromNetworks({ config: config([ng!.address, legacy!.address]) })).market.venues)
  })
})
