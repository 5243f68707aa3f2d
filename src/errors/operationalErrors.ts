// Operational failures: the world, not the input, went wrong — a chain did not answer or did not mine,
// anvil is missing, a process or worker died. Each has its own code (solver/errors.ts) so that callers,
// the HTTP layer and the CLI can tell them from bad input and from bugs (src/errors/errorTable.ts).
import { BaseError, type BaseErrorParameters } from '../../solver/errors.ts'

/** A sent transaction was not mined in time; resuming settles it. */
export class TransactionNotMinedError extends BaseError {
  override name = 'TransactionNotMinedError'
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super('TRANSACTION_NOT_MINED', message, parameters)
  }
}

/** A JSON-RPC endpoint failed or answered with an error. */
export class RpcUnavailableError extends BaseError {
  override name = 'RpcUnavailableError'
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super('RPC_UNAVAILABLE', message, parameters)
  }
}

/** anvil is not installed, did not start or did not answer. */
export class AnvilUnavailableError extends BaseError {
  override name = 'AnvilUnavailableError'
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super('ANVIL_UNAVAILABLE', message, parameters)
  }
}

/** A child process (the relayer) could not be started. */
export class ProcessStartError extends BaseError {
  override name = 'ProcessStartError'
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super('PROCESS_START_FAILED', message, parameters)
  }
}

/** Compiling the devnet contracts failed or produced no artifact. */
export class ContractBuildError extends BaseError {
  override name = 'ContractBuildError'
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super('CONTRACT_BUILD_FAILED', message, parameters)
  }
}

/** Deploying the devnet contracts reverted or left them at unexpected addresses. */
export class DevnetDeploymentError extends BaseError {
  override name = 'DevnetDeploymentError'
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super('DEVNET_DEPLOYMENT_FAILED', message, parameters)
  }
}

/** A record was written to an execution journal after it was closed. */
export class JournalClosedError extends BaseError {
  override name = 'JournalClosedError'
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super('JOURNAL_CLOSED', message, parameters)
  }
}

/** A worker thread died or failed outside the planner's own errors. */
export class WorkerFailedError extends BaseError {
  override name = 'WorkerFailedError'
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super('WORKER_FAILED', message, parameters)
  }
}
