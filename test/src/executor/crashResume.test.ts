// Issue 5, executor test 4 (crash) and 5 (conservation): `accord execute` runs as a child process
// against the devnet and is SIGKILLed mid-route — right after it journalled a signed deposit it had
// not broadcast yet, right after it broadcast a swap, and at a moment picked by watching its journal.
// `accord execute --resume ID` then finishes, and the chains show exactly one transaction per
// journalled transaction: nothing was sent twice. And (issue 13) when the destination's node stops
// answering mid-route, `execute --json` exits with a JSON error naming the execution, a stable code
// and the resume command — no raw viem text, no signed transaction — and the resume finishes.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { readFile, writeFile } from 'node:fs/promises'
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { foldJournal } from '../../../src/executor/foldJournal.ts'
import { parseJournal, readJournal } from '../../../src/executor/journal.ts'
import type { ExecutionOutcome } from '../../../src/executor/outcome.ts'
import { expectConservation, expectConservationAcrossAccounts, verifyStepsOnChain } from './executorAssertions.ts'
import { blockNumbers, sentTransactions, startExecutorDevnet, tokenBalances, type ExecutorDevnet } from '../../../src/devnet/testing/executorDevnet.ts'

const bin = fileURLToPath(new URL('../../../bin/accord.mjs', import.meta.url))
let x: ExecutorDevnet

beforeAll(async () => {
  x = await startExecutorDevnet()
})
afterAll(async () => {
  await x?.stop()
})
afterEach(async () => {
  await x.reset()
})

interface Accord {
  readonly child: ChildProcess
  readonly output: { stdout: string; stderr: string }
  readonly exited: Promise<number | null>
}

function accord(args: string[], env: Record<string, string> = {}): Accord {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const output = { stdout: '', stderr: '' }
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output, exited }
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`timed out waiting for ${what}`)
}

const common = (journalDir: string) => ['--devnet-dir', x.dir, '--journal-dir', journalDir]
const startArgs = (journalDir: string, id: string) => [
  'execute',
  ...common(journalDir),
  '--from',
  'devnet-a:USDT',
  '--to',
  'devnet-c:WETH',
  '--amount',
  '2000',
  '--deadline',
  '300',
  '--id',
  id,
  '--json',
]

/** Kills the first run at `killWhen`, resumes it, and checks the chains against the journal. */
async function crashAndResume(id: string, killWhen: (run: Accord, journal: string) => Promise<void>, env: Record<string, string> = {}, resumers = 1) {
  const journalDir = await x.journalDir()
  const journal = join(journalDir, `${id}.jsonl`)
  const before = await tokenBalances(x, x.user.address)
  const since = await blockNumbers(x)

  const first = accord(startArgs(journalDir, id), env)
  await killWhen(first, journal)
  first.child.kill('SIGKILL')
  await first.exited
  const killedAt = parseJournal(await readFile(journal, 'utf8'))
  expect(killedAt.some((record) => record.type === 'outcome')).toBe(false)

  const runs = Array.from({ length: resumers }, () => accord(['execute', ...common(journalDir), '--resume', id, '--json']))
  const resumes = await Promise.all(runs.map((run) => run.exited))
  const second = runs[resumes.indexOf(0)]
  expect(second, runs.map((run) => run.output.stdout + run.output.stderr).join('\n')).toBeDefined()
  for (const [i, run] of runs.entries())
    if (resumes[i] !== 0) {
      const refusal = JSON.parse(run.output.stdout) as { error: { message: string; executionId: string; code: string } }
      expect(refusal.error.message).toMatch(new RegExp(`^Execution ${id}: already running in process \\d+`))
      expect(refusal.error.executionId).toBe(id)
    }
  const outcome = JSON.parse(second!.output.stdout) as ExecutionOutcome
  const after = await tokenBalances(x, x.user.address)

  expect(outcome.reached, outcome.summary).toBe(true)
  expect(outcome.executionId).toBe(id)
  // Nothing sent twice: the chains hold exactly the journal's mined transactions, one per nonce.
  const records = await readJournal(journal)
  const state = foldJournal(records)
  const mined = [...state.transactions.values()].filter((tx) => tx.status === 'success' || tx.status === 'reverted')
  const sent = await sentTransactions(x, x.user.address, since)
  expect(sent.map((tx) => tx.hash).sort()).toEqual(mined.map((tx) => tx.hash).sort())
  expect(new Set(sent.map((tx) => `${tx.chainId}:${tx.nonce}`)).size).toBe(sent.length)
  // One swap or deposit per executed step, and each signed once.
  for (const step of outcome.steps) expect(step.transactions.filter((tx) => tx.purpose !== 'approve' && tx.status === 'success')).toHaveLength(1)
  const signed = records.filter((record) => record.type === 'step-sending')
  expect(new Set(signed.map((record) => (record.type === 'step-sending' ? record.hash : ''))).size).toBe(signed.length)

  await verifyStepsOnChain(x, outcome)
  expectConservation(outcome, before, after)
  await expectConservationAcrossAccounts(x, since, outcome)
  return { outcome, killedAt, records, resumes }
}

describe('accord execute: killed mid-route and resumed', () => {
  it('after journalling a signed deposit it never broadcast: the resume broadcasts those same bytes, once', async () => {
    const { killedAt, records, outcome } = await crashAndResume(
      'crash-unsent-deposit',
      async (run, journal) => {
        await until(() => run.output.stderr.includes('paused after step-sending'), 60_000, 'the pause after the deposit was signed')
        // While the first process lives, its lock keeps a resume out.
        const intruder = accord(['execute', '--devnet-dir', x.dir, '--journal-dir', join(journal, '..'), '--resume', 'crash-unsent-deposit', '--json'])
        expect(await intruder.exited).toBe(2)
        const refusal = JSON.parse(intruder.output.stdout) as { error: { message: string; executionId: string } }
        expect(refusal.error.message).toMatch(/^Execution crash-unsent-deposit: already running in process \d+/)
        expect(refusal.error.executionId).toBe('crash-unsent-deposit')
      },
      { ACCORD_EXECUTOR_PAUSE_AFTER: 'step-sending/deposit' },
    )
    const last = killedAt.at(-1)!
    expect(last.type).toBe('step-sending')
    if (last.type !== 'step-sending') return
    // The deposit on chain is the journalled, signed one: the same hash.
    const bridge = outcome.steps.find((step) => step.action === 'bridge')!
    expect(bridge.transactions.find((tx) => tx.purpose === 'deposit')!.hash).toBe(last.hash)
    expect(records.filter((record) => record.type === 'step-sending' && record.purpose === 'deposit')).toHaveLength(1)
  }, 120_000)

  it('after broadcasting the last swap: the resume finds its receipt and does not send it again', async () => {
    const { killedAt, outcome } = await crashAndResume(
      'crash-sent-swap',
      async (run) => {
        await until(() => run.output.stderr.includes('paused after step-sent'), 60_000, 'the pause after the second swap was broadcast')
      },
      { ACCORD_EXECUTOR_PAUSE_AFTER: 'step-sent#6' },
    )
    const last = killedAt.at(-1)!
    expect(last.type).toBe('step-sent')
    const lastSwap = outcome.steps.at(-1)!
    expect(lastSwap.action).toBe('swap')
    if (last.type === 'step-sent') expect(lastSwap.transactions.at(-1)!.hash).toBe(last.hash)
  }, 120_000)

  it('at an arbitrary moment (as soon as the bridge fill is journalled): the resume finishes the route', async () => {
    const { killedAt } = await crashAndResume('crash-after-fill', async (_run, journal) => {
      await until(async () => (await readFile(journal, 'utf8').catch(() => '')).includes('"bridge-filled"'), 60_000, 'the bridge fill in the journal')
    })
    expect(killedAt.some((record) => record.type === 'bridge-filled')).toBe(true)
  }, 120_000)

  it('four concurrent --resume of one execution: exactly one proceeds, the others say it is already running; no record is written twice', async () => {
    const { records, resumes } = await crashAndResume(
      'crash-concurrent-resume',
      async (run) => {
        await until(() => run.output.stderr.includes('paused after step-confirmed'), 60_000, 'the pause after the first swap was confirmed')
      },
      { ACCORD_EXECUTOR_PAUSE_AFTER: 'step-confirmed/swap' },
      4,
    )
    expect(resumes.filter((code) => code === 0)).toHaveLength(1)
    expect(resumes.filter((code) => code === 2)).toHaveLength(3)
    // Every state change is journalled once: one confirmation per transaction, one fill per deposit.
    const confirmed = records.filter((record) => record.type === 'step-confirmed').map((record) => (record.type === 'step-confirmed' ? record.hash : ''))
    expect(new Set(confirmed).size).toBe(confirmed.length)
    const fills = records.filter((record) => record.type === 'bridge-filled')
    expect(fills).toHaveLength(1)
    // Two owners in all (the killed first run, the one resume that proceeded), tokens increasing.
    const tokens = [...new Set(records.map((record) => record.token))]
    expect(tokens).toHaveLength(2)
    expect(tokens[1]!).toBeGreaterThan(tokens[0]!)
  }, 120_000)
})

/** A JSON-RPC pass-through to `target` that answers 503 to everything while `broken` is set. */
async function switchableRpc(target: string): Promise<{ url: string; broken: boolean; close(): Promise<void> }> {
  const upstream = new URL(target)
  const state = { broken: false }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (state.broken) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable')
      const body = Buffer.concat(chunks)
      const forward = httpRequest({ hostname: upstream.hostname, port: upstream.port, path: upstream.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (reply) => {
        const out: Buffer[] = []
        reply.on('data', (chunk: Buffer) => out.push(chunk))
        reply.on('end', () => res.writeHead(reply.statusCode ?? 502, { 'content-type': 'application/json' }).end(Buffer.concat(out)))
      })
      forward.on('error', () => res.destroy())
      forward.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  })
}

describe('accord execute --json when a node stops answering mid-route', () => {
  it('prints a JSON error with the execution id, a stable code and the resume command, without raw node text or signed bytes; the resume finishes', async () => {
    const id = 'fail-destination-rpc'
    const destination = x.devnet.chains[2]!
    const proxy = await switchableRpc(destination.rpcUrl)
    try {
      // The same devnet, with devnet-c reached through the switchable proxy.
      const devnetDir = await x.journalDir()
      const info = JSON.parse(await readFile(join(x.dir, 'devnet.json'), 'utf8')) as { chains: Array<{ chainId: number; rpcUrl: string }>; marketFile?: string }
      for (const chain of info.chains) if (chain.chainId === destination.chainId) chain.rpcUrl = proxy.url
      info.marketFile ??= join(x.dir, 'market.json')
      await writeFile(join(devnetDir, 'devnet.json'), JSON.stringify(info, null, 2))
      const journalDir = await x.journalDir()
      const journal = join(journalDir, `${id}.jsonl`)
      const before = await tokenBalances(x, x.user.address)
      const since = await blockNumbers(x)

      const args = startArgs(journalDir, id).map((arg) => (arg === x.dir ? devnetDir : arg))
      const first = accord(args)
      // Broken once the deposit is journalled: the executor is watching devnet-c for the fill.
      await until(async () => (await readFile(journal, 'utf8').catch(() => '')).includes('"depositId"'), 90_000, 'the confirmed deposit in the journal')
      proxy.broken = true
      // It gives up once its retries are spent (withRetry: 6, with backoff) rather than hang.
      const code = await Promise.race([first.exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 120_000))])
      if (code === 'still running') first.child.kill('SIGKILL')
      expect(code, first.output.stdout + first.output.stderr).not.toBe('still running')
      expect(code).not.toBe(0)
      const printed = JSON.parse(first.output.stdout) as { error: { code: string; message: string; executionId: string; resumeCommand?: string; details?: string } }
      expect(printed.error.executionId).toBe(id)
      expect(printed.error.code).toBe('RPC_UNAVAILABLE')
      expect(printed.error.message).toMatch(new RegExp(`^Execution ${id}: `))
      expect(printed.error.resumeCommand).toBe(`accord execute --resume ${id}`)
      // Nothing raw: no viem report (URL, request body, version), no stack, no signed transaction bytes.
      const text = first.output.stdout
      expect(text).not.toMatch(/Request body|Version: viem|URL: |\bat .*\.ts:\d+|Docs: /)
      const signed = (await readJournal(journal)).flatMap((record) => (record.type === 'step-sending' ? [record.raw] : []))
      expect(signed.length).toBeGreaterThan(0)
      for (const raw of signed) expect(text.includes(raw.slice(2, 66))).toBe(false)
      expect(text).not.toMatch(/0x[0-9a-f]{200,}/i)

      proxy.broken = false
      const resumed = accord(['execute', '--devnet-dir', devnetDir, '--journal-dir', journalDir, '--resume', id, '--json'])
      expect(await resumed.exited, resumed.output.stdout + resumed.output.stderr).toBe(0)
      const outcome = JSON.parse(resumed.output.stdout) as ExecutionOutcome
      const after = await tokenBalances(x, x.user.address)
      expect(outcome.reached, outcome.summary).toBe(true)
      await verifyStepsOnChain(x, outcome)
      expectConservation(outcome, before, after)
      await expectConservationAcrossAccounts(x, since, outcome)
    } finally {
      await proxy.close()
    }
  }, 300_000)
})
