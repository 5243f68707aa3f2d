// Issue 18: unpriced tokens. Derived prices against brute force over every simple pool path and the constant-product
// closed form; a token with no path to a priced token is quoted in its own units.
import { describe, expect, it } from 'vitest'
import { deriveTokenPrices, type UnpricedToken } from '../../../solver/pricing/deriveTokenPrices.ts'
import type { Address, ConstantProductPool, Token } from '../../../solver/market/types.ts'
import { getAmountOut } from '../../../solver/venues/constantProduct.ts'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { parseMarket } from '../../../src/market/parseMarket.ts'
import type { MarketFile } from '../../../src/market/marketSchema.ts'
import { readFileSync } from 'node:fs'

const readSmallMarketFile = (): MarketFile => JSON.parse(readFileSync(new URL('../../../fixtures/markets/small.json', import.meta.url), 'utf8')) as MarketFile
const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address
const network = readSmallMarketFile().networks.map((n) => ({ ...n, gasPriceWei: BigInt(n.gasPriceWei) }))
const token = (n: number, decimals: number, priceUsd?: number): UnpricedToken => ({
  chainId: 1,
  address: address(n),
  symbol: `T${n}`,
  decimals,
  annualVolatility: 0.5,
  ...(priceUsd === undefined ? {} : { priceUsd }),
})
const pool = (id: string, a: UnpricedToken, b: UnpricedToken, unitsA: number, unitsB: number): ConstantProductPool => ({
  kind: 'constantProduct',
  id,
  chainId: 1,
  address: address(0x1000 + id.length * 7 + unitsA),
  token0: a.address,
  token1: b.address,
  reserve0: BigInt(unitsA) * 10n ** BigInt(a.decimals),
  reserve1: BigInt(unitsB) * 10n ** BigInt(b.decimals),
  feeBps: 30,
  gasUnits: 100_000,
})

describe('deriveTokenPrices', () => {
  // A ($1) and B ($2) priced; X, Y unpriced. Paths to X: A–X shallow ($10k of A), A–Y–X deep ($1M of A, then Y's
  // side of Y–X worth $400k at Y's derived price), B–X medium ($100k of B).
  const [A, B, X, Y] = [token(0xa, 6, 1), token(0xb, 18, 2), token(0xc, 18), token(0xd, 8)] as [UnpricedToken, UnpricedToken, UnpricedToken, UnpricedToken]
  const pools = [pool('a-x', A, X, 10_000, 2_000), pool('a-y', A, Y, 1_000_000, 100), pool('y-x', Y, X, 40, 7_900), pool('b-x', B, X, 50_000, 19_000)]
  const prices = deriveTokenPrices(network, [A, B, X, Y], pools)
  const byAddress = new Map(prices.map((t) => [t.address, t]))

  it('takes the widest path, as brute force over all simple paths finds it', () => {
    // Brute force: every simple path from X to a priced token; price by reserve ratios (constant-product mid price),
    // depth = min over steps of the known side's USD value. Computed from the far (priced) end.
    const stated = new Map([[A.address, 1], [B.address, 2]])
    type Found = { price: number; depth: number; path: string[] }
    const walk = (at: Address, visited: Set<Address>): Found[] => {
      if (stated.has(at)) return [{ price: stated.get(at)!, depth: Infinity, path: [] }]
      const found: Found[] = []
      for (const p of pools) {
        if (p.token0 !== at && p.token1 !== at) continue
        const other = p.token0 === at ? p.token1 : p.token0
        if (visited.has(other)) continue
        const [rAt, rOther] = p.token0 === at ? [p.reserve0, p.reserve1] : [p.reserve1, p.reserve0]
        const dec = (t: Address) => [A, B, X, Y].find((k) => k.address === t)!.decimals
        for (const rest of walk(other, new Set([...visited, other]))) {
          const otherUnits = Number(rOther) / 10 ** dec(other)
          const price = (rest.price * otherUnits) / (Number(rAt) / 10 ** dec(at))
          found.push({ price, depth: Math.min(rest.depth, otherUnits * rest.price), path: [p.id, ...rest.path] })
        }
      }
      return found
    }
    for (const t of [X, Y]) {
      const best = walk(t.address, new Set([t.address])).sort((p, q) => q.depth - p.depth)[0]!
      const derived = byAddress.get(t.address) as Token
      expect(derived.priceSource?.kind).toBe('derived')
      if (derived.priceSource?.kind !== 'derived') continue
      expect(derived.priceSource.path).toEqual([...best.path].reverse())
      expect(derived.priceSource.depthUsd).toBeCloseTo(best.depth, 6)
      expect(derived.priceUsd / best.price - 1).toBeLessThan(1e-12)
    }
    // Y from A–Y: 1M A / 100 Y = $10 000; X via A–Y–X: 40 Y · $10 000 / 7 900 X.
    expect(byAddress.get(Y.address)?.priceUsd).toBeCloseTo(10_000, 6)
    expect(byAddress.get(X.address)?.priceUsd).toBeCloseTo((40 * 10_000) / 7_900, 9)
  })

  it('keeps stated prices untouched', () => {
    expect(byAddress.get(A.address)).toEqual(A)
    expect(byAddress.get(B.address)).toEqual(B)
  })
})

describe('an unpriced token', () => {
  // Two tokens with no USD price anywhere, traded only against each other on Base.
  const file: MarketFile = readSmallMarketFile()
  const P = '0x00000000000000000000000000000000000a0a01'
  const Q = '0x00000000000000000000000000000000000a0a02'
  file.tokens.push(
    { chainId: 8453, address: P, symbol: 'PTS', decimals: 18, annualVolatility: 1 },
    { chainId: 8453, address: Q, symbol: 'QTS', decimals: 6, annualVolatility: 1 },
  )
  file.pools.push({
    kind: 'constantProduct',
    id: 'base-pts-qts',
    chainId: 8453,
    address: '0x00000000000000000000000000000000000a0a03',
    token0: P,
    token1: Q,
    reserve0: '5000000000000000000000000',
    reserve1: '2000000000000',
    feeBps: 30,
    gasUnits: 100_000,
  })
  const market = parseMarket(file)

  it('loads with a relative price and is reported as unpriced', () => {
    const sources = market.tokens.filter((t) => t.priceSource).map((t) => [t.symbol, t.priceSource?.kind])
    expect(sources).toEqual([
      ['PTS', 'unpriced'],
      ['QTS', 'unpriced'],
    ])
  })

  it('is quoted in its own units: the exact pool output, gas not valued', () => {
    const intent = resolveIntentRequest(market, { from: { chain: 'base', token: 'PTS' }, to: { chain: 'base', token: 'QTS' }, amount: '1000' })
    const result = quoteIntent(market, intent)
    expect(result.status).toBe('ok')
    if (result.status !== 'ok') return
    expect(result.plan.expectedAmountOutRaw).toBe(getAmountOut(1000n * 10n ** 18n, 5_000_000n * 10n ** 18n, 2_000_000n * 10n ** 6n, 30))
    expect(result.plan.steps.map((step) => step.venueId)).toEqual(['base-pts-qts'])
  })
})
