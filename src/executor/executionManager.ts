// Runs executions in the background for a long-lived process (the HTTP service): start one, ask for
// its status, follow its journal records as they are written (the step events of
// `GET /v1/executions/:id`), resume an interrupted one. Executions of earlier processes are read
// from their journals on disk.
import { BaseError } from '../../solver/errors.ts'
import type { Intent } from '../../solver/model/intent.ts'
import type { Plan } from '../../solver/model/plan.ts'
import { executeIntent, type ExecuteIntentOptions, type ExecutionEnvironment } from './executeIntent.ts'
import type { ExecutorSettings } from './executorRuntime.ts'
import { foldJournal, type ExecutionState } from './foldJournal.ts'
import { createExecutionId, DEFAULT_JOURNAL_DIR, journalPath, readJournal, type JournalRecord } from './journal.ts'
import type { ExecutionOutcome } from './outcome.ts'
import { resumeExecution } from './resumeExecution.ts'

export interface CreateExecutionManagerParameters extends ExecutionEnvironment {
  readonly settings?: Partial<ExecutorSettings>
}

export interface StartExecutionRequest {
  readonly intent: Intent
  readonly plan?: Plan
  readonly options?: ExecuteIntentOptions
  readonly id?: string
}

/** running: in this process; finished: has an outcome; failed: threw in this process (resumable); interrupted: a journal without an outcome and no live runner. */
export type ExecutionPhase = 'running' | 'finished' | 'failed' | 'interrupted'

export interface ExecutionStatus {
  readonly id: string
  readonly phase: ExecutionPhase
  readonly records: number
  readonly legs: ReadonlyArray<{
    readonly leg: number
    readonly status: 'active' | 'superseded'
    readonly steps: ReadonlyArray<{ readonly step: number; readonly action: 'swap' | 'bridge'; readonly venueId: string; readonly status: string }>
  }>
  readonly resolves: number
  readonly stoppedReason?: string
  readonly error?: { readonly code: string; readonly message: string }
  readonly outcome?: ExecutionOutcome
}

export type ExecutionListener = (record: JournalRecord) => void

export interface ExecutionManager {
  /** Starts an execution; resolves once its intent is journalled (the id can then be queried). */
  start(request: StartExecutionRequest): Promise<{ readonly id: string }>
  /** Resumes an interrupted or failed execution in the background. */
  resume(id: string): Promise<{ readonly id: string }>
  /** Undefined when no execution has this id. */
  status(id: string): Promise<ExecutionStatus | undefined>
  /**
   * Calls `listener` with every record already written (unless `replay` is false), then with each new
   * one while the execution runs here. Returns the unsubscribe function. Throws INVALID_ARGUMENT for an unknown id.
   */
  subscribe(id: string, listener: ExecutionListener, options?: { readonly replay?: boolean }): Promise<() => void>
  /** Resolves with the outcome when the execution running here finishes; rejects if it throws. */
  wait(id: string): Promise<ExecutionOutcome>
  /** Waits for every execution running here to finish or fail. */
  close(): Promise<void>
}

interface Running {
  readonly records: JournalRecord[]
  readonly listeners: Set<ExecutionListener>
  state?: ExecutionState
  phase: ExecutionPhase
  error?: { code: string; message: string }
  readonly done: Promise<ExecutionOutcome>
}

/** The status of an execution from its records (also used for journals mirrored elsewhere, e.g. Redis). */
export function summariseExecution(id: string, phase: ExecutionPhase, records: readonly JournalRecord[], state: ExecutionState | undefined, error?: { readonly code: string; readonly message: string }): ExecutionStatus {
  return {
    id,
    // The outcome record is the last thing an execution writes: once it is there, it has finished.
    phase: state?.outcome ? 'finished' : phase,
    records: records.length,
    legs: (state?.legs ?? []).map((leg) => ({
      leg: leg.legId,
      status: leg.status,
      steps: leg.steps.map((step) => ({ step: step.step.index, action: step.step.action, venueId: step.step.venueId, status: step.status })),
    })),
    resolves: state?.resolves.filter((resolve) => resolve.adopted).length ?? 0,
    ...(state?.stopped ? { stoppedReason: state.stopped.reason } : {}),
    ...(error ? { error } : {}),
    ...(state?.outcome ? { outcome: state.outcome } : {}),
  }
}

function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof BaseError) return { code: error.code, message: error.shortMessage }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }
}

/**
 * @example
 * const manager = createExecutionManager({ market, targets: devnetExecutionTargets(info), account: devnetAccount('user') })
 * const { id } = await manager.start({ intent })
 * await manager.subscribe(id, (record) => reply.raw.write(`event: ${record.type}\ndata: ${encodeJournalRecord(record)}\n\n`))
 */
export function createExecutionManager(parameters: CreateExecutionManagerParameters): ExecutionManager {
  const journalDir = parameters.journalDir ?? DEFAULT_JOURNAL_DIR
  const running = new Map<string, Running>()

  /**
   * Runs `run` in the background. Resolves once the execution exists: at its first record, or at once
   * when `existing` records are given (a resume); rejects when `run` fails before that.
   */
  const launch = (
    id: string,
    existing: readonly JournalRecord[] | undefined,
    run: (onRecord: (record: JournalRecord, state: ExecutionState) => void) => Promise<{ outcome: ExecutionOutcome }>,
  ): Promise<{ id: string }> => {
    let started!: () => void
    let failedEarly!: (error: unknown) => void
    const ready = new Promise<void>((resolve, reject) => {
      started = resolve
      failedEarly = reject
    })
    const entry: Running = {
      records: [...(existing ?? [])],
      listeners: new Set(),
      phase: 'running',
      ...(existing ? { state: foldJournal(existing) } : {}),
      done: undefined as unknown as Promise<ExecutionOutcome>,
    }
    if (existing) started()
    const done = run((record, state) => {
      entry.records.push(record)
      entry.state = state
      for (const listener of entry.listeners) listener(record)
      started()
    }).then(
      ({ outcome }) => {
        entry.phase = 'finished'
        return outcome
      },
      (error: unknown) => {
        entry.phase = 'failed'
        entry.error = describeError(error)
        failedEarly(error)
        throw error
      },
    )
    done.catch(() => {})
    ;(entry as { done: Promise<ExecutionOutcome> }).done = done
    running.set(id, entry)
    return ready.then(
      () => ({ id }),
      (error: unknown) => {
        if (entry.records.length === 0) running.delete(id)
        throw error
      },
    )
  }

  const environment = { ...parameters, journalDir, ...(parameters.settings ? { settings: parameters.settings } : {}) }

  return {
    start(request) {
      const id = request.id ?? createExecutionId()
      if (running.has(id)) return Promise.reject(new BaseError('INVALID_ARGUMENT', `Execution ${id} already exists.`, { field: 'id' }))
      return launch(id, undefined, (onRecord) =>
        executeIntent({
          ...environment,
          onRecord,
          id,
          intent: request.intent,
          ...(request.plan ? { plan: request.plan } : {}),
          options: { ...request.options, ...(parameters.settings ? { settings: { ...parameters.settings, ...request.options?.settings } } : {}) },
        }),
      )
    },
    async resume(id) {
      const current = running.get(id)
      if (current?.phase === 'running') return { id }
      const records = await readJournal(journalPath(journalDir, id))
      return launch(id, records, (onRecord) => resumeExecution({ ...environment, id, onRecord }))
    },
    async status(id) {
      const entry = running.get(id)
      if (entry && entry.phase !== 'finished' && entry.state) return summariseExecution(id, entry.phase, entry.records, entry.state, entry.error)
      let records: JournalRecord[]
      try {
        records = await readJournal(journalPath(journalDir, id))
      } catch {
        return undefined
      }
      if (records.length === 0) return undefined
      const state = foldJournal(records)
      return summariseExecution(id, state.outcome ? 'finished' : entry?.phase === 'failed' ? 'failed' : 'interrupted', records, state, entry?.error)
    },
    async subscribe(id, listener, options = {}) {
      const entry = running.get(id)
      const replay = options.replay ?? true
      if (entry && entry.phase === 'running') {
        if (replay) for (const record of entry.records) listener(record)
        entry.listeners.add(listener)
        return () => void entry.listeners.delete(listener)
      }
      const records = await readJournal(journalPath(journalDir, id)).catch(() => {
        throw new BaseError('INVALID_ARGUMENT', `No execution ${id}.`, { field: 'id' })
      })
      if (replay) for (const record of records) listener(record)
      return () => {}
    },
    wait(id) {
      const entry = running.get(id)
      if (!entry) return Promise.reject(new BaseError('INVALID_ARGUMENT', `Execution ${id} is not running in this process.`, { field: 'id' }))
      return entry.done
    },
    async close() {
      await Promise.allSettled([...running.values()].map((entry) => entry.done))
    },
  }
}
