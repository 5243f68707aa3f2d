// Where the commands and the service write for people: two line sinks, the process's by default
// (tests pass their own to capture the output).

export interface CommandIO {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
}

export const defaultIO: CommandIO = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
}
