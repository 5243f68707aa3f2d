// Batch jobs in the world: worker threads, an in-memory job store, JSON output, synthetic batches.
export { solveBatchInWorkers, type SolveBatchInWorkersOptions } from './solveBatchInWorkers.ts'
export { createBatchJobStore, type BatchJob, type BatchJobStore, type BatchSolver } from './batchJobs.ts'
export { serializeBatchResult, serializeBatchIntentResult, serializeBatchSummary } from './serializeBatchResult.ts'
export { generateBatchIntents } from './generateBatchIntents.ts'
