// GET /v1/batches/:id as a stream: the job's fields, then its results one JSON object at a time, so a
// 10,000-intent result (≈20 MB) is never built as one string and the event loop is never held by it.
import { Readable } from 'node:stream'
import type { BatchJobView, BatchQueue } from './batchQueue.ts'

export function streamBatchJob(queue: BatchQueue, view: BatchJobView): Readable {
  async function* chunks() {
    const head = JSON.stringify(view)
    if (view.status !== 'done') {
      yield head
      return
    }
    yield `${head.slice(0, -1)},"results":[`
    let first = true
    let buffered = ''
    for await (const result of queue.results(view.id)) {
      buffered += first ? result : `,${result}`
      first = false
      // Chunks of ~64 KiB: few writes, bounded memory.
      if (buffered.length >= 65_536) {
        yield buffered
        buffered = ''
      }
    }
    yield `${buffered}]}`
  }
  return Readable.from(chunks(), { objectMode: false })
}
