// Generated suites for the optimality benchmark: parallel constant-product pools of one pair (the
// case with a closed-form optimum) and seeded multi-hop single-network markets. Deterministic.
import { withMarketVersion } from '../../solver/market/computeMarketVersion.ts'
import type { Address, ConstantProductPool, Market, Network, Token } from '../../solver/market/types.ts'
import type { Intent } from '../../solver/model/intent.ts'
import { createRandom } from '../../solver/random.ts'
import { createSuiteCase, type Suite, type SuiteCase } from './suiteCase.ts'

/** Ethereum as in fixtures/markets/realistic.json (12 s blocks, 15 min finality); the gas price is the suite's. */
function network(gasPriceWei: bigint): Network {
  return { chainId: 1, name: 'ethereum', displayName: 'Ethereum', blockTimeMs: 12_000, finalitySeconds: 900, gasPriceWei, nativeSymbol: 'ETH', nativePriceUsd: 3000, congestion: 0.35 }
}

const address = (prefix: number, i: number): Address => `0x${prefix.toString(16).padStart(2, '0')}${i.toString(16).padStart(38, '0')}`

/** Illustrative prices as in the realistic fixture (ETH 3,000, BTC 90,000 USD), not live data. */
const TOKEN_TABLE: ReadonlyArray<Omit<Token, 'chainId' | 'address'>> = [
  { symbol: 'USDC', decimals: 6, priceUsd: 1, annualVolatility: 0.01 },
  { symbol: 'WETH', decimals: 18, priceUsd: 3000, annualVolatility: 0.65 },
  { symbol: 'USDT', decimals: 6, priceUsd: 1, annualVolatility: 0.02 },
  { symbol: 'DAI', decimals: 18, priceUsd: 1, annualVolatility: 0.02 },
  { symbol: 'WBTC', decimals: 8, priceUsd: 90_000, annualVolatility: 0.55 },
  { symbol: 'LINK', decimals: 18, priceUsd: 20, annualVolatility: 0.8 },
]

const tokensOf = (count: number): Token[] => TOKEN_TABLE.slice(0, count).map((token, i) => ({ ...token, chainId: 1, address: address(0x70, i + 1) }))

const units = (usd: number, token: Token): bigint => BigInt(Math.round((usd / token.priceUsd) * 1e6)) * 10n ** BigInt(token.decimals) / 1_000_000n

/** A Uniswap V2 pool holding `depthUsd` of each token (so its price agrees with the tokens' prices). */
function pool(id: string, i: number, a: Token, b: Token, depthUsd: number, feeBps: number): ConstantProductPool {
  const [t0, t1] = a.address < b.address ? [a, b] : [b, a]
  return { kind: 'constantProduct', id, chainId: 1, address: address(0x90, i + 1), token0: t0.address, token1: t1.address, reserve0: units(depthUsd, t0), reserve1: units(depthUsd, t1), feeBps, gasUnits: 110_000 }
}

const intentOf = (from: Token, to: Token, amountInRaw: bigint): Intent => ({ from: { chainId: 1, token: from.address }, to: { chainId: 1, token: to.address }, amountInRaw })

export interface ParallelPoolsMarketParameters {
  /** Depth per side of each pool, USD. */
  readonly depthsUsd: readonly number[]
  readonly feesBps: readonly number[]
  /** Default 0, as in the example (gas price 0). */
  readonly gasPriceWei?: bigint
}

/** One network, USDC and WETH, one USDC/WETH pool per depth, all at the tokens' price ratio. */
export function parallelPoolsMarket(parameters: ParallelPoolsMarketParameters): Market {
  const [usdc, weth] = tokensOf(2) as [Token, Token]
  return withMarketVersion({
    name: `parallel-${parameters.depthsUsd.length}`,
    timestamp: 1_735_689_600,
    networks: [network(parameters.gasPriceWei ?? 0n)],
    tokens: [usdc, weth],
    venues: parameters.depthsUsd.map((depth, i) => pool(`pool-${i}`, i, usdc, weth, depth, parameters.feesBps[i] ?? 30)),
  })
}

const PARALLEL_AMOUNT_USDC = 5_000_000n * 10n ** 6n
const MIXED_FEES = [30, 5, 100, 1] as const

/**
 * N = 2…16 USDC/WETH pools, depths $8M, $4M, … (halving), 5,000,000 USDC → WETH, gas price 0 — the
 * issue's example at N = 8 — once with every fee 30 bp and once with mixed fees (seeded from 1, 5, 30
 * and 100 bp).
 */
export function parallelPoolsSuite(seed = 1): Suite {
  const random = createRandom(seed)
  const cases: SuiteCase[] = []
  const markets: Market[] = []
  for (let n = 2; n <= 16; n++) {
    const depthsUsd = Array.from({ length: n }, (_, i) => 8_000_000 / 2 ** i)
    const mixed = depthsUsd.map(() => MIXED_FEES[Math.floor(random() * MIXED_FEES.length)]!)
    for (const [label, feesBps] of [['fee30', depthsUsd.map(() => 30)], ['mixed', mixed]] as const) {
      const market = parallelPoolsMarket({ depthsUsd, feesBps })
      markets.push(market)
      const [usdc, weth] = market.tokens as [Token, Token]
      cases.push(createSuiteCase(`parallel-${n}-${label}`, 'parallel-pools', market, intentOf(usdc, weth, PARALLEL_AMOUNT_USDC)))
    }
  }
  return generated('parallel-pools', markets, cases)
}

export interface MultiHopMarketParameters {
  readonly tokens: number
  readonly pools: number
  readonly seed: number
  readonly gasPriceWei?: bigint
}

/**
 * One network with `tokens` tokens (4–6 of USDC, WETH, USDT, DAI, WBTC, LINK) and `pools` constant-
 * product pools: a chain over all tokens first (so every pair is connected), then random pairs
 * (repeats allowed: parallel pools of different depth), depth log-uniform $10k–$5M per side, fee one
 * of 5, 30, 30, 100 bp.
 */
export function multiHopMarket(parameters: MultiHopMarketParameters): Market {
  const random = createRandom(parameters.seed)
  const tokens = tokensOf(parameters.tokens)
  const venues: ConstantProductPool[] = []
  const depth = () => Math.exp(Math.log(1e4) + random() * (Math.log(5e6) - Math.log(1e4)))
  const fee = () => [5, 30, 30, 100][Math.floor(random() * 4)]!
  for (let i = 0; i < parameters.pools; i++) {
    let a: number
    let b: number
    if (i < tokens.length - 1) [a, b] = [i, i + 1]
    else {
      a = Math.floor(random() * tokens.length)
      b = (a + 1 + Math.floor(random() * (tokens.length - 1))) % tokens.length
    }
    venues.push(pool(`pool-${i}`, i, tokens[a]!, tokens[b]!, depth(), fee()))
  }
  return withMarketVersion({ name: `multi-hop-${parameters.seed}`, timestamp: 1_735_689_600, networks: [network(parameters.gasPriceWei ?? 0n)], tokens, venues })
}

/**
 * `count` seeded multi-hop markets (4–6 tokens, 10–20 pools, gas price 0 or 5 gwei), each with one
 * intent between two random tokens of $10k–$5M.
 */
export function multiHopSuite(count = 16, seed = 1): Suite {
  const random = createRandom(seed)
  const cases: SuiteCase[] = []
  const markets: Market[] = []
  for (let c = 0; c < count; c++) {
    const tokens = 4 + Math.floor(random() * 3)
    const pools = 10 + Math.floor(random() * 11)
    const gasPriceWei = random() < 0.5 ? 0n : 5_000_000_000n
    const market = multiHopMarket({ tokens, pools, seed: seed * 1000 + c, gasPriceWei })
    markets.push(market)
    const from = Math.floor(random() * tokens)
    const to = (from + 1 + Math.floor(random() * (tokens - 1))) % tokens
    const usd = Math.exp(Math.log(1e4) + random() * (Math.log(5e6) - Math.log(1e4)))
    const tokenIn = market.tokens[from]!
    cases.push(createSuiteCase(`multi-hop-${c}-${tokens}t${pools}p${gasPriceWei > 0n ? '-gas' : ''}`, 'multi-hop', market, intentOf(tokenIn, market.tokens[to]!, units(usd, tokenIn))))
  }
  return generated('multi-hop', markets, cases)
}

function generated(name: string, markets: readonly Market[], cases: SuiteCase[]): Suite {
  return { name, files: [], markets: markets.map((market) => ({ file: '(generated)', name: market.name, version: market.version })), cases }
}

/** Generated suites by name (loadSuite accepts these names too). */
export const GENERATED_SUITES: Readonly<Record<string, () => Suite>> = {
  'parallel-pools': () => parallelPoolsSuite(),
  'multi-hop': () => multiHopSuite(),
}
