// `accord batch` as a user runs it: a child process through bin/accord.mjs on an intent file with a
// bad entry; the valid intents are solved, the bad one reported, JSON written to --out.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const bin = fileURLToPath(new URL('../../../bin/accord.mjs', import.meta.url))
const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [bin, ...args], { timeout: 120_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-batch-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('accord batch', () => {
  it('solves the valid intents of a file, reports the invalid one, shows progress and writes --out', async () => {
    const file = join(dir, 'batch.json')
    await writeFile(
      file,
      JSON.stringify({
        name: 'mixed',
        market: 'small.json',
        intents: [
          { id: 'buy', from: { chain: 'base', token: 'USDC' }, to: { chain: 'base', token: 'WETH' }, amount: '50000' },
          { id: 'typo', from: { chain: 'base', token: 'USDC' }, to: { chain: 'base', token: 'WETH' }, amount: '10', colour: 'red' },
          { id: 'sell', from: { chain: 'base', token: 'WETH' }, to: { chain: 'base', token: 'USDC' }, amount: '10' },
        ],
      }),
    )
    const out = join(dir, 'out.json')
    const result = await run('batch', file, '--out', out)
    expect(result.code).toBe(1) // one intent invalid
    expect(result.stderr).toMatch(/\[#{30}\] 3\/3/)
    expect(result.stdout).toMatch(/3 intents, 2 solved, 0 unmet, 1 invalid/)
    expect(result.stdout).toMatch(/typo {2}invalid {2}\[INVALID_INTENT\]/)
    const written = JSON.parse(await readFile(out, 'utf8')) as {
      summary: { nettedPairs: number }
      results: Array<{ id: string; status: string; error?: { field: string | null }; netting?: unknown[] }>
    }
    expect(written.results.map((item) => [item.id, item.status])).toEqual([
      ['buy', 'ok'],
      ['typo', 'invalid'],
      ['sell', 'ok'],
    ])
    expect(written.results[1]?.error?.field).toBe('intents[1].colour')
    expect(written.summary.nettedPairs).toBe(1)
  }, 120_000)

  it('rejects a missing file with exit code 2 and documents itself', async () => {
    const missing = await run('batch', join(dir, 'missing.json'))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/INVALID_JSON/)
    const help = await run('batch', '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/--out FILE/)
  }, 60_000)
})
