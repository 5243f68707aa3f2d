// Split problems shared by the optimiser tests and the cross-backend check, with the grid each
// brute-force reference uses. Reserves are made up but of realistic proportions (a deep and a
// shallow pool of the same pair, a 1 % fee-tier direct route, a capped bridge).
import type { SplitProblem } from '../../../solver/lp/types.ts'
import { constantProductEdge, linearBridgeEdge } from '../../../bench/lp/curves.ts'

export interface SplitCase {
  readonly name: string
  readonly problem: SplitProblem
  readonly fixedCosts: boolean
  /** Grid steps per branching node for bruteForceSplit. */
  readonly gridSteps: number
}

/** Two parallel pools of an 18-decimal asset worth $3,000 against a $1 stable; 300 units in. */
export const twoPools: SplitProblem = {
  source: 'ETH',
  sink: 'USDC',
  amountIn: 300,
  unitValue: new Map([
    ['ETH', 3_000],
    ['USDC', 1],
  ]),
  edges: [
    constantProductEdge({ id: 'deep', from: 'ETH', to: 'USDC', reserveIn: 1_000, reserveOut: 3_000_000, feeBps: 30 }),
    constantProductEdge({ id: 'shallow', from: 'ETH', to: 'USDC', reserveIn: 400, reserveOut: 1_210_000, feeBps: 5 }),
  ],
}

/** A→B via P1 or P2, then B→C through the shared pool P3, plus a direct A→C pool P4. */
export const sharedPool: SplitProblem = {
  source: 'A',
  sink: 'C',
  amountIn: 200_000,
  unitValue: new Map([
    ['A', 1],
    ['B', 1],
    ['C', 2],
  ]),
  edges: [
    constantProductEdge({ id: 'P1', from: 'A', to: 'B', reserveIn: 1_000_000, reserveOut: 1_000_000, feeBps: 30 }),
    constantProductEdge({ id: 'P2', from: 'A', to: 'B', reserveIn: 500_000, reserveOut: 502_000, feeBps: 5 }),
    constantProductEdge({ id: 'P3', from: 'B', to: 'C', reserveIn: 2_000_000, reserveOut: 1_000_000, feeBps: 30 }),
    constantProductEdge({ id: 'P4', from: 'A', to: 'C', reserveIn: 1_000_000, reserveOut: 490_000, feeBps: 100 }),
  ],
}

/** Two intermediate tokens with a link between them: the split at B as well as at A matters. */
export const diamond: SplitProblem = {
  source: 'A',
  sink: 'C',
  amountIn: 50_000,
  unitValue: new Map([
    ['A', 1],
    ['B', 0.5],
    ['D', 4],
    ['C', 1],
  ]),
  edges: [
    constantProductEdge({ id: 'AB', from: 'A', to: 'B', reserveIn: 400_000, reserveOut: 800_000, feeBps: 30 }),
    constantProductEdge({ id: 'AD', from: 'A', to: 'D', reserveIn: 300_000, reserveOut: 75_000, feeBps: 30 }),
    constantProductEdge({ id: 'BD', from: 'B', to: 'D', reserveIn: 600_000, reserveOut: 75_500, feeBps: 5 }),
    constantProductEdge({ id: 'BC', from: 'B', to: 'C', reserveIn: 500_000, reserveOut: 250_000, feeBps: 30 }),
    constantProductEdge({ id: 'DC', from: 'D', to: 'C', reserveIn: 100_000, reserveOut: 400_000, feeBps: 30 }),
  ],
}

/** A bridge with 1,000 units of liquidity beside a 100k/100k pool; 5,000 in, so the cap binds. */
export function cappedBridge(capIn: 'curve' | 'maxOutput'): SplitProblem {
  return {
    source: 'USDC@base',
    sink: 'USDC@arb',
    amountIn: 5_000,
    unitValue: new Map([
      ['USDC@base', 1],
      ['USDC@arb', 1],
    ]),
    edges: [
      linearBridgeEdge({ id: 'bridge', from: 'USDC@base', to: 'USDC@arb', rate: 1, feeBps: 5, cap: 1_000, capIn }),
      constantProductEdge({ id: 'pool', from: 'USDC@base', to: 'USDC@arb', reserveIn: 100_000, reserveOut: 100_000, feeBps: 30 }),
    ],
  }
}

/** Two pools of 1M/1M with a fixed cost of 5 output units each (gas), for `amountIn` in. */
export function fixedCostPools(amountIn: number): SplitProblem {
  return {
    source: 'A',
    sink: 'B',
    amountIn,
    unitValue: new Map([
      ['A', 1],
      ['B', 1],
    ]),
    edges: [
      constantProductEdge({ id: 'cheap', from: 'A', to: 'B', reserveIn: 1_000_000, reserveOut: 1_000_000, feeBps: 5, fixedCost: 5 }),
      constantProductEdge({ id: 'dear', from: 'A', to: 'B', reserveIn: 1_000_000, reserveOut: 1_000_000, feeBps: 30, fixedCost: 5 }),
    ],
  }
}

export const splitCases: readonly SplitCase[] = [
  { name: 'two parallel pools', problem: twoPools, fixedCosts: false, gridSteps: 2_000 },
  { name: 'three paths sharing a pool', problem: sharedPool, fixedCosts: false, gridSteps: 1_000 },
  { name: 'diamond with an inner link', problem: diamond, fixedCosts: false, gridSteps: 400 },
  { name: 'bridge capped in its curve', problem: cappedBridge('curve'), fixedCosts: false, gridSteps: 2_000 },
  { name: 'bridge capped by maxOutput', problem: cappedBridge('maxOutput'), fixedCosts: false, gridSteps: 2_000 },
  { name: 'fixed costs, tiny trade', problem: fixedCostPools(3_000), fixedCosts: true, gridSteps: 2_000 },
  { name: 'fixed costs, big trade', problem: fixedCostPools(200_000), fixedCosts: true, gridSteps: 2_000 },
]
