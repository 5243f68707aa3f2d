// `accord execute` and `accord demo` as a user runs them: real child processes through bin/accord.mjs.
// The demo brings up its own devnet, executes swap → bridge → swap and must report the intended state
// reached with the amounts its plan promised.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

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

describe('accord execute / accord demo', () => {
  it('documents both commands under --help and lists them in the overview', async () => {
    const execute = await run('execute', '--help')
    expect(execute.code).toBe(0)
    expect(execute.stdout).toMatch(/--resume ID/)
    expect(execute.stdout).toMatch(/--devnet-dir DIR/)
    const demo = await run('demo', '--help')
    expect(demo.code).toBe(0)
    expect(demo.stdout).toMatch(/accord demo --devnet/)
    const overview = await run('--help')
    expect(overview.stdout).toMatch(/execute/)
    expect(overview.stdout).toMatch(/demo/)
  })

  it('rejects bad input with exit code 2 and the offending flag', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'accord-execute-cli-'))
    try {
      const noDevnet = await run('execute', '--devnet-dir', dir, '--from', 'devnet-a:USDT', '--to', 'devnet-c:WETH', '--amount', '1', '--json')
      expect(noDevnet.code).toBe(2)
      expect(JSON.parse(noDevnet.stdout).error.message).toMatch(/No devnet file/)
      const noMode = await run('demo')
      expect(noMode.code).toBe(2)
      expect(noMode.stderr).toMatch(/--devnet/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('demo --devnet --json: quotes swap → bridge → swap, executes it and reports the intended state reached', async () => {
    const { code, stdout, stderr } = await run('demo', '--devnet', '--json')
    expect(code, stderr).toBe(0)
    const { plan, outcome } = JSON.parse(stdout)
    expect(plan.steps.map((step: { action: string }) => step.action)).toEqual(['swap', 'bridge', 'swap'])
    expect(outcome.reached).toBe(true)
    expect(outcome.steps.map((step: { action: string; status: string }) => [step.action, step.status])).toEqual([
      ['swap', 'confirmed'],
      ['bridge', 'filled'],
      ['swap', 'confirmed'],
    ])
    // Nothing else traded on the fresh devnet, so every step received exactly what the plan quoted.
    for (const [i, step] of outcome.steps.entries()) expect(step.received.raw).toBe(plan.steps[i].amountOut.raw)
    expect(outcome.delivered.raw).toBe(plan.expectedAmountOut.raw)
  }, 120_000)
})
