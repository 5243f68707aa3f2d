// Runs a batch on worker threads: one worker prepares (resolve, net, partition), then components are
// solved in parallel, largest first, on a pool of workers; the main thread only merges. Results are
// the same as solver/batch/solveBatch.ts with the same backend (components are independent).
import { RUNS_FROM_SOURCE, siblingModule } from '../config/packagePaths.ts'
import { DEFAULT_BATCH_LP_BACKEND } from '../config/lpBackend.ts'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { AssertionFailedError, BaseError } from '../../solver/errors.ts'
import { WorkerFailedError } from '../errors/operationalErrors.ts'
import type { BatchComponent, PrepareBatchOptions, PrepareBatchReturnType } from '../../solver/batch/prepareBatch.ts'
import type { SolveBatchComponentReturnType } from '../../solver/batch/solveBatchComponent.ts'
import { summariseBatch } from '../../solver/batch/summariseBatch.ts'
import type { BatchIntentInput, SolveBatchReturnType } from '../../solver/batch/types.ts'
import type { Market } from '../../solver/market/types.ts'
import type { BatchBackendName, BatchWorkerRequest, BatchWorkerResponse } from './batchWorker.ts'

export interface SolveBatchInWorkersOptions extends PrepareBatchOptions {
  /** Worker threads (default: available parallelism, at most 2 — the target machine has 2 cores). */
  readonly workers?: number
  /** LP backend each worker loads (default HiGHS: javascript-lp-solver's dense tableau fails on batch-sized LPs). */
  readonly backend?: BatchBackendName
  /** Also quote each intent alone and realise the quotes in sequence, for the summary (default true). */
  readonly compareIndependent?: boolean
  /** Intents settled so far (invalid ones at once, then per component) out of the total. */
  readonly onProgress?: (solved: number, total: number) => void
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never
type Pending = { resolve: (response: BatchWorkerResponse) => void }

/** A worker that answers requests by id; from source, batchWorkerEntry.mjs registers tsx there to load TypeScript. */
function startWorker(): { call: (request: WithoutId<BatchWorkerRequest>) => Promise<BatchWorkerResponse>; stop: () => Promise<number> } {
  const worker = new Worker(RUNS_FROM_SOURCE ? new URL('./batchWorkerEntry.mjs', import.meta.url) : siblingModule('./batchWorker', import.meta.url))
  const pending = new Map<number, Pending>()
  let next = 0
  let failure: Error | undefined
  const failAll = (error: Error) => {
    failure = error
    for (const { resolve } of pending.values()) resolve({ id: -1, kind: 'failed', error: { code: 'WORKER_FAILED', message: error.message } })
    pending.clear()
  }
  worker.on('message', (response: BatchWorkerResponse) => {
    pending.get(response.id)?.resolve(response)
    pending.delete(response.id)
  })
  worker.on('error', failAll)
  worker.on('exit', (code) => {
    if (pending.size > 0) failAll(new Error(`Batch worker exited with code ${code}.`))
  })
  return {
    call(request) {
      if (failure) return Promise.resolve({ id: -1, kind: 'failed', error: { code: 'WORKER_FAILED', message: failure.message } })
      const id = next++
      return new Promise((resolve) => {
        pending.set(id, { resolve })
        worker.postMessage({ ...request, id })
      })
    },
    stop: () => worker.terminate(),
  }
}

function unwrap<K extends BatchWorkerResponse['kind']>(response: BatchWorkerResponse, kind: K): Extract<BatchWorkerResponse, { kind: K }> {
  if (response.kind === 'failed') {
    if (response.error.code === 'WORKER_FAILED') throw new WorkerFailedError(response.error.message)
    throw new BaseError(response.error.code === 'INTERNAL' ? 'INTERNAL' : 'SOLVER_FAILED', response.error.message)
  }
  if (response.kind !== kind) throw new AssertionFailedError(`Batch worker answered ${response.kind}, expected ${kind}.`)
  return response as Extract<BatchWorkerResponse, { kind: K }>
}

/**
 * Solves a batch with components in worker threads. Rejects with SOLVER_FAILED / INTERNAL when a
 * worker fails; invalid intents are results, not rejections.
 */
export async function solveBatchInWorkers(market: Market, inputs: readonly BatchIntentInput[], options: SolveBatchInWorkersOptions = {}): Promise<SolveBatchReturnType> {
  const count = Math.max(1, options.workers ?? Math.min(2, availableParallelism()))
  const backend = options.backend ?? DEFAULT_BATCH_LP_BACKEND
  const compareIndependent = options.compareIndependent ?? true
  const pool = Array.from({ length: count }, () => startWorker())
  try {
    const prepareOptions: PrepareBatchOptions = options.netting === undefined ? {} : { netting: options.netting }
    const prepared: PrepareBatchReturnType = unwrap(await (pool[0] as ReturnType<typeof startWorker>).call({ kind: 'prepare', market, inputs, options: prepareOptions }), 'prepared').prepared
    let done = prepared.early.length
    options.onProgress?.(done, inputs.length)
    // Tasks: each component's joint solve and (separately, so it runs beside it) its baseline;
    // largest first onto whichever worker is free, so the longest jobs start earliest.
    const queue: Array<{ component: BatchComponent; kind: 'solve' | 'baseline' }> = [...prepared.components]
      .sort((a, b) => b.intents.length - a.intents.length || a.index - b.index)
      .flatMap((component) => [{ component, kind: 'solve' as const }, ...(compareIndependent ? [{ component, kind: 'baseline' as const }] : [])])
    const solved = new Map<number, SolveBatchComponentReturnType>()
    const baselines = new Map<number, { independentDeliveredUsd: number; independentQuotedUsd: number }>()
    await Promise.all(
      pool.map(async (worker) => {
        for (let task = queue.shift(); task; task = queue.shift()) {
          const { component, kind } = task
          if (kind === 'baseline') {
            baselines.set(component.index, unwrap(await worker.call({ kind: 'baseline', market, component, backend }), 'baseline').baseline)
            continue
          }
          solved.set(component.index, unwrap(await worker.call({ kind: 'solve', market, component, backend }), 'solved').solved)
          done += component.intents.length
          options.onProgress?.(done, inputs.length)
        }
      }),
    )
    const merged = [...solved.values()]
      .sort((a, b) => a.component - b.component)
      .map((result) => ({ ...result, ...(baselines.get(result.component) ?? { independentDeliveredUsd: 0, independentQuotedUsd: 0 }) }))
    return summariseBatch(market.version, inputs, prepared, merged)
  } finally {
    await Promise.all(pool.map((worker) => worker.stop()))
  }
}
