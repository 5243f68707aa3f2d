// The accounting behind the composite executor's re-plan, on the README example's plan (devnet
// snapshot): what the supply still lacks and what may still be spent, checked by hand against the
// plan's own figures (150,000 USDC supplied on devnet-c, 75,112.731391 USDC sent from each of devnet-a
// and devnet-b of 80,000 allowed each, 75,075.075076 expected to arrive from each).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compositeShortfall, type FundingLegRecord } from '../../../../src/executor/composite/compositeShortfall.ts'
import { parseMarketJson } from '../../../../src/market/parseMarket.ts'
import { planCompositeIntent } from '../../../../solver/composite/planCompositeIntent.ts'
import { resolveCompositeRequest, type CompositeIntentRequest } from '../../../../solver/composite/resolveCompositeRequest.ts'
import { assetKeyOf } from '../../../../solver/market/assetKey.ts'
import type { AssetKey } from '../../../../solver/market/types.ts'

const market = parseMarketJson(readFileSync(new URL('../../../../fixtures/markets/devnet-composite.json', import.meta.url), 'utf8'))
const example = JSON.parse(readFileSync(new URL('../../../../fixtures/intents/composite-example.json', import.meta.url), 'utf8')) as CompositeIntentRequest
const result = planCompositeIntent(market, resolveCompositeRequest(market, example))
if (result.status !== 'ok') throw new Error(result.reason)
const plan = result.plan
const [leg0, leg1] = plan.legs.filter((leg) => leg.purpose === 'fund')
const usdcOn = (chain: string) => assetKeyOf({ chainId: market.networks.find((network) => network.name === chain)!.chainId, token: market.tokens.find((token) => token.symbol === 'USDC' && token.chainId === market.networks.find((network) => network.name === chain)!.chainId)!.address })

const record = (leg: typeof leg0, deliveredRaw: bigint, stranded: ReadonlyArray<{ asset: AssetKey; raw: bigint }> = []): FundingLegRecord => ({
  legId: leg!.id,
  from: assetKeyOf(leg!.from),
  to: assetKeyOf(leg!.to),
  amountInRaw: leg!.plan.amountInRaw,
  planned: true,
  finished: { deliveredRaw, stranded },
})

describe('compositeShortfall', () => {
  it('the plan as planned: legs delivering their expected output leave nothing short', () => {
    expect(leg0!.plan.amountInRaw).toBe(75_112_731_391n)
    expect(leg1!.plan.amountInRaw).toBe(75_112_731_391n)
    const { shortfalls, spendable } = compositeShortfall(plan, [record(leg0, leg0!.plan.expectedAmountOutRaw), record(leg1, leg1!.plan.expectedAmountOutRaw)])
    expect(shortfalls).toEqual([])
    // The unused allowances: 80,000 − 75,112.731391 on each.
    expect(spendable).toEqual([
      { asset: usdcOn('devnet-a'), raw: 4_887_268_609n },
      { asset: usdcOn('devnet-b'), raw: 4_887_268_609n },
    ])
  })

  it('a refunded leg: short by what it should have brought, and its refund becomes spendable', () => {
    const { shortfalls, spendable } = compositeShortfall(plan, [record(leg0, 0n, [{ asset: usdcOn('devnet-a'), raw: 75_112_731_391n }]), record(leg1, 75_075_075_076n)])
    expect(shortfalls).toEqual([{ asset: usdcOn('devnet-c'), raw: 150_000_000_000n - 75_075_075_076n }])
    // devnet-a: the unused 4,887.268609 and the refunded 75,112.731391.
    expect(spendable).toEqual([
      { asset: usdcOn('devnet-a'), raw: 80_000_000_000n },
      { asset: usdcOn('devnet-b'), raw: 4_887_268_609n },
    ])
  })

  it('a top-up leg counts what it took and what it brought', () => {
    const topUp: FundingLegRecord = {
      legId: 'top-1-0',
      from: usdcOn('devnet-a'),
      to: usdcOn('devnet-c'),
      amountInRaw: 79_900_000_000n,
      planned: false,
      finished: { deliveredRaw: 79_859_950_000n, stranded: [] },
    }
    const { shortfalls, spendable } = compositeShortfall(plan, [record(leg0, 0n, [{ asset: usdcOn('devnet-a'), raw: 75_112_731_391n }]), record(leg1, 75_075_075_076n), topUp])
    // 75,075.075076 + 79,859.95 = 154,935.025076 ≥ 150,000: nothing short.
    expect(shortfalls).toEqual([])
    expect(spendable).toEqual([
      { asset: usdcOn('devnet-a'), raw: 100_000_000n },
      { asset: usdcOn('devnet-b'), raw: 4_887_268_609n },
    ])
  })
})
