// Starts the local devnet: several anvil chains, each with tokens, the official Uniswap V2 factory,
// pairs and router, and an AccordSpoke bridge; funds the relayer and a user; writes the market file
// and the sidecar devnet.json; optionally runs the relayer in this process.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { HDAccount } from 'viem/accounts'
import { BaseError } from '../../solver/errors.ts'
import type { Market } from '../../solver/market/types.ts'
import { parseMarket, serializeMarket } from '../market/parseMarket.ts'
import { readMarketFromChain } from '../market/readMarketFromChain.ts'
import { buildDevnetMarket } from './buildDevnetMarket.ts'
import { createDevnetClients } from './createDevnetClients.ts'
import { deployDevnetChain } from './deployDevnetChain.ts'
import { DEVNET_ACCOUNT_INDEX, DEVNET_MNEMONIC, devnetAccount } from './devnetAccounts.ts'
import { devnetBridgeLiquidityHolders } from './devnetBridgeLiquidityHolders.ts'
import { DEVNET_BRIDGE_FEES, DEVNET_CHAINS, DEVNET_FUNDING_USD, DEVNET_POOLS, DEVNET_TOKENS, DEVNET_UNISWAP_V3_POOLS } from './devnetDefaults.ts'
import { deployDevnetUniswapV3 } from './deployDevnetUniswapV3.ts'
import { deployMulticall3 } from './deployMulticall3.ts'
import { DEVNET_LENDING, type DevnetLendingSpec } from './devnetLendingDefaults.ts'
import { deployDevnetLending, withDevnetLending } from './devnetLending.ts'
import { devnetRelayerRoutes } from './devnetRelayerRoutes.ts'
import { loadContractArtifact } from './loadContractArtifact.ts'
import { DEVNET_SLOTS_IN_AN_EPOCH } from './loadDevnetEnvironment.ts'
import { startAnvil, type AnvilNode } from './startAnvil.ts'
import { startRelayer, type Relayer, type RelayerDecision, type RelayerDeposit, type RelayerEvent } from './relayer.ts'
import type { DevnetBridgeInfo, DevnetChainContracts, DevnetChainInfo, DevnetChainSpec, DevnetInfo, DevnetPoolSpec, DevnetTokenSpec, DevnetUniswapV3PoolSpec } from './types.ts'

export interface StartDevnetRelayerOptions {
  /** Default 1000. */
  delayMs?: number
  /** Default 0. */
  failureRate?: number
  /** Default 1. */
  seed?: number
  /** Default 100. */
  pollIntervalMs?: number
  /** `in-process` (default) starts it here and `stop()` stops it; `none` leaves it to the caller (`devnet up` spawns relayerMain). */
  run?: 'in-process' | 'none'
  decide?: (deposit: RelayerDeposit) => RelayerDecision | undefined
  onEvent?: (event: RelayerEvent) => void
}

export interface StartDevnetParameters {
  /** Default: DEVNET_CHAINS (three chains, 1 s / 2 s / 250 ms blocks). */
  chains?: readonly DevnetChainSpec[]
  /** Default: USDC (6), USDT (6), WETH (18). */
  tokens?: readonly DevnetTokenSpec[]
  /** Default: USDC/WETH, USDT/WETH, USDC/USDT on every chain. */
  pools?: readonly DevnetPoolSpec[]
  /**
   * Uniswap V3 pools on every chain (official factory, SwapRouter, QuoterV2, positions over many ranges): `true` for
   * DEVNET_UNISWAP_V3_POOLS (what `accord devnet up` deploys). Default none, so tests that do not need V3 start faster.
   */
  uniswapV3?: boolean | readonly DevnetUniswapV3PoolSpec[]
  /** By token symbol. */
  bridgeFees?: Readonly<Record<string, { feeBps: number; feeFixedRaw: bigint }>>
  /** USD minted per token per chain. */
  fundingUsd?: { relayer: number; user: number }
  relayer?: StartDevnetRelayerOptions
  /** Market name. Default `accord-devnet`. */
  name?: string
  /** Where to write the market JSON (format of src/market/marketSchema.ts). */
  marketFile?: string
  /** Where to write devnet.json (DevnetInfo). */
  devnetFile?: string
  /** Detach the anvil processes so they outlive this process (`accord devnet up`). */
  detached?: boolean
  /** Directory for anvil logs (`anvil-<chainId>.log`); default: discarded. */
  logDir?: string
  /**
   * The Aave V3 market and ERC-4626 vault (about 60 transactions, so only when asked): `true` for
   * DEVNET_LENDING (on `devnet-c`), or a spec; deployed only when a chain of the spec's name is part
   * of the devnet. Default none.
   */
  lending?: DevnetLendingSpec | boolean
}

export interface DevnetChain extends DevnetChainInfo {
  readonly port: number
  readonly pid: number
  readonly process: AnvilNode['process']
}

export interface Devnet {
  readonly chains: readonly DevnetChain[]
  /** Deployed addresses by chain id. */
  readonly contracts: ReadonlyMap<number, DevnetChainContracts>
  readonly accounts: { readonly deployer: HDAccount; readonly relayer: HDAccount; readonly user: HDAccount }
  /** The market as written (state read from the chains right after deployment). */
  readonly market: Market
  /** What devnet.json contains. */
  readonly info: DevnetInfo
  readonly marketFile?: string
  readonly devnetFile?: string
  /** The in-process relayer, unless `relayer.run` was `none`. */
  readonly relayer?: Relayer
  /** Stops the relayer and the anvil processes; idempotent. */
  stop(): Promise<void>
}

/** Bridge venue id: `accord:<origin>-to-<destination>:<SYMBOL>`. */
export function devnetBridgeId(origin: string, destination: string, symbol: string): string {
  return `accord:${origin}-to-${destination}:${symbol}`
}

function assertSpecs(chains: readonly DevnetChainSpec[], tokens: readonly DevnetTokenSpec[], fees: StartDevnetParameters['bridgeFees'] = {}): void {
  if (chains.length < 2) throw new BaseError('INVALID_ARGUMENT', 'A devnet needs at least two chains to bridge between.', { field: 'chains' })
  const ids = new Set(chains.map((chain) => chain.chainId))
  const names = new Set(chains.map((chain) => chain.name))
  if (ids.size !== chains.length) throw new BaseError('INVALID_ARGUMENT', 'Devnet chain ids must be distinct.', { field: 'chains' })
  if (names.size !== chains.length) throw new BaseError('INVALID_ARGUMENT', 'Devnet chain names must be distinct.', { field: 'chains' })
  for (const token of tokens)
    if (!fees[token.symbol]) throw new BaseError('INVALID_ARGUMENT', `No bridge fee for token ${token.symbol}.`, { field: 'bridgeFees' })
}

/**
 * Starts anvil for every chain (in parallel, on free loopback ports), deploys and seeds each, reads
 * the resulting state back into a Market, writes `marketFile` and `devnetFile` when given, and
 * starts the relayer in-process unless told not to. On any failure everything already started is
 * stopped before the error propagates. Without `detached`, the anvil processes also die with this process.
 *
 * @example
 * const devnet = await startDevnet({ relayer: { delayMs: 300 }, marketFile: 'tmp/market.json' })
 * try { … } finally { await devnet.stop() }
 */
export async function startDevnet(parameters: StartDevnetParameters = {}): Promise<Devnet> {
  const chainSpecs = parameters.chains ?? DEVNET_CHAINS
  const tokens = parameters.tokens ?? DEVNET_TOKENS
  const pools = parameters.pools ?? DEVNET_POOLS
  const fees = parameters.bridgeFees ?? DEVNET_BRIDGE_FEES
  const relayerOptions = parameters.relayer ?? {}
  assertSpecs(chainSpecs, tokens, fees)
  const accounts = { deployer: devnetAccount('deployer'), relayer: devnetAccount('relayer'), user: devnetAccount('user') }

  // Compile first (if needed), so a compiler error does not leave nodes behind.
  await Promise.all([loadContractArtifact('AccordSpoke'), loadContractArtifact('DevnetToken')])

  if (parameters.logDir) await mkdir(parameters.logDir, { recursive: true })
  const started = await Promise.allSettled(
    chainSpecs.map((spec) =>
      startAnvil({
        chainId: spec.chainId,
        blockTimeMs: spec.blockTimeMs,
        slotsInAnEpoch: DEVNET_SLOTS_IN_AN_EPOCH,
        detached: parameters.detached ?? false,
        ...(parameters.logDir ? { logFile: resolve(parameters.logDir, `anvil-${spec.chainId}.log`) } : {}),
      }),
    ),
  )
  const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
  let relayer: Relayer | undefined
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await relayer?.stop()
    await Promise.all(nodes.map((node) => node.stop()))
  }

  try {
    const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected')
    if (failure) throw failure.reason

    const fundingUsd = parameters.fundingUsd ?? DEVNET_FUNDING_USD
    const deployments = await Promise.all(
      chainSpecs.map((spec, i) =>
        deployDevnetChain({
          chain: { ...spec, rpcUrl: (nodes[i] as AnvilNode).rpcUrl },
          tokens,
          pools,
          deployer: accounts.deployer,
          relayer: accounts.relayer,
          user: accounts.user.address,
          fundingUsd,
        }),
      ),
    )

    const v3Pools = parameters.uniswapV3 === true ? DEVNET_UNISWAP_V3_POOLS : parameters.uniswapV3 || []
    const v3 = await Promise.all(
      chainSpecs.map((spec, i) =>
        v3Pools.length === 0
          ? undefined
          : deployDevnetUniswapV3({
              chain: { ...spec, rpcUrl: (nodes[i] as AnvilNode).rpcUrl },
              tokens,
              tokenAddresses: deployments[i]!.contracts.tokens,
              pools: v3Pools,
              deployer: accounts.deployer,
            }),
      ),
    )

    const lending = await deployDevnetLending(parameters.lending === true ? DEVNET_LENDING : parameters.lending || null, chainSpecs, nodes, deployments, tokens, accounts.deployer)
    // Last, so the addresses of everything above stay where they were.
    const multicall3 = await Promise.all(chainSpecs.map((spec, i) => deployMulticall3({ ...spec, rpcUrl: (nodes[i] as AnvilNode).rpcUrl }, accounts.deployer)))

    const chains: DevnetChain[] = chainSpecs.map((spec, i) => {
      const node = nodes[i] as AnvilNode
      const v3Info = v3[i]?.info
      return {
        chainId: spec.chainId,
        name: spec.name,
        displayName: spec.displayName,
        rpcUrl: node.rpcUrl,
        blockTimeMs: spec.blockTimeMs,
        contracts: {
          ...deployments[i]!.contracts,
          ...(v3Info === undefined ? {} : { uniswapV3: v3Info }),
          ...(lending?.chainId === spec.chainId ? { lending: lending.contracts } : {}),
          multicall3: multicall3[i]!,
        },
        port: node.port,
        pid: node.pid,
        process: node.process,
      }
    })

    const bridges: DevnetBridgeInfo[] = []
    for (const origin of chains)
      for (const destination of chains) {
        if (origin === destination) continue
        for (const token of tokens) {
          const fee = fees[token.symbol] as { feeBps: number; feeFixedRaw: bigint }
          bridges.push({
            id: devnetBridgeId(origin.name, destination.name, token.symbol),
            symbol: token.symbol,
            originChainId: origin.chainId,
            destinationChainId: destination.chainId,
            inputToken: origin.contracts.tokens[token.symbol]!,
            outputToken: destination.contracts.tokens[token.symbol]!,
            originSpoke: origin.contracts.spoke,
            destinationSpoke: destination.contracts.spoke,
            feeBps: fee.feeBps,
            feeFixedRaw: String(fee.feeFixedRaw),
          })
        }
      }

    const relayerInfo = {
      address: accounts.relayer.address,
      delayMs: relayerOptions.delayMs ?? 1000,
      failureRate: relayerOptions.failureRate ?? 0,
      seed: relayerOptions.seed ?? 1,
      pollIntervalMs: relayerOptions.pollIntervalMs ?? 100,
    }
    const chainInfos: DevnetChainInfo[] = chains.map(({ port: _port, pid: _pid, process: _process, ...info }) => info)
    const info: DevnetInfo = {
      version: 1,
      name: parameters.name ?? 'accord-devnet',
      createdAt: Math.floor(Date.now() / 1000),
      mnemonic: DEVNET_MNEMONIC,
      accounts: {
        deployer: { address: accounts.deployer.address, addressIndex: DEVNET_ACCOUNT_INDEX.deployer },
        relayer: { address: accounts.relayer.address, addressIndex: DEVNET_ACCOUNT_INDEX.relayer },
        user: { address: accounts.user.address, addressIndex: DEVNET_ACCOUNT_INDEX.user },
      },
      tokens,
      chains: chainInfos,
      bridges,
      relayer: relayerInfo,
      ...(parameters.marketFile ? { marketFile: resolve(parameters.marketFile) } : {}),
    }

    const seeded = buildDevnetMarket({
      name: info.name,
      timestamp: info.createdAt,
      chains: chainInfos,
      tokens,
      bridges,
      relayer: relayerInfo,
      reserves: new Map(deployments.flatMap((deployment) => [...deployment.seededReserves])),
      relayerInventory: new Map(chains.map((chain, i) => [chain.chainId, deployments[i]!.relayerInventory])),
      concentratedPools: v3.flatMap((deployment) => deployment?.pools ?? []),
    })
    const read = await withDevnetLending(
      await readMarketFromChain({
        base: seeded,
        clients: createDevnetClients(info),
        bridgeLiquidityHolders: devnetBridgeLiquidityHolders(info),
      }),
      info,
    )
    // Round-trip through the file format so the returned market is exactly what the file holds.
    const marketJson = serializeMarket(read, `Local anvil devnet (${chains.map((chain) => chain.name).join(', ')}); addresses in devnet.json.`)
    const market = parseMarket(marketJson)

    if (parameters.marketFile) await writeJson(parameters.marketFile, marketJson)
    if (parameters.devnetFile) await writeJson(parameters.devnetFile, info)

    if ((relayerOptions.run ?? 'in-process') === 'in-process')
      relayer = startRelayer({
        chains: chains.map((chain) => ({ chainId: chain.chainId, name: chain.name, rpcUrl: chain.rpcUrl, spoke: chain.contracts.spoke })),
        routes: devnetRelayerRoutes(info, market),
        account: accounts.relayer,
        delayMs: relayerInfo.delayMs,
        failureRate: relayerInfo.failureRate,
        seed: relayerInfo.seed,
        pollIntervalMs: relayerInfo.pollIntervalMs,
        ...(relayerOptions.decide ? { decide: relayerOptions.decide } : {}),
        ...(relayerOptions.onEvent ? { onEvent: relayerOptions.onEvent } : {}),
      })

    return {
      chains,
      contracts: new Map(chains.map((chain) => [chain.chainId, chain.contracts])),
      accounts,
      market,
      info,
      ...(parameters.marketFile ? { marketFile: resolve(parameters.marketFile) } : {}),
      ...(parameters.devnetFile ? { devnetFile: resolve(parameters.devnetFile) } : {}),
      ...(relayer ? { relayer } : {}),
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(resolve(path)), { recursive: true })
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`)
}
