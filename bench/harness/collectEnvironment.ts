// What a reader needs to reproduce a run: machine, Node, commit, command.
import { execFileSync } from 'node:child_process'
import { cpus, platform, release, arch, totalmem } from 'node:os'

export interface BenchmarkEnvironment {
  /** ISO timestamp of the run. */
  readonly date: string
  readonly machine: { readonly cpu: string; readonly cores: number; readonly memoryGiB: number; readonly os: string }
  readonly node: string
  /** `git rev-parse HEAD`, and whether the work tree had uncommitted changes; undefined outside a checkout. */
  readonly gitCommit?: string
  readonly gitDirty?: boolean
  readonly command: string
  /** Filled in after the run. */
  readonly totalSeconds?: number
  readonly peakRssMiB?: number
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return undefined
  }
}

/** Reads the machine and the checkout (read-only git queries) at `cwd`. */
export function collectEnvironment(command: string, cwd: string, date: Date = new Date()): BenchmarkEnvironment {
  const processors = cpus()
  const commit = git(['rev-parse', 'HEAD'], cwd)
  const status = commit === undefined ? undefined : git(['status', '--porcelain', '--untracked-files=no'], cwd)
  return {
    date: date.toISOString(),
    machine: {
      cpu: processors[0]?.model.trim() ?? 'unknown',
      cores: processors.length,
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      os: `${platform()} ${release()} ${arch()}`,
    },
    node: process.version,
    ...(commit === undefined ? {} : { gitCommit: commit, gitDirty: (status ?? '').length > 0 }),
    command,
  }
}
