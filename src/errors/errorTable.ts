// The one table of what every error code means outside the process: the HTTP status the service
// answers with (src/server/errorCatalogue.ts) and the exit status of the CLI (src/cli/command.ts).
// Client mistakes are 4xx and exit 2; requests that cannot be met are 422 and exit 1; failures of
// the world or of the code are 5xx and exit 1.
import type { ErrorCode } from '../../solver/errors.ts'
import { EXIT_BAD_INPUT, EXIT_UNMET } from '../config/exitCodes.ts'

export interface ErrorMeaning {
  readonly status: number
  readonly exitCode: number
}

const input = (status: number): ErrorMeaning => ({ status, exitCode: EXIT_BAD_INPUT })
const failure = (status: number): ErrorMeaning => ({ status, exitCode: EXIT_UNMET })

export const ERROR_TABLE: Readonly<Record<ErrorCode, ErrorMeaning>> = {
  INVALID_REQUEST: input(400),
  INVALID_JSON: input(400),
  INVALID_AMOUNT: input(400),
  INVALID_INTENT: input(400),
  INVALID_MARKET: input(400),
  INVALID_ARGUMENT: input(400),
  UNKNOWN_NETWORK: input(404),
  UNKNOWN_TOKEN: input(404),
  AMBIGUOUS_TOKEN: input(400),
  UNKNOWN_VENUE: input(404),
  ROUTE_NOT_FOUND: input(404),
  UNKNOWN_EXECUTION: input(404),
  UNKNOWN_QUOTE: input(404),
  // The service's own (issue 15): who may call, where, how much, and when it cannot take more.
  UNAUTHENTICATED: input(401),
  FORBIDDEN: input(403),
  HOST_NOT_ALLOWED: input(421),
  REQUEST_TIMEOUT: input(408),
  IDEMPOTENCY_CONFLICT: input(409),
  QUOTA_EXCEEDED: failure(429),
  OVERLOADED: failure(503),
  DEADLINE_EXCEEDED: failure(503),
  SHUTTING_DOWN: failure(503),
  BODY_TOO_LARGE: input(413),
  UNSUPPORTED_MEDIA_TYPE: input(415),
  NO_ROUTE: failure(422),
  INFEASIBLE_CONSTRAINTS: failure(422),
  RATE_LIMITED: failure(429),
  SOLVER_FAILED: failure(500),
  TRANSACTION_NOT_MINED: failure(504),
  RPC_UNAVAILABLE: failure(503),
  ANVIL_UNAVAILABLE: failure(503),
  PROCESS_START_FAILED: failure(500),
  CONTRACT_BUILD_FAILED: failure(500),
  DEVNET_DEPLOYMENT_FAILED: failure(500),
  JOURNAL_CLOSED: failure(500),
  WORKER_FAILED: failure(500),
  ASSERTION_FAILED: failure(500),
  INTERNAL: failure(500),
}

/** The meaning of a code; unknown codes (from outside the tree) are internal failures. */
export function errorMeaning(code: string): ErrorMeaning {
  return Object.hasOwn(ERROR_TABLE, code) ? ERROR_TABLE[code as ErrorCode] : ERROR_TABLE.INTERNAL
}
