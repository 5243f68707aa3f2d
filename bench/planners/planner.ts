// What the benchmark harness runs: a planner turns (market, intent) into a plan, or none.
import type { Market } from '../../solver/market/types.ts'
import type { Intent } from '../../solver/model/intent.ts'
import type { Plan } from '../../solver/model/plan.ts'

/**
 * A planner under test. `plan` may be synchronous or asynchronous; undefined means it found no plan.
 * It may throw; the harness records the error and treats the intent as unplanned for that planner.
 * A third-party planner is a module whose default export is a Planner or a factory returning one
 * (see loadPlannerModule.ts and bench/examples/my-planner.js).
 */
export interface Planner {
  /** Unique name in reports, e.g. `accord`, `single-best-path`. */
  readonly name: string
  /** One line for the report saying what the planner does. */
  readonly description?: string
  plan(market: Market, intent: Intent): Promise<Plan | undefined> | Plan | undefined
}

/** A factory a planner module may export instead of a planner. */
export type PlannerFactory = () => Planner | Promise<Planner>
