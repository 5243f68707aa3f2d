// Whether a process id belongs to a running process, for pid files and lock files left behind.

/** Signal 0 checks existence without signalling; EPERM means it exists but belongs to another user. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
