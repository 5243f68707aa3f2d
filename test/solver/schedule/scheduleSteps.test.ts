// The schedule against an independent Monte Carlo simulation of the plan's execution, and its
// guards and deadlines against the plan's minimum and the intent's deadline.
import { describe, expect, it } from 'vitest'
import type { Bridge } from '../../../solver/market/types.ts'
import type { Step } from '../../../solver/model/plan.ts'
import { estimateOutcomeProbability } from '../../../solver/risk/estimateOutcomeProbability.ts'
import { scheduleSteps } from '../../../solver/schedule/scheduleSteps.ts'
import { deliveredAtQuote, index, minimumAt, singleSwap, splitMerge, swapBridgeSwap, wheatstone } from '../risk/riskPlans.ts'
import { simulateOutcome } from '../risk/simulateOutcome.ts'

const plans = [
  ['single swap', singleSwap],
  ['swap → bridge → swap', swapBridgeSwap],
  ['split merging into a swap', splitMerge],
  ['non-series-parallel DAG', wheatstone],
] as const

const quantile = (values: Float64Array, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(p * sorted.length)] as number
}
const mean = (values: Float64Array) => values.reduce((sum, x) => sum + x, 0) / values.length

describe('scheduleSteps', () => {
  for (const [name, steps] of plans) {
    describe(name, () => {
      const expectedAmountOutRaw = deliveredAtQuote(steps)
      const minAmountOutRaw = minimumAt(expectedAmountOutRaw, 50)
      const schedule = scheduleSteps({ index, steps, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds: undefined })
      const simulated = simulateOutcome({ index, steps, minAmountOutRaw, deadlineSeconds: undefined, samples: 30_000, seed: 17 })
      const byIndex = new Map(schedule.steps.map((scheduled) => [scheduled.stepIndex, scheduled]))

      it('per-step completion times agree with simulation (mean ±2 %, p95 ±3 %)', () => {
        steps.forEach((step, position) => {
          const scheduled = byIndex.get(step.index)!
          const times = simulated.stepCompletionTimes[position]!
          expect(Math.abs(scheduled.expectedCompletionSeconds - mean(times))).toBeLessThan(0.02 * mean(times) + 0.05)
          expect(Math.abs(scheduled.p95CompletionSeconds - quantile(times, 0.95))).toBeLessThan(0.03 * quantile(times, 0.95) + 0.05)
          const medians = step.dependsOn.map((d) => quantile(simulated.stepCompletionTimes[steps.findIndex((s) => s.index === d)]!, 0.5))
          const latestMedian = Math.max(0, ...medians)
          expect(Math.abs(scheduled.earliestStartSeconds - latestMedian)).toBeLessThan(0.03 * latestMedian + 0.05)
        })
        expect(Math.abs(schedule.expectedDurationSeconds - mean(simulated.completionTimes))).toBeLessThan(0.02 * mean(simulated.completionTimes))
        expect(Math.abs(schedule.p95DurationSeconds - quantile(simulated.completionTimes, 0.95))).toBeLessThan(0.03 * quantile(simulated.completionTimes, 0.95))
      })

      it('no step starts before its dependencies are done, and p95 ≥ expected', () => {
        for (const scheduled of schedule.steps) {
          expect(scheduled.p95CompletionSeconds).toBeGreaterThanOrEqual(scheduled.expectedCompletionSeconds)
          expect(scheduled.expectedCompletionSeconds).toBeGreaterThan(scheduled.earliestStartSeconds)
          expect(scheduled.dependsOn).toEqual(steps.find((s) => s.index === scheduled.stepIndex)!.dependsOn)
          for (const dependency of scheduled.dependsOn) {
            const before = byIndex.get(dependency)!
            expect(scheduled.earliestStartSeconds).toBeGreaterThanOrEqual(
              // the dependency's median completion: between its earliest start and its p95
              before.earliestStartSeconds,
            )
            expect(scheduled.expectedCompletionSeconds).toBeGreaterThan(before.expectedCompletionSeconds)
            expect(scheduled.p95CompletionSeconds).toBeGreaterThanOrEqual(before.p95CompletionSeconds)
          }
          expect(schedule.expectedDurationSeconds).toBeGreaterThanOrEqual(scheduled.expectedCompletionSeconds - 1e-9)
        }
        expect(schedule.p95DurationSeconds).toBeGreaterThanOrEqual(schedule.expectedDurationSeconds)
      })

      it('matches the outcome estimate on duration and step success', () => {
        const outcome = estimateOutcomeProbability({ index, steps, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds: undefined })
        expect(schedule.expectedDurationSeconds).toBeCloseTo(outcome.expectedDurationSeconds, 9)
        expect(schedule.p95DurationSeconds).toBeCloseTo(outcome.p95DurationSeconds, 9)
        const product = schedule.steps.reduce((p, s) => p * s.successProbability, 1)
        expect(product).toBeCloseTo(outcome.probability.allStepsSucceed, 12)
        expect(Math.abs(product - simulated.allSucceed)).toBeLessThan(0.01)
      })

      it('guards: proportional to the plan minimum, not compounding, adding up to at least it', () => {
        const guard = new Map(schedule.steps.map((s) => [s.stepIndex, s.minAmountOutRaw]))
        for (const step of steps) {
          expect(guard.get(step.index)!).toBeLessThanOrEqual(step.amountOutRaw)
          expect(guard.get(step.index)!).toBeGreaterThanOrEqual((step.amountOutRaw * minAmountOutRaw) / expectedAmountOutRaw)
        }
        // Push the guarded amounts through the plan at unchanged prices: every step receives what
        // its inputs were guarded at and converts it at its quoted rate.
        const spends = (d: Step, i: Step) => d.dependsOn.includes(i.index) && d.tokenIn === i.tokenOut
        const sinks = steps.filter((i) => !steps.some((d) => spends(d, i)))
        expect(sinks.reduce((sum, s) => sum + guard.get(s.index)!, 0n)).toBeGreaterThanOrEqual(minAmountOutRaw)
        let delivered = 0
        const received = new Map<number, number>()
        for (const step of steps) {
          const feeders = steps.filter((i) => spends(step, i))
          const input =
            feeders.length === 0
              ? Number(step.amountInRaw)
              : feeders.reduce((sum, i) => {
                  const takers = steps.filter((d) => spends(d, i)).reduce((s, d) => s + Number(d.amountInRaw), 0)
                  return sum + (Number(guard.get(i.index)!) * Number(step.amountInRaw)) / takers
                }, 0)
          received.set(step.index, input)
          const out = (Number(step.amountOutRaw) * input) / Number(step.amountInRaw)
          if (sinks.includes(step)) delivered += out
        }
        expect(delivered).toBeGreaterThanOrEqual(Number(minAmountOutRaw) * (1 - 1e-9))
      })

      it('deadlines, confirmations and success per step', () => {
        for (const scheduled of schedule.steps) {
          const step = steps.find((s) => s.index === scheduled.stepIndex)!
          const venue = index.venues.get(step.venueId)!
          expect(Number.isInteger(scheduled.deadlineSeconds)).toBe(true)
          expect(scheduled.deadlineSeconds).toBeGreaterThan(scheduled.p95CompletionSeconds)
          expect(scheduled.confirmations).toBe(venue.kind === 'bridge' ? (venue as Bridge).confirmations : 1)
          if (venue.kind === 'bridge') expect(scheduled.successProbability).toBe(1 - venue.failureProbability)
          else expect(scheduled.successProbability).toBeGreaterThan(0.98)
        }
      })
    })
  }

  it('a bridge of the user’s exact input is guarded at its exact output', () => {
    const expectedAmountOutRaw = deliveredAtQuote(splitMerge)
    const schedule = scheduleSteps({ index, steps: splitMerge, expectedAmountOutRaw, minAmountOutRaw: minimumAt(expectedAmountOutRaw, 50), deadlineSeconds: undefined })
    expect(schedule.steps[0]!.minAmountOutRaw).toBe(splitMerge[0]!.amountOutRaw)
    expect(schedule.steps[1]!.minAmountOutRaw).toBe(splitMerge[1]!.amountOutRaw)
  })

  it('no step deadline goes past the intent deadline', () => {
    const expectedAmountOutRaw = deliveredAtQuote(swapBridgeSwap)
    const minAmountOutRaw = minimumAt(expectedAmountOutRaw, 50)
    const loose = scheduleSteps({ index, steps: swapBridgeSwap, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds: undefined })
    const tight = scheduleSteps({ index, steps: swapBridgeSwap, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds: 300 })
    for (const [i, scheduled] of tight.steps.entries()) {
      expect(scheduled.deadlineSeconds).toBeLessThanOrEqual(300)
      expect(scheduled.deadlineSeconds).toBe(Math.min(300, loose.steps[i]!.deadlineSeconds))
    }
    expect(tight.steps.some((s) => s.deadlineSeconds === 300)).toBe(true)
  })
})
