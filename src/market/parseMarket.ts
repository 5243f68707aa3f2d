// Turns a market snapshot (parsed JSON) into the planner's Market: schema check, then the semantic
// checks a schema cannot express (references, duplicates, same-network bridges), each with its field path.
import { assetKey } from '../../solver/market/assetKey.ts'
import { withMarketVersion } from '../../solver/market/computeMarketVersion.ts'
import type { Address, Bridge, Market, Network, Token, Venue } from '../../solver/market/types.ts'
import { InvalidMarketError } from '../../solver/errors.ts'
import { MarketFileSchema, type MarketFile } from './marketSchema.ts'
import { parseConcentratedLiquidityPool } from './parseConcentratedLiquidityPool.ts'
import { assertMatchesSchema } from './validateSchema.ts'

const lower = (address: string) => address.toLowerCase() as Address

/** Validates a parsed market file and builds the Market. Throws InvalidMarketError with the field path. */
export function parseMarket(json: unknown): Market {
  assertMatchesSchema<MarketFile>(MarketFileSchema, json, 'INVALID_MARKET', 'market')
  const file = json
  if (file.networks.length === 0) throw new InvalidMarketError('Market has no networks.', { field: 'networks' })
  if (file.pools.length + file.bridges.length === 0)
    throw new InvalidMarketError('Market has no pools or bridges.', { field: 'pools' })

  const networks: Network[] = []
  const chainIds = new Set<number>()
  const names = new Set<string>()
  file.networks.forEach((n, i) => {
    if (chainIds.has(n.chainId)) throw new InvalidMarketError(`Duplicate chain id ${n.chainId}.`, { field: `networks[${i}].chainId` })
    if (names.has(n.name)) throw new InvalidMarketError(`Duplicate network name "${n.name}".`, { field: `networks[${i}].name` })
    chainIds.add(n.chainId)
    names.add(n.name)
    networks.push({
      chainId: n.chainId,
      name: n.name,
      displayName: n.displayName,
      blockTimeMs: n.blockTimeMs,
      finalitySeconds: n.finalitySeconds,
      gasPriceWei: BigInt(n.gasPriceWei),
      nativeSymbol: n.nativeSymbol,
      nativePriceUsd: n.nativePriceUsd,
      congestion: n.congestion,
      ...(n.swapRevertProbability === undefined ? {} : { swapRevertProbability: n.swapRevertProbability }),
      ...(n.executorOverhead === undefined ? {} : { executorOverhead: n.executorOverhead }),
      ...(n.observations === undefined ? {} : { observations: n.observations }),
    })
  })

  const tokens: Token[] = []
  const tokenKeys = new Set<string>()
  const tokenSymbols = new Set<string>()
  file.tokens.forEach((t, i) => {
    if (!chainIds.has(t.chainId))
      throw new InvalidMarketError(`Token ${t.symbol} is on unknown chain ${t.chainId}.`, { field: `tokens[${i}].chainId` })
    const key = assetKey(t.chainId, t.address)
    if (tokenKeys.has(key)) throw new InvalidMarketError(`Duplicate token ${t.address} on chain ${t.chainId}.`, { field: `tokens[${i}].address` })
    tokenKeys.add(key)
    // Intents name tokens by symbol (resolveToken), so a symbol must be unambiguous on its network.
    const symbolKey = `${t.chainId}:${t.symbol.toLowerCase()}`
    if (tokenSymbols.has(symbolKey))
      throw new InvalidMarketError(`Duplicate token symbol ${t.symbol} on chain ${t.chainId}.`, { field: `tokens[${i}].symbol` })
    tokenSymbols.add(symbolKey)
    tokens.push({ ...t, address: lower(t.address) })
  })

  const requireToken = (chainId: number, address: string, field: string) => {
    if (!chainIds.has(chainId)) throw new InvalidMarketError(`Unknown chain ${chainId}.`, { field })
    if (!tokenKeys.has(assetKey(chainId, address)))
      throw new InvalidMarketError(`Token ${address} is not listed on chain ${chainId}.`, { field })
  }

  const venues: Venue[] = []
  const venueIds = new Set<string>()
  const requireUniqueId = (id: string, field: string) => {
    if (venueIds.has(id)) throw new InvalidMarketError(`Duplicate venue id "${id}".`, { field })
    venueIds.add(id)
  }

  const poolAddresses = new Set<string>()
  file.pools.forEach((p, i) => {
    const at = `pools[${i}]`
    requireUniqueId(p.id, `${at}.id`)
    if (!chainIds.has(p.chainId)) throw new InvalidMarketError(`Pool ${p.id} is on unknown chain ${p.chainId}.`, { field: `${at}.chainId` })
    // One contract listed twice would count its liquidity twice.
    const poolKey = assetKey(p.chainId, p.address)
    if (poolAddresses.has(poolKey))
      throw new InvalidMarketError(`Pool ${p.id} repeats the address ${p.address} of another pool on chain ${p.chainId}.`, { field: `${at}.address` })
    poolAddresses.add(poolKey)
    if (p.kind === 'constantProduct') {
      requireToken(p.chainId, p.token0, `${at}.token0`)
      requireToken(p.chainId, p.token1, `${at}.token1`)
      if (lower(p.token0) === lower(p.token1))
        throw new InvalidMarketError(`Pool ${p.id} trades a token against itself.`, { field: `${at}.token1` })
      if (BigInt(p.reserve0) === 0n) throw new InvalidMarketError(`Pool ${p.id} has an empty reserve.`, { field: `${at}.reserve0` })
      if (BigInt(p.reserve1) === 0n) throw new InvalidMarketError(`Pool ${p.id} has an empty reserve.`, { field: `${at}.reserve1` })
      venues.push({
        kind: 'constantProduct',
        id: p.id,
        chainId: p.chainId,
        address: lower(p.address),
        token0: lower(p.token0),
        token1: lower(p.token1),
        reserve0: BigInt(p.reserve0),
        reserve1: BigInt(p.reserve1),
        feeBps: p.feeBps,
        gasUnits: p.gasUnits,
      })
    } else if (p.kind === 'concentratedLiquidity') {
      venues.push(parseConcentratedLiquidityPool(p, at, requireToken))
    } else {
      if (p.balances.length !== p.tokens.length)
        throw new InvalidMarketError(`Pool ${p.id} has ${p.tokens.length} tokens but ${p.balances.length} balances.`, {
          field: `${at}.balances`,
        })
      const seen = new Set<string>()
      p.tokens.forEach((token, j) => {
        requireToken(p.chainId, token, `${at}.tokens[${j}]`)
        if (seen.has(lower(token))) throw new InvalidMarketError(`Pool ${p.id} lists a token twice.`, { field: `${at}.tokens[${j}]` })
        seen.add(lower(token))
      })
      p.balances.forEach((balance, j) => {
        if (BigInt(balance) === 0n) throw new InvalidMarketError(`Pool ${p.id} has an empty balance.`, { field: `${at}.balances[${j}]` })
      })
      if (BigInt(p.amplification) === 0n) throw new InvalidMarketError('Amplification must be positive.', { field: `${at}.amplification` })
      if (BigInt(p.fee) >= 10n ** 10n) throw new InvalidMarketError('Fee must be below 1e10 (100 %).', { field: `${at}.fee` })
      venues.push({
        kind: 'stableSwap',
        id: p.id,
        chainId: p.chainId,
        address: lower(p.address),
        tokens: p.tokens.map(lower),
        balances: p.balances.map(BigInt),
        amplification: BigInt(p.amplification),
        fee: BigInt(p.fee),
        gasUnits: p.gasUnits,
      })
    }
  })

  file.bridges.forEach((b, i) => {
    const at = `bridges[${i}]`
    requireUniqueId(b.id, `${at}.id`)
    requireToken(b.from.chainId, b.from.token, `${at}.from`)
    requireToken(b.to.chainId, b.to.token, `${at}.to`)
    if (b.from.chainId === b.to.chainId)
      throw new InvalidMarketError(`Bridge ${b.id} starts and ends on chain ${b.from.chainId}; a bridge must cross networks.`, {
        field: `${at}.to.chainId`,
      })
    // The exact bridge math (solver/venues/bridge.ts) takes whole basis points.
    if (BigInt(b.liquidityCapRaw) === 0n) throw new InvalidMarketError(`Bridge ${b.id} has no liquidity.`, { field: `${at}.liquidityCapRaw` })
    let previousMax = -1n
    b.latencyTiers.forEach((tier, j) => {
      const field = `${at}.latencyTiers[${j}]`
      if (tier.p95Seconds < tier.medianSeconds)
        throw new InvalidMarketError('p95Seconds must not be below medianSeconds.', { field: `${field}.p95Seconds` })
      const last = j === b.latencyTiers.length - 1
      if (last !== (tier.maxAmountRaw === undefined))
        throw new InvalidMarketError('Every latency tier but the last needs maxAmountRaw; the last must not have one.', {
          field: `${field}.maxAmountRaw`,
        })
      if (tier.maxAmountRaw !== undefined) {
        if (BigInt(tier.maxAmountRaw) <= previousMax)
          throw new InvalidMarketError('Latency tiers must be sorted by increasing maxAmountRaw.', { field: `${field}.maxAmountRaw` })
        previousMax = BigInt(tier.maxAmountRaw)
      }
    })
    const bridge: Bridge = {
      kind: 'bridge',
      id: b.id,
      protocol: b.protocol,
      bridgeKind: b.bridgeKind,
      from: { chainId: b.from.chainId, token: lower(b.from.token) },
      to: { chainId: b.to.chainId, token: lower(b.to.token) },
      feeFixedRaw: BigInt(b.feeFixedRaw),
      feeBps: b.feeBps,
      liquidityCapRaw: BigInt(b.liquidityCapRaw),
      latencyTiers: b.latencyTiers.map((tier) => ({
        ...(tier.maxAmountRaw === undefined ? {} : { maxAmountRaw: BigInt(tier.maxAmountRaw) }),
        medianSeconds: tier.medianSeconds,
        p95Seconds: tier.p95Seconds,
        ...(tier.observations === undefined ? {} : { observations: tier.observations }),
      })),
      failureProbability: b.failureProbability,
      ...(b.failureObservations === undefined ? {} : { failureObservations: b.failureObservations }),
      gasUnits: b.gasUnits,
      confirmations: b.confirmations,
    }
    venues.push(bridge)
  })

  return withMarketVersion({ name: file.name, timestamp: file.timestamp, networks, tokens, venues })
}

/** Parses market JSON text; malformed JSON is an InvalidMarketError too. */
export function parseMarketJson(text: string): Market {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new InvalidMarketError(`Market file is not valid JSON: ${(error as Error).message}`, { cause: error })
  }
  return parseMarket(json)
}

/** The inverse of parseMarket: a Market as its JSON file shape. */
export function serializeMarket(market: Market, description?: string): MarketFile {
  const pools: MarketFile['pools'] = []
  const bridges: MarketFile['bridges'] = []
  for (const venue of market.venues) {
    if (venue.kind === 'constantProduct')
      pools.push({ ...venue, reserve0: String(venue.reserve0), reserve1: String(venue.reserve1) })
    else if (venue.kind === 'concentratedLiquidity')
      pools.push({
        ...venue,
        sqrtPriceX96: String(venue.sqrtPriceX96),
        liquidity: String(venue.liquidity),
        ticks: venue.ticks.map((t) => ({ tick: t.tick, liquidityNet: String(t.liquidityNet) })),
        ...(venue.tickRange === undefined ? {} : { tickRange: { ...venue.tickRange } }),
      })
    else if (venue.kind === 'stableSwap')
      pools.push({
        ...venue,
        tokens: [...venue.tokens],
        balances: venue.balances.map(String),
        amplification: String(venue.amplification),
        fee: String(venue.fee),
      })
    else {
      const { kind: _kind, ...rest } = venue
      bridges.push({
        ...rest,
        from: { ...venue.from },
        to: { ...venue.to },
        feeFixedRaw: String(venue.feeFixedRaw),
        liquidityCapRaw: String(venue.liquidityCapRaw),
        latencyTiers: venue.latencyTiers.map((tier) => ({
          ...(tier.maxAmountRaw === undefined ? {} : { maxAmountRaw: String(tier.maxAmountRaw) }),
          medianSeconds: tier.medianSeconds,
          p95Seconds: tier.p95Seconds,
          ...(tier.observations === undefined ? {} : { observations: tier.observations }),
        })),
      })
    }
  }
  return {
    name: market.name,
    ...(description === undefined ? {} : { description }),
    timestamp: market.timestamp,
    networks: market.networks.map((n) => ({ ...n, gasPriceWei: String(n.gasPriceWei) })),
    tokens: market.tokens.map((t) => ({ ...t })),
    pools,
    bridges,
  }
}
