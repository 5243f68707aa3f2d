// The package as a user gets it: `npm pack` (dist/ built), unpacked in a temporary folder, installed
// with `npm ci --omit=dev` (no anvil, solc, contract artifacts or tsx), then:
// `npm start` serves quotes (compiled code, quote worker threads included) and stops with its server
// on SIGTERM (no orphan); the Dockerfile's CMD, run as it is, exits 0 on SIGTERM; the library
// example runs against `import … from 'accord'` and prints the quote the source planner computes;
// the published types check a consumer's TypeScript (and reject a wrong call).
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { promisify } from 'node:util'
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadMarketFile } from '../../src/market/loadMarketFile.ts'
import { DEFAULT_MARKET_FILE } from '../../src/config/defaults.ts'
import { quoteIntent } from '../../solver/plan/quoteIntent.ts'
import { resolveIntentRequest } from '../../solver/plan/resolveIntentRequest.ts'
import { serializeQuoteResult, type SerializedQuote } from '../../src/format/serializePlan.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const NPM_ENV = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }
let dir: string

/** Newest .ts modification time under src/ and solver/ (bin/accord.mjs uses the same rule). */
function newestSource(): number {
  let newest = 0
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(join(path, entry.name))
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(join(path, entry.name)).mtimeMs)
    }
  }
  visit(join(ROOT, 'src'))
  visit(join(ROOT, 'solver'))
  return newest
}

/**
 * Starts a command in the unpacked package and resolves with the URL its banner prints. In a process
 * group of its own, as a shell or container runtime starts it: npm's signal handling then reaches
 * only the service, never the test runner.
 */
function startService(command: string, args: string[]): Promise<{ child: ChildProcess; url: string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  const child = spawn(command, args, { cwd: dir, env: { ...NPM_ENV, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ACCORD_QUOTE_WORKERS: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  return new Promise((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) resolve({ child, url: match[1]!, exited })
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    void exited.then(({ code }) => reject(new Error(`${command} ${args.join(' ')} exited ${code} before listening:\n${output}`)))
  })
}

/** Processes whose working directory is the unpacked package (what an orphaned server would be). */
function processesIn(folder: string): number[] {
  const pids: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      if (readlinkSync(`/proc/${name}/cwd`) === folder) pids.push(Number(name))
    } catch {
      // gone, or not ours to read
    }
  }
  return pids
}

const README_INTENT = { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '1000', deadlineSeconds: 600 }

/** Runs a command without blocking the test worker (a long synchronous one stalls vitest's RPC). */
const run = promisify(execFile)

/** Runs a command to its end: exit status and output, whatever the status. */
function runToEnd(command: string, args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('close', (status) => resolve({ status, stdout, stderr }))
  })
}

/** Builds dist/ if it is stale, packs the package, unpacks it in a temporary folder and installs it. */
async function installPackedCopy(): Promise<void> {
  const stamp = join(ROOT, 'dist/.built')
  if (!existsSync(stamp) || statSync(stamp).mtimeMs < newestSource()) await run(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT })
  dir = mkdtempSync(join(tmpdir(), 'accord-package-'))
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, env: NPM_ENV, maxBuffer: 64 * 1024 * 1024 })
  const packed = JSON.parse(stdout) as Array<{ filename: string }>
  await run('tar', ['-xzf', join(dir, packed[0]!.filename), '--strip-components=1', '-C', dir])
  // npm ci needs the lock file, which npm pack leaves out.
  copyFileSync(join(ROOT, 'package-lock.json'), join(dir, 'package-lock.json'))
  await run('npm', ['ci', '--omit=dev'], { cwd: dir, env: NPM_ENV, maxBuffer: 64 * 1024 * 1024 })
}

// The install takes minutes on a loaded machine: it runs in the background and a series of hooks wait
// for it, each for at most 40 s, so no task comes near vitest's 60 s worker RPC timeout.
let installed: Promise<void>
beforeAll(() => {
  installed = installPackedCopy()
  installed.catch(() => {})
})
for (let i = 0; i < 20; i++) beforeAll(() => Promise.race([installed, new Promise((resolve) => setTimeout(resolve, 40_000))]), 50_000)
beforeAll(() => installed, 50_000)

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the package installed with npm ci --omit=dev', () => {
  it('ships compiled code and none of the devnet tools', async () => {
    expect(existsSync(join(dir, 'dist/src/index.js'))).toBe(true)
    expect(existsSync(join(dir, 'dist/src/index.d.ts'))).toBe(true)
    expect(existsSync(join(dir, 'src'))).toBe(false)
    // (typescript itself is there: viem declares it as a peer dependency.)
    for (const heavy of ['@foundry-rs/anvil', 'solc', '@uniswap/v2-core', '@uniswap/v3-periphery', 'tsx', 'esbuild'])
      expect(existsSync(join(dir, 'node_modules', heavy)), heavy).toBe(false)
    const megabytes = Number((await run('du', ['-sm', join(dir, 'node_modules')])).stdout.split('\t')[0])
    console.log(`runtime node_modules: ${megabytes} MB`)
  })

  it('npm start serves quotes and the page, and SIGTERM to npm stops the server too', async () => {
    const { child, url, exited } = await startService('npm', ['start'])
    try {
      const quote = await fetch(`${url}/v1/quote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(README_INTENT) })
      expect(quote.status).toBe(200)
      expect(((await quote.json()) as { plan: { steps: unknown[] } }).plan.steps.length).toBeGreaterThan(0)
      const page = await fetch(`${url}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<svg id="graph"')
      expect(processesIn(dir).length).toBeGreaterThan(0)
    } finally {
      child.kill('SIGTERM')
    }
    await exited
    // Nothing keeps running in the package folder, and the port is closed.
    for (let i = 0; i < 50 && processesIn(dir).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(processesIn(dir)).toEqual([])
    await expect(fetch(`${url}/health`)).rejects.toThrow()
  }, 120_000)

  it("the Dockerfile's CMD serves and exits 0 on SIGTERM", async () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))
    const [command, ...args] = JSON.parse(cmd![1]!) as string[]
    expect(command).toBe('node')
    const { child, url, exited } = await startService(process.execPath, args)
    expect((await fetch(`${url}/health`)).status).toBe(200)
    child.kill('SIGTERM')
    expect(await exited).toEqual({ code: 0, signal: null })
  }, 120_000)

  it('runs the library example with import from "accord", printing the quote the source computes', async () => {
    const result = await runToEnd(process.execPath, ['examples/quote.mjs', '1000'], dir)
    expect(result.status, result.stderr).toBe(0)
    const printed = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { expectedAmountOut: { raw: string }; outcomeProbability: number }
    const market = await loadMarketFile(DEFAULT_MARKET_FILE)
    const intent = resolveIntentRequest(market, { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '1000', deadlineSeconds: 600 })
    const expected = serializeQuoteResult(market, quoteIntent(market, intent), { intent }) as SerializedQuote
    expect(printed.expectedAmountOut.raw).toBe(expected.expectedAmountOut.raw)
    expect(printed.outcomeProbability).toBe(expected.outcomeProbability)
    const bad = await runToEnd(process.execPath, ['examples/quote.mjs', '12.3.4'], dir)
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('INVALID_AMOUNT')
  }, 120_000)

  it("types a consumer's TypeScript through the package's exports", async () => {
    writeFileSync(
      join(dir, 'consumer.mts'),
      [
        "import { loadMarket, quoteIntent, resolveIntentRequest, type Market, type QuoteIntentReturnType } from 'accord'",
        'const market: Market = await loadMarket()',
        "const intent = resolveIntentRequest(market, { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '1000' })",
        'const result: QuoteIntentReturnType = quoteIntent(market, intent)',
        "if (result.status === 'ok') console.log(result.plan.expectedAmountOutRaw + 1n)",
        '// @ts-expect-error the amount is a decimal string',
        "resolveIntentRequest(market, { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: 1000 })",
        '',
      ].join('\n'),
    )
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc')
    const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types'), 'consumer.mts']
    const result = await runToEnd(process.execPath, [tsc, ...args], dir)
    expect(result.status, result.stdout).toBe(0)
  }, 300_000)
})
