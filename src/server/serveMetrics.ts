// `accord serve --metrics-port N`: GET /metrics on a listener of its own, without a key, so Prometheus
// scrapes it on a private interface (default loopback) while the public port keeps /metrics behind a
// key with the `metrics` role. Nothing else is served there; every other request gets a coded 404.
import Fastify, { type FastifyInstance } from 'fastify'
import { ApiError, toApiErrorResponse } from './errorCatalogue.ts'
import { handleClientError } from './lifecycle/handleClientError.ts'
import { PROMETHEUS_CONTENT_TYPE } from './serverMetrics.ts'

export interface ServeMetricsParameters {
  /** The service's GET /metrics text (buildServer's `renderMetrics`). */
  readonly render: () => string
  readonly host: string
  /** 0 picks a free port. */
  readonly port: number
}

export interface ServeMetricsReturnType {
  readonly url: string
  close(): Promise<void>
}

export async function serveMetrics({ render, host, port }: ServeMetricsParameters): Promise<ServeMetricsReturnType> {
  const app: FastifyInstance = Fastify({ logger: false, clientErrorHandler: handleClientError, requestTimeout: 10_000 })
  app.get('/metrics', async (_request, reply) => reply.type(PROMETHEUS_CONTENT_TYPE).send(render()))
  app.setNotFoundHandler((request, reply) => {
    const { statusCode, body } = toApiErrorResponse(new ApiError('ROUTE_NOT_FOUND', `Only GET /metrics is served on this port, not ${request.method} ${request.url.split('?')[0]}.`, 'url'))
    return reply.code(statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body))
  })
  const url = await app.listen({ host, port })
  return { url, close: () => app.close() }
}
