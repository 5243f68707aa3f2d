// GET /metrics: Prometheus text format (request counts and latencies, cache lookups, planner time).
// The request hooks that feed it are installed by buildServer on the root instance.
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { MarketStore } from '../marketStore.ts'
import type { QuoteCache } from '../quoteCache.ts'
import { PROMETHEUS_CONTENT_TYPE, type ServerMetrics } from '../serverMetrics.ts'

export interface MetricsRoutesOptions {
  readonly store: MarketStore
  readonly cache: QuoteCache
  readonly metrics: ServerMetrics
}

export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (app, { store, cache, metrics }) => {
  app.get(
    '/metrics',
    {
      config: { rateLimit: false, role: 'metrics' },
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics',
        produces: ['text/plain'],
        response: { 200: Type.String({ description: 'Prometheus text exposition format 0.0.4' }) },
      },
    },
    async (_request, reply) =>
      reply.type(PROMETHEUS_CONTENT_TYPE).send(metrics.render({ cacheEntries: cache.size, marketVersion: store.current.version })),
  )
}
