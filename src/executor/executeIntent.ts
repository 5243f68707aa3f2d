// Executes an intent: creates its journal, records the intent, plans it (or takes the plan given)
// and runs it to its outcome on the chains, re-solving from the current holdings when a trigger
// fires (runExecution).
import type { LpBackend } from '../../solver/lp/types.ts'
import type { Intent } from '../../solver/model/intent.ts'
import type { Plan } from '../../solver/model/plan.ts'
import { createExecutorRuntime, type ExecutorListeners, type ExecutorSettings } from './executorRuntime.ts'
import type { ChainEnvironment } from './chainEnvironment.ts'
import { createExecutionId, createJournal, DEFAULT_JOURNAL_DIR, type StoredExecutionOptions } from './journal.ts'
import type { ExecutionOutcome } from './executionOutcome.ts'
import { toExecutionError } from './executorErrors.ts'
import { runExecution } from './runExecution.ts'

export interface ExecuteIntentOptions {
  /** Re-solve on triggers (default true); false gives the baseline that stops instead. */
  readonly resolve?: boolean
  /** Re-solve when the remaining plan's outcome probability falls below this (default 0.9). */
  readonly minProbability?: number
  /** Most re-solves adopted per execution (default 3). */
  readonly maxResolves?: number
  /**
   * Longest fill window given to a deposit, seconds (default: the schedule's step deadline). Shorter
   * windows get an unfilled deposit refunded sooner, at the price of refunding slow fills.
   */
  readonly fillDeadlineCapSeconds?: number
  /** How long past a fill deadline to wait for the relayer's refund before reporting the funds in escrow (default 30). */
  readonly refundGraceSeconds?: number
  /** Most of the source token the execution may spend, raw units (default: the intent's amount); checked against the chain before every send. */
  readonly spendLimitRaw?: bigint
  /** Polling, receipt time-out and transport retries. */
  readonly settings?: Partial<ExecutorSettings>
}

export interface ExecutionEnvironment extends ChainEnvironment {
  /** LP backend for planning and re-solving (default: the planner's). */
  readonly backend?: LpBackend
  /** Where journals are written (default .accord/executions). */
  readonly journalDir?: string
}

export interface ExecuteIntentParameters extends ExecutionEnvironment, ExecutorListeners {
  readonly intent: Intent
  /** The plan to execute; quoted on the freshly read market when absent. */
  readonly plan?: Plan
  /** Execution id (default createExecutionId()). */
  readonly id?: string
  readonly options?: ExecuteIntentOptions
}

export interface ExecuteIntentReturnType {
  readonly id: string
  readonly journalPath: string
  readonly outcome: ExecutionOutcome
}

export function storedOptions(options: ExecuteIntentOptions = {}): StoredExecutionOptions {
  return {
    resolve: options.resolve ?? true,
    minProbability: options.minProbability ?? 0.9,
    maxResolves: options.maxResolves ?? 3,
    ...(options.fillDeadlineCapSeconds === undefined ? {} : { fillDeadlineCapSeconds: options.fillDeadlineCapSeconds }),
    refundGraceSeconds: options.refundGraceSeconds ?? 30,
    ...(options.spendLimitRaw === undefined ? {} : { spendLimitRaw: options.spendLimitRaw }),
  }
}

/**
 * Runs `intent` to its outcome. The journal `<journalDir>/<id>.jsonl` records every step before and
 * after each side effect; if this process dies, resumeExecution continues it. Input errors
 * (unknown tokens) throw Accord errors; RPC failures that outlast the retries throw, leaving the
 * journal resumable. "Not reached" is a value: `outcome.reached` is false with the reason and where
 * the funds are.
 *
 * @example
 * const { outcome } = await executeIntent({ intent, market, targets: devnetExecutionTargets(info), account: devnetAccount('user') })
 * console.log(outcome.summary)
 */
export async function executeIntent(parameters: ExecuteIntentParameters): Promise<ExecuteIntentReturnType> {
  const id = parameters.id ?? createExecutionId()
  const journal = await createJournal({ dir: parameters.journalDir ?? DEFAULT_JOURNAL_DIR, id }).catch((error: unknown) => {
    throw toExecutionError(id, error)
  })
  try {
    const intentRecord = await journal.append({
      type: 'intent',
      executionId: id,
      account: parameters.account.address,
      intent: parameters.intent,
      options: storedOptions(parameters.options),
    })
    const runtime = createExecutorRuntime({
      journal,
      account: parameters.account,
      targets: parameters.targets,
      ...(parameters.options?.settings ? { settings: parameters.options.settings } : {}),
      ...(parameters.onRecord ? { onRecord: parameters.onRecord } : {}),
      ...(parameters.afterRecord ? { afterRecord: parameters.afterRecord } : {}),
    })
    parameters.onRecord?.(intentRecord, runtime.state)
    await parameters.afterRecord?.(intentRecord)
    const outcome = await runExecution(runtime, {
      market: parameters.market,
      targets: parameters.targets,
      ...(parameters.backend ? { backend: parameters.backend } : {}),
      ...(parameters.plan ? { initialPlan: parameters.plan } : {}),
    })
    return { id, journalPath: journal.path, outcome }
  } catch (error) {
    throw toExecutionError(id, error)
  } finally {
    await journal.close()
  }
}
