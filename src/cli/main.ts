// `accord`: the command-line entry point; dispatches to one module per command.
import type { Command } from './command.ts'
import { defaultIO, type CommandIO } from '../config/io.ts'
import { EXIT_BAD_INPUT, EXIT_OK } from '../config/exitCodes.ts'
import { quoteCommand } from './quoteCommand.ts'
import { serveCommand } from './serveCommand.ts'
import { devnetCommand } from './devnetCommand.ts'
import { executeCommand } from './executeCommand.ts'
import { demoCommand } from './demoCommand.ts'
import { batchCommand } from './batchCommand.ts'
import { benchCommand } from './benchCommand.ts'
import { marketCommand } from './marketCommand.ts'
import { calibrateCommand } from './calibrateCommand.ts'
import { keysCommand } from './keysCommand.ts'
import { workerCommand } from './workerCommand.ts'
import { planCommand } from './planCommand.ts'

export const commands: readonly Command[] = [quoteCommand, serveCommand, devnetCommand, executeCommand, demoCommand, batchCommand, benchCommand, marketCommand, calibrateCommand, keysCommand, workerCommand, planCommand]

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length))
  return [
    'Usage: accord <command> [options]',
    '',
    'Accord plans swaps and bridge transfers across networks that maximise the probability of reaching the intended outcome.',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `accord <command> --help` for the options of a command.',
  ].join('\n')
}

export async function main(argv: string[], io: CommandIO = defaultIO): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview())
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK
  }
  const command = commands.find((candidate) => candidate.name === name)
  if (!command) {
    io.stderr(`error [INVALID_ARGUMENT] Unknown command "${name}".\n\n${overview()}`)
    return EXIT_BAD_INPUT
  }
  return command.run(rest, io)
}
