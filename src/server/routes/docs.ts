// GET /docs: the OpenAPI 3.1 document (/docs/json, /docs/yaml) built from the routes' TypeBox schemas,
// and Swagger UI to browse it. Wrapped with fastify-plugin so @fastify/swagger's onRoute hook sees
// every route registered after it; register it first.
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { FastifyPluginAsync } from 'fastify'
import fastifyPlugin from 'fastify-plugin'

export interface DocsPluginOptions {
  readonly version: string
}

const docs: FastifyPluginAsync<DocsPluginOptions> = async (app, { version }) => {
  await app.register(fastifySwagger, {
    openapi: {
      // 3.1: JSON Schema 2020-12 keywords (`type: null`, `const`) are valid as they are.
      openapi: '3.1.0',
      info: {
        title: 'Accord quote service',
        version,
        description:
          'Plans swaps and bridge transfers across networks that maximise the probability of reaching the intended outcome. Every client error is a 4xx with `{ code, message, field }`.',
      },
      // API keys (see authPlugin): `Authorization: Bearer KEY`; routes list the role they need.
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An Accord API key (`accord keys create`); also accepted as `X-API-Key: KEY`' } } },
      tags: [
        { name: 'quote', description: 'Plan intents' },
        { name: 'market', description: 'The market being quoted on' },
        { name: 'operations', description: 'Health and metrics' },
        { name: 'lifi', description: 'LI.FI-compatible API (`@lifi/sdk` with `apiUrl` = this server + `/lifi/v1`)' },
      ],
    },
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { docExpansion: 'list', deepLinking: true } })
}

export const docsPlugin = fastifyPlugin(docs, { name: 'accord-docs', fastify: '5.x' })
