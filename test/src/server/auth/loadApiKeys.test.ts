// Key files and $ACCORD_API_KEYS: entries are validated with the field that is wrong; `accord keys
// create` prints a key whose entry the server accepts, and redaction keeps secrets out of status answers.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../../../src/cli/main.ts'
import { hashApiKey } from '../../../../src/server/auth/hashApiKey.ts'
import { loadApiKeys } from '../../../../src/server/auth/loadApiKeys.ts'
import { redactSecrets } from '../../../../src/server/auth/redactSecrets.ts'

const hash = hashApiKey('acc_example')

describe('loadApiKeys', () => {
  it('reads keys from a file and from ACCORD_API_KEYS', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'accord-keys-'))
    const file = join(dir, 'keys.json')
    await writeFile(file, JSON.stringify({ keys: [{ id: 'ops', hash, roles: ['market:write'] }] }))
    const keys = await loadApiKeys({ file, env: { ACCORD_API_KEYS: JSON.stringify([{ id: 'wallet', hash, roles: ['quote', 'batch'], quota: { maxQueuedJobs: 2 } }]) } })
    expect(keys.map((key) => [key.id, key.roles])).toEqual([
      ['ops', ['market:write']],
      ['wallet', ['quote', 'batch']],
    ])
  })

  it('names the wrong field', async () => {
    const attempt = (value: unknown) => loadApiKeys({ env: { ACCORD_API_KEYS: JSON.stringify(value) } })
    await expect(attempt([{ id: 'a', hash: 'plain-text-key', roles: ['quote'] }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'ACCORD_API_KEYS[0].hash' })
    await expect(attempt([{ id: 'a', hash, roles: ['admin'] }])).rejects.toMatchObject({ field: 'ACCORD_API_KEYS[0].roles' })
    await expect(attempt([{ id: 'a', hash, roles: ['quote'], quota: { requestsPerMinute: -1 } }])).rejects.toMatchObject({ field: 'ACCORD_API_KEYS[0].quota.requestsPerMinute' })
    await expect(attempt([{ id: 'a', hash, roles: ['quote'] }, { id: 'a', hash, roles: ['quote'] }])).rejects.toMatchObject({ field: 'ACCORD_API_KEYS[1].id' })
    await expect(loadApiKeys({ env: { ACCORD_API_KEYS: '{' } })).rejects.toMatchObject({ field: 'ACCORD_API_KEYS' })
  })

  it('accord keys create prints a key and the entry holding its hash', async () => {
    const out: string[] = []
    const code = await main(['keys', 'create', '--id', 'ops', '--role', 'market:write', '--role', 'metrics', '--requests-per-minute', '60'], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) })
    expect(code).toBe(0)
    const key = /^key: +(\S+)$/m.exec(out.join('\n'))?.[1] ?? ''
    const entry = JSON.parse(/^entry: (.+)$/m.exec(out.join('\n'))?.[1] ?? 'null') as { hash: string }
    expect(entry).toEqual({ id: 'ops', hash: hashApiKey(key), roles: ['market:write', 'metrics'], quota: { requestsPerMinute: 60 } })
    const keys = await loadApiKeys({ env: { ACCORD_API_KEYS: JSON.stringify([entry]) } })
    expect(keys[0]?.hash).toBe(hashApiKey(key))
    const bad = await main(['keys', 'create', '--id', 'x', '--role', 'root'], { stdout: () => {}, stderr: () => {} })
    expect(bad).toBe(2)
  })
})

describe('redactSecrets', () => {
  it('drops signed transactions and RPC URLs, keeps hashes and addresses', () => {
    const signed = `0x02f8${'ab'.repeat(120)}`
    const txHash = `0x${'cd'.repeat(32)}`
    const status = {
      id: 'ex-1',
      error: { code: 'INTERNAL', message: `HTTP request failed. URL: http://127.0.0.1:8545 Request body: {"params":["${signed}"]}` },
      transactions: [{ hash: txHash, raw: signed, to: '0x833589fcd6edb6e08f4c7c32d4f71b54bda02913' }],
      amount: 5n,
    }
    const redacted = JSON.stringify(redactSecrets(status))
    expect(redacted).not.toContain('127.0.0.1:8545')
    expect(redacted).not.toContain(signed.slice(0, 80))
    expect(redacted).toContain(txHash)
    expect(redacted).toContain('0x833589fcd6edb6e08f4c7c32d4f71b54bda02913')
    expect(redacted).toContain('"amount":"5"')
  })
})
