// Issue 15: errors Node produced before routing had no `{code, message}` body, a text/plain body got
// 400 instead of the documented 415, slow-body sockets stayed open forever, and SIGTERM with batch jobs
// queued left the process running. Raw sockets send what a well-behaved client never would.
import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../../../src/server/buildServer.ts'
import { generateApiKey, hashApiKey } from '../../../../src/server/auth/hashApiKey.ts'
import { BASE_USDC_TO_ARB_WETH, loadSmallMarket, OPEN_AUTH, SMALL_MARKET_FILE } from '../helpers.ts'

let app: FastifyInstance
let port: number
beforeAll(async () => {
  app = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false, requestTimeoutMs: 300 })
  await app.listen({ host: '127.0.0.1', port: 0 })
  port = (app.server.address() as { port: number }).port
})
afterAll(async () => {
  await app.close()
})

/** Writes `text` to a fresh connection and resolves with everything the server sends until it closes. */
function rawExchange(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text))
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString()))
    socket.on('end', () => resolve(received))
    socket.on('error', reject)
  })
}

function parse(response: string): { status: number; body: unknown } {
  const [head = '', body = ''] = response.split('\r\n\r\n')
  return { status: Number(head.split(' ')[1]), body: JSON.parse(body) }
}

describe('errors before routing and timeouts', () => {
  it('answers text/plain with the documented 415', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/quote', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(BASE_USDC_TO_ARB_WETH) })
    expect(response.statusCode).toBe(415)
    expect(response.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'headers.content-type' })
  })

  it('answers both Transfer-Encoding and Content-Length with a coded 400', async () => {
    const response = parse(
      await rawExchange('POST /v1/quote HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'),
    )
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ code: 'INVALID_REQUEST' })
    expect(Object.keys(response.body as object).sort()).toEqual(['code', 'field', 'message'])
  })

  it('answers a malformed request line with a coded 400', async () => {
    const response = parse(await rawExchange('GARBAGE\r\n\r\n'))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ code: 'INVALID_REQUEST' })
  })

  it('closes a request whose body never arrives with 408 REQUEST_TIMEOUT', async () => {
    const response = parse(await rawExchange('POST /v1/quote HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"from"'))
    expect(response.status).toBe(408)
    expect(response.body).toMatchObject({ code: 'REQUEST_TIMEOUT' })
  })
})

describe('shutdown', () => {
  it('answers 503 SHUTTING_DOWN with a code to a request arriving on an open connection while closing', async () => {
    const closing = buildServer({ auth: OPEN_AUTH, market: loadSmallMarket(), rateLimit: false })
    await closing.listen({ host: '127.0.0.1', port: 0 })
    const closingPort = (closing.server.address() as { port: number }).port
    const arrived = new Promise<void>((resolve) => closing.server.once('request', () => resolve()))
    const body = JSON.stringify(BASE_USDC_TO_ARB_WETH)
    const socket = connect(closingPort, '127.0.0.1')
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString()))
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()))
    // The quote's headers and half its body; the rest, and a pipelined /health, once the close has begun.
    socket.write(`POST /v1/quote HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`)
    await arrived
    const closed = closing.close()
    socket.write(`${body.slice(10)}GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n`)
    await ended
    await closed
    const statuses = [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1]))
    expect(statuses).toEqual([200, 503])
    const last = received.slice(received.lastIndexOf('HTTP/1.1 503'))
    expect(last).toMatch(/retry-after: \d+/i)
    expect(JSON.parse(last.slice(last.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'SHUTTING_DOWN' })
  }, 60_000)

  it('exits on SIGTERM with batch jobs queued and running', async () => {
    const key = generateApiKey()
    const bin = fileURLToPath(new URL('../../../../bin/accord.mjs', import.meta.url))
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--market', SMALL_MARKET_FILE, '--quote-workers', '1'], {
      env: { ...process.env, LOG_LEVEL: 'warn', ACCORD_SHUTDOWN_GRACE_MS: '2000', ACCORD_API_KEYS: JSON.stringify([{ id: 't', hash: hashApiKey(key), roles: ['batch'] }]) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk) => {
        out += chunk.toString()
        const match = /listening on (http:\/\/\S+)/.exec(out)
        if (match) resolve(match[1] as string)
      })
      child.on('exit', () => reject(new Error(`serve exited early: ${out}`)))
    })
    const intents = Array.from({ length: 300 }, (_, i) => ({ id: `i${i}`, ...BASE_USDC_TO_ARB_WETH, amount: String(1000 + i) }))
    for (let i = 0; i < 3; i++) {
      const submitted = await fetch(`${url}/v1/batches`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ intents }) })
      expect(submitted.status).toBe(202)
    }
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 60_000)
})
