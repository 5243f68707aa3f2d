// One error tree, one table (issue 10): every code's HTTP status and CLI exit status come from
// src/errors/errorTable.ts, through the service's error mapping and the CLI's error report alike.
import { describe, expect, it } from 'vitest'
import { BaseError, type ErrorCode } from '../../../solver/errors.ts'
import { reportError } from '../../../src/cli/command.ts'
import { EXIT_BAD_INPUT, EXIT_UNMET } from '../../../src/config/exitCodes.ts'
import { ERROR_TABLE } from '../../../src/errors/errorTable.ts'
import { AnvilUnavailableError, JournalClosedError, RpcUnavailableError, TransactionNotMinedError } from '../../../src/errors/operationalErrors.ts'
import { ApiError, toApiErrorResponse } from '../../../src/server/errorCatalogue.ts'

const silent = { stdout: () => {}, stderr: () => {} }

describe('the error table', () => {
  it.each(Object.keys(ERROR_TABLE) as ErrorCode[])('%s: the service and the CLI answer as the table says', (code) => {
    const error = new BaseError(code, 'something happened', { field: 'x' })
    expect(toApiErrorResponse(error)).toEqual({ statusCode: ERROR_TABLE[code].status, body: { code, message: 'something happened', field: 'x' } })
    expect(reportError(error, silent, true)).toBe(ERROR_TABLE[code].exitCode)
  })

  it('sends client mistakes to exit 2 and everything unmet or failed to exit 1', () => {
    for (const { status, exitCode } of Object.values(ERROR_TABLE))
      expect(exitCode).toBe(status < 500 && status !== 422 && status !== 429 ? EXIT_BAD_INPUT : EXIT_UNMET)
  })

  it('has one root: HTTP-layer and operational errors are BaseErrors with their own codes', () => {
    const errors = [
      new ApiError('RATE_LIMITED', 'slow down'),
      new TransactionNotMinedError('not mined'),
      new RpcUnavailableError('no answer'),
      new AnvilUnavailableError('no anvil'),
      new JournalClosedError('closed'),
    ]
    for (const error of errors) expect(error).toBeInstanceOf(BaseError)
    expect(errors.map((error) => toApiErrorResponse(error).statusCode)).toEqual([429, 504, 503, 503, 500])
    expect(new ApiError('RATE_LIMITED', 'slow down').statusCode).toBe(429)
  })
})
