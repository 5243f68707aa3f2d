// The child process of solveBatchInChildProcess: receives one batch, solves it on worker threads
// (solveBatchInWorkers), reports progress, sends each intent's result as JSON text in chunks and the
// summary last, then exits — so every byte the solve needed goes back to the operating system.
import type { BatchIntentInput } from '../../solver/batch/types.ts'
import type { Market } from '../../solver/market/types.ts'
import { serializeBatchIntentResult, serializeBatchSummary } from './serializeBatchResult.ts'
import { solveBatchInWorkers } from './solveBatchInWorkers.ts'

export type BatchProcessRequest = { readonly market: Market; readonly inputs: readonly BatchIntentInput[] }

export type BatchProcessMessage =
  | { readonly kind: 'progress'; readonly solved: number; readonly total: number }
  | { readonly kind: 'results'; readonly texts: readonly string[] }
  | { readonly kind: 'done'; readonly summary: unknown }
  | { readonly kind: 'failed'; readonly error: { readonly code: string; readonly message: string } }

/** Results per IPC message: about 1 MB of JSON. */
const CHUNK = 500

const send = (message: BatchProcessMessage) =>
  new Promise<void>((resolve, reject) => process.send?.(message, undefined, {}, (error) => (error ? reject(error) : resolve())))

// Orphaned (the service died): stop rather than solve for nobody.
process.once('disconnect', () => process.exit(1))

process.once('message', (request: BatchProcessRequest) => {
  void (async () => {
    try {
      const result = await solveBatchInWorkers(request.market, request.inputs, { onProgress: (solved, total) => void send({ kind: 'progress', solved, total }) })
      for (let start = 0; start < result.results.length; start += CHUNK)
        await send({ kind: 'results', texts: result.results.slice(start, start + CHUNK).map((item) => JSON.stringify(serializeBatchIntentResult(request.market, item))) })
      await send({ kind: 'done', summary: serializeBatchSummary(result.summary) })
    } catch (error) {
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'INTERNAL'
      await send({ kind: 'failed', error: { code, message: error instanceof Error ? error.message.split('\n')[0]! : String(error) } })
    }
    process.exit(0)
  })()
})
