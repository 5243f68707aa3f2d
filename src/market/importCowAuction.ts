// Converts a CoW Protocol solver auction (the JSON the CoW Protocol driver posts to a solver engine: tokens with
// reference prices, and liquidity) into an Accord market file — a ready source of real mainnet liquidity.
//
// Format: cowprotocol/services `crates/solvers/openapi.yml` (components Auction, Token, ConstantProductPool,
// WeightedProductPool, StablePool, ConcentratedLiquidityPool). Conversions:
//   - referencePrice is the price in wei of the native token for 1e18 atoms of the token, so one token unit is
//     referencePrice·10^decimals / 1e36 native tokens; times `nativePriceUsd` (the auction has no USD) for priceUsd.
//     A null or missing referencePrice leaves the token unpriced (Accord derives it from the pools on load).
//   - constantProduct: Uniswap V2-like, `fee` as a decimal fraction (0.003 → 30 bps).
//   - weightedProduct: Balancer V2 weighted; `weight`, `scalingFactor` and `fee` are decimals taken to 18-decimal
//     fixed point exactly (the solver engine reads them as Balancer's Bfp the same way); `version` v0 / v3Plus.
//   - stable: Balancer V2 stable; `amplificationParameter` is A as a decimal (A × 1000 = the contract's value); a
//     composable pool's own BPT (the token at the pool's address) is left out, as the solver engine does.
//   - concentratedLiquidity: Uniswap V3; `sqrtPrice` (Q64.96), `liquidity`, `tick`, `liquidityNet` (tick → signed
//     net liquidity) and `fee` (0.0005 → 500 pips). The auction carries no tick spacing: it is the one
//     UniswapV3Factory enables for the fee tier (v3-core UniswapV3Factory.sol constructor: 500 → 10, 3000 → 60,
//     10000 → 200; 100 → 1 added by governance, UNI proposal 9). The ticks are taken as complete (no `tickRange`),
//     as CoW Protocol's own solvers simulate them. Gas per tick crossed: Accord's devnet measurement.
//   - foreign limit orders are skipped and counted.
//   - gasEstimate → gasUnits; effectiveGasPrice → the network's gasPriceWei.
import { Type, type Static } from '@sinclair/typebox'
import { BaseError, InvalidMarketError } from '../../solver/errors.ts'
import { getTickAtSqrtRatio, MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK } from '../../solver/venues/uniswapV3/tickMath.ts'
import { DEFAULT_GAS_UNITS } from './chain/defaultGasUnits.ts'
import type { MarketFile, NetworkFile, PoolFile, TokenFile } from './marketSchema.ts'
import { parseMarket } from './parseMarket.ts'
import { assertMatchesSchema } from './validateSchema.ts'

const Decimal = Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$' })
const Integer = Type.String({ pattern: '^[0-9]{1,78}$' })
const AddressText = Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' })

const CowTokenSchema = Type.Object({
  decimals: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 36 }), Type.Null()])),
  symbol: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  referencePrice: Type.Optional(Type.Union([Integer, Type.Null()])),
})

const CowLiquiditySchema = Type.Object({
  kind: Type.String({ minLength: 1 }),
  id: Type.Optional(Type.String()),
  address: Type.Optional(AddressText),
  gasEstimate: Type.Optional(Integer),
  fee: Type.Optional(Decimal),
})

export const CowAuctionSchema = Type.Object({
  id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  tokens: Type.Record(Type.String(), CowTokenSchema),
  liquidity: Type.Array(CowLiquiditySchema),
  effectiveGasPrice: Integer,
  deadline: Type.Optional(Type.String()),
})
type CowAuction = Static<typeof CowAuctionSchema>

/** Network parameters for the chains whose auctions can be imported, with their sources. */
const NETWORKS: Readonly<Record<number, Omit<NetworkFile, 'gasPriceWei' | 'nativePriceUsd'>>> = {
  1: {
    chainId: 1,
    name: 'ethereum',
    displayName: 'Ethereum',
    blockTimeMs: 12_000,
    finalitySeconds: 900,
    nativeSymbol: 'ETH',
    congestion: 0.35,
    source: 'block time: 12 s slots; finality: Chainlink CCIP docs execution latency (15 min, 2 epochs); congestion as in realistic.json; gas price: the auction\'s effectiveGasPrice',
  },
}

export interface ImportCowAuctionOptions {
  /** USD per native token (ETH on chain 1): the auction prices tokens in the native token only. */
  readonly nativePriceUsd: number
  readonly chainId?: number
  readonly name?: string
  /** Annualised volatility given to every token (the auction has none); default 0.6. */
  readonly annualVolatility?: number
  /** Where the auction came from, recorded in the market's description and the pools' `source`. */
  readonly source?: string
  /** Snapshot time, unix seconds (default: the auction's deadline, else 0). */
  readonly timestamp?: number
}

export interface PoolKindCount {
  readonly seen: number
  readonly imported: number
  /** Reasons for skipping, with counts. */
  readonly skipped: Readonly<Record<string, number>>
}

export interface ImportCowAuctionReturnType {
  readonly market: MarketFile
  readonly report: {
    readonly tokens: { readonly listed: number; readonly imported: number; readonly priced: number; readonly unpriced: number }
    readonly liquidity: Readonly<Record<string, PoolKindCount>>
    /** Venues the market loads as inactive (empty pools). */
    readonly inactive: number
  }
}

/** Exact decimal string → 18-decimal fixed point (Balancer's Bfp). Throws when it has more than 18 decimals. */
export function decimalToFixed18(text: string, field: string): bigint {
  const [units = '0', fraction = ''] = text.split('.')
  if (fraction.length > 18) throw new BaseError('INVALID_ARGUMENT', `More than 18 decimals in "${text}".`, { field })
  return BigInt(units) * 10n ** 18n + BigInt(fraction.padEnd(18, '0') || '0')
}

const lower = (address: string) => address.toLowerCase()

/**
 * Builds an Accord market file from a CoW Protocol auction and counts, per liquidity kind, what was imported and
 * what was skipped and why. The result passes parseMarket. Throws BaseError INVALID_MARKET (with the auction's
 * field path) for an auction that does not match the format, INVALID_ARGUMENT for options.
 */
export function importCowAuction(json: unknown, options: ImportCowAuctionOptions): ImportCowAuctionReturnType {
  assertMatchesSchema<CowAuction>(CowAuctionSchema, json, 'INVALID_MARKET', 'auction')
  const auction = json
  const chainId = options.chainId ?? 1
  const network = NETWORKS[chainId]
  if (!network)
    throw new BaseError('INVALID_ARGUMENT', `No network parameters for chain ${chainId}; importable: ${Object.keys(NETWORKS).join(', ')}.`, { field: '--chain' })
  if (!(options.nativePriceUsd > 0) || !Number.isFinite(options.nativePriceUsd))
    throw new BaseError('INVALID_ARGUMENT', 'The native token price must be a positive number of USD.', { field: '--native-price-usd' })
  const volatility = options.annualVolatility ?? 0.6

  // Tokens: the auction's list, plus tokens only pools name whose decimals a Balancer scaling factor reveals.
  const tokens = new Map<string, TokenFile>()
  const symbolOf = (address: string, symbol: string | null | undefined) => (symbol && symbol.length > 0 ? symbol.slice(0, 20) : address.slice(0, 10))
  for (const [address, token] of Object.entries(auction.tokens)) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new InvalidMarketError(`Token key "${address}" is not an address.`, { field: `auction.tokens.${address}` })
    if (token.decimals === undefined || token.decimals === null) continue
    const priceUsd =
      token.referencePrice === undefined || token.referencePrice === null || BigInt(token.referencePrice) === 0n
        ? undefined
        : ((Number(token.referencePrice) * 10 ** token.decimals) / 1e36) * options.nativePriceUsd
    tokens.set(lower(address), {
      chainId,
      address: lower(address),
      symbol: symbolOf(address, token.symbol),
      decimals: token.decimals,
      ...(priceUsd === undefined || !(priceUsd > 0) ? {} : { priceUsd }),
      annualVolatility: volatility,
    })
  }
  const listed = Object.keys(auction.tokens).length

  const counts: Record<string, { seen: number; imported: number; skipped: Record<string, number> }> = {}
  const count = (kind: string) => (counts[kind] ??= { seen: 0, imported: 0, skipped: {} })
  const skip = (kind: string, reason: string) => {
    const entry = count(kind)
    entry.skipped[reason] = (entry.skipped[reason] ?? 0) + 1
  }
  const pools: PoolFile[] = []
  const addresses = new Set<string>()
  const source = options.source ?? 'CoW Protocol auction'

  auction.liquidity.forEach((raw, i) => {
    const item = raw as Record<string, unknown>
    const at = `auction.liquidity[${i}]`
    const kind = raw.kind
    count(kind).seen++
    if (kind === 'concentratedLiquidity') {
      const pool = concentratedPool(item, at, chainId, source)
      if (typeof pool === 'string') return skip(kind, pool)
      if (addresses.has(pool.address)) return skip(kind, 'same pool listed twice')
      if (!tokens.has(pool.token0) || !tokens.has(pool.token1)) return skip(kind, 'a token without known decimals')
      pools.push(pool)
      addresses.add(pool.address)
      count(kind).imported++
      return
    }
    if (kind !== 'constantProduct' && kind !== 'weightedProduct' && kind !== 'stable') return skip(kind, 'not a pool Accord models')
    if (raw.address === undefined) throw new InvalidMarketError(`A ${kind} pool needs an address.`, { field: `${at}.address` })
    const address = lower(raw.address)
    if (addresses.has(address)) return skip(kind, 'same pool listed twice')
    const entries = Object.entries((item.tokens ?? {}) as Record<string, Record<string, string | undefined>>)
      .map(([token, state]) => [lower(token), state] as const)
      .filter(([token]) => !(kind === 'stable' && token === address)) // a composable pool's own BPT
    // Tokens not in the auction's list: a scaling factor 10^(18 − d) tells the decimals.
    for (const [token, state] of entries) {
      if (tokens.has(token) || state.scalingFactor === undefined) continue
      const factor = decimalToFixed18(state.scalingFactor, `${at}.tokens.${token}.scalingFactor`)
      const exponent = factor.toString().length - 1
      if (factor === 10n ** BigInt(exponent) && exponent >= 18 && exponent <= 36)
        tokens.set(token, { chainId, address: token, symbol: symbolOf(token, undefined), decimals: 36 - exponent, annualVolatility: volatility })
    }
    if (entries.some(([token]) => !tokens.has(token))) return skip(kind, 'a token without known decimals')
    if (entries.length < 2) return skip(kind, 'fewer than two tokens')
    const fee = raw.fee === undefined ? undefined : decimalToFixed18(raw.fee, `${at}.fee`)
    if (fee === undefined) throw new InvalidMarketError(`A ${kind} pool needs a fee.`, { field: `${at}.fee` })
    const gasUnits = raw.gasEstimate === undefined ? undefined : Number(raw.gasEstimate)
    if (gasUnits === undefined) throw new InvalidMarketError(`A ${kind} pool needs a gasEstimate.`, { field: `${at}.gasEstimate` })
    const id = `${kind === 'constantProduct' ? 'cp' : kind === 'weightedProduct' ? 'bal-weighted' : 'bal-stable'}-${address.slice(2, 10)}`
    const balance = (state: Record<string, string | undefined>, token: string) => {
      const value = state.balance
      if (value === undefined || !/^[0-9]{1,78}$/.test(value)) throw new InvalidMarketError('A pool balance must be an integer string.', { field: `${at}.tokens.${token}.balance` })
      return value
    }
    const common = { id, chainId, address, gasUnits, source: `${source}, liquidity id ${raw.id ?? i}` }
    if (kind === 'constantProduct') {
      if (entries.length !== 2) return skip(kind, 'not two tokens')
      const feeBps = (fee * 10_000n) / 10n ** 18n
      if (feeBps * 10n ** 18n !== fee * 10_000n) return skip(kind, 'fee not in whole basis points')
      // Uniswap V2 orders a pair's tokens by address.
      const [[token0, state0], [token1, state1]] = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : 1)) as [(typeof entries)[number], (typeof entries)[number]]
      pools.push({ kind: 'constantProduct', ...common, token0, token1, reserve0: balance(state0, token0), reserve1: balance(state1, token1), feeBps: Number(feeBps) })
    } else if (kind === 'weightedProduct') {
      const weights = entries.map(([token, state]) => decimalToFixed18(state.weight ?? '0', `${at}.tokens.${token}.weight`))
      if (weights.reduce((a, b) => a + b, 0n) !== 10n ** 18n) return skip(kind, 'weights not normalised to 1')
      const version = item.version === 'v0' ? 'v0' : 'v3Plus'
      pools.push({
        kind: 'balancerWeighted',
        ...common,
        tokens: entries.map(([token]) => token),
        balances: entries.map(([token, state]) => balance(state, token)),
        weights: weights.map(String),
        scalingFactors: entries.map(([token, state]) => String(decimalToFixed18(state.scalingFactor ?? '1', `${at}.tokens.${token}.scalingFactor`))),
        swapFee: String(fee),
        version,
      })
    } else {
      if (entries.length > 5) return skip(kind, 'more than 5 tokens')
      const amp = typeof item.amplificationParameter === 'string' ? decimalToFixed18(item.amplificationParameter, `${at}.amplificationParameter`) : undefined
      if (amp === undefined) throw new InvalidMarketError('A stable pool needs an amplificationParameter.', { field: `${at}.amplificationParameter` })
      const ampTimesPrecision = (amp * 1000n) / 10n ** 18n
      pools.push({
        kind: 'balancerStable',
        ...common,
        tokens: entries.map(([token]) => token),
        balances: entries.map(([token, state]) => balance(state, token)),
        scalingFactors: entries.map(([token, state]) => String(decimalToFixed18(state.scalingFactor ?? '1', `${at}.tokens.${token}.scalingFactor`))),
        amplificationParameter: String(ampTimesPrecision),
        swapFee: String(fee),
      })
    }
    addresses.add(address)
    count(kind).imported++
  })

  // Only tokens some imported pool trades: the rest cannot be reached.
  const used = new Set(pools.flatMap((pool) => ('tokens' in pool ? pool.tokens : [pool.token0, pool.token1])))
  const marketTokens = [...tokens.values()].filter((token) => used.has(token.address))
  const timestamp = options.timestamp ?? (auction.deadline ? Math.max(0, Math.floor(Date.parse(auction.deadline) / 1000) || 0) : 0)
  const market: MarketFile = {
    name: options.name ?? `cow-auction-${auction.id ?? 'unknown'}`,
    description: `Imported from ${source} by accord market import --from cow-auction (native token at ${options.nativePriceUsd} USD).`,
    timestamp,
    networks: [{ ...network, gasPriceWei: auction.effectiveGasPrice, nativePriceUsd: options.nativePriceUsd }],
    tokens: marketTokens,
    pools,
    bridges: [],
  }
  const parsed = parseMarket(market)
  const priced = marketTokens.filter((token) => token.priceUsd !== undefined).length
  return {
    market,
    report: {
      tokens: { listed, imported: marketTokens.length, priced, unpriced: marketTokens.length - priced },
      liquidity: counts,
      inactive: parsed.inactiveVenues?.length ?? 0,
    },
  }
}

/** Tick spacing UniswapV3Factory enables per fee tier (pips); v3-core UniswapV3Factory.sol, plus the 1-bp tier. */
const TICK_SPACING_BY_FEE: Readonly<Record<number, number>> = { 100: 1, 500: 10, 3000: 60, 10000: 200 }

const SIGNED_INTEGER = /^-?[0-9]{1,78}$/

/**
 * A CoW `concentratedLiquidity` entry as an Accord Uniswap V3 pool, or the reason it is skipped (a value the pool
 * cannot have on chain: an unknown fee tier, ticks off the tier's spacing, a tick that does not match the price).
 * Throws InvalidMarketError for a field that is not even of the format's type.
 */
function concentratedPool(item: Record<string, unknown>, at: string, chainId: number, source: string): Extract<PoolFile, { kind: 'concentratedLiquidity' }> | string {
  const text = (field: string, pattern: RegExp) => {
    const value = item[field]
    if (typeof value !== 'string' || !pattern.test(value)) throw new InvalidMarketError(`A concentratedLiquidity pool needs ${field} as an integer string.`, { field: `${at}.${field}` })
    return value
  }
  if (typeof item.address !== 'string') throw new InvalidMarketError('A concentratedLiquidity pool needs an address.', { field: `${at}.address` })
  const tokens = item.tokens
  if (!Array.isArray(tokens) || tokens.length !== 2 || !tokens.every((token) => typeof token === 'string' && /^0x[0-9a-fA-F]{40}$/.test(token)))
    throw new InvalidMarketError('A concentratedLiquidity pool needs tokens: two addresses.', { field: `${at}.tokens` })
  const [token0, token1] = (tokens as string[]).map(lower).sort() as [string, string]
  if (token0 === token1) return 'a token against itself'
  const sqrtPriceX96 = BigInt(text('sqrtPrice', /^[0-9]{1,78}$/))
  const liquidity = text('liquidity', /^[0-9]{1,78}$/)
  if (typeof item.tick !== 'number' || !Number.isInteger(item.tick) || item.tick < MIN_TICK || item.tick > MAX_TICK)
    throw new InvalidMarketError('A concentratedLiquidity pool needs tick as an integer within TickMath\'s range.', { field: `${at}.tick` })
  const currentTick = item.tick
  if (typeof item.fee !== 'string') throw new InvalidMarketError('A concentratedLiquidity pool needs a fee.', { field: `${at}.fee` })
  const fee18 = decimalToFixed18(item.fee, `${at}.fee`)
  if ((fee18 * 1_000_000n) % 10n ** 18n !== 0n) return 'fee not in whole pips'
  const fee = Number((fee18 * 1_000_000n) / 10n ** 18n)
  const tickSpacing = TICK_SPACING_BY_FEE[fee]
  if (tickSpacing === undefined) return `fee tier ${fee} pips has no known tick spacing`
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO) return 'sqrtPrice outside TickMath\'s range'
  const priceTick = getTickAtSqrtRatio(sqrtPriceX96)
  if (currentTick !== priceTick && currentTick !== priceTick - 1) return 'tick does not match sqrtPrice'
  const net = item.liquidityNet
  if (typeof net !== 'object' || net === null || Array.isArray(net)) throw new InvalidMarketError('A concentratedLiquidity pool needs liquidityNet: tick → net liquidity.', { field: `${at}.liquidityNet` })
  const ticks: { tick: number; liquidityNet: string }[] = []
  for (const [key, value] of Object.entries(net as Record<string, unknown>)) {
    if (!/^-?[0-9]{1,7}$/.test(key) || typeof value !== 'string' || !SIGNED_INTEGER.test(value))
      throw new InvalidMarketError('liquidityNet maps integer ticks to signed integer strings.', { field: `${at}.liquidityNet.${key}` })
    const tick = Number(key)
    if (tick % tickSpacing !== 0) return 'a tick off the fee tier\'s tick spacing'
    if (BigInt(value) !== 0n) ticks.push({ tick, liquidityNet: String(BigInt(value)) })
  }
  ticks.sort((a, b) => a.tick - b.tick)
  // Complete ticks add up to the in-range liquidity at the current tick (UniswapV3Pool keeps liquidity = Σ net of
  // the ticks at or below it); a partial list cannot be simulated exactly.
  const inRange = ticks.reduce((sum, t) => (t.tick <= currentTick ? sum + BigInt(t.liquidityNet) : sum), 0n)
  if (inRange !== BigInt(liquidity)) return 'liquidityNet does not add up to the liquidity in range (ticks incomplete)'
  const gasEstimate = text('gasEstimate', /^[0-9]{1,78}$/)
  const address = lower(item.address)
  return {
    kind: 'concentratedLiquidity',
    id: `uni-v3-${address.slice(2, 10)}`,
    chainId,
    address,
    token0,
    token1,
    fee,
    tickSpacing,
    sqrtPriceX96: String(sqrtPriceX96),
    tick: currentTick,
    liquidity,
    ticks,
    gasUnits: Number(gasEstimate),
    gasPerTickCrossed: DEFAULT_GAS_UNITS.uniswapV3PerTickCrossed,
    source: `${source}, liquidity id ${typeof item.id === 'string' ? item.id : at}`,
  }
}
