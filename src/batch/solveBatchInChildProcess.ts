// Solves a batch in a child process of its own, which exits when the batch is done: a 10,000-intent
// joint LP needs ~440 MB on top of the runtime (HiGHS's WebAssembly memory never shrinks), and the
// service keeps none of it — only each intent's result as JSON text (~2.4 KB each) and the summary.
// The child solves on worker threads exactly as solveBatchInWorkers does in-process.
import { RUNS_FROM_SOURCE, siblingModule } from '../config/packagePaths.ts'
import { fork } from 'node:child_process'
import type { BatchIntentInput } from '../../solver/batch/types.ts'
import type { Market } from '../../solver/market/types.ts'
import { WorkerFailedError } from '../errors/operationalErrors.ts'
import { BaseError } from '../../solver/errors.ts'
import type { BatchProcessMessage, BatchProcessRequest } from './batchProcess.ts'

export interface SolvedBatchTexts {
  /** serializeBatchIntentResult of each intent, as JSON text, in input order. */
  readonly results: readonly string[]
  /** serializeBatchSummary's form. */
  readonly summary: unknown
}

export interface SolveBatchInChildProcessOptions {
  readonly onProgress?: (solved: number, total: number) => void
  /** Called with the child's pid once it runs (benchmarks read its memory). */
  readonly onStart?: (pid: number) => void
}

/** Rejects with SOLVER_FAILED/INTERNAL (the child's error) or WORKER_FAILED (the child died). */
export function solveBatchInChildProcess(market: Market, inputs: readonly BatchIntentInput[], options: SolveBatchInChildProcessOptions = {}): Promise<SolvedBatchTexts> {
  // `advanced` serialisation (structured clone) carries the market's bigints as they are.
  const child = fork(RUNS_FROM_SOURCE ? new URL('./batchProcessEntry.mjs', import.meta.url) : siblingModule('./batchProcess', import.meta.url), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  if (child.pid !== undefined) options.onStart?.(child.pid)
  const results: string[] = []
  return new Promise<SolvedBatchTexts>((resolve, reject) => {
    let settled = false
    const settle = (outcome: () => void) => {
      if (settled) return
      settled = true
      outcome()
    }
    child.on('message', (message: BatchProcessMessage) => {
      if (message.kind === 'progress') options.onProgress?.(message.solved, message.total)
      else if (message.kind === 'results') results.push(...message.texts)
      else if (message.kind === 'done') settle(() => resolve({ results, summary: message.summary }))
      else settle(() => reject(new BaseError(message.error.code === 'INTERNAL' ? 'INTERNAL' : 'SOLVER_FAILED', message.error.message)))
    })
    child.once('error', (error) => settle(() => reject(new WorkerFailedError(`The batch process failed: ${error.message}`))))
    child.once('exit', (code, signal) => settle(() => reject(new WorkerFailedError(`The batch process exited (${signal ?? code}) before its result.`))))
    const request: BatchProcessRequest = { market, inputs }
    child.send(request)
  })
}
