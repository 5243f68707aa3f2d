// The executor's named operational errors. Each names the execution and how to continue it, so an
// operator can act on the message alone; all are Accord BaseErrors (one tree, stable codes).
import { BaseError, type BaseErrorParameters } from '../../solver/errors.ts'
import { isTransportError } from './withRetry.ts'

/** The command that continues an execution (with the same --journal-dir and environment flags). */
export function resumeCommandOf(executionId: string): string {
  return `accord execute --resume ${executionId}`
}

/** An error of one execution: carries its id and the resume command. */
export class ExecutionError extends BaseError {
  override name = 'ExecutionError'
  readonly executionId: string
  readonly resumeCommand: string | undefined

  constructor(
    code: ConstructorParameters<typeof BaseError>[0],
    executionId: string,
    message: string,
    parameters: BaseErrorParameters & { readonly resumable?: boolean } = {},
  ) {
    const resumable = parameters.resumable ?? true
    const hint = resumable ? `Resume with: ${resumeCommandOf(executionId)}` : undefined
    super(code, `Execution ${executionId}: ${message}`, {
      ...parameters,
      details: [parameters.details, hint].filter((part) => part !== undefined).join('\n') || undefined,
    } as BaseErrorParameters)
    this.executionId = executionId
    this.resumeCommand = resumable ? resumeCommandOf(executionId) : undefined
  }

  override toJSON(): ReturnType<BaseError['toJSON']> & { executionId: string; resumeCommand?: string } {
    return { ...super.toJSON(), executionId: this.executionId, ...(this.resumeCommand === undefined ? {} : { resumeCommand: this.resumeCommand }) }
  }
}

/** Another live executor holds the execution's lease. */
export class ExecutionAlreadyRunningError extends ExecutionError {
  override name = 'ExecutionAlreadyRunningError'
  readonly ownerPid: number
  constructor(executionId: string, ownerPid: number, parameters: BaseErrorParameters = {}) {
    super('INVALID_ARGUMENT', executionId, `already running in process ${ownerPid}; wait for it or stop it first.`, { ...parameters, resumable: false })
    this.ownerPid = ownerPid
  }
}

/** This executor's lease was taken over (its fencing token is no longer the newest): it must not send or write. */
export class ExecutionLeaseLostError extends ExecutionError {
  override name = 'ExecutionLeaseLostError'
  constructor(executionId: string, message: string, parameters: BaseErrorParameters = {}) {
    super('INTERNAL', executionId, `lost its lease: ${message}`, { ...parameters, resumable: false })
  }
}

/** A send would take the execution past its spend limit. */
export class SpendLimitExceededError extends ExecutionError {
  override name = 'SpendLimitExceededError'
  constructor(executionId: string, message: string, parameters: BaseErrorParameters = {}) {
    super('INVALID_ARGUMENT', executionId, `spend limit: ${message}`, parameters)
  }
}

/** The execution stopped on an operational failure (RPC, a transaction not mined); the journal is resumable. */
export class ExecutionInterruptedError extends ExecutionError {
  override name = 'ExecutionInterruptedError'
  constructor(
    executionId: string,
    message: string,
    parameters: BaseErrorParameters & { readonly code?: 'INTERNAL' | 'RPC_UNAVAILABLE' | 'TRANSACTION_NOT_MINED' } = {},
  ) {
    const { code = 'INTERNAL', ...rest } = parameters
    super(code, executionId, message, rest)
  }
}

/**
 * Wraps any error thrown while running `executionId` so that it names the execution and its resume
 * command; errors that already do are returned unchanged.
 */
export function toExecutionError(executionId: string, error: unknown): ExecutionError {
  if (error instanceof ExecutionError) return error
  if (error instanceof BaseError)
    return new ExecutionError(error.code, executionId, error.shortMessage, {
      ...(error.field === undefined ? {} : { field: error.field }),
      ...(error.details === undefined ? {} : { details: error.details }),
      cause: error,
    })
  const message = (error as { shortMessage?: unknown })?.shortMessage
  const text = typeof message === 'string' ? message : error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error)
  return new ExecutionInterruptedError(executionId, text, { cause: error, ...(isTransportError(error) ? { code: 'RPC_UNAVAILABLE' as const } : {}) })
}
