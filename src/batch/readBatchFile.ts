// Reads an intent-set file (src/market/intentSchema.ts) as a batch. The envelope must be valid; each
// intent is checked on its own, so one malformed entry becomes that entry's error, not the file's.
import { readFile } from 'node:fs/promises'
import { BaseError } from '../../solver/errors.ts'
import type { BatchIntentInput } from '../../solver/batch/types.ts'
import type { IntentRequest } from '../../solver/plan/resolveIntentRequest.ts'
import { IntentEntrySchema, type IntentEntryFile } from '../market/intentSchema.ts'
import { assertMatchesSchema } from '../market/validateSchema.ts'

export interface ReadBatchFileReturnType {
  readonly name: string | undefined
  /** The file's `market` field (a file name in fixtures/markets/), if any. */
  readonly market: string | undefined
  readonly inputs: BatchIntentInput[]
}

/** Throws INVALID_JSON for unreadable/unparsable files and INVALID_INTENT when there is no `intents` array. */
export async function readBatchFile(path: string): Promise<ReadBatchFileReturnType> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new BaseError('INVALID_JSON', `Cannot read batch file ${path}: ${(error as Error).message}.`, { cause: error })
  }
  const file = json as { name?: unknown; market?: unknown; intents?: unknown }
  if (typeof file !== 'object' || file === null || !Array.isArray(file.intents))
    throw new BaseError('INVALID_INTENT', 'A batch file needs an "intents" array.', { field: 'intents' })
  const inputs = file.intents.map((entry: unknown, i: number): BatchIntentInput => {
    const id = typeof (entry as { id?: unknown })?.id === 'string' ? (entry as { id: string }).id : `#${i}`
    try {
      assertMatchesSchema<IntentEntryFile>(IntentEntrySchema, entry, 'INVALID_INTENT', 'intent', `intents[${i}]`)
      const { id: _id, description: _description, ...request } = entry
      return { id, request: request as IntentRequest }
    } catch (error) {
      const accord = error as BaseError
      return { id, request: entry as IntentRequest, error: { code: accord.code, message: accord.shortMessage, field: accord.field ?? null } }
    }
  })
  return {
    name: typeof file.name === 'string' ? file.name : undefined,
    market: typeof file.market === 'string' ? file.market : undefined,
    inputs,
  }
}
