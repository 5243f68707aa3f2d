// A small fault-injecting JSON-RPC proxy for the executor tests: forwards every request to a real
// node and, by counters (deterministic, no randomness), answers some with HTTP 503, cuts the
// connection of others without a reply, leaves others hanging (never forwarded, never answered), and
// replies to eth_sendRawTransaction only after a delay longer than the client waits (the node has
// accepted it; the client sees a time-out).
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FaultyRpcProxyOptions {
  /** Every n-th request is answered 503 without reaching the node (0: never). */
  readonly fail503Every?: number
  /** Every n-th request has its connection destroyed without a reply (0: never). */
  readonly dropEvery?: number
  /** Every n-th request is neither forwarded nor answered: the connection hangs until the client gives up (0: never). */
  readonly hangEvery?: number
  /** eth_sendRawTransaction is forwarded at once and its reply held back this long (0: not held). */
  readonly lateSendRawMs?: number
}

export interface FaultyRpcProxy {
  readonly url: string
  readonly counts: { requests: number; failed503: number; dropped: number; hung: number; lateReplies: number }
  close(): Promise<void>
}

export async function startFaultyRpcProxy(target: string, options: FaultyRpcProxyOptions): Promise<FaultyRpcProxy> {
  const upstream = new URL(target)
  const counts = { requests: 0, failed503: 0, dropped: 0, hung: 0, lateReplies: 0 }
  const timers = new Set<NodeJS.Timeout>()
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const n = ++counts.requests
      if (options.fail503Every && n % options.fail503Every === 0) {
        counts.failed503++
        res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable')
        return
      }
      if (options.dropEvery && n % options.dropEvery === 0) {
        counts.dropped++
        req.socket.destroy()
        return
      }
      if (options.hangEvery && n % options.hangEvery === 0) {
        counts.hung++
        return
      }
      const late = Boolean(options.lateSendRawMs) && body.includes('eth_sendRawTransaction')
      const forward = httpRequest(
        { hostname: upstream.hostname, port: upstream.port, path: upstream.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } },
        (reply) => {
          const out: Buffer[] = []
          reply.on('data', (chunk: Buffer) => out.push(chunk))
          reply.on('end', () => {
            const send = () => {
              if (res.destroyed) return
              res.writeHead(reply.statusCode ?? 502, { 'content-type': 'application/json' }).end(Buffer.concat(out))
            }
            if (!late) return send()
            counts.lateReplies++
            const timer = setTimeout(() => {
              timers.delete(timer)
              send()
            }, options.lateSendRawMs)
            timers.add(timer)
          })
        },
      )
      forward.on('error', () => res.destroy())
      forward.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    async close() {
      for (const timer of timers) clearTimeout(timer)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
