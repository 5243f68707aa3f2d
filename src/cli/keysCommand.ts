// `accord keys create`: makes a new API key, prints it once, and prints the entry (hash, roles) to add
// to the service's keys file or $ACCORD_API_KEYS. The service never stores the key itself.
import { BaseError } from '../../solver/errors.ts'
import { generateApiKey, hashApiKey } from '../server/auth/hashApiKey.ts'
import { parseApiKeys } from '../server/auth/loadApiKeys.ts'
import { ROLES } from '../server/auth/roles.ts'
import { defineCommand } from './command.ts'
import { EXIT_OK } from '../config/exitCodes.ts'

const usage = `Usage: accord keys create --id NAME --role ROLE [--role ROLE …] [--requests-per-minute N] [--planner-ms-per-minute N]

Creates an API key for \`accord serve\`. Prints the key (give it to the client; it is not shown again)
and the JSON entry to append to the "keys" list of the keys file (--keys-file) or $ACCORD_API_KEYS.

Roles: ${ROLES.join(', ')}.
Clients send the key as \`Authorization: Bearer KEY\` (or \`X-API-Key: KEY\`).

Options:
  --id NAME                    key name, for logs and quotas
  --role ROLE                  a role the key holds (repeatable)
  --requests-per-minute N      request quota of this key (default: the server's rate limit)
  --planner-ms-per-minute N    planner time quota of this key (default: the server's)
  --max-queued-jobs N          batch jobs queued at once (default: the server's)
  --max-queued-intents N       intents in queued batch jobs at once (default: the server's)
  -h, --help                   show this help`

export const keysCommand = defineCommand({
  name: 'keys',
  summary: 'create API keys for the HTTP service',
  usage,
  json: false,
  positionals: true,
  options: {
    id: { type: 'string' },
    role: { type: 'string', multiple: true },
    'requests-per-minute': { type: 'string' },
    'planner-ms-per-minute': { type: 'string' },
    'max-queued-jobs': { type: 'string' },
    'max-queued-intents': { type: 'string' },
  },
  async run({ values, positionals, io }) {
    if (positionals[0] !== 'create' || positionals.length !== 1) throw new BaseError('INVALID_ARGUMENT', 'Expected `accord keys create …`.', { field: 'command' })
    const quota: Record<string, number> = {}
    for (const [flag, name] of [
      ['requests-per-minute', 'requestsPerMinute'],
      ['planner-ms-per-minute', 'plannerMsPerMinute'],
      ['max-queued-jobs', 'maxQueuedJobs'],
      ['max-queued-intents', 'maxQueuedIntents'],
    ] as const) {
      const value = values[flag]
      if (value !== undefined) quota[name] = Number(value)
    }
    const key = generateApiKey()
    const entry = { id: values.id, hash: hashApiKey(key), roles: values.role ?? [], ...(Object.keys(quota).length > 0 ? { quota } : {}) }
    // The same validation the server applies when it loads the entry.
    parseApiKeys([entry], '--id/--role')
    io.stdout(`key:   ${key}`)
    io.stdout(`entry: ${JSON.stringify(entry)}`)
    return EXIT_OK
  },
})
