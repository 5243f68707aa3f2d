// One error tree for Accord, in the manner of viem's BaseError: a stable machine-readable code,
// a short message for people, optional details, and the path of the offending field for input errors.

/**
 * Every stable code of the tree. What each means for an HTTP client and for the CLI's exit status is in
 * one table, src/errors/errorTable.ts; a code added here without a row there fails typechecking.
 */
export type ErrorCode =
  // Bad input: a market, an intent, an amount, a file, a flag or a function argument.
  | 'INVALID_MARKET'
  | 'INVALID_INTENT'
  | 'INVALID_AMOUNT'
  | 'INVALID_JSON'
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_NETWORK'
  | 'UNKNOWN_TOKEN'
  | 'AMBIGUOUS_TOKEN'
  | 'UNKNOWN_VENUE'
  // The request is well formed but cannot be met.
  | 'NO_ROUTE'
  | 'INFEASIBLE_CONSTRAINTS'
  | 'SOLVER_FAILED'
  // Raised by the HTTP layer itself.
  | 'INVALID_REQUEST'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'ROUTE_NOT_FOUND'
  | 'UNKNOWN_EXECUTION'
  | 'UNKNOWN_QUOTE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'HOST_NOT_ALLOWED'
  | 'REQUEST_TIMEOUT'
  | 'IDEMPOTENCY_CONFLICT'
  | 'QUOTA_EXCEEDED'
  | 'OVERLOADED'
  | 'DEADLINE_EXCEEDED'
  | 'SHUTTING_DOWN'
  // Operational: the world failed (src/errors/operationalErrors.ts); retrying or resuming may succeed.
  | 'TRANSACTION_NOT_MINED'
  | 'RPC_UNAVAILABLE'
  | 'ANVIL_UNAVAILABLE'
  | 'PROCESS_START_FAILED'
  | 'CONTRACT_BUILD_FAILED'
  | 'DEVNET_DEPLOYMENT_FAILED'
  | 'JOURNAL_CLOSED'
  | 'WORKER_FAILED'
  // A programmer's assertion broke: a bug, never the caller's input.
  | 'ASSERTION_FAILED'
  // Anything else, unnamed.
  | 'INTERNAL'

export interface BaseErrorParameters {
  /** Path of the offending input field, e.g. `pools[3].reserve0` or `body.amount`. */
  field?: string
  details?: string
  cause?: unknown
}

export class BaseError extends Error {
  override name = 'AccordError'
  readonly code: ErrorCode
  readonly shortMessage: string
  readonly field: string | undefined
  readonly details: string | undefined

  constructor(code: ErrorCode, shortMessage: string, parameters: BaseErrorParameters = {}) {
    const lines = [shortMessage]
    if (parameters.field) lines.push(`Field: ${parameters.field}`)
    if (parameters.details) lines.push(`Details: ${parameters.details}`)
    super(lines.join('\n'), parameters.cause === undefined ? undefined : { cause: parameters.cause })
    this.code = code
    this.shortMessage = shortMessage
    this.field = parameters.field
    this.details = parameters.details
  }

  /** Follows the cause chain; returns the first error `fn` accepts, or the last one. */
  walk(fn?: (error: unknown) => boolean): unknown {
    let error: unknown = this
    while (error instanceof Error) {
      if (fn?.(error)) return error
      if (error.cause === undefined) break
      error = error.cause
    }
    return fn ? undefined : error
  }

  /** The JSON shape the HTTP API and `--json` output use. */
  toJSON(): { code: ErrorCode; message: string; field?: string; details?: string } {
    return {
      code: this.code,
      message: this.shortMessage,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.details === undefined ? {} : { details: this.details }),
    }
  }
}

export class InvalidMarketError extends BaseError {
  override name = 'InvalidMarketError'
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super('INVALID_MARKET', message, parameters)
  }
}

export class InvalidIntentError extends BaseError {
  override name = 'InvalidIntentError'
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super('INVALID_INTENT', message, parameters)
  }
}

export class InvalidAmountError extends BaseError {
  override name = 'InvalidAmountError'
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super('INVALID_AMOUNT', message, parameters)
  }
}

export class UnknownNetworkError extends BaseError {
  override name = 'UnknownNetworkError'
  constructor(network: string | number, parameters: BaseErrorParameters = {}) {
    super('UNKNOWN_NETWORK', `Unknown network "${network}".`, parameters)
  }
}

export class UnknownTokenError extends BaseError {
  override name = 'UnknownTokenError'
  constructor(token: string, network: string | number, parameters: BaseErrorParameters = {}) {
    super('UNKNOWN_TOKEN', `Unknown token "${token}" on network "${network}".`, parameters)
  }
}

/** A token named by a symbol that several tokens on the network share (issue 18): the caller must give the address. */
export class AmbiguousTokenError extends BaseError {
  override name = 'AmbiguousTokenError'
  readonly candidates: readonly string[]
  constructor(symbol: string, network: string, candidates: readonly string[], parameters: Omit<BaseErrorParameters, 'details'> = {}) {
    super(
      'AMBIGUOUS_TOKEN',
      `Token symbol "${symbol}" is ambiguous on network "${network}": ${candidates.length} tokens share it (${candidates.join(', ')}); name the token by its address.`,
      { ...parameters, details: `Candidates: ${candidates.join(', ')}` },
    )
    this.candidates = candidates
  }
}

export class SolverFailedError extends BaseError {
  override name = 'SolverFailedError'
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super('SOLVER_FAILED', message, parameters)
  }
}

/** An invariant of the code itself broke (a plan without the step it names, a worker answering the wrong kind): a bug, not bad input. */
export class AssertionFailedError extends BaseError {
  override name = 'AssertionFailedError'
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super('ASSERTION_FAILED', message, parameters)
  }
}
