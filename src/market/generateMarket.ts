// Synthetic market snapshots of any size for tests and benchmarks: realistic-looking networks, tokens,
// pools whose reserves agree with token prices, and bridges between the same token on two networks.
// Deterministic: the same parameters give byte-identical output (seeded PRNG, no clock).
import { BaseError } from '../../solver/errors.ts'
import { createRandom } from '../../solver/random.ts'
import type { BridgeFile, MarketFile, NetworkFile, PoolFile, TokenFile } from './marketSchema.ts'

export interface GenerateMarketParameters {
  /** Number of networks (≥ 1; ≥ 2 when bridges > 0). */
  readonly networks: number
  /** Exact number of pools, spread evenly over the networks. */
  readonly pools: number
  /** Exact number of one-directional bridge entries. */
  readonly bridges: number
  readonly seed: number
  /** Market name; defaults to `synthetic-<networks>x<pools>x<bridges>-seed<seed>`. */
  readonly name?: string
}

export type GenerateMarketReturnType = MarketFile

type Random = () => number

/** Fixed snapshot time (2025-01-01T00:00:00Z), so the output never depends on the clock. */
const TIMESTAMP = 1_735_689_600

type Archetype = 'l1' | 'rollup' | 'sidechain'

interface CoreToken {
  readonly symbol: string
  readonly decimals: number
  readonly priceUsd: number
  readonly annualVolatility: number
  readonly stable: boolean
}

// Prices are illustrative (ETH ≈ 3,000 USD as in the realistic fixture); volatilities are rough
// annualised figures for each asset class. Estimates, not data.
const CORE_TOKENS: readonly CoreToken[] = [
  { symbol: 'USDC', decimals: 6, priceUsd: 1, annualVolatility: 0.01, stable: true },
  { symbol: 'USDT', decimals: 6, priceUsd: 1, annualVolatility: 0.02, stable: true },
  { symbol: 'DAI', decimals: 18, priceUsd: 1, annualVolatility: 0.02, stable: true },
  { symbol: 'WETH', decimals: 18, priceUsd: 3000, annualVolatility: 0.65, stable: false },
  { symbol: 'WBTC', decimals: 8, priceUsd: 90_000, annualVolatility: 0.55, stable: false },
]
const BRIDGEABLE = CORE_TOKENS.map((token) => token.symbol)

interface GeneratedToken extends TokenFile {
  readonly priceUsd: number
  readonly stable: boolean
  readonly core: boolean
}

interface GeneratedNetwork {
  readonly file: NetworkFile
  readonly archetype: Archetype
  readonly tokens: GeneratedToken[]
}

const uniform = (random: Random, low: number, high: number) => low + (high - low) * random()
const logUniform = (random: Random, low: number, high: number) => Math.exp(uniform(random, Math.log(low), Math.log(high)))
const integer = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1))
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
const round = (value: number, digits: number) => Number(value.toPrecision(digits))

/**
 * A positive float amount in token units to raw units, keeping its 12 leading significant digits
 * (so raw numbers stay readable) and rounding down below the token's smallest unit.
 */
function toRaw(units: number, decimals: number): bigint {
  const [mantissa, exponent] = units.toExponential(11).split('e') as [string, string]
  const digits = BigInt(mantissa.replace('.', ''))
  const shift = Number(exponent) - 11 + decimals
  return shift >= 0 ? digits * 10n ** BigInt(shift) : digits / 10n ** BigInt(-shift)
}

function randomAddress(random: Random, used: Set<string>): `0x${string}` {
  for (;;) {
    let hex = ''
    for (let i = 0; i < 5; i++) hex += Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0')
    const address = `0x${hex}` as const
    if (!used.has(address)) {
      used.add(address)
      return address
    }
  }
}

function assertCount(value: number, field: string, minimum: number) {
  if (!Number.isInteger(value) || value < minimum)
    throw new BaseError('INVALID_ARGUMENT', `${field} must be an integer ≥ ${minimum}, got ${value}.`, { field })
}

/**
 * Network parameters by archetype. Ranges follow the sources cited in fixtures/markets/README.md:
 * Ethereum 12 s blocks and ~15 min finality (CCIP docs), rollups 0.25–2 s blocks and 17–20 min
 * finality, sidechains 1–3 s blocks and seconds-to-minutes finality (Polygon 2 min, BNB 5 s).
 * Gas price ranges are estimates of typical values (L1 10–30 gwei, L2 0.01–0.1 gwei).
 */
function generateNetwork(random: Random, index: number, archetype: Archetype): NetworkFile {
  const chainId = 900_001 + index
  const common = { chainId, name: `synth-${index}`, source: `synthetic (generateMarket), ${archetype} archetype` }
  if (archetype === 'l1')
    return {
      ...common,
      displayName: `Synthetic L1 ${index}`,
      blockTimeMs: 12_000,
      finalitySeconds: integer(random, 768, 960),
      gasPriceWei: String(toRaw(round(logUniform(random, 8, 40), 3), 9)),
      nativeSymbol: 'ETH',
      nativePriceUsd: 3000,
      congestion: round(uniform(random, 0.2, 0.5), 2),
    }
  if (archetype === 'rollup')
    return {
      ...common,
      displayName: `Synthetic Rollup ${index}`,
      blockTimeMs: pick(random, [250, 1000, 2000]),
      finalitySeconds: integer(random, 1000, 1200),
      gasPriceWei: String(toRaw(round(logUniform(random, 0.005, 0.1), 3), 9)),
      nativeSymbol: 'ETH',
      nativePriceUsd: 3000,
      congestion: round(uniform(random, 0.05, 0.3), 2),
    }
  const nativePriceUsd = round(logUniform(random, 0.3, 600), 4)
  return {
    ...common,
    displayName: `Synthetic Sidechain ${index}`,
    blockTimeMs: pick(random, [1000, 1500, 2000, 3000]),
    finalitySeconds: integer(random, 2, 120),
    gasPriceWei: String(toRaw(round(logUniform(random, 1, 100), 3), 9)),
    nativeSymbol: `N${index}`,
    nativePriceUsd,
    congestion: round(uniform(random, 0.1, 0.5), 2),
  }
}

function generateTokens(random: Random, network: NetworkFile, archetype: Archetype, poolCount: number, used: Set<string>): GeneratedToken[] {
  const tokens: GeneratedToken[] = []
  const add = (symbol: string, decimals: number, priceUsd: number, annualVolatility: number, stable: boolean, core: boolean) =>
    tokens.push({
      chainId: network.chainId,
      address: randomAddress(random, used),
      symbol,
      decimals,
      priceUsd,
      annualVolatility,
      stable,
      core,
    })
  for (const token of CORE_TOKENS) {
    // The same asset trades at slightly different prices on different networks (±0.05 % stables, ±0.2 % others).
    const jitter = token.stable ? 0.0005 : 0.002
    add(token.symbol, token.decimals, round(token.priceUsd * (1 + uniform(random, -jitter, jitter)), 6), token.annualVolatility, token.stable, true)
  }
  if (archetype === 'sidechain') add(`W${network.nativeSymbol}`, 18, network.nativePriceUsd, round(uniform(random, 0.6, 1.2), 2), false, true)
  // Enough long-tail tokens that distinct pairs outnumber this network's pools, so few pools share a pair.
  const wanted = Math.min(60, Math.max(tokens.length, Math.ceil(Math.sqrt(poolCount * 1.5)) + 2))
  for (let j = 0; tokens.length < wanted; j++)
    add(`T${network.chainId - 900_000}X${j}`, 18, round(logUniform(random, 0.01, 100), 6), round(uniform(random, 0.8, 1.5), 2), false, false)
  return tokens
}

function generatePool(random: Random, network: GeneratedNetwork, members: readonly GeneratedToken[], id: string, used: Set<string>): PoolFile {
  const sizeUsd = logUniform(random, 50_000, 50_000_000)
  const address = randomAddress(random, used)
  if (members.every((token) => token.stable)) {
    const n = members.length
    return {
      kind: 'stableSwap',
      id,
      chainId: network.file.chainId,
      address,
      tokens: members.map((token) => token.address),
      // Near-balanced (±2 %) so the pool's marginal prices stay close to 1.
      balances: members.map((token) => String(toRaw(((sizeUsd / n) * (1 + uniform(random, -0.02, 0.02))) / token.priceUsd, token.decimals))),
      amplification: String(pick(random, [100, 200, 400, 1000, 2000])),
      fee: String(pick(random, [1_000_000, 4_000_000])),
      gasUnits: integer(random, 120_000, 200_000),
      source: 'synthetic (generateMarket)',
    }
  }
  // Uniswap V2 orders a pair's tokens by address.
  const [token0, token1] = [...members].sort((a, b) => (a.address < b.address ? -1 : 1)) as [GeneratedToken, GeneratedToken]
  // Each side worth half the pool at the token's price, with ±0.1 % noise (small arbitrage gaps).
  const side = (token: GeneratedToken) => toRaw(((sizeUsd / 2) * (1 + uniform(random, -0.001, 0.001))) / token.priceUsd, token.decimals)
  const longTail = !token0.core || !token1.core
  return {
    kind: 'constantProduct',
    id,
    chainId: network.file.chainId,
    address,
    token0: token0.address,
    token1: token1.address,
    reserve0: String(side(token0)),
    reserve1: String(side(token1)),
    // Uniswap V2 and Sushi charge 30 bps, PancakeSwap V2 25 bps; long-tail pools often 100 bps.
    feeBps: longTail && random() < 0.3 ? 100 : pick(random, [30, 30, 30, 25]),
    gasUnits: integer(random, 90_000, 130_000),
    source: 'synthetic (generateMarket)',
  }
}

/** The pools that connect every token of a network to USDC or WETH before any random pair. */
function anchorPairs(random: Random, tokens: readonly GeneratedToken[]): GeneratedToken[][] {
  const bySymbol = (symbol: string) => tokens.find((token) => token.symbol === symbol) as GeneratedToken
  const usdc = bySymbol('USDC')
  const weth = bySymbol('WETH')
  const pairs: GeneratedToken[][] = []
  for (const token of tokens) {
    if (token === usdc) continue
    if (token.stable) pairs.push([usdc, token])
    else if (token.symbol === 'WBTC') pairs.push([weth, token])
    else if (token === weth || token.core) pairs.push([usdc, token])
    else pairs.push([random() < 0.5 ? usdc : weth, token])
  }
  return pairs
}

function randomPair(random: Random, tokens: readonly GeneratedToken[]): GeneratedToken[] {
  // Core tokens are three times as likely as long-tail ones, as liquidity concentrates on them.
  const weights = tokens.map((token) => (token.core ? 3 : 1))
  const total = weights.reduce((a, b) => a + b, 0)
  const draw = (): GeneratedToken => {
    let x = random() * total
    for (let i = 0; i < tokens.length; i++) {
      x -= weights[i] as number
      if (x < 0) return tokens[i] as GeneratedToken
    }
    return tokens[tokens.length - 1] as GeneratedToken
  }
  const first = draw()
  let second = draw()
  while (second === first) second = draw()
  const pair = [first, second]
  if (first.stable && second.stable && random() < 0.3) {
    const third = tokens.find((token) => token.stable && token !== first && token !== second)
    if (third) pair.push(third)
  }
  return pair
}

type BridgeKind = BridgeFile['bridgeKind']

function usdToRaw(usd: number, token: GeneratedToken): string {
  return String(toRaw(usd / token.priceUsd, token.decimals))
}

/** Below this USD amount the tier applies; used to build size-dependent latency tiers. */
function tier(usd: number | undefined, token: GeneratedToken, medianSeconds: number, p95Seconds: number) {
  return {
    ...(usd === undefined ? {} : { maxAmountRaw: usdToRaw(usd, token) }),
    medianSeconds: round(medianSeconds, 3),
    p95Seconds: round(Math.max(p95Seconds, medianSeconds), 3),
  }
}

/**
 * One bridge entry. Fee, latency and failure ranges are modelled on the real protocols in
 * the sources cited in fixtures/markets/README.md: intent bridges (Across: seconds for small transfers,
 * ~900 s above the instant limit, a few bps), liquidity-pool bridges (Stargate 6 bps, Hop bonder
 * fees), burn-and-mint (CCTP: no fee, no cap, latency = origin finality), canonical rollup bridges
 * (deposits in minutes, withdrawals after the 7-day challenge period).
 */
function generateBridge(
  random: Random,
  id: string,
  kind: BridgeKind,
  from: GeneratedNetwork,
  to: GeneratedNetwork,
  fromToken: GeneratedToken,
  toToken: GeneratedToken,
): BridgeFile {
  const origin = from.file
  const destination = to.file
  const common = {
    id,
    bridgeKind: kind,
    from: { chainId: origin.chainId, token: fromToken.address },
    to: { chainId: destination.chainId, token: toToken.address },
    source: 'synthetic (generateMarket)',
  }
  const huge = String(10n ** BigInt(toToken.decimals + 15))
  if (kind === 'intent') {
    // Relayer fills on the destination: fixed fee ≈ destination gas of a fill (~150k gas).
    const fillUsd = Math.max(0.01, (Number(destination.gasPriceWei) * 150_000 * destination.nativePriceUsd) / 1e18)
    const base = logUniform(random, 4, 120)
    const slowSeconds = from.archetype === 'sidechain' ? 1800 : 900
    return {
      ...common,
      protocol: 'synthetic-intent',
      feeFixedRaw: usdToRaw(round(fillUsd, 3), fromToken),
      feeBps: integer(random, 1, 5),
      liquidityCapRaw: usdToRaw(logUniform(random, 1_000_000, 20_000_000), toToken),
      latencyTiers: [
        tier(10_000, fromToken, base, base * 4),
        tier(100_000, fromToken, Math.max(base, 100), Math.max(base * 3, 400)),
        tier(1_000_000, fromToken, Math.max(base, 180), 900),
        tier(undefined, fromToken, slowSeconds, slowSeconds * 2),
      ],
      failureProbability: round(uniform(random, 0.001, 0.004), 3),
      gasUnits: integer(random, 90_000, 120_000),
      confirmations: from.archetype === 'l1' ? 4 : from.archetype === 'rollup' ? 1 : 16,
    }
  }
  if (kind === 'liquidityPool') {
    const wait = Math.min(origin.finalitySeconds, 180) + uniform(random, 30, 120)
    return {
      ...common,
      protocol: 'synthetic-pool',
      feeFixedRaw: '0',
      feeBps: integer(random, 4, 15),
      liquidityCapRaw: usdToRaw(logUniform(random, 500_000, 20_000_000), toToken),
      latencyTiers: [tier(undefined, fromToken, wait, wait * 2.5)],
      failureProbability: round(uniform(random, 0.003, 0.01), 3),
      gasUnits: integer(random, 200_000, 300_000),
      confirmations: Math.max(1, Math.round(Math.min(origin.finalitySeconds, 180) / (origin.blockTimeMs / 1000))),
    }
  }
  if (kind === 'burnMint') {
    const attestation = origin.finalitySeconds + uniform(random, 10, 60)
    return {
      ...common,
      protocol: 'synthetic-burn-mint',
      feeFixedRaw: '0',
      feeBps: 0,
      liquidityCapRaw: huge,
      latencyTiers: [tier(undefined, fromToken, attestation, attestation * 1.3)],
      failureProbability: round(uniform(random, 0.001, 0.002), 4),
      gasUnits: integer(random, 120_000, 160_000),
      confirmations: Math.max(1, Math.round(origin.finalitySeconds / (origin.blockTimeMs / 1000))),
    }
  }
  // Canonical: a deposit from the L1 arrives in minutes; a withdrawal to it waits out the 7-day challenge.
  const deposit = from.archetype === 'l1'
  const median = deposit ? uniform(random, 600, 1000) : 7 * 86_400 + 3600
  return {
    ...common,
    protocol: 'synthetic-canonical',
    feeFixedRaw: '0',
    feeBps: 0,
    liquidityCapRaw: huge,
    latencyTiers: [tier(undefined, fromToken, median, deposit ? median * 1.5 : median + 4 * 3600)],
    failureProbability: deposit ? 0.002 : 0.003,
    gasUnits: integer(random, 100_000, 200_000),
    confirmations: deposit ? 12 : 1,
  }
}

function bridgeKinds(symbol: string, from: GeneratedNetwork, to: GeneratedNetwork): BridgeKind[] {
  const kinds: BridgeKind[] = ['intent', 'liquidityPool']
  if (symbol === 'USDC') kinds.push('burnMint')
  const rollupPair = (from.archetype === 'l1' && to.archetype === 'rollup') || (from.archetype === 'rollup' && to.archetype === 'l1')
  if (rollupPair && symbol !== 'USDC') kinds.push('canonical')
  return kinds
}

/**
 * Generates a synthetic market with exactly the requested numbers of networks, pools and bridges.
 * Network 0 is an L1, the others rollups (60 %) or sidechains; every network lists USDC, USDT, DAI,
 * WETH and WBTC (plus its wrapped native token on sidechains, and long-tail tokens when it has many
 * pools). Pool sizes are log-uniform between 50k and 50M USD with reserves worth the same on both
 * sides at the tokens' prices. Bridges link the same core token on two networks and come in
 * opposite-direction pairs. Throws INVALID_ARGUMENT for counts that cannot be met.
 *
 * @example
 * const file = generateMarket({ networks: 8, pools: 400, bridges: 40, seed: 1 })
 * const market = parseMarket(file)
 */
export function generateMarket(parameters: GenerateMarketParameters): GenerateMarketReturnType {
  const { networks: networkCount, pools: poolCount, bridges: bridgeCount, seed } = parameters
  assertCount(networkCount, 'networks', 1)
  assertCount(poolCount, 'pools', 0)
  assertCount(bridgeCount, 'bridges', 0)
  if (poolCount + bridgeCount === 0) throw new BaseError('INVALID_ARGUMENT', 'A market needs at least one pool or bridge.', { field: 'pools' })
  if (bridgeCount > 0 && networkCount < 2)
    throw new BaseError('INVALID_ARGUMENT', 'Bridges need at least two networks.', { field: 'bridges' })

  const random = createRandom(seed)
  const used = new Set<string>()

  const networks: GeneratedNetwork[] = []
  for (let i = 0; i < networkCount; i++) {
    const archetype: Archetype = i === 0 ? 'l1' : random() < 0.6 ? 'rollup' : 'sidechain'
    const file = generateNetwork(random, i, archetype)
    const poolsHere = Math.floor(poolCount / networkCount) + (i < poolCount % networkCount ? 1 : 0)
    networks.push({ file, archetype, tokens: generateTokens(random, file, archetype, poolsHere, used) })
  }

  const pools: PoolFile[] = []
  networks.forEach((network, i) => {
    const poolsHere = Math.floor(poolCount / networkCount) + (i < poolCount % networkCount ? 1 : 0)
    const anchors = anchorPairs(random, network.tokens)
    for (let j = 0; j < poolsHere; j++) {
      const members = j < anchors.length ? (anchors[j] as GeneratedToken[]) : randomPair(random, network.tokens)
      const symbols = members.map((token) => token.symbol).join('-')
      pools.push(generatePool(random, network, members, `${network.file.name}-pool-${j}-${symbols}`, used))
    }
  })

  const bridges: BridgeFile[] = []
  const bySymbol = (network: GeneratedNetwork, symbol: string) => network.tokens.find((token) => token.symbol === symbol) as GeneratedToken
  let previous: { from: GeneratedNetwork; to: GeneratedNetwork; symbol: string; kind: BridgeKind } | undefined
  for (let i = 0; i < bridgeCount; i++) {
    let route: { from: GeneratedNetwork; to: GeneratedNetwork; symbol: string; kind: BridgeKind }
    if (previous && i % 2 === 1) {
      // The opposite direction of the previous entry, on the same protocol.
      route = { from: previous.to, to: previous.from, symbol: previous.symbol, kind: previous.kind }
    } else {
      const from = pick(random, networks)
      let to = pick(random, networks)
      while (to === from) to = pick(random, networks)
      const symbol = pick(random, BRIDGEABLE)
      route = { from, to, symbol, kind: pick(random, bridgeKinds(symbol, from, to)) }
    }
    previous = route
    const id = `${route.kind}-${route.symbol}-${route.from.file.name}-${route.to.file.name}-${i}`
    bridges.push(
      generateBridge(random, id, route.kind, route.from, route.to, bySymbol(route.from, route.symbol), bySymbol(route.to, route.symbol)),
    )
  }

  return {
    name: parameters.name ?? `synthetic-${networkCount}x${poolCount}x${bridgeCount}-seed${seed}`,
    description: `Synthetic market from generateMarket({ networks: ${networkCount}, pools: ${poolCount}, bridges: ${bridgeCount}, seed: ${seed} }).`,
    timestamp: TIMESTAMP,
    networks: networks.map((network) => network.file),
    tokens: networks.flatMap((network) => network.tokens.map(({ stable: _stable, core: _core, ...token }) => token)),
    pools,
    bridges,
  }
}
