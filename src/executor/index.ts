// Public face of the executor: runs a plan on the chains step by step, journals every side effect,
// re-solves from the current holdings when the market or a bridge lets the plan down, resumes after a
// crash without sending anything twice, and reports a verdict.
export { executeIntent, storedOptions, type ExecuteIntentOptions, type ExecuteIntentParameters, type ExecuteIntentReturnType, type ExecutionEnvironment } from './executeIntent.ts'
export { resumeExecution, type ResumeExecutionParameters } from './resumeExecution.ts'
export { runExecution, transactionWindowSeconds, ADOPT_MARGIN, MIN_TX_WINDOW_SECONDS, type RunExecutionContext } from './runExecution.ts'
export {
  createExecutionManager,
  type CreateExecutionManagerParameters,
  type ExecutionListener,
  type ExecutionManager,
  type ExecutionPhase,
  type ExecutionStatus,
  type StartExecutionRequest,
} from './executionManager.ts'
export {
  createExecutionId,
  createJournal,
  decodeJournalRecord,
  encodeJournalRecord,
  journalPath,
  openJournal,
  parseJournal,
  readJournal,
  DEFAULT_JOURNAL_DIR,
  type Journal,
  type JournalRecord,
  type JournalRecordInput,
  type JournalRecordType,
  type LegPlan,
  type ResolveTrigger,
  type StoredExecutionOptions,
  type TransactionPurpose,
} from './journal.ts'
export {
  applyRecord,
  findLeg,
  findStep,
  foldJournal,
  isStepDone,
  mainTransaction,
  targetAsset,
  unsettledTransactions,
  type ExecutionState,
  type LegState,
  type StepState,
  type StepStatus,
  type TransactionState,
  type TransactionStatus,
} from './foldJournal.ts'
export { buildOutcome, stepFeeRaw, type ExecutionOutcome, type OutcomeAmount, type OutcomeAsset, type OutcomeHolding, type OutcomeLedgerEntry, type OutcomeStep, type OutcomeVerdict } from './outcome.ts'
export { renderOutcome, describeRecord } from './renderOutcome.ts'
export { evaluateRemainingLeg, type EvaluateRemainingLegParameters, type EvaluateRemainingLegReturnType, type RemainingStepPrediction } from './evaluateRemainingLeg.ts'
export { resolveHoldings, type ResolveHoldingsParameters, type ResolveHoldingsReturnType } from './resolveHoldings.ts'
export { allocateStepInput, stepGuardRaw } from './stepAmounts.ts'
export { sendStep, type SendStepParameters, type SendStepReturnType } from './sendStep.ts'
export { watchBridge, type WatchBridgeParameters, type WatchBridgeReturnType } from './watchBridge.ts'
export { reconcileTransaction, type ReconcileTransactionReturnType } from './reconcileTransaction.ts'
export { createExecutionClients, devnetExecutionTargets, type ExecutionChain, type ExecutionClients, type ExecutionTargets } from './executionTargets.ts'
export { createExecutorRuntime, clientsFor, DEFAULT_EXECUTOR_SETTINGS, type ExecutorListeners, type ExecutorRuntime, type ExecutorSettings } from './executorRuntime.ts'
export { withRetry, isTransportError, type RetryOptions } from './withRetry.ts'
