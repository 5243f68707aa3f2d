// `accord plan FILE` as a user runs it (a child process through bin/accord.mjs): the README example
// gives the library's plan as JSON, an unmeetable goal exits 1 with its reason, a bad file exits 2.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { planCompositeIntent } from '../../../solver/composite/planCompositeIntent.ts'
import { resolveCompositeRequest, type CompositeIntentRequest } from '../../../solver/composite/resolveCompositeRequest.ts'
import { serializeCompositeResult } from '../../../src/format/serializeCompositePlan.ts'
import { parseMarketJson } from '../../../src/market/parseMarket.ts'

const bin = fileURLToPath(new URL('../../../bin/accord.mjs', import.meta.url))
const example = fileURLToPath(new URL('../../../fixtures/intents/composite-example.json', import.meta.url))
const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [bin, ...args], { timeout: 120_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('accord plan', () => {
  it('prints the library plan for the README example, a reason for an unmeetable goal, and rejects a bad file', { timeout: 120_000 }, async () => {
    const { code, stdout } = await run('plan', example, '--json')
    expect(code).toBe(0)
    const market = parseMarketJson(await readFile(fileURLToPath(new URL('../../../fixtures/markets/devnet-composite.json', import.meta.url)), 'utf8'))
    const request = JSON.parse(await readFile(example, 'utf8')) as CompositeIntentRequest
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(serializeCompositeResult(market, planCompositeIntent(market, resolveCompositeRequest(market, request))))))

    const dir = await mkdtemp(join(tmpdir(), 'accord-plan-'))
    try {
      const tooMuch = join(dir, 'too-much.json')
      await writeFile(tooMuch, JSON.stringify({ ...request, goals: [request.goals[0], { ...request.goals[1], amount: '40' }] }))
      const unmet = await run('plan', tooMuch)
      expect(unmet.code).toBe(1)
      expect(unmet.stderr).toMatch(/Goal loan: borrowing 40 WETH on devnet-c needs health factor/)
      const bad = join(dir, 'bad.json')
      await writeFile(bad, JSON.stringify({ ...request, goals: [{ ...request.goals[0], kind: 'stake' }] }))
      const invalid = await run('plan', bad, '--json')
      expect(invalid.code).toBe(2)
      expect(JSON.parse(invalid.stdout).error.field).toMatch(/^intent\.goals\[0\]|^goals\[0\]/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
