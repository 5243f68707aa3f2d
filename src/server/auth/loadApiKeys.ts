// Reads the API keys the service accepts: a JSON file (`--keys-file`, $ACCORD_API_KEYS_FILE) and/or
// the same JSON in $ACCORD_API_KEYS. Entries hold hashes (see hashApiKey), roles and optional quotas:
//   {"keys": [{"id": "ops", "hash": "sha256:…", "roles": ["market:write", "metrics"], "quota": {"requestsPerMinute": 600}}]}
import { readFile } from 'node:fs/promises'
import { BaseError } from '../../../solver/errors.ts'
import { isRole, ROLES, type ApiKeyRecord, type KeyQuota } from './roles.ts'

const QUOTA_FIELDS = ['requestsPerMinute', 'plannerMsPerMinute', 'maxQueuedJobs', 'maxQueuedIntents'] as const

/** Validates key entries (array, or `{keys: [...]}`); `source` names the file or variable in errors. */
export function parseApiKeys(value: unknown, source: string): ApiKeyRecord[] {
  const list = Array.isArray(value) ? value : (value as { keys?: unknown } | null)?.keys
  if (!Array.isArray(list)) throw new BaseError('INVALID_ARGUMENT', `${source} must be a JSON array of keys or {"keys": [...]}.`, { field: source })
  const ids = new Set<string>()
  return list.map((entry: unknown, index) => {
    const field = `${source}[${index}]`
    const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>
    const { id, hash, roles, quota } = record
    if (typeof id !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new BaseError('INVALID_ARGUMENT', 'Key id must be 1–64 characters of A-Z a-z 0-9 . _ -.', { field: `${field}.id` })
    if (ids.has(id)) throw new BaseError('INVALID_ARGUMENT', `Key id "${id}" appears twice.`, { field: `${field}.id` })
    ids.add(id)
    if (typeof hash !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(hash))
      throw new BaseError('INVALID_ARGUMENT', 'Key hash must be "sha256:" and 64 lower-case hex digits (`accord keys create` prints it).', { field: `${field}.hash` })
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole))
      throw new BaseError('INVALID_ARGUMENT', `Key roles must be a non-empty list of ${ROLES.join(', ')}.`, { field: `${field}.roles` })
    let parsedQuota: KeyQuota | undefined
    if (quota !== undefined) {
      const q = (typeof quota === 'object' && quota !== null ? quota : null) as Record<string, unknown> | null
      if (!q || Object.keys(q).some((name) => !(QUOTA_FIELDS as readonly string[]).includes(name)))
        throw new BaseError('INVALID_ARGUMENT', `Key quota may only have ${QUOTA_FIELDS.join(', ')}.`, { field: `${field}.quota` })
      for (const name of QUOTA_FIELDS)
        if (q[name] !== undefined && !(Number.isInteger(q[name]) && (q[name] as number) >= 0))
          throw new BaseError('INVALID_ARGUMENT', `${name} must be a whole number ≥ 0.`, { field: `${field}.quota.${name}` })
      parsedQuota = q as KeyQuota
    }
    return { id, hash, roles: [...new Set(roles)], ...(parsedQuota ? { quota: parsedQuota } : {}) }
  })
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new BaseError('INVALID_ARGUMENT', `${source} is not valid JSON: ${(error as Error).message}`, { field: source })
  }
}

export interface LoadApiKeysParameters {
  readonly file?: string
  readonly env?: NodeJS.ProcessEnv
}

/** Keys from the file (if given, else $ACCORD_API_KEYS_FILE) and from $ACCORD_API_KEYS; ids must be unique across both. */
export async function loadApiKeys({ file, env = process.env }: LoadApiKeysParameters = {}): Promise<ApiKeyRecord[]> {
  const records: ApiKeyRecord[] = []
  const path = file ?? env.ACCORD_API_KEYS_FILE
  if (path !== undefined && path !== '') {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      throw new BaseError('INVALID_ARGUMENT', `Cannot read the keys file: ${(error as Error).message}`, { field: '--keys-file' })
    }
    records.push(...parseApiKeys(parseJson(text, '--keys-file'), '--keys-file'))
  }
  if (env.ACCORD_API_KEYS !== undefined && env.ACCORD_API_KEYS.trim() !== '')
    records.push(...parseApiKeys(parseJson(env.ACCORD_API_KEYS, 'ACCORD_API_KEYS'), 'ACCORD_API_KEYS'))
  const seen = new Set<string>()
  for (const record of records) {
    if (seen.has(record.id)) throw new BaseError('INVALID_ARGUMENT', `Key id "${record.id}" is defined in both the keys file and ACCORD_API_KEYS.`, { field: 'ACCORD_API_KEYS' })
    seen.add(record.id)
  }
  return records
}
