import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { BaseError } from '../../../solver/errors.ts'
import { generateMarket } from '../../../src/market/generateMarket.ts'
import type { MarketFile, TokenFile } from '../../../src/market/marketSchema.ts'
import { parseMarket } from '../../../src/market/parseMarket.ts'
import { poolMidPrices, priceGap } from '../../fixtures/poolMidPrices.ts'

const tokenLookup = (file: MarketFile, chainId: number) => (address: string) =>
  file.tokens.find((t) => t.chainId === chainId && t.address === address) as TokenFile

describe('generateMarket', () => {
  it('is deterministic: the same seed gives an identical market', () => {
    const a = generateMarket({ networks: 4, pools: 40, bridges: 12, seed: 7 })
    const b = generateMarket({ networks: 4, pools: 40, bridges: 12, seed: 7 })
    expect(b).toEqual(a)
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
  })

  it('gives a different market for a different seed', () => {
    const a = generateMarket({ networks: 4, pools: 40, bridges: 12, seed: 7 })
    const b = generateMarket({ networks: 4, pools: 40, bridges: 12, seed: 8 })
    expect(b).not.toEqual(a)
    expect(b.pools.map((p) => p.address)).not.toEqual(a.pools.map((p) => p.address))
  })

  it.each([
    { networks: 1, pools: 1, bridges: 0, seed: 1 },
    { networks: 1, pools: 3, bridges: 0, seed: 2 },
    { networks: 2, pools: 0, bridges: 1, seed: 3 },
    { networks: 3, pools: 30, bridges: 10, seed: 4 },
    { networks: 8, pools: 400, bridges: 40, seed: 1 },
    { networks: 12, pools: 1000, bridges: 150, seed: 99 },
  ])('meets the requested counts and passes parseMarket: %o', (parameters) => {
    const file = generateMarket(parameters)
    expect(file.networks).toHaveLength(parameters.networks)
    expect(file.pools).toHaveLength(parameters.pools)
    expect(file.bridges).toHaveLength(parameters.bridges)
    const market = parseMarket(file)
    expect(market.venues).toHaveLength(parameters.pools + parameters.bridges)
  })

  it('prices pools consistently with token prices (within 1 %) and sizes them 50k–50M USD', () => {
    const file = generateMarket({ networks: 5, pools: 200, bridges: 20, seed: 11 })
    for (const pool of file.pools) {
      const tokenOf = tokenLookup(file, pool.chainId)
      for (const mid of poolMidPrices(pool, tokenOf)) expect(priceGap(mid), pool.id).toBeLessThan(0.01)
      const sides =
        pool.kind === 'constantProduct'
          ? [
              [pool.token0, pool.reserve0],
              [pool.token1, pool.reserve1],
            ]
          : pool.kind === 'stableSwap'
            ? pool.tokens.map((token, i) => [token, pool.balances[i] as string])
            : []
      const usd = sides.reduce((sum, [address, raw]) => {
        const token = tokenOf(address as string)
        return sum + (Number(raw) / 10 ** token.decimals) * token.priceUsd!
      }, 0)
      expect(usd, pool.id).toBeGreaterThan(50_000 * 0.95)
      expect(usd, pool.id).toBeLessThan(50_000_000 * 1.05)
    }
  })

  it('bridges the same symbol between two different networks, in opposite-direction pairs', () => {
    const file = generateMarket({ networks: 6, pools: 30, bridges: 30, seed: 5 })
    const token = (chainId: number, address: string) => tokenLookup(file, chainId)(address)
    for (const bridge of file.bridges) {
      expect(bridge.from.chainId).not.toBe(bridge.to.chainId)
      expect(token(bridge.from.chainId, bridge.from.token).symbol).toBe(token(bridge.to.chainId, bridge.to.token).symbol)
    }
    for (let i = 0; i + 1 < file.bridges.length; i += 2) {
      const [a, b] = [file.bridges[i], file.bridges[i + 1]]
      expect(b?.from).toEqual(a?.to)
      expect(b?.to).toEqual(a?.from)
      expect(b?.bridgeKind).toBe(a?.bridgeKind)
    }
  })

  it('connects every token of a network to USDC when there are enough pools', () => {
    const file = generateMarket({ networks: 3, pools: 60, bridges: 0, seed: 3 })
    for (const network of file.networks) {
      const tokens = file.tokens.filter((t) => t.chainId === network.chainId).map((t) => t.address)
      const pools = file.pools.filter((p) => p.chainId === network.chainId)
      const edges = pools.map((p) => ('tokens' in p ? [...p.tokens] : [p.token0, p.token1]))
      // Breadth-first search from USDC over pool edges.
      const usdc = file.tokens.find((t) => t.chainId === network.chainId && t.symbol === 'USDC')?.address as string
      const seen = new Set([usdc])
      let frontier = [usdc]
      while (frontier.length > 0) {
        const next: string[] = []
        for (const members of edges)
          if (members.some((m) => frontier.includes(m))) for (const m of members) if (!seen.has(m)) (seen.add(m), next.push(m))
        frontier = next
      }
      expect([...seen].sort()).toEqual([...tokens].sort())
    }
  })

  it('rejects counts it cannot meet with INVALID_ARGUMENT', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn()
      } catch (error) {
        return [(error as BaseError).code, (error as BaseError).field]
      }
      return undefined
    }
    expect(codeOf(() => generateMarket({ networks: 0, pools: 1, bridges: 0, seed: 1 }))).toEqual(['INVALID_ARGUMENT', 'networks'])
    expect(codeOf(() => generateMarket({ networks: 2, pools: -1, bridges: 0, seed: 1 }))).toEqual(['INVALID_ARGUMENT', 'pools'])
    expect(codeOf(() => generateMarket({ networks: 2, pools: 1.5, bridges: 0, seed: 1 }))).toEqual(['INVALID_ARGUMENT', 'pools'])
    expect(codeOf(() => generateMarket({ networks: 1, pools: 1, bridges: 2, seed: 1 }))).toEqual(['INVALID_ARGUMENT', 'bridges'])
    expect(codeOf(() => generateMarket({ networks: 2, pools: 0, bridges: 0, seed: 1 }))).toEqual(['INVALID_ARGUMENT', 'pools'])
    expect(codeOf(() => generateMarket({ networks: 2, pools: 1, bridges: 0, seed: Number.NaN }))).toEqual(['INVALID_ARGUMENT', 'seed'])
  })

  it('reproduces the benchmark fixture large-8x400x40.json', () => {
    const path = fileURLToPath(new URL('../../../fixtures/markets/large-8x400x40.json', import.meta.url))
    const committed = JSON.parse(readFileSync(path, 'utf8')) as unknown
    expect(committed).toEqual(generateMarket({ networks: 8, pools: 400, bridges: 40, seed: 1 }))
  })
})
