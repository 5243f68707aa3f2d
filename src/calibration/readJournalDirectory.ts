// Every execution journal (`*.jsonl`) under a directory, for `accord calibrate`.
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { BaseError } from '../../solver/errors.ts'
import { readJournal, type JournalRecord } from '../executor/journal.ts'

/**
 * The records of every `*.jsonl` file under `dir` (sub-directories included), in file-name order.
 * Throws INVALID_ARGUMENT when the directory cannot be read or holds no journal, INVALID_JSON for a
 * malformed line (with the file's path).
 */
export async function readJournalDirectory(dir: string): Promise<JournalRecord[][]> {
  let entries: string[]
  try {
    entries = (await readdir(dir, { recursive: true })).map(String)
  } catch (error) {
    throw new BaseError('INVALID_ARGUMENT', `Cannot read the journal directory ${dir}.`, { field: '--journals', cause: error })
  }
  const files = entries.filter((entry) => entry.endsWith('.jsonl')).sort()
  if (files.length === 0) throw new BaseError('INVALID_ARGUMENT', `No execution journals (*.jsonl) under ${dir}.`, { field: '--journals' })
  const journals: JournalRecord[][] = []
  for (const file of files) journals.push(await readJournal(join(dir, file)))
  return journals
}
