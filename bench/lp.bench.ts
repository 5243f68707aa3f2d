// Split-optimiser micro-benchmark: solveSplit time per LP backend on a 6-edge and a 40-edge DAG,
// with and without fixed costs. Prints p50/p99; asserts nothing about time. Each backend's answer is
// checked before timing (as YALPS's benchmark does): one that is not optimal, or is off the best
// proven optimum by more than the tolerance, is marked, so a fast wrong runner shows.
// Run: node --import tsx bench/lp.bench.ts [runs]
import { performance } from 'node:perf_hooks'
import { createHighsBackend } from '../solver/lp/backends/highsBackend.ts'
import { createJsLpSolverBackend } from '../solver/lp/backends/jsLpSolverBackend.ts'
import { solveSplit } from '../solver/lp/solveSplit.ts'
import type { LinearProgram, LpBackend, SplitEdge, SplitProblem } from '../solver/lp/types.ts'
import { constantProductEdge, linearBridgeEdge } from './lp/curves.ts'
import { prng } from './lp/randomSplitCase.ts'

const RUNS = Number(process.argv[2] ?? 40)
const WARM_UPS = 3
/** Stop timing a runner after this long (at least 3 runs), so a slow one does not stall the bench. */
const BUDGET_MS = 15_000
const TOLERANCE = 1e-5

/** USDC→WETH through two WETH/USDC pools, a USDT hop, and a bridge to a second chain and back. */
function sixEdgeProblem(): SplitProblem {
  return {
    source: 'USDC',
    sink: 'WETH',
    amountIn: 2_000_000,
    unitValue: new Map([
      ['USDC', 1],
      ['USDT', 1],
      ['USDC@l2', 1],
      ['WETH', 3_000],
    ]),
    edges: [
      constantProductEdge({ id: 'v2', from: 'USDC', to: 'WETH', reserveIn: 30_000_000, reserveOut: 10_000, feeBps: 30, fixedCost: 0.002 }),
      constantProductEdge({ id: 'v2-5bp', from: 'USDC', to: 'WETH', reserveIn: 12_000_000, reserveOut: 4_001, feeBps: 5, fixedCost: 0.002 }),
      constantProductEdge({ id: 'usdt', from: 'USDC', to: 'USDT', reserveIn: 50_000_000, reserveOut: 50_000_000, feeBps: 1, fixedCost: 0.002 }),
      constantProductEdge({ id: 'usdt-weth', from: 'USDT', to: 'WETH', reserveIn: 20_000_000, reserveOut: 6_680, feeBps: 30, fixedCost: 0.002 }),
      linearBridgeEdge({ id: 'bridge', from: 'USDC', to: 'USDC@l2', rate: 1, feeBps: 4, cap: 800_000, fixedCost: 0.001 }),
      constantProductEdge({ id: 'l2-weth', from: 'USDC@l2', to: 'WETH', reserveIn: 9_000_000, reserveOut: 3_005, feeBps: 5, fixedCost: 0.0001 }),
    ],
  }
}

/** A layered DAG: S → 4 tokens → 4 tokens → T, 2 pools per S/T leg, 16 inner links, 8 shortcuts. */
function fortyEdgeProblem(): SplitProblem {
  const random = prng(40)
  const price = (node: string) => (node === 'S' || node === 'T' ? 1 : 0.5 + random() * 4)
  const prices = new Map<string, number>([['S', 1], ['T', 1]])
  const layer1 = ['B1', 'B2', 'B3', 'B4']
  const layer2 = ['C1', 'C2', 'C3', 'C4']
  for (const node of [...layer1, ...layer2]) prices.set(node, price(node))
  const edges: SplitEdge[] = []
  const pool = (from: string, to: string, k: number, depthUsd: number) => {
    const reserveIn = depthUsd / (prices.get(from) as number)
    const rate = ((prices.get(from) as number) / (prices.get(to) as number)) * (0.985 + random() * 0.02)
    edges.push(
      constantProductEdge({ id: `${from}>${to}#${k}`, from, to, reserveIn, reserveOut: reserveIn * rate, feeBps: [5, 30][k % 2] as number, fixedCost: 0.5 }),
    )
  }
  for (const b of layer1) for (const k of [0, 1]) pool('S', b, k, 2e6 + random() * 8e6)
  for (const b of layer1) for (const c of layer2) pool(b, c, 0, 1e6 + random() * 9e6)
  for (const c of layer2) for (const k of [0, 1]) pool(c, 'T', k, 2e6 + random() * 8e6)
  for (const b of layer1) for (const k of [0, 1]) pool(b, 'T', k, 5e5 + random() * 2e6)
  return { source: 'S', sink: 'T', amountIn: 1_000_000, unitValue: prices, edges }
}

/** Counts LP solves and their sizes and times around a backend. */
function instrument(backend: LpBackend) {
  const lpTimes: number[] = []
  let rows = 0
  const wrapped: LpBackend = {
    name: backend.name,
    solve(program: LinearProgram) {
      const start = performance.now()
      const solution = backend.solve(program)
      lpTimes.push(performance.now() - start)
      rows = Math.max(rows, program.constraints.length)
      return solution
    },
  }
  return { wrapped, lpTimes, maxRows: () => rows }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number
}

const backends = [createJsLpSolverBackend(), await createHighsBackend()]
const problems: Array<[string, SplitProblem]> = [
  ['6 edges', sixEdgeProblem()],
  ['40 edges', fortyEdgeProblem()],
]

console.log(`solveSplit, tolerance ${TOLERANCE}; up to ${RUNS} timed runs (at most ${BUDGET_MS / 1000} s) after ${WARM_UPS} warm-ups; times in ms`)
console.log('problem   fixed  backend          p50      p99      min  runs  iters  LP p50  rows  status          objective')
for (const [name, problem] of problems) {
  for (const fixedCosts of [false, true]) {
    // Check every runner's answer before timing it: the best objective any backend proved optimal
    // is the reference; a runner off by more than the tolerance is flagged, not hidden.
    const answers = backends.map((backend) => solveSplit(problem, { backend, tolerance: TOLERANCE, fixedCosts }))
    const reference = Math.max(...answers.filter((answer) => answer.status === 'optimal').map((answer) => answer.objective))
    backends.forEach((backend, b) => {
      const answer = answers[b] as (typeof answers)[number]
      const agrees = Number.isFinite(reference) && Math.abs(answer.objective - reference) <= TOLERANCE * Math.abs(reference)
      const { wrapped, lpTimes, maxRows } = instrument(backend)
      for (let i = 1; i < WARM_UPS; i += 1) solveSplit(problem, { backend, tolerance: TOLERANCE, fixedCosts })
      const times: number[] = []
      const started = performance.now()
      while (times.length < RUNS && (times.length < 3 || performance.now() - started < BUDGET_MS)) {
        const start = performance.now()
        solveSplit(problem, { backend: wrapped, tolerance: TOLERANCE, fixedCosts })
        times.push(performance.now() - start)
      }
      times.sort((x, y) => x - y)
      lpTimes.sort((x, y) => x - y)
      console.log(
        [
          name.padEnd(9),
          String(fixedCosts).padEnd(6),
          backend.name.padEnd(12),
          percentile(times, 0.5).toFixed(1).padStart(8),
          percentile(times, 0.99).toFixed(1).padStart(8),
          (times[0] as number).toFixed(1).padStart(8),
          String(times.length).padStart(5),
          String(answer.iterations).padStart(6),
          percentile(lpTimes, 0.5).toFixed(2).padStart(7),
          String(maxRows()).padStart(5),
          ` ${(answer.status + (agrees ? '' : ' (off)')).padEnd(15)}`,
          answer.objective.toPrecision(10),
        ].join(' '),
      )
    })
  }
}
