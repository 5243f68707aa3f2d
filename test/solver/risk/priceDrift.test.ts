// The closed-form variance of the delivered amount's log deviation, given execution times, against
// Brownian price paths simulated per asset and pushed through the plan's amounts.
import { describe, expect, it } from 'vitest'
import type { Step } from '../../../solver/model/plan.ts'
import { analysePlanDag } from '../../../solver/risk/planDag.ts'
import { buildPriceDriftModel, logDeviationVariance } from '../../../solver/risk/priceDrift.ts'
import { computeFlowShares } from '../../../solver/risk/flowShares.ts'
import { SECONDS_PER_YEAR } from '../../../solver/risk/parameters.ts'
import { index, makeStep, splitMerge, swapBridgeSwap, TOKENS, wheatstone } from './riskPlans.ts'
import { mulberry32, normalSampler } from './simulateOutcome.ts'

/** Two routes from USDC on Arbitrum to USDC on Base: via WETH and a WETH bridge, and a plain USDC bridge. */
const twoRoutes: Step[] = [
  makeStep(0, 'arb-weth-usdc', TOKENS.usdcArb, TOKENS.wethArb, 6_000_000_000n, 1_990_000_000_000_000_000n),
  makeStep(1, 'across-weth-arb-base', TOKENS.wethArb, TOKENS.wethBase, 1_990_000_000_000_000_000n, 1_985_000_000_000_000_000n, [0]),
  makeStep(2, 'base-weth-usdc', TOKENS.wethBase, TOKENS.usdcBase, 1_985_000_000_000_000_000n, 5_900_000_000n, [1]),
  makeStep(3, 'across-usdc-arb-base', TOKENS.usdcArb, TOKENS.usdcBase, 4_000_000_000n, 3_999_000_000n),
]

const SAMPLES = 60_000

/** Var of ln(delivered / quoted delivery) by simulation, every step executing at the given time. */
function simulatedVariance(steps: readonly Step[], times: readonly number[], seed: number): number {
  const normal = normalSampler(mulberry32(seed))
  const symbol = (key: Step['tokenIn']) => index.tokens.get(key)!.symbol.toUpperCase()
  const vol = new Map<string, number>()
  for (const step of steps) for (const key of [step.tokenIn, step.tokenOut]) vol.set(symbol(key), index.tokens.get(key)!.annualVolatility)
  const sortedTimes = [...new Set(times)].sort((a, b) => a - b)
  const spends = (d: Step, i: Step) => d.dependsOn.includes(i.index) && d.tokenIn === i.tokenOut
  const quoted = steps.filter((i) => !steps.some((d) => spends(d, i))).reduce((sum, s) => sum + Number(s.amountOutRaw), 0)
  let sum = 0
  let sumSquares = 0
  for (let n = 0; n < SAMPLES; n++) {
    const level = new Map<string, Map<number, number>>()
    for (const [asset, v] of vol) {
      const sigma = v / Math.sqrt(SECONDS_PER_YEAR)
      const path = new Map<number, number>()
      let w = 0
      let previous = 0
      for (const t of sortedTimes) {
        w += sigma * Math.sqrt(t - previous) * normal()
        path.set(t, w)
        previous = t
      }
      level.set(asset, path)
    }
    const out = new Map<number, number>()
    for (const step of steps) {
      // Steps are listed in execution order here.
      const feeders = steps.filter((i) => spends(step, i))
      let input = Number(step.amountInRaw)
      if (feeders.length > 0)
        input = feeders.reduce((total, i) => {
          const takers = steps.filter((d) => spends(d, i)).reduce((s, d) => s + Number(d.amountInRaw), 0)
          return total + (out.get(i.index)! * Number(step.amountInRaw)) / takers
        }, 0)
      const t = times[step.index]!
      const move = level.get(symbol(step.tokenIn))!.get(t)! - level.get(symbol(step.tokenOut))!.get(t)!
      out.set(step.index, Number(step.amountOutRaw) * (input / Number(step.amountInRaw)) * Math.exp(move))
    }
    const delivered = steps.filter((i) => !steps.some((d) => spends(d, i))).reduce((total, s) => total + out.get(s.index)!, 0)
    const x = Math.log(delivered / quoted)
    sum += x
    sumSquares += x * x
  }
  const mean = sum / SAMPLES
  return sumSquares / SAMPLES - mean * mean
}

describe('price drift variance', () => {
  const cases = [
    ['swap → bridge → swap', swapBridgeSwap, [20, 1800, 1830]],
    ['split merging into one swap', splitMerge, [600, 900, 1500]],
    ['non-series-parallel DAG', wheatstone, [40, 900, 2400, 3000]],
    ['two routes through different assets', twoRoutes, [30, 2000, 2100, 1200]],
  ] as const

  for (const [name, steps, times] of cases) {
    it(`${name}: closed form = simulated variance (±4 %)`, () => {
      const dag = analysePlanDag(steps)
      const model = buildPriceDriftModel(index, steps, dag)
      const variance = logDeviationVariance(model, model.lockingSteps.map((position) => times[position]!))
      const simulated = simulatedVariance(steps, times, 5)
      expect(variance).toBeGreaterThan(0)
      expect(variance / simulated).toBeGreaterThan(0.96)
      expect(variance / simulated).toBeLessThan(1.04)
    })
  }

  it('flow shares: every delivering step gets its share of the output, and shares pass back pro rata', () => {
    const shares = computeFlowShares(twoRoutes, analysePlanDag(twoRoutes))
    const total = 5_900_000_000 + 3_999_000_000
    expect(shares[2]).toBeCloseTo(5_900_000_000 / total, 12)
    expect(shares[3]).toBeCloseTo(3_999_000_000 / total, 12)
    expect(shares[0]).toBeCloseTo(shares[2]!, 12)
    const merged = computeFlowShares(splitMerge, analysePlanDag(splitMerge))
    expect(merged[2]).toBe(1)
    expect(merged[0]! + merged[1]!).toBeCloseTo(1, 12)
    expect(merged[0]! / merged[1]!).toBeCloseTo(5_998_750_000 / 3_999_600_000, 9)
  })
})
