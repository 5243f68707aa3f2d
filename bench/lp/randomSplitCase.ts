// Seeded random split problems for the optimiser's property tests and the benchmark.
import type { SplitEdge, SplitProblem } from '../../solver/lp/types.ts'
import { constantProductEdge, linearBridgeEdge } from './curves.ts'

/** Brute-force evaluations allowed per case; the grid is coarsened to fit. */
const BUDGET = 150_000

/** Mulberry32 (Tommy Ettinger's public-domain 32-bit PRNG): deterministic test data. */
export function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

export interface RandomSplitCase {
  readonly problem: SplitProblem
  readonly fixedCosts: boolean
  readonly gridSteps: number
}

function binomial(n: number, k: number): number {
  let result = 1
  for (let i = 1; i <= k; i += 1) result = (result * (n - k + i)) / i
  return result
}

/** Source S, sink T, inner nodes M1, M2 with true prices; edges between ordered pairs, 0–2 per pair. */
export function randomSplitCase(seed: number): RandomSplitCase {
  const random = prng(seed)
  const nodes = ['S', 'M1', 'M2', 'T']
  const price = new Map(nodes.map((node) => [node, 10 ** (random() * 6 - 2)]))
  const amountIn = (10 ** (random() * 3 + 3)) / (price.get('S') as number) // $1k–$1M
  const fixedCosts = random() < 0.4
  const edges: SplitEdge[] = []
  for (let i = 0; i < nodes.length; i += 1) {
    for (let j = i + 1; j < nodes.length; j += 1) {
      const from = nodes[i] as string
      const to = nodes[j] as string
      const count = i === 0 && j === 3 ? 1 + Math.floor(random() * 2) : Math.floor(random() * 3)
      for (let k = 0; k < count; k += 1) {
        const id = `${from}>${to}#${k}`
        // Depth in USD from 1/10 to 100× the trade; rate near the true price ratio.
        const depthUsd = 10 ** (random() * 3 - 1) * amountIn * (price.get('S') as number)
        const rate = ((price.get(from) as number) / (price.get(to) as number)) * (0.97 + random() * 0.04)
        const fixedCost = fixedCosts ? (random() * 2e-3 * amountIn * (price.get('S') as number)) / (price.get('T') as number) : 0
        if (random() < 0.2) {
          const cap = (random() * amountIn * (price.get('S') as number)) / (price.get(to) as number)
          edges.push(linearBridgeEdge({ id, from, to, rate, feeBps: 5, cap, fixedCost }))
        } else {
          const reserveIn = depthUsd / (price.get(from) as number)
          edges.push(constantProductEdge({ id, from, to, reserveIn, reserveOut: reserveIn * rate, feeBps: [1, 5, 30, 100][k % 4] as number, fixedCost }))
        }
      }
    }
  }
  // Unit values: off by up to 30× either way, and sometimes missing.
  const unitValue = new Map<string, number>()
  for (const node of nodes) if (random() < 0.8) unitValue.set(node, (price.get(node) as number) * 30 ** (random() * 2 - 1))
  // Coarsen the grid until the brute force fits the budget (outgoing edge counts per branching node).
  const outDegrees = nodes.map((node) => edges.filter((edge) => edge.from === node).length).filter((degree) => degree > 1)
  let gridSteps = 200
  while (gridSteps > 10 && outDegrees.reduce((product, degree) => product * binomial(gridSteps + degree - 1, degree - 1), 1) > BUDGET) gridSteps -= 10
  return { problem: { edges, source: 'S', sink: 'T', amountIn, unitValue }, fixedCosts, gridSteps }
}

