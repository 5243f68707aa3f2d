// Issue 16: the LI.FI-compatible quotes use the quote cache of POST /v1/quote — the in-process one and,
// with Redis, the one every instance shares. Two instances on one real redis-server: a LI.FI quote
// planned on one is a cache hit on the other, with the same quote id, in either API; an exchange
// allow/deny list is cached under its own market version, never mixed with another list's plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import type { LiFiStep } from '@lifi/types'
import { buildServer } from '../../../src/server/buildServer.ts'
import { createMarketStore } from '../../../src/server/marketStore.ts'
import { connectRedisServices, type RedisServices } from '../../../src/server/queue/connectRedisServices.ts'
import { BASE_USDC_TO_ARB_WETH, loadSmallMarket, OPEN_AUTH } from './helpers.ts'
import { startRedisServer, type RedisServer } from './queue/redisServer.ts'

let redis: RedisServer
const services: RedisServices[] = []
const servers: FastifyInstance[] = []

beforeAll(async () => {
  redis = await startRedisServer()
  for (let i = 0; i < 2; i++) {
    const market = loadSmallMarket()
    const store = createMarketStore(market)
    const shared = await connectRedisServices(redis.url, store)
    services.push(shared)
    servers.push(buildServer({ auth: OPEN_AUTH, market, store, rateLimit: false, quoteWorkers: 0, shared: shared.shared }))
  }
}, 60_000)

afterAll(async () => {
  for (const server of servers) await server.close()
  for (const service of services) await service.close()
  await redis?.stop()
})

const query = (extra: Record<string, string> = {}) =>
  new URLSearchParams({ fromChain: 'base', fromToken: 'USDC', fromAmount: '250000000000', toChain: 'arbitrum', toToken: 'WETH', deadlineSeconds: '3600', ...extra }).toString()

describe('/lifi/v1 on the shared quote cache', () => {
  it('a quote planned on one instance is a hit on the other, in both APIs', async () => {
    const [a, b] = servers as [FastifyInstance, FastifyInstance]
    const first = await a.inject({ url: `/lifi/v1/quote?${query()}` })
    expect(first.statusCode).toBe(200)
    expect(first.headers['x-accord-cache']).toBe('miss')
    const second = await b.inject({ url: `/lifi/v1/quote?${query()}` })
    expect(second.headers['x-accord-cache']).toBe('hit')
    expect((second.json() as LiFiStep).id).toBe((first.json() as LiFiStep).id)
    const own = await b.inject({ method: 'POST', url: '/v1/quote', payload: { ...BASE_USDC_TO_ARB_WETH, maxSlippageBps: 50 } })
    expect(own.headers['x-accord-cache']).toBe('hit')
    expect((own.json() as { quoteId: string }).quoteId).toBe((first.json() as LiFiStep).id)
  })

  it('exchange lists are cached per list: the same list hits, another list is planned anew', async () => {
    const [a, b] = servers as [FastifyInstance, FastifyInstance]
    const pools = loadSmallMarket().venues.filter((venue) => venue.kind !== 'bridge').map((venue) => venue.id)
    const denyOne = await a.inject({ url: `/lifi/v1/quote?${query({ denyExchanges: pools[0]! })}` })
    expect(denyOne.headers['x-accord-cache']).toBe('miss')
    expect((await b.inject({ url: `/lifi/v1/quote?${query({ denyExchanges: pools[0]! })}` })).headers['x-accord-cache']).toBe('hit')
    const denyOther = await b.inject({ url: `/lifi/v1/quote?${query({ denyExchanges: pools[1]! })}` })
    expect(denyOther.headers['x-accord-cache']).toBe('miss')
    const versions = [denyOne, denyOther].map((response) => (response.json() as { accord: { marketVersion: string } }).accord.marketVersion)
    expect(versions[0]).not.toBe(versions[1])
  })
})
