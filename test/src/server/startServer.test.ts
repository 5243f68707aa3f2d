// The start path: `accord serve` (the package's start command) in a child process listens on the
// port it is given, prints its URL and a curl request, and that very request gets a quote; SIGTERM
// stops it cleanly. Bad options are usage errors.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { serveCommand } from '../../../src/cli/serveCommand.ts'
import { startServer } from '../../../src/server/startServer.ts'
import { SMALL_MARKET_FILE } from './helpers.ts'
import { parsePrometheusText, sampleValue } from './prometheusText.ts'

const ACCORD = fileURLToPath(new URL('../../../bin/accord.mjs', import.meta.url))

/** The URL and the JSON body of the curl example from the start banner. */
function parseBanner(text: string) {
  const url = /listening on (http:\/\/\S+)/.exec(text)?.[1]
  const body = /-d '(\{.*\})'/.exec(text)?.[1]
  return { url, body }
}

describe('accord serve', () => {
  it('prints a URL and an example request that works, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [ACCORD, 'serve', '--port', '0', '--market', SMALL_MARKET_FILE], {
      env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          stdout += chunk
          if (/-d '\{.*\}'/.test(stdout)) resolve()
        })
        void exited.then((code) => reject(new Error(`accord serve exited with ${code}: ${stderr}`)))
      })
      const { url, body } = parseBanner(stdout)
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const response = await fetch(`${url}/v1/quote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body! })
      expect(response.status).toBe(200)
      expect(((await response.json()) as { plan: { steps: unknown[] } }).plan.steps.length).toBeGreaterThan(0)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
  })

  it('reads HOST, PORT and ACCORD_MARKET from the environment', async () => {
    let stdout = ''
    const { app, url } = await startServer({
      env: { HOST: '127.0.0.1', PORT: '0', ACCORD_MARKET: SMALL_MARKET_FILE },
      logLevel: false,
      io: { stdout: (text) => (stdout += `${text}\n`), stderr: () => {} },
    })
    try {
      expect(parseBanner(stdout).url).toBe(url)
      expect(stdout).toContain('market "small"')
      expect((await fetch(`${url}/health`)).status).toBe(200)
    } finally {
      await app.close()
    }
  })

  // Issue 15: /metrics behind a key or on a separate port. The main port keeps it behind a `metrics`
  // key; --metrics-port serves it (and only it) without one, for a scraper on a private interface.
  it('serves /metrics without a key on --metrics-port, and only there', async () => {
    let stdout = ''
    const { app, url } = await startServer({
      env: { HOST: '127.0.0.1', PORT: '0', ACCORD_MARKET: SMALL_MARKET_FILE },
      service: { metricsPort: 0, quoteWorkers: 0 },
      logLevel: false,
      io: { stdout: (text) => (stdout += `${text}\n`), stderr: () => {} },
    })
    const metricsUrl = /Metrics \(no key needed\): (http:\/\/\S+)\/metrics/.exec(stdout)?.[1] as string
    try {
      expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(metricsUrl).not.toBe(url)
      expect((await fetch(`${url}/health`)).status).toBe(200)
      expect((await fetch(`${url}/metrics`)).status).toBe(401)
      const scraped = await fetch(`${metricsUrl}/metrics`)
      expect(scraped.status).toBe(200)
      const samples = parsePrometheusText(await scraped.text())
      expect(sampleValue(samples, 'accord_http_requests_total', { method: 'GET', route: '/health', status: '200' })).toBe(1)
      const other = await fetch(`${metricsUrl}/v1/market`)
      expect(other.status).toBe(404)
      expect(await other.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' })
    } finally {
      await app.close()
    }
    await expect(fetch(`${metricsUrl}/metrics`)).rejects.toThrow()
  })

  it.each([
    [['--port', 'eighty'], '--port'],
    [['--rate-limit', '-1'], '--rate-limit'],
    [['--colour'], '--colour'],
    [['--market', '/nonexistent/market.json', '--port', '0'], undefined],
  ])('refuses %j with exit code 2', async (argv, field) => {
    let stderr = ''
    const code = await serveCommand.run(argv, { stdout: () => {}, stderr: (text) => (stderr += text) })
    expect(code).toBe(2)
    if (field) expect(stderr).toContain(`(field: ${field})`)
    else expect(stderr).toContain('INVALID_MARKET')
  })

  it('prints its usage with --help', async () => {
    let stdout = ''
    expect(await serveCommand.run(['--help'], { stdout: (text) => (stdout += text), stderr: () => {} })).toBe(0)
    expect(stdout).toContain('Usage: accord serve')
  })
})
