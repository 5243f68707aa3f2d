// Cross-origin requests (CORS, the Fetch standard's "CORS protocol"): which web origins' pages may call
// the service from a browser, through @fastify/cors. Off unless origins are configured
// (`--cors-origins` / ACCORD_CORS_ORIGINS): a comma list of exact origins, or `*` for any page (safe for
// the public quote role: browsers send no credentials to `*`, and keys travel in headers a page sets itself).
import fastifyCors from '@fastify/cors'
import type { FastifyPluginAsync } from 'fastify'
import fastifyPlugin from 'fastify-plugin'
import { BaseError } from '../../solver/errors.ts'

/** `*` (any origin) or the exact origins allowed, e.g. `https://app.example`. */
export type CorsOrigins = '*' | readonly string[]

/** Headers a page may read from responses (the cache flag, rate-limit and back-off hints). */
const EXPOSED_HEADERS = ['x-accord-cache', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']

/** Parses `*` or a comma list of origins (scheme://host[:port], no path); `none` or empty is off. */
export function parseCorsOrigins(text: string | undefined, field = '--cors-origins'): CorsOrigins | undefined {
  if (text === undefined) return undefined
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '')
  if (items.length === 0 || (items.length === 1 && items[0] === 'none')) return undefined
  if (items.includes('*')) return '*'
  for (const item of items) {
    let origin: string | undefined
    try {
      origin = new URL(item).origin
    } catch {
      origin = undefined
    }
    if (origin === undefined || origin === 'null' || origin !== item.replace(/\/$/, ''))
      throw new BaseError('INVALID_ARGUMENT', `CORS origin must be scheme://host[:port] (e.g. https://app.example) or *, got "${item}".`, { field })
  }
  return items.map((item) => item.replace(/\/$/, ''))
}

const cors: FastifyPluginAsync<{ origins: CorsOrigins }> = async (app, { origins }) => {
  await app.register(fastifyCors, {
    origin: origins === '*' ? '*' : [...origins],
    methods: ['GET', 'HEAD', 'POST'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    // Answer preflights before authentication and rate limiting see them.
    hook: 'onRequest',
  })
}

/** Registers CORS on the whole service (fastify-plugin: its hooks apply to every route). */
export const corsPlugin = fastifyPlugin(cors, { name: 'accord-cors', fastify: '5.x' })
