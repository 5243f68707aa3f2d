// The shape of a CLI command and the shared plumbing: argument parsing, --help, errors as exit codes.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { BaseError } from '../../solver/errors.ts'
import { EXIT_UNMET } from '../config/exitCodes.ts'
import { errorMeaning } from '../errors/errorTable.ts'
import type { CommandIO } from '../config/io.ts'

export interface Command {
  readonly name: string
  readonly summary: string
  readonly usage: string
  run(argv: string[], io: CommandIO): Promise<number>
}

/** parseArgs with strict checking, turning its errors into INVALID_ARGUMENT errors with the flag as field. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals })
  } catch (error) {
    const message = (error as Error).message
    const flag = /'(--?[\w-]+)/.exec(message)?.[1]
    throw new BaseError('INVALID_ARGUMENT', message.split('\n')[0] ?? message, flag ? { field: flag } : {})
  }
}

/** Prints an error (as JSON with --json) and returns the exit code. */
export function reportError(error: unknown, io: CommandIO, json: boolean): number {
  if (error instanceof BaseError) {
    if (json) io.stdout(JSON.stringify({ error: error.toJSON() }, null, 2))
    else io.stderr(`error [${error.code}] ${error.shortMessage}${error.field ? ` (field: ${error.field})` : ''}${error.details ? `\n  ${error.details}` : ''}`)
    return errorMeaning(error.code).exitCode
  }
  const message = error instanceof Error ? error.message : String(error)
  if (json) io.stdout(JSON.stringify({ error: { code: 'INTERNAL', message } }, null, 2))
  else io.stderr(`error [INTERNAL] ${message}`)
  return EXIT_UNMET
}
