// The executor's deadline rule (checkStepDeadline): a step is refused with less time left than the
// 95th percentile of its own duration. Checked against an independent seeded simulation of the
// steps' durations (test/solver/risk/simulateOutcome.ts): at the time the rule asks for, about 5 % of
// the step's simulated executions would still overrun; and the rule refuses a step with more time
// left than its expected duration in the schedule (the rule before issue 13, which let a 90 s intent
// move funds until 237 s) whenever that is short of the p95.
import { describe, expect, it } from 'vitest'
import { scheduleSteps } from '../../../solver/schedule/scheduleSteps.ts'
import { checkStepDeadline } from '../../../src/executor/checkStepDeadline.ts'
import { deliveredAtQuote, index, minimumAt, singleSwap, splitMerge, swapBridgeSwap } from '../../solver/risk/riskPlans.ts'
import { simulateOutcome } from '../../solver/risk/simulateOutcome.ts'

const plans = { singleSwap, swapBridgeSwap, splitMerge } as const

describe('checkStepDeadline', () => {
  it.each(Object.keys(plans) as Array<keyof typeof plans>)('%s: at the time it asks for, 5 %% of the simulated executions of each step would overrun', (name) => {
    const steps = plans[name]
    const simulated = simulateOutcome({ index, steps, minAmountOutRaw: 0n, deadlineSeconds: undefined, samples: 40_000, seed: 21 })
    steps.forEach((step, position) => {
      const { neededSeconds, refusal } = checkStepDeadline({ index, steps, stepIndex: step.index, remainingSeconds: 1e9 })
      expect(refusal).toBeUndefined()
      const durations = simulated.stepDurations[position]!
      const overrun = durations.filter((duration) => duration > neededSeconds).length / durations.length
      expect(overrun, `step ${step.index} (${step.venueId}) needs ${neededSeconds.toFixed(1)} s`).toBeGreaterThan(0.035)
      expect(overrun).toBeLessThan(0.065)
    })
  })

  it('refuses a step with more time left than its expected duration but less than its p95, and starts it with the p95 left', () => {
    const steps = swapBridgeSwap
    const expected = deliveredAtQuote(steps)
    const schedule = scheduleSteps({ index, steps, expectedAmountOutRaw: expected, minAmountOutRaw: minimumAt(expected, 50), deadlineSeconds: 3600 })
    const bridge = schedule.steps.find((scheduled) => scheduled.stepIndex === 1)!
    const expectedSeconds = bridge.expectedCompletionSeconds - bridge.earliestStartSeconds
    const { neededSeconds } = checkStepDeadline({ index, steps, stepIndex: 1, remainingSeconds: undefined })
    // The Across fill: median 139 s, expected ≈ 176 s, p95 ≈ 420 s.
    expect(neededSeconds).toBeGreaterThan(expectedSeconds + 100)
    const between = checkStepDeadline({ index, steps, stepIndex: 1, remainingSeconds: expectedSeconds + 60 })
    expect(between.refusal).toBe(`takes up to ${neededSeconds.toFixed(1)} s (p95) and ${(expectedSeconds + 60).toFixed(1)} s are left`)
    expect(checkStepDeadline({ index, steps, stepIndex: 1, remainingSeconds: neededSeconds }).refusal).toBeUndefined()
    expect(checkStepDeadline({ index, steps, stepIndex: 1, remainingSeconds: -5 }).refusal).toMatch(/and 0\.0 s are left$/)
  })
})
