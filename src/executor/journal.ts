// The executor's append-only journal: one JSON-lines file per execution under
// `<dir>/<id>.jsonl`, every record fsync'd before the side effect it announces (and after the one it
// confirms), so a killed executor can be resumed from disk without sending anything twice.
// Ownership is a lease with a fencing token (acquireExecutionLease.ts); the token is stamped on every
// record, and before every append and every send the journal checks that nobody else wrote to the
// file and that its lease file is still there, so a stale owner can neither write nor send.
import { randomBytes } from 'node:crypto'
import { access, mkdir, open, readFile, stat, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { BaseError } from '../../solver/errors.ts'
import { acquireExecutionLease, type ExecutionLease } from './acquireExecutionLease.ts'
import { ExecutionLeaseLostError } from './executorErrors.ts'
import { encodeJournalRecord, parseJournal, type JournalRecord, type JournalRecordInput } from './journalRecord.ts'

export {
  decodeJournalRecord,
  encodeJournalRecord,
  parseJournal,
  type JournalRecord,
  type JournalRecordInput,
  type JournalRecordType,
  type LegPlan,
  type ResolveTrigger,
  type StoredExecutionOptions,
  type TransactionPurpose,
} from './journalRecord.ts'

/** The default journal directory, relative to the working directory. */
export const DEFAULT_JOURNAL_DIR = '.accord/executions'

export interface Journal {
  readonly id: string
  readonly path: string
  /** This owner's fencing token, stamped on every record it writes. */
  readonly token: number
  /** Every record so far, loaded ones first. */
  readonly records: readonly JournalRecord[]
  /** Stamps `at` and `token`, checks ownership, appends one line and fsyncs before resolving. Appends are serialised. */
  append(record: JournalRecordInput): Promise<JournalRecord>
  /** Throws ExecutionLeaseLostError unless this owner still holds the lease and is the journal's only writer. */
  assertOwner(): Promise<void>
  /** Releases the lease; idempotent. */
  close(): Promise<void>
}

export interface OpenJournalParameters {
  readonly dir: string
  readonly id: string
}

/** `ex-20250101-120000-1a2b3c4d`: sortable by start time, unique by 32 random bits. */
export function createExecutionId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `ex-${stamp}-${randomBytes(4).toString('hex')}`
}

export function journalPath(dir: string, id: string): string {
  assertId(id)
  return join(dir, `${id}.jsonl`)
}

function assertId(id: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id))
    throw new BaseError('INVALID_ARGUMENT', `Execution id "${id}" must be 1–128 letters, digits, dots, dashes or underscores.`, { field: 'id' })
}

/** Reads every complete record of a journal file. Throws INVALID_ARGUMENT when there is none. */
export async function readJournal(path: string): Promise<JournalRecord[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new BaseError('INVALID_ARGUMENT', `No execution journal at ${path}.`, { cause: error })
  }
  return parseJournal(text, path)
}

/** The highest fencing token the records carry (0 when none does: a new journal, or one written before tokens). */
export function journalToken(records: readonly JournalRecord[]): number {
  return records.reduce((max, record) => Math.max(max, record.token ?? 0), 0)
}

async function fsyncDirectory(dir: string): Promise<void> {
  // Makes the new file's directory entry durable; not supported everywhere (e.g. Windows), hence best effort.
  const handle = await open(dir, 'r').catch(() => undefined)
  await handle?.sync().catch(() => {})
  await handle?.close()
}

async function openHandle(dir: string, id: string, mode: 'create' | 'open'): Promise<Journal> {
  const path = journalPath(dir, id)
  await mkdir(dir, { recursive: true })
  let records: JournalRecord[] = []
  if (mode === 'open') records = await readJournal(path)
  else if (await access(path).then(() => true, () => false))
    throw new BaseError('INVALID_ARGUMENT', `Execution ${id} already exists (${path}); resume it instead.`, { field: 'id' })
  const lease: ExecutionLease = await acquireExecutionLease(dir, id, journalToken(records))
  let handle: FileHandle
  try {
    if (mode === 'create') {
      handle = await open(path, 'wx').catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? new BaseError('INVALID_ARGUMENT', `Execution ${id} already exists (${path}); resume it instead.`, { field: 'id' }) : error
      })
      await fsyncDirectory(dir)
    } else {
      // Re-read under the lease: what a previous owner wrote up to its death is all there is.
      records = await readJournal(path)
      handle = await open(path, 'r+')
      // Drop a torn last line so that the next append starts on a line of its own.
      const text = await readFile(path, 'utf8')
      if (!text.endsWith('\n') && text.length > 0) {
        const keep = Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1))
        await handle.truncate(keep)
        await handle.sync()
      }
      await handle.close()
      handle = await open(path, 'a')
    }
  } catch (error) {
    await lease.release()
    throw error
  }
  // The file's size after our last write: any other size means another writer.
  let size = (await stat(path)).size

  const assertOwner = async () => {
    const [now, leaseThere] = await Promise.all([stat(path), access(lease.path).then(() => true, () => false)])
    if (!leaseThere) throw new ExecutionLeaseLostError(id, `its lease file ${lease.path} (token ${lease.token}) is gone`)
    if (now.size !== size) throw new ExecutionLeaseLostError(id, `another process wrote to ${path} (token ${lease.token} is no longer the newest)`)
  }

  let queue: Promise<unknown> = Promise.resolve()
  let closed = false
  return {
    id,
    path,
    token: lease.token,
    records,
    append(input) {
      const record = { at: Date.now(), token: lease.token, ...input } as JournalRecord
      const write = queue.then(async () => {
        if (closed) throw new BaseError('INTERNAL', `Journal ${id} is closed.`)
        await assertOwner()
        const line = `${encodeJournalRecord(record)}\n`
        await handle.write(line)
        await handle.sync()
        size += Buffer.byteLength(line)
        records.push(record)
        return record
      })
      queue = write.catch(() => {})
      return write
    },
    assertOwner: () => queue.then(assertOwner),
    async close() {
      if (closed) return
      await queue
      closed = true
      await handle.close()
      await lease.release()
    },
  }
}

/** Creates a new journal (fails if the id exists) and takes its lease. */
export function createJournal(parameters: OpenJournalParameters): Promise<Journal> {
  return openHandle(parameters.dir, parameters.id, 'create')
}

/** Opens an existing journal to continue it: takes its lease, then loads its records. */
export function openJournal(parameters: OpenJournalParameters): Promise<Journal> {
  return openHandle(parameters.dir, parameters.id, 'open')
}
