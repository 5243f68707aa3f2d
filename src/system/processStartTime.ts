// When a process started, so that a pid reused by another process after a crash is not taken for
// the one that wrote a lease (the executor's execution leases).
import { readFileSync } from 'node:fs'
import { isProcessAlive } from './isProcessAlive.ts'

/**
 * The process's start time in clock ticks since boot (field 22 of /proc/PID/stat, proc(5)), so a pid
 * reused by another process after a crash can be told apart. Undefined where /proc is missing.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may contain spaces: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

/** True when `pid` is alive and, where /proc tells, is the process that started at `startTime`. */
export function isSameProcessAlive(pid: number, startTime: string | undefined): boolean {
  if (!isProcessAlive(pid)) return false
  if (startTime === undefined) return true
  const now = processStartTime(pid)
  return now === undefined || now === startTime
}
