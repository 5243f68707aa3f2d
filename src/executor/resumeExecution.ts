// Continues an execution from its journal after the executor stopped or was killed: transactions
// the journal left open are settled from the chain (never sent anew), then the loop goes on.
import type { ExecutorListeners, ExecutorSettings } from './executorRuntime.ts'
import { createExecutorRuntime } from './executorRuntime.ts'
import type { ExecuteIntentReturnType, ExecutionEnvironment } from './executeIntent.ts'
import { DEFAULT_JOURNAL_DIR, openJournal } from './journal.ts'
import { toExecutionError } from './executorErrors.ts'
import { runExecution } from './runExecution.ts'

export interface ResumeExecutionParameters extends ExecutionEnvironment, ExecutorListeners {
  readonly id: string
  /** Polling, receipt time-out and retries; the execution's own options come from its journal. */
  readonly settings?: Partial<ExecutorSettings>
}

/**
 * Resumes execution `id`: takes its journal's lease (refused while another live process holds it),
 * folds the records, takes back what reorgs took back, reconciles open transactions
 * (reconcileTransaction) and runs the loop to the outcome. An execution that stopped, or finished
 * short with funds still to move, continues from where the funds are while its deadline allows; a
 * reached one returns its outcome unchanged. Errors name the execution (ExecutionError).
 *
 * @example
 * const { outcome } = await resumeExecution({ id: 'ex-20250101-120000-1a2b3c4d', market, targets, account })
 */
export async function resumeExecution(parameters: ResumeExecutionParameters): Promise<ExecuteIntentReturnType> {
  const journal = await openJournal({ dir: parameters.journalDir ?? DEFAULT_JOURNAL_DIR, id: parameters.id }).catch((error: unknown) => {
    throw toExecutionError(parameters.id, error)
  })
  try {
    const runtime = createExecutorRuntime({
      journal,
      account: parameters.account,
      targets: parameters.targets,
      ...(parameters.settings ? { settings: parameters.settings } : {}),
      ...(parameters.onRecord ? { onRecord: parameters.onRecord } : {}),
      ...(parameters.afterRecord ? { afterRecord: parameters.afterRecord } : {}),
    })
    const outcome = await runExecution(runtime, {
      market: parameters.market,
      targets: parameters.targets,
      ...(parameters.backend ? { backend: parameters.backend } : {}),
      continueStopped: true,
    })
    return { id: parameters.id, journalPath: journal.path, outcome }
  } catch (error) {
    throw toExecutionError(parameters.id, error)
  } finally {
    await journal.close()
  }
}
