// An example third-party planner for the benchmark harness:
//   npx accord bench --planner bench/examples/my-planner.js
// A planner module default-exports a planner { name, plan(market, intent) } or a factory (sync or
// async) returning one; `plan` returns a Plan (solver/model/plan.ts) or undefined. This one asks
// Accord for its alternatives and always takes the one labelled `safest`.
import { quoteIntent } from '../../solver/plan/quoteIntent.ts'

export default function createSafestPlanner() {
  return {
    name: 'example-safest',
    description: "example module: Accord's `safest` alternative",
    plan(market, intent) {
      const result = quoteIntent(market, intent)
      const safest = result.alternatives.find((alternative) => alternative.labels.includes('safest'))
      return safest?.plan ?? (result.status === 'ok' ? result.plan : result.bestPlan)
    },
  }
}
