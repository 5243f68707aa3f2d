// Composite planning on a snapshot of the devnet market (fixtures/markets/devnet-composite.json):
// the README example, collateral sizing and reasons checked against closed forms of Aave's health
// factor (collateral · liquidation threshold / debt, prices from the oracle), the DAG's order,
// conservation of the sources, and the single-leg case against the public planner.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseMarketJson } from '../../../src/market/parseMarket.ts'
import { planCompositeIntent } from '../../../solver/composite/planCompositeIntent.ts'
import { resolveCompositeRequest, type CompositeIntentRequest } from '../../../solver/composite/resolveCompositeRequest.ts'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { BaseError } from '../../../solver/errors.ts'

const market = parseMarketJson(readFileSync(new URL('../../../fixtures/markets/devnet-composite.json', import.meta.url), 'utf8'))
const example = JSON.parse(readFileSync(new URL('../../../fixtures/intents/composite-example.json', import.meta.url), 'utf8')) as CompositeIntentRequest
const lending = market.lendingMarkets![0]!
const reserve = (symbol: string) => lending.reserves.find((candidate) => candidate.token === market.tokens.find((token) => token.chainId === lending.chainId && token.symbol === symbol)!.address)!
const usdc = reserve('USDC')
const weth = reserve('WETH')

function withBorrow(amount: string, minHealthFactor = 1.5): CompositeIntentRequest {
  return { ...example, goals: [example.goals[0]!, { ...(example.goals[1] as Extract<CompositeIntentRequest['goals'][number], { kind: 'borrow' }>), amount, minHealthFactor }] }
}

function plan(request: CompositeIntentRequest) {
  return planCompositeIntent(market, resolveCompositeRequest(market, request))
}

describe('planCompositeIntent on the devnet market', () => {
  it('plans the README example: every goal, health factor as the closed form, one DAG in order, sources conserved', () => {
    const result = plan(example)
    if (result.status !== 'ok') throw new Error(result.reason)
    const { steps, goals, legs } = result.plan
    const supplied = goals.find((goal) => goal.goalId === 'collateral')!.plannedAmountRaw
    expect(supplied).toBe(150_000_000_000n)
    // HF = collateral·LT / debt in the oracle's base currency (GenericLogic), 150,000 · 0.85 / (25 · 3000) = 1.7.
    const collateralBase = (supplied * usdc.priceBase) / 10n ** 6n
    const debtBase = (25n * 10n ** 18n * weth.priceBase) / 10n ** 18n
    const closedForm = (collateralBase * BigInt(usdc.liquidationThresholdBps) * 10n ** 18n) / (10_000n * debtBase)
    expect(goals.find((goal) => goal.goalId === 'loan')!.healthFactorWad).toBe(closedForm)

    // Dependencies point backwards; supply waits for every funding leg, borrow for the supply, delivery for the borrow.
    for (const step of steps) for (const dependency of step.dependsOn) expect(dependency).toBeLessThan(step.index)
    const supply = steps.find((step) => step.action === 'supply')!
    const borrow = steps.find((step) => step.action === 'borrow')!
    const fundingSteps = steps.filter((step) => step.legId && legs.find((leg) => leg.id === step.legId)!.purpose === 'fund')
    for (const step of fundingSteps) expect(supply.dependsOn).toContain(step.index)
    expect(borrow.dependsOn).toEqual([supply.index])
    const delivery = steps.filter((step) => step.legId && legs.find((leg) => leg.id === step.legId)!.purpose === 'deliver')
    expect(delivery.length).toBeGreaterThan(0)
    expect(delivery[0]!.dependsOn).toEqual([borrow.index])
    for (const step of steps) for (const dependency of step.dependsOn) expect(steps[dependency]!.expectedCompletionSeconds).toBeLessThanOrEqual(step.earliestStartSeconds + 1e-9)

    // Conservation: what the legs take is what the sources spend, within their amounts; what arrives covers the supply.
    const spentBySource = result.plan.sourcesSpentRaw
    expect(spentBySource.reduce((a, b) => a + b, 0n)).toBe(legs.filter((leg) => leg.purpose === 'fund').reduce((sum, leg) => sum + leg.plan.amountInRaw, 0n))
    expect(spentBySource[0]! <= 80_000_000_000n && spentBySource[1]! <= 80_000_000_000n).toBe(true)
    const arrivingMinimum = legs.filter((leg) => leg.purpose === 'fund').reduce((sum, leg) => sum + leg.plan.minAmountOutRaw, 0n)
    expect(arrivingMinimum).toBeGreaterThanOrEqual(supplied)
    expect(delivery.at(-1)!.amountOutRaw).toBe(goals.find((goal) => goal.goalId === 'loan')!.deliveredAmountRaw)

    const parts = result.plan.probabilityParts
    expect(result.plan.outcomeProbability).toBeCloseTo(parts.allStepsSucceed * parts.aboveMinimums * parts.withinDeadline, 12)
    expect(result.plan.outcomeProbability).toBeGreaterThan(0.9)
    expect(result.plan.ifLegFails.find((state) => state.after.startsWith('borrow'))!.goalsMet).toEqual(['collateral'])
  })

  it('raises the collateral to the smallest amount that keeps the health factor at the floor', () => {
    const result = plan(withBorrow('29'))
    if (result.status !== 'ok') throw new Error(result.reason)
    const supplied = result.plan.goals.find((goal) => goal.goalId === 'collateral')!.plannedAmountRaw
    // Smallest S with S·1e8/1e6 · 0.85 / (29 · 3000e8) ≥ 1.5: S = ceil(1.5 · 87,000 / 0.85) USDC, to the raw unit (prices 1e8 = 1 USD).
    const debtBase = 29n * weth.priceBase
    const minimum = (15n * debtBase * 10_000n * 10n ** 6n + 10n * BigInt(usdc.liquidationThresholdBps) * usdc.priceBase - 1n) / (10n * BigInt(usdc.liquidationThresholdBps) * usdc.priceBase)
    expect(supplied).toBe(minimum)
    expect(result.plan.goals.find((goal) => goal.goalId === 'loan')!.healthFactorWad! >= 1_500_000_000_000_000_000n).toBe(true)
  })

  it('says which goal fails and why: the health factor reachable, LTV, liquidity, sources, probability', () => {
    const tooMuch = plan(withBorrow('40'))
    expect(tooMuch.status).toBe('infeasible')
    if (tooMuch.status !== 'infeasible') return
    expect(tooMuch.goalId).toBe('loan')
    const match = /needs health factor (\d+\.\d\d) < 1\.50 with the collateral reachable by the deadline \(at most ([\d,.]+) USDC/.exec(tooMuch.reason)
    expect(match).not.toBeNull()
    const reachable = Number(match![2]!.replaceAll(',', ''))
    expect(Number(match![1])).toBeCloseTo(Math.floor(((reachable * 0.85) / (40 * 3000)) * 100) / 100, 2)

    const overLtv = plan(withBorrow('45', 1))
    expect(overLtv.status === 'infeasible' && overLtv.reason).toMatch(/loan-to-value limit .*COLLATERAL_CANNOT_COVER_NEW_BORROW/)
    const overLiquidity = plan(withBorrow('600', 1))
    expect(overLiquidity.status === 'infeasible' && overLiquidity.reason).toMatch(/available liquidity of 500 WETH .*INSUFFICIENT_LIQUIDITY/)
    const tooBig = plan({ ...example, goals: [{ ...example.goals[0]!, amount: '170000' } as CompositeIntentRequest['goals'][number], example.goals[1]!] })
    expect(tooBig.status === 'infeasible' && tooBig.goalId).toBe('collateral')
    expect(tooBig.status === 'infeasible' && tooBig.reason).toMatch(/Goal collateral needs 170,000 USDC on devnet-c; the sources can bring at most 159,\d+\.\d+ USDC/)
    const tooSure = plan({ ...example, minProbability: 0.9999 })
    expect(tooSure.status === 'infeasible' && tooSure.reason).toMatch(/probability 0\.99\d+ < required 0\.9999; binding: every step succeeding/)
  })

  it('a single source and a single holding goal spending everything is the quote', () => {
    const request: CompositeIntentRequest = {
      sources: [{ chain: 'devnet-c', token: 'USDC', amount: '10000' }],
      goals: [{ id: 'weth', kind: 'holding', chain: 'devnet-b', token: 'WETH', amount: '3' }],
      deadlineSeconds: 600,
      spend: 'all',
    }
    const result = plan(request)
    if (result.status !== 'ok') throw new Error(result.reason)
    const quote = quoteIntent(market, { from: result.plan.legs[0]!.from, to: result.plan.legs[0]!.to, amountInRaw: 10_000_000_000n, deadlineSeconds: 600, minAmountOutRaw: 3n * 10n ** 18n })
    if (quote.status !== 'ok') throw new Error(quote.reason)
    expect(result.plan.legs).toHaveLength(1)
    expect(result.plan.steps.map((step) => [step.venueId, step.amountInRaw, step.amountOutRaw])).toEqual(quote.plan.steps.map((step) => [step.venueId, step.amountInRaw, step.amountOutRaw]))
  })

  it('rejects bad input with the field path', () => {
    const expectField = (request: unknown, field: string) => {
      try {
        plan(request as CompositeIntentRequest)
        throw new Error('accepted')
      } catch (error) {
        expect(error).toBeInstanceOf(BaseError)
        expect((error as BaseError).field).toBe(field)
      }
    }
    expectField({ ...example, goals: [{ ...example.goals[0]!, market: 'nowhere' }] }, 'goals[0].market')
    expectField({ ...example, sources: [{ chain: 'devnet-a', token: 'DOGE', amount: '1' }] }, 'sources[0].token')
    expectField({ ...example, goals: [example.goals[1]!] }, 'goals[0].market')
    expectField({ ...example, goals: [example.goals[0]!, { ...example.goals[0]! }] }, 'goals[1].id')
    expectField(withBorrow('1.0000000000000000001'), 'goals[1].amount')
  })
})
