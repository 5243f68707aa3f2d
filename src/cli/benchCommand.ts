// `accord bench`: the benchmark harness lives in bench/, which builds on src/ and solver/; this command
// loads it by dynamic import when it runs, so that src/ never depends on bench/ (and works without it).
// bench/ is TypeScript that is not compiled to dist/: run from dist/, the command registers tsx (a dev
// dependency) first.
import { pathToFileURL } from 'node:url'
import type { Command } from './command.ts'
import { BaseError } from '../../solver/errors.ts'
import { packageFile, RUNS_FROM_SOURCE } from '../config/packagePaths.ts'

/** bench/harness/benchCommand.ts, resolved at run time. */
const BENCH_COMMAND = pathToFileURL(packageFile('bench/harness/benchCommand.ts')).href

export const benchCommand: Command = {
  name: 'bench',
  summary: 'benchmark planners over a scenario suite and write a report',
  usage: 'Usage: accord bench [options] (accord bench --help lists them)',
  async run(argv, io) {
    if (!RUNS_FROM_SOURCE) {
      const tsx = (await import('tsx/esm/api').catch(() => undefined)) as { register: () => void } | undefined
      if (tsx === undefined) throw new BaseError('INVALID_ARGUMENT', '`accord bench` needs the source checkout with its dev dependencies (npm ci, then npm run bench).')
      tsx.register()
    }
    const loaded = (await import(BENCH_COMMAND)) as { benchCommand: Command }
    return loaded.benchCommand.run(argv, io)
  },
}
