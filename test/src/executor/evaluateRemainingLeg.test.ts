// The executor's re-evaluation of a leg, without chains. On the market the plan was quoted on it must
// reproduce the planner's own amounts (built by buildSteps through a different path) and probability;
// after a pool moves, its prediction must be Uniswap V2's formula on the new reserves and the breach
// must point at the first step below its guard.
import { describe, expect, it } from 'vitest'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import type { ConstantProductPool, Market } from '../../../solver/market/types.ts'
import type { Plan } from '../../../solver/model/plan.ts'
import { evaluateRemainingLeg } from '../../../src/executor/evaluateRemainingLeg.ts'
import type { LegState } from '../../../src/executor/foldJournal.ts'
import { assetKeyOf } from '../../../solver/market/assetKey.ts'
import { loadMarketFixture } from '../../helpers/loadFixtures.ts'
import { uniswapV2AmountOut } from '../../../src/devnet/testing/executorDevnet.ts'

function legOf(plan: Plan): LegState {
  return {
    legId: 0,
    reason: 'initial',
    status: 'active',
    source: { asset: assetKeyOf(plan.intent.from), amountRaw: plan.amountInRaw },
    minAmountOutRaw: plan.minAmountOutRaw,
    plan,
    holdings: new Map([[assetKeyOf(plan.intent.from), plan.amountInRaw]]),
    steps: plan.steps.map((step) => ({ legId: 0, step, status: 'pending', transactions: [] })),
  }
}

const market = loadMarketFixture('small')
const intent = resolveIntentRequest(market, { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '25000', deadlineSeconds: 600 })

describe('evaluateRemainingLeg', () => {
  it('reproduces the planner’s exact amounts and outcome probability on the market the plan was quoted on', () => {
    const result = quoteIntent(market, intent)
    if (result.status !== 'ok') throw new Error(result.reason)
    const plan = result.plan
    const evaluation = evaluateRemainingLeg({ market, leg: legOf(plan), target: assetKeyOf(intent.to), deadlineSeconds: 600 })
    expect(evaluation.breach).toBeUndefined()
    expect(evaluation.steps.map((step) => [step.stepIndex, step.amountInRaw, step.amountOutRaw])).toEqual(plan.steps.map((step) => [step.index, step.amountInRaw, step.amountOutRaw]))
    expect(evaluation.expectedAmountOutRaw).toBe(plan.expectedAmountOutRaw)
    expect(evaluation.probability?.total).toBeCloseTo(plan.outcomeProbability.total, 12)
  })

  it('after a pool on the route moves, predicts Uniswap V2’s output on the new reserves and flags the step below its guard', () => {
    const result = quoteIntent(market, intent)
    if (result.status !== 'ok') throw new Error(result.reason)
    const plan = result.plan
    const swap = plan.steps.find((step) => step.venueKind === 'constantProduct')
    if (!swap) throw new Error('the plan has no constant-product step')
    const pool = market.venues.find((venue) => venue.id === swap.venueId) as ConstantProductPool
    const outIsToken1 = swap.tokenOut.endsWith(pool.token1)
    // Someone bought a fifth of the output side.
    const shocked: ConstantProductPool = outIsToken1
      ? { ...pool, reserve0: (pool.reserve0 * 5n) / 4n, reserve1: (pool.reserve1 * 4n) / 5n }
      : { ...pool, reserve0: (pool.reserve0 * 4n) / 5n, reserve1: (pool.reserve1 * 5n) / 4n }
    const moved: Market = { ...market, venues: market.venues.map((venue) => (venue.id === pool.id ? shocked : venue)) }

    const evaluation = evaluateRemainingLeg({ market: moved, leg: legOf(plan), target: assetKeyOf(intent.to), deadlineSeconds: 600 })
    const predicted = evaluation.steps.find((step) => step.stepIndex === swap.index)!
    const [reserveIn, reserveOut] = outIsToken1 ? [shocked.reserve0, shocked.reserve1] : [shocked.reserve1, shocked.reserve0]
    expect(predicted.amountOutRaw).toBe(uniswapV2AmountOut(predicted.amountInRaw, reserveIn, reserveOut))
    expect(evaluation.breach).toBeDefined()
    expect(evaluation.breach!.predictedRaw < evaluation.breach!.guardRaw).toBe(true)
    expect(evaluation.expectedAmountOutRaw < plan.minAmountOutRaw).toBe(true)
  })
})
