// The shape of a CLI command and the one builder every command is made with: node:util parseArgs
// (strict), --help, --json, and errors reported with the exit status of the error table.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { BaseError } from '../../solver/errors.ts'
import { EXIT_OK, EXIT_UNMET } from '../config/exitCodes.ts'
import type { CommandIO } from '../config/io.ts'
import { errorMeaning } from '../errors/errorTable.ts'

export interface Command {
  readonly name: string
  readonly summary: string
  readonly usage: string
  run(argv: string[], io: CommandIO): Promise<number>
}

type Options = NonNullable<ParseArgsConfig['options']>

/** parseArgs with strict checking, turning its errors into INVALID_ARGUMENT errors with the flag as field. */
export function parseCommandArgs<T extends Options>(argv: string[], options: T, allowPositionals = false): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean }>> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals })
  } catch (error) {
    const message = (error as Error).message
    const flag = /'(--?[\w-]+)/.exec(message)?.[1]
    throw new BaseError('INVALID_ARGUMENT', message.split('\n')[0] ?? message, flag ? { field: flag } : {})
  }
}

/** Prints an error (as JSON with --json) and returns its exit status from the error table. */
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

const HELP = { help: { type: 'boolean', short: 'h' } } as const
const JSON_FLAG = { json: { type: 'boolean' } } as const

export interface CommandContext<T extends Options> {
  readonly values: ReturnType<typeof parseCommandArgs<T & typeof HELP & typeof JSON_FLAG>>['values']
  readonly positionals: string[]
  /** --json was given: print machine output, and errors as JSON on stdout. */
  readonly json: boolean
  readonly io: CommandIO
}

export interface CommandDefinition<T extends Options> {
  readonly name: string
  readonly summary: string
  readonly usage: string
  /** The command's own flags; --help (-h) and, unless `json` is false, --json are added. */
  readonly options: T
  /** Whether the command prints JSON with --json (default true). */
  readonly json?: boolean
  /** Whether bare arguments are allowed (a file, a subcommand). */
  readonly positionals?: boolean
  /** The command itself; what it throws is reported (as JSON with --json) and becomes its exit status. */
  run(context: CommandContext<T>): Promise<number>
}

/** Builds a command: parses `argv` strictly, answers --help with the usage, runs, and reports errors. */
export function defineCommand<const T extends Options>(definition: CommandDefinition<T>): Command {
  const acceptsJson = definition.json !== false
  return {
    name: definition.name,
    summary: definition.summary,
    usage: definition.usage,
    async run(argv, io) {
      let json = acceptsJson && argv.includes('--json')
      try {
        const options = { ...definition.options, ...HELP, ...(acceptsJson ? JSON_FLAG : {}) } as T & typeof HELP & typeof JSON_FLAG
        const { values, positionals } = parseCommandArgs(argv, options, definition.positionals ?? false)
        const builtins = values as { help?: boolean; json?: boolean }
        json = acceptsJson && builtins.json === true
        if (builtins.help) {
          io.stdout(definition.usage)
          return EXIT_OK
        }
        return await definition.run({ values: values as CommandContext<T>['values'], positionals, json, io })
      } catch (error) {
        return reportError(error, io, json)
      }
    },
  }
}

export interface NumberFlagLimits {
  readonly min?: number
  readonly max?: number
  readonly integer?: boolean
}

/** A numeric flag's value, or undefined when absent. Throws INVALID_ARGUMENT with the flag as field when it is not a number within the limits. */
export function parseNumberFlag(value: string | undefined, field: string, limits: NumberFlagLimits = {}): number | undefined {
  if (value === undefined) return undefined
  const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY, integer = false } = limits
  const number = value.trim() === '' ? Number.NaN : Number(value)
  if (!Number.isFinite(number) || number < min || number > max || (integer && !Number.isInteger(number))) {
    const range = Number.isFinite(min) || Number.isFinite(max) ? ` in [${min}, ${max}]` : ''
    throw new BaseError('INVALID_ARGUMENT', `${field} must be a ${integer ? 'whole number' : 'number'}${range}, got "${value}".`, { field })
  }
  return number
}
