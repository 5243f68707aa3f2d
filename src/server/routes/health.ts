// GET /health: liveness and the market version being quoted on. Exempt from the rate limit.
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { MarketStore } from '../marketStore.ts'

export const HealthResponseSchema = Type.Object(
  { status: Type.Literal('ok'), marketVersion: Type.String(), uptimeSeconds: Type.Number() },
  { additionalProperties: false },
)

export interface HealthRoutesOptions {
  readonly store: MarketStore
}

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { store }) => {
  app.get(
    '/health',
    { config: { rateLimit: false }, schema: { tags: ['operations'], summary: 'Liveness', response: { 200: HealthResponseSchema } } },
    async () => ({ status: 'ok' as const, marketVersion: store.current.version, uptimeSeconds: Math.round(process.uptime()) }),
  )
}
