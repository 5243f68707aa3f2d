import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadPlannerModule } from '../../bench/harness/loadPlannerModule.ts'
import { loadIntentFixture, loadMarketFixture } from '../helpers/loadFixtures.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))

describe('loadPlannerModule', () => {
  it('loads the example module (a factory) and plans with it', async () => {
    const planner = await loadPlannerModule('bench/examples/my-planner.js', root)
    expect(planner.name).toBe('example-safest')
    const market = loadMarketFixture('realistic')
    const [first] = loadIntentFixture(market, 'realistic-small.json')
    const plan = await planner.plan(market, first!.intent)
    expect(plan?.steps.length).toBeGreaterThan(0)
    expect(plan?.intent).toBe(first!.intent)
  })

  it('loads a module exporting a planner object', async () => {
    const planner = await loadPlannerModule('test/bench/fixtures/constantPlanner.mjs', root)
    expect(planner.name).toBe('constant-none')
  })

  it('rejects a module that exports no planner, and a missing file, naming --planner', async () => {
    await expect(loadPlannerModule('test/bench/fixtures/notAPlanner.mjs', root)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: '--planner' })
    await expect(loadPlannerModule('test/bench/fixtures/missing.mjs', root)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: '--planner' })
  })
})
