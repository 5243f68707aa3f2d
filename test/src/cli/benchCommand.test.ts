import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { benchCommand } from '../../../src/cli/benchCommand.ts'
import { EXIT_BAD_INPUT, EXIT_OK } from '../../../src/config/exitCodes.ts'

const out = mkdtempSync(join(tmpdir(), 'accord-bench-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

function capture() {
  const stdout: string[] = []
  const stderr: string[] = []
  return { io: { stdout: (text: string) => stdout.push(text), stderr: (text: string) => stderr.push(text) }, stdout, stderr }
}

describe('accord bench', () => {
  it('runs a suite with built-in and module planners and writes the report, JSON and charts', async () => {
    const { io, stdout } = capture()
    const code = await benchCommand.run(
      ['--suite', 'small', '--planners', 'accord,single-best-path', '--planner', 'bench/examples/my-planner.js', '--samples', '5', '--seed', '4', '--out', out, '--quiet', '--json'],
      io,
    )
    expect(code).toBe(EXIT_OK)
    for (const file of ['report.md', 'report.json', 'calibration-model.svg', 'calibration-flow.svg', 'output-vs-size.svg', 'latency-cdf.svg'])
      expect(existsSync(join(out, file)), file).toBe(true)
    const report = JSON.parse(stdout.join('\n'))
    expect(report.schema).toBe('accord-bench/1')
    expect(report.config.planners.map((p: { name: string }) => p.name)).toEqual(['accord', 'single-best-path', 'example-safest'])
    expect(report.config.suite.cases).toBe(8)
    expect(report.environment.command).toContain('--seed 4')
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).cases).toEqual(report.cases)
    const markdown = readFileSync(join(out, 'report.md'), 'utf8')
    expect(markdown).toContain('## Headline checks')
    expect(markdown).toContain('npx accord bench --suite small --planners accord,single-best-path --planner bench/examples/my-planner.js --samples 5 --seed 4')
    expect(readFileSync(join(out, 'latency-cdf.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/)
  }, 120_000)

  it('rejects bad options with exit code 2', async () => {
    for (const argv of [['--samples', '0'], ['--planners', 'nope'], ['--suite', 'no-such-suite']]) {
      const { io, stderr } = capture()
      expect(await benchCommand.run([...argv, '--out', out, '--quiet'], io)).toBe(EXIT_BAD_INPUT)
      expect(stderr.join('\n')).toMatch(/INVALID_ARGUMENT/)
    }
  })

  it('prints its usage', async () => {
    const { io, stdout } = capture()
    expect(await benchCommand.run(['--help'], io)).toBe(EXIT_OK)
    expect(stdout.join('\n')).toContain('--planner FILE')
  })
})
