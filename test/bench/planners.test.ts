import { describe, expect, it } from 'vitest'
import { assetKeyOf } from '../../solver/market/assetKey.ts'
import { getToken, indexMarket } from '../../solver/market/indexMarket.ts'
import type { Intent } from '../../solver/model/intent.ts'
import type { Plan } from '../../solver/model/plan.ts'
import { combinations, compositions, createFixedSplitsPlanner } from '../../bench/planners/fixedSplitsPlanner.ts'
import { createAccordPlanner } from '../../bench/planners/accordPlanner.ts'
import { createFastestPlanner } from '../../bench/planners/fastestPlanner.ts'
import { createReferencePlanner } from '../../bench/planners/referencePlanner.ts'
import { createSingleBestPathPlanner } from '../../bench/planners/singleBestPathPlanner.ts'
import { netOutput } from '../../bench/planners/netOutput.ts'
import { isAdmissible } from '../../bench/planners/selectPlan.ts'
import { loadIntentFixture, loadMarketFixture } from '../helpers/loadFixtures.ts'

const market = loadMarketFixture('realistic')
const all = [...loadIntentFixture(market, 'realistic-medium.json'), ...loadIntentFixture(market, 'realistic-whale.json')]
const cases = ['eth-usdc-to-eth-weth-2m', 'base-weth-to-arb-usdc-20', 'arb-usdc-to-base-usdc-1m'].map((id) => all.find((entry) => entry.id === id)!)

describe('allocation enumeration of fixed-splits', () => {
  it('counts compositions and combinations as the binomial formulas say', () => {
    // Compositions of n into k positive parts: C(n − 1, k − 1); subsets: C(n, k).
    expect([...compositions(20, 1)]).toEqual([[20]])
    expect([...compositions(20, 2)]).toHaveLength(19)
    expect([...compositions(20, 3)]).toHaveLength(171)
    expect([...compositions(20, 3)].every((parts) => parts.reduce((a, b) => a + b) === 20 && parts.every((p) => p >= 1))).toBe(true)
    expect([...combinations(4, 2)]).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ])
  })
})

describe('baseline planners', () => {
  const accord = createAccordPlanner({ name: 'accord', description: '' })
  const accordOutput = createAccordPlanner({ name: 'accord-output', description: '', objective: 'output' })
  const single = createSingleBestPathPlanner()
  const fastest = createFastestPlanner()
  const fixed = createFixedSplitsPlanner()
  const reference = createReferencePlanner()

  it.each(cases.map((entry) => [entry.id, entry.intent] as const))('%s: the reference is at least as good as every admissible plan, and fastest is no slower than single-best-path', async (_id, intent: Intent) => {
    const tokenOut = getToken(indexMarket(market), assetKeyOf(intent.to))
    const plans = new Map<string, Plan>()
    for (const planner of [accord, accordOutput, single, fastest, fixed, reference]) {
      const plan = await planner.plan(market, intent)
      expect(plan, planner.name).toBeDefined()
      plans.set(planner.name, plan!)
    }
    const ref = plans.get('reference')!
    expect(isAdmissible(ref)).toBe(true)
    for (const [name, plan] of plans)
      // Up to the reference MILP's stated 0.1 bp gap (bench/reference/solveReferenceOptimum.ts MIP_GAP).
      if (isAdmissible(plan)) expect(netOutput(ref, tokenOut), name).toBeGreaterThanOrEqual(netOutput(plan, tokenOut) - 1e-5 * Math.abs(netOutput(plan, tokenOut)))
    expect(plans.get('fastest')!.expectedDurationSeconds).toBeLessThanOrEqual(plans.get('single-best-path')!.expectedDurationSeconds + 1)
    // Single paths are single paths.
    expect(plans.get('single-best-path')!.routes).toHaveLength(1)
    expect(plans.get('fastest')!.routes).toHaveLength(1)
  }, 300_000)
})
