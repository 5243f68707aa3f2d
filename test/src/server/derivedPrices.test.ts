// Issue 18: GET /v1/tokens says which prices were derived on load, and GET /v1/market gives the file back without them.
import { describe, expect, it } from 'vitest'
import { parseMarket } from '../../../src/market/parseMarket.ts'
import { buildServer } from '../../../src/server/buildServer.ts'
import { TokensResponseSchema } from '../../../src/server/routes/market.ts'
import { readSmallMarketFile, schemaErrors } from './helpers.ts'

describe('derived prices over HTTP', () => {
  it('lists the derivation with the token and leaves it out of the market file', async () => {
    const file = readSmallMarketFile()
    const weth = file.tokens.find((token) => token.chainId === 42161 && token.symbol === 'WETH')!
    delete weth.priceUsd
    const app = buildServer({ market: parseMarket(file), rateLimit: false })
    try {
      const tokens = (await app.inject({ url: '/v1/tokens?chain=arbitrum' })).json()
      expect(schemaErrors(TokensResponseSchema, tokens)).toBe('')
      const derived = tokens.tokens.find((token: { symbol: string }) => token.symbol === 'WETH')
      // Two candidate paths: arb-weth-usdc (its USDC side, $1.5M deep) and the Arbitrum canonical bridge from
      // Ethereum WETH ($3,000), whose liquidity cap is far deeper: the widest path is the bridge, 1:1.
      expect(derived.priceSource).toMatchObject({ kind: 'derived', from: '1:0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2', path: ['arbitrum-canonical-weth-eth-arb'] })
      expect(derived.priceSource.depthUsd).toBeGreaterThan(1_500_000)
      expect(derived.priceUsd).toBe(3_000)
      const market = (await app.inject({ url: '/v1/market' })).json()
      expect(market.tokens.find((token: { chainId: number; symbol: string }) => token.chainId === 42161 && token.symbol === 'WETH').priceUsd).toBeUndefined()
    } finally {
      await app.close()
    }
  })
})
