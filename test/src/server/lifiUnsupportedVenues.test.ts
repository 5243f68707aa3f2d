// Issue 16: a route through a pool whose transaction the service cannot build (a Curve StableSwap pool:
// the devnet has no Curve contracts, and no calldata is built that no chain has checked) is refused
// with a 4xx naming the pool and the way out, and following that advice gives a route to sign.
import { describe, expect, it } from 'vitest'
import type { LiFiStep } from '@lifi/types'
import type { Address } from 'viem'
import { buildServer } from '../../../src/server/buildServer.ts'
import type { ExecutionTargets } from '../../../src/executor/chainEnvironment.ts'
import { loadSmallMarket, OPEN_AUTH, schemaErrors } from './helpers.ts'
import { LifiStepSchema } from '../../../src/server/routes/lifi/lifiResponseSchemas.ts'

const SIGNER = '0x00000000000000000000000000000000000000f1' as Address
const CONTRACT = '0x00000000000000000000000000000000000000c1' as Address

describe('/lifi/v1 and pools without a transaction builder', () => {
  it('a Curve pool in the route: 404 UNKNOWN_VENUE naming it and denyExchanges; denying it gives transactions', async () => {
    const market = loadSmallMarket()
    const stable = market.venues.find((venue) => venue.kind === 'stableSwap')!
    // Contracts on every chain (no node is called: building transactions reads nothing from a chain).
    const targets: ExecutionTargets = {
      chains: new Map(market.networks.map((network) => [network.chainId, { chainId: network.chainId, name: network.name, rpcUrl: 'http://127.0.0.1:1', router: CONTRACT, spoke: CONTRACT }])),
      bridgeLiquidityHolders: new Map(),
    }
    const app = buildServer({ auth: OPEN_AUTH, market, rateLimit: false, transactionTargets: targets })
    const query = (extra: Record<string, string>) => new URLSearchParams({ fromChain: String(stable.chainId), fromToken: 'USDC', fromAmount: '1000000000', toChain: String(stable.chainId), toToken: 'USDT', fromAddress: SIGNER, ...extra })
    const refused = await app.inject({ url: `/lifi/v1/quote?${query({ allowExchanges: stable.id })}` })
    expect(refused.statusCode).toBe(404)
    expect(refused.json()).toMatchObject({ code: 'UNKNOWN_VENUE', message: expect.stringContaining(`Curve StableSwap pool "${stable.id}"`) })
    expect(refused.json().message).toContain(`denyExchanges=${stable.id}`)
    const routed = await app.inject({ url: `/lifi/v1/quote?${query({ denyExchanges: stable.id })}` })
    expect(routed.statusCode, routed.body).toBe(200)
    const quote = routed.json() as LiFiStep
    expect(quote.includedSteps.length).toBeGreaterThan(0)
    // The answer is what the OpenAPI document declares.
    expect(schemaErrors(LifiStepSchema, quote)).toBe('')
    expect(quote.includedSteps.every((step) => step.tool !== stable.id && step.transactionRequest !== undefined)).toBe(true)
    // The same pool as a route step sent to stepTransaction.
    const token = (symbol: string) => market.tokens.find((t) => t.chainId === stable.chainId && t.symbol === symbol)!
    const step = {
      type: 'lifi',
      tool: stable.id,
      action: { fromChainId: stable.chainId, toChainId: stable.chainId, fromAmount: '1000000', fromToken: { address: token('USDC').address }, toToken: { address: token('USDT').address }, fromAddress: SIGNER, slippage: 0.005 },
      estimate: {},
      includedSteps: [{ tool: stable.id, type: 'swap' }],
    }
    const single = await app.inject({ method: 'POST', url: '/lifi/v1/advanced/stepTransaction', payload: step })
    expect(single.statusCode).toBe(404)
    expect(single.json()).toMatchObject({ code: 'UNKNOWN_VENUE', field: 'body.venueId', message: expect.stringContaining(stable.id) })
    await app.close()
  })
})
