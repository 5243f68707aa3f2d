// `accord bench`: the benchmark harness lives in bench/, which builds on src/ and solver/; this command
// loads it by dynamic import when it runs, so that src/ never depends on bench/ (and works without it).
import type { Command } from './command.ts'

/** bench/harness/benchCommand.ts, resolved at run time. */
const BENCH_COMMAND = new URL('../../bench/harness/benchCommand.ts', import.meta.url).href

export const benchCommand: Command = {
  name: 'bench',
  summary: 'benchmark planners over a scenario suite and write a report',
  usage: 'Usage: accord bench [options] (accord bench --help lists them)',
  async run(argv, io) {
    const loaded = (await import(BENCH_COMMAND)) as { benchCommand: Command }
    return loaded.benchCommand.run(argv, io)
  },
}
