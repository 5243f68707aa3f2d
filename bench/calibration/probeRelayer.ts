// What an operator knows about a relayer: measured, not configured. Sends small deposits through
// the devnet's bridges from probe accounts, watches them as the executor does (receipt seen → fill
// seen, polling every 100 ms) and reports the fill-latency median and 95th percentile and the share
// refunded. The bridges in the planner's market get these numbers.
//
// The probes are paced like the executions they stand for: a few lanes, each sending its next deposit
// only when the previous one is filled (or has waited `waitCapSeconds`), rather than a burst. A burst
// of 320 deposits 150 ms apart queued the relayer's fills and repays behind each other and measured
// fill medians of 4.8–9.5 s where the executions saw 0.7–0.9 of that (bench/results/2026-12-01).
import { maxUint256, parseEventLogs, type Address, type HDAccount } from 'viem'
import { indexMarket, getToken } from '../../solver/market/indexMarket.ts'
import { assetKeyOf } from '../../solver/market/assetKey.ts'
import { withMarketVersion } from '../../solver/market/computeMarketVersion.ts'
import type { Bridge, Market } from '../../solver/market/types.ts'
import { getBridgeAmountOut } from '../../solver/venues/bridge.ts'
import { accordSpokeAbi, devnetTokenAbi } from '../../src/devnet/abis.ts'
import { createDevnetPublicClient, createDevnetWalletClient } from '../../src/devnet/defineDevnetChain.ts'
import type { Devnet } from '../../src/devnet/startDevnet.ts'
import { watchBridge } from '../../src/executor/watchBridge.ts'

export interface RelayerMeasurement {
  readonly probes: number
  readonly refunded: number
  readonly fillSeconds: readonly number[]
  readonly medianSeconds: number
  readonly p95Seconds: number
  readonly failureRate: number
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

export interface ProbeRelayerParameters {
  readonly devnet: Devnet
  readonly market: Market
  /** One account per lane (funded by the caller): a lane sends its deposits one after the other. */
  readonly accounts: readonly HDAccount[]
  readonly count: number
  /** Each deposit's fill deadline, seconds ahead of the origin's latest block. */
  readonly windowSeconds: number
  /** A lane sends its next deposit once the previous one is filled or after this many seconds (a refund takes the whole window). */
  readonly waitCapSeconds: number
}

/**
 * Sends `count` deposits of about 50 USD over bridges picked in turn, spread over the lanes, and
 * waits until all are filled or refunded. Each deposit is watched from the moment its receipt is seen,
 * as the executor does.
 */
export async function probeRelayer(parameters: ProbeRelayerParameters): Promise<RelayerMeasurement> {
  const { devnet, market, accounts, count, windowSeconds, waitCapSeconds } = parameters
  const index = indexMarket(market)
  const bridges = market.venues.filter((venue): venue is Bridge => venue.kind === 'bridge')
  const chainOf = (chainId: number) => devnet.chains.find((chain) => chain.chainId === chainId)!
  const approved = new Set<string>()
  const watches: Array<Promise<{ filled: boolean; seconds: number } | undefined>> = []
  let next = 0
  const lane = async (account: HDAccount) => {
    while (next < count) {
      const i = next++
      const bridge = bridges[(i * 7) % bridges.length]!
      const chain = chainOf(bridge.from.chainId)
      const wallet = createDevnetWalletClient(chain, account)
      const client = createDevnetPublicClient(chain)
      const token = getToken(index, assetKeyOf(bridge.from))
      const out = getToken(index, assetKeyOf(bridge.to))
      const allowanceKey = `${account.address}:${chain.chainId}:${token.address}`
      if (!approved.has(allowanceKey)) {
        approved.add(allowanceKey)
        const hash = await wallet.writeContract({ address: token.address as Address, abi: devnetTokenAbi, functionName: 'approve', args: [chain.contracts.spoke, maxUint256] })
        await client.waitForTransactionReceipt({ hash })
      }
      const amountInRaw = BigInt(Math.round((50 / token.priceUsd) * 10 ** Math.min(token.decimals, 12))) * 10n ** BigInt(Math.max(0, token.decimals - 12))
      const block = await client.getBlock({ blockTag: 'latest' })
      const destination = chainOf(bridge.to.chainId)
      const destinationClient = createDevnetPublicClient(destination)
      const fromBlock = await destinationClient.getBlockNumber()
      const hash = await wallet.writeContract({
        address: chain.contracts.spoke,
        abi: accordSpokeAbi,
        functionName: 'deposit',
        args: [
          token.address as Address,
          amountInRaw,
          BigInt(bridge.to.chainId),
          bridge.to.token as Address,
          getBridgeAmountOut(bridge, amountInRaw, token.decimals, out.decimals),
          account.address,
          Number(block.timestamp) + windowSeconds,
        ],
      })
      const watch = (async () => {
        const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 100 })
        const seenAt = Date.now()
        const [deposited] = parseEventLogs({ abi: accordSpokeAbi, eventName: 'Deposited', logs: receipt.logs })
        // A deposit that did not land (reverted or replaced on a loaded node) says nothing about the relayer.
        if (!deposited) return undefined
        const result = await watchBridge({
          origin: { client, spoke: chain.contracts.spoke, chainId: chain.chainId, fromBlock: receipt.blockNumber },
          destination: { client: destinationClient, spoke: destination.contracts.spoke, fromBlock },
          depositId: deposited.args.depositId,
          fillDeadline: deposited.args.fillDeadline,
          lateAtMs: Number.POSITIVE_INFINITY,
          refundGraceSeconds: 30,
          pollIntervalMs: 100,
        })
        return result.status === 'filled' ? { filled: true, seconds: (Date.now() - seenAt) / 1000 } : { filled: false, seconds: 0 }
      })()
      watches.push(watch)
      // The lane's next deposit waits for this one, as an execution's next step waits for its fill.
      let timer: NodeJS.Timeout | undefined
      await Promise.race([watch.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, waitCapSeconds * 1000)))])
      clearTimeout(timer)
    }
  }
  await Promise.all(accounts.map((account) => lane(account)))
  const results = (await Promise.all(watches)).filter((result) => result !== undefined)
  const fillSeconds = results.filter((r) => r.filled).map((r) => r.seconds).sort((a, b) => a - b)
  const refunded = results.filter((r) => !r.filled).length
  return {
    probes: results.length,
    refunded,
    fillSeconds,
    medianSeconds: quantile(fillSeconds, 0.5),
    p95Seconds: quantile(fillSeconds, 0.95),
    failureRate: refunded / results.length,
  }
}

/** The market with every bridge's latency tier and failure probability replaced by the measurement. */
export function withMeasuredRelayer(market: Market, measurement: RelayerMeasurement): Market {
  const { version: _version, ...rest } = market
  return withMarketVersion({
    ...rest,
    venues: market.venues.map((venue) =>
      venue.kind === 'bridge'
        ? {
            ...venue,
            latencyTiers: [{ medianSeconds: measurement.medianSeconds, p95Seconds: Math.max(measurement.p95Seconds, measurement.medianSeconds), observations: measurement.fillSeconds.length }],
            failureProbability: measurement.failureRate,
            failureObservations: measurement.probes,
          }
        : venue,
    ),
  })
}
