// Worker-thread entry for batch solves: prepares batches and solves components off the main thread
// (HiGHS blocks the thread it runs on). Messages: BatchWorkerRequest in, BatchWorkerResponse out.
import { parentPort } from 'node:worker_threads'
import { prepareBatch, type BatchComponent, type PrepareBatchOptions, type PrepareBatchReturnType } from '../../solver/batch/prepareBatch.ts'
import { realiseIndependentQuotes, solveBatchComponent, type SolveBatchComponentReturnType } from '../../solver/batch/solveBatchComponent.ts'
import type { BatchIntentInput } from '../../solver/batch/types.ts'
import { createHighsBackend } from '../../solver/lp/backends/highsBackend.ts'
import { createJsLpSolverBackend } from '../../solver/lp/backends/jsLpSolverBackend.ts'
import type { LpBackend } from '../../solver/lp/types.ts'
import type { Market } from '../../solver/market/types.ts'

export type BatchBackendName = 'highs' | 'js-lp-solver'

export type BatchWorkerRequest =
  | { readonly id: number; readonly kind: 'prepare'; readonly market: Market; readonly inputs: readonly BatchIntentInput[]; readonly options: PrepareBatchOptions }
  | {
      readonly id: number
      readonly kind: 'solve'
      readonly market: Market
      readonly component: BatchComponent
      readonly backend: BatchBackendName
    }
  | { readonly id: number; readonly kind: 'baseline'; readonly market: Market; readonly component: BatchComponent; readonly backend: BatchBackendName }

export type BatchWorkerResponse =
  | { readonly id: number; readonly kind: 'prepared'; readonly prepared: PrepareBatchReturnType }
  | { readonly id: number; readonly kind: 'solved'; readonly solved: SolveBatchComponentReturnType }
  | { readonly id: number; readonly kind: 'baseline'; readonly baseline: { readonly independentDeliveredUsd: number; readonly independentQuotedUsd: number } }
  | { readonly id: number; readonly kind: 'failed'; readonly error: { readonly code: string; readonly message: string } }

const backends = new Map<BatchBackendName, Promise<LpBackend>>()
function backendNamed(name: BatchBackendName): Promise<LpBackend> {
  let backend = backends.get(name)
  if (!backend) {
    backend = name === 'highs' ? createHighsBackend() : Promise.resolve(createJsLpSolverBackend())
    backends.set(name, backend)
  }
  return backend
}

async function handle(request: BatchWorkerRequest): Promise<BatchWorkerResponse> {
  try {
    if (request.kind === 'prepare') return { id: request.id, kind: 'prepared', prepared: prepareBatch(request.market, request.inputs, request.options) }
    const backend = await backendNamed(request.backend)
    if (request.kind === 'baseline') return { id: request.id, kind: 'baseline', baseline: realiseIndependentQuotes(request.market, request.component, { backend }) }
    const solved = solveBatchComponent(request.market, request.component, { backend, compareIndependent: false })
    return { id: request.id, kind: 'solved', solved }
  } catch (error) {
    const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'INTERNAL'
    return { id: request.id, kind: 'failed', error: { code, message: error instanceof Error ? error.message : String(error) } }
  }
}

parentPort?.on('message', (request: BatchWorkerRequest) => {
  void handle(request).then((response) => parentPort?.postMessage(response))
})
