// The batch job queue the HTTP API talks to, with two implementations: in-process (the default, one
// machine: createEmbeddedBatchQueue) and BullMQ on Redis (`--redis`: createRedisBatchQueue, solved by
// `accord worker` processes). Both are bounded per client and keep results for `retainMs`.
import type { BatchIntentInput } from '../../../solver/batch/types.ts'
import type { Market } from '../../../solver/market/types.ts'

export type BatchJobStatus = 'queued' | 'running' | 'done' | 'failed'

/** A job without its results (those are streamed one by one by `results`). */
export interface BatchJobView {
  readonly id: string
  readonly status: BatchJobStatus
  readonly progress: { readonly solved: number; readonly total: number }
  readonly createdAt: string
  readonly marketVersion: string
  readonly error?: { readonly code: string; readonly message: string }
  /** serializeBatchSummary's form, once done. */
  readonly summary?: unknown
}

export interface BatchLimits {
  /** Jobs one client may have queued or running. */
  readonly maxQueuedJobs: number
  /** Intents one client may have in queued or running jobs. */
  readonly maxQueuedIntents: number
}

export interface SubmitBatchParameters {
  readonly market: Market
  readonly intents: readonly BatchIntentInput[]
  /** Client identity (key id or address): limits, idempotency and who may read the job. */
  readonly owner: string
  readonly limits: BatchLimits
  /** `Idempotency-Key` header: the same key from the same owner returns the same job. */
  readonly idempotencyKey?: string
  /** Digest of the request body, to refuse an idempotency key reused for a different batch. */
  readonly fingerprint: string
}

export interface BatchQueue {
  /** Throws QUOTA_EXCEEDED (owner's limits), OVERLOADED (queue full), IDEMPOTENCY_CONFLICT. */
  submit(parameters: SubmitBatchParameters): Promise<{ readonly view: BatchJobView; readonly existing: boolean }>
  /** Undefined for unknown or expired jobs and for jobs of another owner. */
  view(id: string, owner: string): Promise<BatchJobView | undefined>
  /** Each intent's result as JSON text (serializeBatchIntentResult), in input order. */
  results(id: string): AsyncIterable<string>
  /** Resolves when no job is queued or running here (embedded) — for tests and shutdown. */
  idle(): Promise<void>
  close(): Promise<void>
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxQueuedJobs: 4, maxQueuedIntents: 20_000 }
/** How long results stay readable after a job ends (the API documents one hour). */
export const DEFAULT_BATCH_RETAIN_MS = 3_600_000
