// Graceful, bounded shutdown: stop accepting connections, answer requests that still arrive on open
// connections with 503 SHUTTING_DOWN (buildServer's preClose hook), let in-flight requests and the
// onClose hooks (quote workers, running batch jobs, executions) finish, and give up after `graceMs`
// by closing every socket — so a SIGTERM always ends the process within a known time.
import type { FastifyInstance } from 'fastify'

export interface ShutdownServerReturnType {
  /** True when the grace period ran out and connections were cut. */
  readonly forced: boolean
}

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000

export async function shutdownServer(app: FastifyInstance, graceMs = DEFAULT_SHUTDOWN_GRACE_MS): Promise<ShutdownServerReturnType> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), graceMs)
  })
  const closed = app.close().then(
    () => 'closed' as const,
    () => 'closed' as const,
  )
  const first = await Promise.race([closed, expired])
  clearTimeout(timer)
  if (first === 'expired') {
    app.log.warn({ graceMs }, 'shutdown grace period over: closing every connection')
    app.server.closeAllConnections()
  }
  return { forced: first === 'expired' }
}
