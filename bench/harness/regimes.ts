// The market conditions plans are realised under by the Monte Carlo simulator.
import { DEFAULT_FLOW_TRADERS, type FlowTraders } from '../../src/sim/applyForeignTrades.ts'

export interface SimulationRegime {
  /** Key in reports (`model`, `flow`). */
  readonly name: string
  /** What the regime assumes, for the report. */
  readonly label: string
  readonly volatilityScale: number
  readonly failures: boolean
  readonly flowTraders?: FlowTraders
}

/** Exactly the risk model's assumptions: its latencies, failures and price volatility, no foreign flow. */
export const MODEL_REGIME: SimulationRegime = {
  name: 'model',
  label: "the risk model's own assumptions (latency, step failures, Brownian prices; no other traders)",
  volatilityScale: 1,
  failures: true,
}

/** The model's assumptions plus modest foreign order flow, which the risk model does not price. */
export const FLOW_REGIME: SimulationRegime = {
  name: 'flow',
  label: `as "model", plus other traders: Poisson(${DEFAULT_FLOW_TRADERS.tradesPerBlock}) swaps ahead of each of the plan's swaps, each ${
    DEFAULT_FLOW_TRADERS.sizeShareOfDepth * 1e4
  } bp of pool depth on average (not in the risk model)`,
  volatilityScale: 1,
  failures: true,
  flowTraders: DEFAULT_FLOW_TRADERS,
}

export const DEFAULT_REGIMES: readonly SimulationRegime[] = [MODEL_REGIME, FLOW_REGIME]
