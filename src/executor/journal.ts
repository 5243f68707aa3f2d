// The executor's append-only journal: one JSON-lines file per execution under
// `<dir>/<id>.jsonl`, every record fsync'd before the side effect it announces (and after the one it
// confirms), so a killed executor can be resumed from disk without sending anything twice.
// A lock file `<id>.lock` holding the owner's pid keeps two executors off the same journal.
import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { Address, Hash, Hex } from 'viem'
import { BaseError } from '../../solver/errors.ts'
import type { AssetKey } from '../../solver/market/types.ts'
import type { Intent } from '../../solver/model/intent.ts'
import type { OutcomeProbability, Plan } from '../../solver/model/plan.ts'
import type { ExecutionOutcome } from './outcome.ts'

/** The default journal directory, relative to the working directory. */
export const DEFAULT_JOURNAL_DIR = '.accord/executions'

/** The options an execution was started with; stored in the journal so that a resume behaves the same. */
export interface StoredExecutionOptions {
  readonly resolve: boolean
  readonly minProbability: number
  readonly maxResolves: number
  readonly fillDeadlineCapSeconds?: number
  readonly refundGraceSeconds: number
}

export type TransactionPurpose = 'approve' | 'swap' | 'deposit'

/** Why the executor re-solved. */
export interface ResolveTrigger {
  readonly kind: 'probability' | 'min-breach' | 'bridge-refunded' | 'step-failed' | 'orphan-holdings'
  readonly detail: string
  readonly legId?: number
  readonly stepIndex?: number
}

/** A plan the executor follows for part of the funds: from `source` to the intent's target. */
export interface LegPlan {
  readonly legId: number
  readonly source: { readonly asset: AssetKey; readonly amountRaw: bigint }
  /** The least this leg must deliver (raw units of the target). */
  readonly minAmountOutRaw: bigint
  readonly plan: Plan
}

interface RecordBase {
  /** Wall-clock time the record was written, unix milliseconds. */
  readonly at: number
}

export type JournalRecord = RecordBase &
  (
    | {
        readonly type: 'intent'
        readonly executionId: string
        readonly account: Address
        readonly intent: Intent
        readonly options: StoredExecutionOptions
      }
    | ({ readonly type: 'plan'; readonly quoteMs: number } & LegPlan)
    | {
        /** Written before a transaction is broadcast: it is signed, so its hash is known. */
        readonly type: 'step-sending'
        readonly legId: number
        readonly stepIndex: number
        readonly purpose: TransactionPurpose
        readonly chainId: number
        readonly nonce: number
        readonly hash: Hash
        /** The signed transaction, so a resume can re-broadcast exactly it. */
        readonly raw: Hex
        readonly to: Address
        readonly amountInRaw: bigint
        /** Swap: amountOutMin; deposit: outputAmount (exact; the bridge delivers it or refunds). */
        readonly minAmountOutRaw: bigint
        /** The exact output at the market state read just before (venue math). */
        readonly predictedAmountOutRaw: bigint
        /** Swap deadline or bridge fill deadline, unix seconds (chain time). */
        readonly deadline: number
        /** Deposit: the destination's block number before sending, where to start looking for the fill. */
        readonly destinationFromBlock?: bigint
      }
    | { readonly type: 'step-sent'; readonly hash: Hash }
    | {
        readonly type: 'step-confirmed'
        readonly hash: Hash
        readonly legId: number
        readonly stepIndex: number
        readonly purpose: TransactionPurpose
        readonly status: 'success' | 'reverted'
        readonly blockNumber: bigint
        readonly gasUsed: bigint
        readonly effectiveGasPrice: bigint
        /** Swap: tokens received (Transfer logs to the account). */
        readonly amountOutRaw?: bigint
        /** Deposit: the spoke's deposit id and what was asked. */
        readonly depositId?: bigint
        readonly fillDeadline?: number
      }
    | {
        /** A signed transaction that will never be broadcast (its simulation now fails, or its nonce went elsewhere). */
        readonly type: 'step-abandoned'
        readonly hash: Hash
        readonly reason: string
      }
    | { readonly type: 'step-failed'; readonly legId: number; readonly stepIndex: number; readonly reason: string; readonly hash?: Hash }
    | { readonly type: 'bridge-late'; readonly legId: number; readonly stepIndex: number; readonly elapsedSeconds: number; readonly p95Seconds: number }
    | {
        readonly type: 'bridge-filled'
        readonly legId: number
        readonly stepIndex: number
        readonly transactionHash: Hash
        readonly amountOutRaw: bigint
        readonly blockNumber: bigint
      }
    | { readonly type: 'bridge-refunded'; readonly legId: number; readonly stepIndex: number; readonly transactionHash: Hash; readonly amountRaw: bigint }
    | {
        readonly type: 'resolve'
        readonly trigger: ResolveTrigger
        /** False when the new plan was no better than the rest of the current one, which continues. */
        readonly adopted: boolean
        readonly supersededLegId?: number
        readonly plans: readonly LegPlan[]
        /** Holdings for which no plan reaches the target (or the minimum); they stay where they are. */
        readonly unplanned: ReadonlyArray<{ readonly asset: AssetKey; readonly amountRaw: bigint; readonly reason: string }>
        /** quoteIntent time for all holdings, milliseconds. */
        readonly quoteMs: number
        /** Market read + quotes, milliseconds. */
        readonly latencyMs: number
        readonly remainingProbability?: OutcomeProbability
        readonly note?: string
      }
    | { readonly type: 'stopped'; readonly reason: string }
    | { readonly type: 'outcome'; readonly outcome: ExecutionOutcome }
  )

export type JournalRecordType = JournalRecord['type']

/** A record before `at` is stamped. */
export type JournalRecordInput = JournalRecord extends infer R ? (R extends JournalRecord ? Omit<R, 'at'> : never) : never

export interface Journal {
  readonly id: string
  readonly path: string
  /** Every record so far, loaded ones first. */
  readonly records: readonly JournalRecord[]
  /** Stamps `at`, appends one line and fsyncs before resolving. Appends are serialised. */
  append(record: JournalRecordInput): Promise<JournalRecord>
  /** Releases the lock; idempotent. */
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

// Bigints are written as {"$bigint":"123"}: JSON has no integer type wide enough, and a tagged
// object cannot be mistaken for a string field.
function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? { $bigint: value.toString() } : value
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value)
    if (keys.length === 1 && keys[0] === '$bigint') return BigInt((value as { $bigint: string }).$bigint)
  }
  return value
}

/** One journal line (no newline). */
export function encodeJournalRecord(record: JournalRecord): string {
  return JSON.stringify(record, replacer)
}

export function decodeJournalRecord(line: string): JournalRecord {
  return JSON.parse(line, reviver) as JournalRecord
}

/**
 * Parses a journal's text. A last line without its newline is a write the process did not finish
 * (killed mid-append, never fsync'd as a whole) and is ignored; any other unparseable line throws
 * INVALID_JSON.
 */
export function parseJournal(text: string, path = 'journal'): JournalRecord[] {
  // Everything after the last newline is either empty or a torn write.
  return text
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return decodeJournalRecord(line)
      } catch (error) {
        throw new BaseError('INVALID_JSON', `Line ${i + 1} of ${path} is not a journal record.`, { cause: error })
      }
    })
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes `<id>.lock` (O_EXCL); a lock left by a dead process is taken over. Throws INVALID_ARGUMENT when a live one holds it. */
async function acquireLock(lockPath: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockPath, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.sync()
      await handle.close()
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim())
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner))
        throw new BaseError('INVALID_ARGUMENT', `Execution is being run by process ${owner} (lock ${lockPath}).`)
      await rm(lockPath, { force: true })
    }
  }
  throw new BaseError('INTERNAL', `Cannot take the journal lock ${lockPath}.`)
}

async function fsyncDirectory(dir: string): Promise<void> {
  // Makes the new file's directory entry durable; not supported everywhere (e.g. Windows), hence best effort.
  const handle = await open(dir, 'r').catch(() => undefined)
  await handle?.sync().catch(() => {})
  await handle?.close()
}

async function openHandle(dir: string, id: string, mode: 'create' | 'open'): Promise<Journal> {
  const path = journalPath(dir, id)
  const lockPath = join(dir, `${id}.lock`)
  await mkdir(dir, { recursive: true })
  await acquireLock(lockPath)
  let handle: FileHandle
  let records: JournalRecord[] = []
  try {
    if (mode === 'create') {
      handle = await open(path, 'wx').catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? new BaseError('INVALID_ARGUMENT', `Execution ${id} already exists (${path}); resume it instead.`) : error
      })
      await fsyncDirectory(dir)
    } else {
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
    await rm(lockPath, { force: true })
    throw error
  }

  let queue: Promise<unknown> = Promise.resolve()
  let closed = false
  return {
    id,
    path,
    records,
    append(input) {
      const record = { at: Date.now(), ...input } as JournalRecord
      const write = queue.then(async () => {
        if (closed) throw new BaseError('INTERNAL', `Journal ${id} is closed.`)
        await handle.write(`${encodeJournalRecord(record)}\n`)
        await handle.sync()
        records.push(record)
        return record
      })
      queue = write.catch(() => {})
      return write
    },
    async close() {
      if (closed) return
      await queue
      closed = true
      await handle.close()
      await rm(lockPath, { force: true })
    },
  }
}

/** Creates a new journal (fails if the id exists) and takes its lock. */
export function createJournal(parameters: OpenJournalParameters): Promise<Journal> {
  return openHandle(parameters.dir, parameters.id, 'create')
}

/** Opens an existing journal to continue it: loads its records and takes its lock. */
export function openJournal(parameters: OpenJournalParameters): Promise<Journal> {
  return openHandle(parameters.dir, parameters.id, 'open')
}
