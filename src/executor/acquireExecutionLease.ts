// Exclusive ownership of an execution: a lease with a fencing token. Each owner links a file
// `<id>.lease.<token>` (holding its pid and process start time) into the journal directory; link(2)
// fails when the name exists, so two owners can never hold the same token, and the content is
// complete the moment the name appears. The token is one more than any lease file and any token the
// journal's records carry, so tokens only grow. An owner proceeds only when every holder of a lower
// token is dead; a contender with a higher token sees the live owner and backs off. The token is
// written into every journal record, and the journal refuses to append or send once another owner
// wrote to it (journal.ts): a stale owner is fenced off even if it wakes up later (Kleppmann, "How to
// do distributed locking", 2016, https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html).
import { randomBytes } from 'node:crypto'
import { link, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isSameProcessAlive, processStartTime } from '../system/processStartTime.ts'
import { ExecutionAlreadyRunningError } from './executorErrors.ts'

export interface ExecutionLease {
  readonly executionId: string
  /** The fencing token: greater than every earlier owner's. */
  readonly token: number
  readonly path: string
  /** Removes the lease file; idempotent. */
  release(): Promise<void>
}

interface LeaseOwner {
  readonly pid: number
  readonly startTime?: string
}

/** Leases held by this process, by journal directory and id: a second resume in one process is refused too. */
const heldHere = new Set<string>()

async function listLeases(dir: string, executionId: string): Promise<Array<{ token: number; path: string }>> {
  const prefix = `${executionId}.lease.`
  const names = await readdir(dir).catch(() => [] as string[])
  return names
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .map((name) => ({ token: Number(name.slice(prefix.length)), path: join(dir, name) }))
}

async function readOwner(path: string): Promise<LeaseOwner | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LeaseOwner
  } catch {
    return undefined
  }
}

/**
 * Takes the lease of `executionId` in `dir`. `journalToken` is the highest token the journal's
 * records carry (0 for a new journal). Throws ExecutionAlreadyRunningError when a live process (or
 * this one) holds it.
 */
export async function acquireExecutionLease(dir: string, executionId: string, journalToken: number): Promise<ExecutionLease> {
  const key = join(dir, executionId)
  if (heldHere.has(key)) throw new ExecutionAlreadyRunningError(executionId, process.pid)
  const me: LeaseOwner = { pid: process.pid, ...(processStartTime(process.pid) === undefined ? {} : { startTime: processStartTime(process.pid) as string }) }
  for (let attempt = 0; attempt < 16; attempt++) {
    const leases = await listLeases(dir, executionId)
    const token = Math.max(journalToken, ...leases.map((lease) => lease.token), 0) + 1
    const path = join(dir, `${executionId}.lease.${token}`)
    const draft = `${path}.${randomBytes(4).toString('hex')}.tmp`
    await writeFile(draft, JSON.stringify(me), { flush: true })
    try {
      await link(draft, path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue // another contender took this token; look again
      throw error
    } finally {
      await rm(draft, { force: true })
    }
    heldHere.add(key)
    const release = async () => {
      if (!heldHere.has(key)) return
      heldHere.delete(key)
      await rm(path, { force: true })
    }
    // Every lower holder must be dead; their files are then stale and removed.
    const stale: string[] = []
    for (const lease of await listLeases(dir, executionId)) {
      if (lease.token >= token) continue
      const owner = await readOwner(lease.path)
      if (owner && isSameProcessAlive(owner.pid, owner.startTime)) {
        await release()
        throw new ExecutionAlreadyRunningError(executionId, owner.pid, { details: `lease ${lease.path} (token ${lease.token})` })
      }
      stale.push(lease.path)
    }
    for (const file of stale) await rm(file, { force: true })
    return { executionId, token, path, release }
  }
  throw new ExecutionAlreadyRunningError(executionId, 0, { details: 'the lease changed hands 16 times while it was being taken' })
}
