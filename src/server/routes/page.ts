// GET /: the route page (web/index.html, plain HTML, JavaScript and SVG, no build step): enter an
// intent or open a quote, see the plan as a graph of steps across networks, each step's timeline
// against the deadline and the output/probability/time frontier; executions update it live over
// server-sent events (GET /v1/executions/:id with Accept: text/event-stream). Files are read once.
import { readFile } from 'node:fs/promises'
import type { FastifyPluginAsync } from 'fastify'
import { packageFile } from '../../config/packagePaths.ts'

/** The page's files, by the URL path they are served at, and their media types. */
const FILES: ReadonlyArray<readonly [url: string, file: string, type: string]> = [
  ['/', 'web/index.html', 'text/html; charset=utf-8'],
  ['/page/app.js', 'web/app.js', 'text/javascript; charset=utf-8'],
  ['/page/style.css', 'web/style.css', 'text/css; charset=utf-8'],
]

/** The page's own scripts and styles only; it calls the API on the same origin. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

export const pageRoutes: FastifyPluginAsync = async (app) => {
  const contents = await Promise.all(FILES.map(([, file]) => readFile(packageFile(file))))
  FILES.forEach(([url, , type], i) => {
    const body = contents[i]!
    app.get(url, { config: { rateLimit: false }, schema: { hide: true } }, async (_request, reply) =>
      reply.type(type).header('content-security-policy', CONTENT_SECURITY_POLICY).header('cache-control', 'no-cache').send(body),
    )
  })
}
