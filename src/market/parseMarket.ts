// Turns a market snapshot (parsed JSON) into the planner's Market: schema check, then the semantic
// checks a schema cannot express (references, duplicates, same-network bridges), each with its field path.
import { assetKey } from '../../solver/market/assetKey.ts'
import { withMarketVersion } from '../../solver/market/computeMarketVersion.ts'
import { deriveTokenPrices, type UnpricedToken } from '../../solver/pricing/deriveTokenPrices.ts'
import type { Address, Bridge, InactiveVenue, LendingMarket, Market, Network, Venue } from '../../solver/market/types.ts'
import { InvalidMarketError } from '../../solver/errors.ts'
import { MarketFileSchema, type LendingMarketFile, type MarketFile, type StableSwapPoolFile } from './marketSchema.ts'
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

  const tokens: UnpricedToken[] = []
  const tokenKeys = new Set<string>()
  const tokenDecimals = new Map<string, number>()
  file.tokens.forEach((t, i) => {
    if (!chainIds.has(t.chainId))
      throw new InvalidMarketError(`Token ${t.symbol} is on unknown chain ${t.chainId}.`, { field: `tokens[${i}].chainId` })
    const key = assetKey(t.chainId, t.address)
    if (tokenKeys.has(key)) throw new InvalidMarketError(`Duplicate token ${t.address} on chain ${t.chainId}.`, { field: `tokens[${i}].address` })
    tokenKeys.add(key)
    // Symbols may repeat (real tokens share them); tokens are identified by (chain, address) and resolveToken refuses
    // an ambiguous symbol.
    const { priceUsd, ...rest } = t
    tokens.push({ ...rest, address: lower(t.address), ...(priceUsd === undefined ? {} : { priceUsd }) })
    tokenDecimals.set(key, t.decimals)
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
  const inactiveVenues: InactiveVenue[] = []
  /** An active venue joins `venues`; one that cannot trade (`inactive` says why) is listed apart. */
  const admit = (inactive: string | undefined, venue: Venue) => {
    if (inactive === undefined) venues.push(venue)
    else inactiveVenues.push({ id: venue.id, kind: venue.kind, reason: inactive, venue })
  }
  const decimalsOf = (chainId: number, address: string) => tokenDecimals.get(assetKey(chainId, address)) as number
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
      // An empty reserve cannot trade (UniswapV2Library reverts INSUFFICIENT_LIQUIDITY): inactive, not invalid.
      const empty = BigInt(p.reserve0) === 0n ? 'reserve0 is 0' : BigInt(p.reserve1) === 0n ? 'reserve1 is 0' : undefined
      admit(empty, {
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
      return
    }
    if (p.kind === 'concentratedLiquidity') {
      venues.push(parseConcentratedLiquidityPool(p, at, requireToken))
      return
    }
    const zeroBalance = p.balances.findIndex((balance) => BigInt(balance) === 0n)
    const emptyBalance = zeroBalance < 0 ? undefined : `balances[${zeroBalance}] is 0`
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
    const decimals = p.tokens.map((token) => decimalsOf(p.chainId, token))
    const perCoin = (values: readonly string[] | undefined, name: string): bigint[] | undefined => {
      if (values === undefined) return undefined
      if (values.length !== p.tokens.length)
        throw new InvalidMarketError(`Pool ${p.id} has ${p.tokens.length} tokens but ${values.length} ${name}.`, { field: `${at}.${name}` })
      return values.map((value, j) => {
        if (BigInt(value) === 0n) throw new InvalidMarketError(`Pool ${p.id}: ${name} must be positive.`, { field: `${at}.${name}[${j}]` })
        return BigInt(value)
      })
    }
    const common = { id: p.id, chainId: p.chainId, address: lower(p.address), tokens: p.tokens.map(lower), balances: p.balances.map(BigInt), gasUnits: p.gasUnits }
    if (p.kind === 'stableSwap') {
      if (BigInt(p.amplification) === 0n) throw new InvalidMarketError('Amplification must be positive.', { field: `${at}.amplification` })
      if (BigInt(p.fee) >= 10n ** 10n) throw new InvalidMarketError('Fee must be below 1e10 (100 %).', { field: `${at}.fee` })
      const rates = stableSwapRatesOf(p, decimals, at, perCoin)
      admit(emptyBalance, {
        kind: 'stableSwap',
        ...common,
        amplification: BigInt(p.amplification),
        fee: BigInt(p.fee),
        ...(rates === undefined ? {} : { rates }),
      })
      return
    }
    // Balancer V2: scaling factors default to the decimals' (BasePool._computeScalingFactor: 1e18·10^(18 − d)).
    if (decimals.some((d) => d > 18)) throw new InvalidMarketError(`Pool ${p.id}: Balancer pools take tokens of at most 18 decimals.`, { field: `${at}.tokens` })
    const scalingFactors = perCoin(p.scalingFactors, 'scalingFactors') ?? decimals.map((d) => 10n ** BigInt(36 - d))
    if (BigInt(p.swapFee) >= 10n ** 18n) throw new InvalidMarketError('Swap fee must be below 1e18 (100 %).', { field: `${at}.swapFee` })
    if (p.kind === 'balancerWeighted') {
      const weights = perCoin(p.weights, 'weights') as bigint[]
      // WeightedPool's constructor requires normalised weights that sum to exactly FixedPoint.ONE, each ≥ 0.01e18.
      weights.forEach((weight, j) => {
        if (weight < 10n ** 16n) throw new InvalidMarketError('A normalised weight must be at least 0.01e18.', { field: `${at}.weights[${j}]` })
      })
      if (weights.reduce((sum, weight) => sum + weight, 0n) !== 10n ** 18n)
        throw new InvalidMarketError(`Pool ${p.id}: weights must sum to 1e18.`, { field: `${at}.weights` })
      admit(emptyBalance, { kind: 'balancerWeighted', ...common, weights, scalingFactors, swapFee: BigInt(p.swapFee), version: p.version ?? 'v3Plus' })
      return
    }
    // StableMath._MIN_AMP = 1, _MAX_AMP = 5000, times _AMP_PRECISION = 1000.
    const amp = BigInt(p.amplificationParameter)
    if (amp < 1000n || amp > 5_000_000n)
      throw new InvalidMarketError('amplificationParameter (A × 1000) must be in [1000, 5000000].', { field: `${at}.amplificationParameter` })
    admit(emptyBalance, { kind: 'balancerStable', ...common, scalingFactors, amplificationParameter: amp, swapFee: BigInt(p.swapFee) })
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
    admit(b.paused ? 'paused' : bridge.liquidityCapRaw === 0n ? 'liquidityCapRaw is 0' : undefined, bridge)
  })

  if (venues.length === 0)
    throw new InvalidMarketError('Market has no active pools or bridges.', {
      field: 'pools',
      details: `Inactive: ${describeInactiveVenues(inactiveVenues)}.`,
    })
  const lendingMarkets = file.lendingMarkets?.map((m, i) => parseLendingMarket(m, `lendingMarkets[${i}]`, requireUniqueId, requireToken))
  const vaults = file.vaults?.map((v, i) => {
    const at = `vaults[${i}]`
    requireUniqueId(v.id, `${at}.id`)
    requireToken(v.chainId, v.asset, `${at}.asset`)
    return { ...v, address: lower(v.address), asset: lower(v.asset), totalAssetsRaw: BigInt(v.totalAssetsRaw), totalSupplyRaw: BigInt(v.totalSupplyRaw) }
  })
  return withMarketVersion({
    name: file.name,
    timestamp: file.timestamp,
    networks,
    tokens: deriveTokenPrices(networks, tokens, venues),
    venues,
    ...(inactiveVenues.length === 0 ? {} : { inactiveVenues }),
    ...(lendingMarkets ? { lendingMarkets } : {}),
    ...(vaults ? { vaults } : {}),
  })
}

/** `id (reason), …` of inactive venues, for warnings. */
export function describeInactiveVenues(inactive: readonly InactiveVenue[]): string {
  return inactive.map((venue) => `${venue.id} (${venue.reason})`).join(', ')
}

/**
 * A StableSwap pool's stored rates from the file: `rates` verbatim (the contract's stored_rates()), or from
 * `rateProviders` as stableswap-ng's `_stored_rates`: rate_multiplier·oracle_rate / 1e18 with
 * rate_multiplier = 10^(36 − decimals) (curvefi/stableswap-ng `CurveStableSwapNG.vy`); coins without a provider
 * keep their rate multiplier. Absent both: undefined (the plain RATES).
 */
function stableSwapRatesOf(
  p: StableSwapPoolFile,
  decimals: readonly number[],
  at: string,
  perCoin: (values: readonly string[] | undefined, name: string) => bigint[] | undefined,
): bigint[] | undefined {
  if (p.rates !== undefined && p.rateProviders !== undefined)
    throw new InvalidMarketError(`Pool ${p.id}: give either rates or rateProviders, not both.`, { field: `${at}.rateProviders` })
  const rates = perCoin(p.rates, 'rates')
  if (rates !== undefined || p.rateProviders === undefined) return rates
  const multipliers = decimals.map((d) => 10n ** BigInt(36 - d))
  const seen = new Set<number>()
  p.rateProviders.forEach((provider, k) => {
    const field = `${at}.rateProviders[${k}]`
    if (provider.coin >= p.tokens.length) throw new InvalidMarketError(`Pool ${p.id} has no coin ${provider.coin}.`, { field: `${field}.coin` })
    if (seen.has(provider.coin)) throw new InvalidMarketError(`Coin ${provider.coin} has two rate providers.`, { field: `${field}.coin` })
    seen.add(provider.coin)
    if (BigInt(provider.rate) === 0n) throw new InvalidMarketError('A rate must be positive.', { field: `${field}.rate` })
    multipliers[provider.coin] = ((multipliers[provider.coin] as bigint) * BigInt(provider.rate)) / 10n ** 18n
  })
  return multipliers
}

function parseLendingMarket(
  m: LendingMarketFile,
  at: string,
  requireUniqueId: (id: string, field: string) => void,
  requireToken: (chainId: number, address: string, field: string) => void,
): LendingMarket {
  requireUniqueId(m.id, `${at}.id`)
  const seen = new Set<string>()
  const reserves = m.reserves.map((r, j) => {
    const field = `${at}.reserves[${j}]`
    requireToken(m.chainId, r.token, `${field}.token`)
    if (seen.has(lower(r.token))) throw new InvalidMarketError(`Lending market ${m.id} lists a reserve twice.`, { field: `${field}.token` })
    seen.add(lower(r.token))
    // PoolConfigurator.configureReserveAsCollateral: ltv ≤ liquidation threshold.
    if (r.ltvBps > r.liquidationThresholdBps)
      throw new InvalidMarketError('ltvBps must not exceed liquidationThresholdBps.', { field: `${field}.ltvBps` })
    return {
      ...r,
      token: lower(r.token),
      priceBase: BigInt(r.priceBase),
      liquidityIndexRay: BigInt(r.liquidityIndexRay),
      variableBorrowIndexRay: BigInt(r.variableBorrowIndexRay),
      liquidityRateRay: BigInt(r.liquidityRateRay),
      variableBorrowRateRay: BigInt(r.variableBorrowRateRay),
      scaledSuppliedRaw: BigInt(r.scaledSuppliedRaw),
      scaledVariableDebtRaw: BigInt(r.scaledVariableDebtRaw),
      totalStableDebtRaw: BigInt(r.totalStableDebtRaw),
      availableLiquidityRaw: BigInt(r.availableLiquidityRaw),
      supplyCapTokens: BigInt(r.supplyCapTokens),
      borrowCapTokens: BigInt(r.borrowCapTokens),
      aToken: lower(r.aToken),
      variableDebtToken: lower(r.variableDebtToken),
    }
  })
  const { source: _source, ...rest } = m
  return { ...rest, pool: lower(m.pool), oracle: lower(m.oracle), baseCurrencyUnit: BigInt(m.baseCurrencyUnit), reserves }
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
  // Inactive venues are written back (a paused bridge with `paused`), so updates can bring them back to life.
  const paused = new Set((market.inactiveVenues ?? []).filter((v) => v.reason === 'paused').map((v) => v.id))
  for (const venue of [...market.venues, ...(market.inactiveVenues ?? []).map((inactive) => inactive.venue)]) {
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
    else if (venue.kind === 'stableSwap') {
      const { rates, ...rest } = venue
      pools.push({
        ...rest,
        tokens: [...venue.tokens],
        balances: venue.balances.map(String),
        amplification: String(venue.amplification),
        fee: String(venue.fee),
        ...(rates === undefined ? {} : { rates: rates.map(String) }),
      })
    } else if (venue.kind === 'balancerWeighted')
      pools.push({
        ...venue,
        tokens: [...venue.tokens],
        balances: venue.balances.map(String),
        weights: venue.weights.map(String),
        scalingFactors: venue.scalingFactors.map(String),
        swapFee: String(venue.swapFee),
      })
    else if (venue.kind === 'balancerStable')
      pools.push({
        ...venue,
        tokens: [...venue.tokens],
        balances: venue.balances.map(String),
        scalingFactors: venue.scalingFactors.map(String),
        amplificationParameter: String(venue.amplificationParameter),
        swapFee: String(venue.swapFee),
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
        ...(paused.has(venue.id) ? { paused: true } : {}),
      })
    }
  }
  return {
    name: market.name,
    ...(description === undefined ? {} : { description }),
    timestamp: market.timestamp,
    networks: market.networks.map((n) => ({ ...n, gasPriceWei: String(n.gasPriceWei) })),
    // A derived price is not part of the snapshot: it is derived again on load.
    tokens: market.tokens.map(({ priceSource, priceUsd, ...t }) => (priceSource === undefined ? { ...t, priceUsd } : t)),
    pools,
    bridges,
    ...(market.lendingMarkets
      ? {
          lendingMarkets: market.lendingMarkets.map((m) => ({
            ...m,
            baseCurrencyUnit: String(m.baseCurrencyUnit),
            reserves: m.reserves.map((r) => ({
              ...r,
              priceBase: String(r.priceBase),
              liquidityIndexRay: String(r.liquidityIndexRay),
              variableBorrowIndexRay: String(r.variableBorrowIndexRay),
              liquidityRateRay: String(r.liquidityRateRay),
              variableBorrowRateRay: String(r.variableBorrowRateRay),
              scaledSuppliedRaw: String(r.scaledSuppliedRaw),
              scaledVariableDebtRaw: String(r.scaledVariableDebtRaw),
              totalStableDebtRaw: String(r.totalStableDebtRaw),
              availableLiquidityRaw: String(r.availableLiquidityRaw),
              supplyCapTokens: String(r.supplyCapTokens),
              borrowCapTokens: String(r.borrowCapTokens),
            })),
          })),
        }
      : {}),
    ...(market.vaults
      ? { vaults: market.vaults.map((v) => ({ ...v, totalAssetsRaw: String(v.totalAssetsRaw), totalSupplyRaw: String(v.totalSupplyRaw) })) }
      : {}),
  }
}

/** `SYMBOL 0x… $price (…)` of every token whose price was derived on load, for notes; undefined if none. */
export function describeDerivedPrices(market: Market): string | undefined {
  const derived = market.tokens.filter((token) => token.priceSource !== undefined)
  if (derived.length === 0) return undefined
  return derived
    .map((token) => {
      const source = token.priceSource!
      return source.kind === 'derived'
        ? `${token.symbol} ${token.address} $${token.priceUsd.toPrecision(6)} via ${source.path.join(' → ')} (depth $${Math.round(source.depthUsd)})`
        : `${token.symbol} ${token.address} unpriced (planned in its own units; relative to ${source.anchor})`
    })
    .join('; ')
}
