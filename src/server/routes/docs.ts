// GET /docs: the OpenAPI 3.1 document (/docs/json, /docs/yaml) built from the routes' TypeBox schemas,
// and Swagger UI to browse it. Wrapped with fastify-plugin so @fastify/swagger's onRoute hook sees
// every route registered after it; register it first.
//
// On top of what the routes declare, the document gets: an `operationId` per operation (a client
// generator's method name), the shared schemas (amount, asset, step, plan, frontier, error, intent) as
// `components.schemas` that every use `$ref`s, and request examples computed from the market served,
// so Swagger UI's "Try it out" sends a body that the route accepts.
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { FastifyPluginAsync } from 'fastify'
import fastifyPlugin from 'fastify-plugin'
import type { Market } from '../../../solver/market/types.ts'
import { AssetRequestSchema, QuoteRequestSchema } from '../../market/intentSchema.ts'
import { exampleRequestBodies } from '../exampleRequests.ts'
import { ErrorResponseSchema, QuoteErrorResponseSchema } from '../schemas/errorSchema.ts'
import { AmountSchema, AssetSchema, FrontierPointSchema, PlanSchema, ScheduledStepSchema, StepSchema } from '../schemas/planSchema.ts'

export interface DocsPluginOptions {
  readonly version: string
  /** The market served: request examples are built on it (default: none). */
  readonly market?: Market
}

/** operationIds of the routes, by `METHOD /path` as fastify names it; others get one from method and path. */
const OPERATION_IDS: Readonly<Record<string, string>> = {
  'POST /v1/quote': 'createQuote',
  'GET /v1/quotes/:id': 'getQuote',
  'GET /v1/market': 'getMarket',
  'GET /v1/networks': 'listNetworks',
  'GET /v1/tokens': 'listTokens',
  'POST /v1/market/updates': 'updateMarket',
  'POST /v1/batches': 'createBatch',
  'GET /v1/batches/:id': 'getBatch',
  'POST /v1/executions': 'createExecution',
  'GET /v1/executions/:id': 'getExecution',
  'GET /health': 'getHealth',
  'GET /metrics': 'getMetrics',
}

/** `GET /lifi/v1/advanced/routes/:id` → `getLifiV1AdvancedRoutesById`. */
export function deriveOperationId(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((part) => part !== '')
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter((word) => word !== '')
  return [method.toLowerCase(), ...words.map((word) => word[0]!.toUpperCase() + word.slice(1))].join('')
}

/** Schemas shared by several operations, published once under components.schemas. Larger ones first. */
const SHARED_SCHEMAS: ReadonlyArray<readonly [string, object]> = [
  ['QuoteError', QuoteErrorResponseSchema],
  ['Plan', PlanSchema],
  ['QuoteRequest', QuoteRequestSchema],
  ['Step', StepSchema],
  ['ScheduledStep', ScheduledStepSchema],
  ['FrontierPoint', FrontierPointSchema],
  ['Error', ErrorResponseSchema],
  ['Asset', AssetSchema],
  ['AssetRequest', AssetRequestSchema],
  ['Amount', AmountSchema],
]

/** Examples shown for response schemas that Swagger UI would otherwise invent (a negative raw amount). */
const COMPONENT_EXAMPLES: Readonly<Record<string, unknown>> = {
  Amount: { raw: '1000000000', amount: '1000', symbol: 'USDC' },
  Asset: { chainId: 8453, chain: 'base', token: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', symbol: 'USDC', decimals: 6 },
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/**
 * JSON text with sorted keys, in the form @fastify/swagger writes schemas (`const: x` as `enum: [x]`),
 * without the annotations it moves (`examples`) or drops (`$id`): equal text = the same schema.
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    const entries = Object.keys(record)
      .filter((key) => key !== '$id' && key !== 'examples' && key !== 'example')
      .map((key) => (key === 'const' ? (['enum', [record[key]]] as const) : ([key, record[key]] as const)))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** Replaces, anywhere below `node`, each subschema equal to a shared one by a `$ref` to it. */
function referenceShared(node: Json, byText: ReadonlyMap<string, string>, isRoot = true): Json {
  if (node === null || typeof node !== 'object') return node
  if (!isRoot && !Array.isArray(node)) {
    const name = byText.get(canonical(node))
    if (name !== undefined) return { $ref: `#/components/schemas/${name}` }
  }
  if (Array.isArray(node)) return node.map((item) => referenceShared(item, byText, false))
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, referenceShared(value, byText, false)]))
}

const docs: FastifyPluginAsync<DocsPluginOptions> = async (app, { version, market }) => {
  const examples = market ? exampleRequestBodies(market) : {}
  const shared = SHARED_SCHEMAS.map(([name, schema]) => [name, JSON.parse(JSON.stringify(schema)) as Json] as const)
  const byText = new Map(shared.map(([name, schema]) => [canonical(schema), name]))
  await app.register(fastifySwagger, {
    openapi: {
      // 3.1: JSON Schema 2020-12 keywords (`type: null`, `const`) are valid as they are.
      openapi: '3.1.0',
      info: {
        title: 'Accord quote service',
        version,
        license: { name: 'MIT', identifier: 'MIT' },
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
    transform: ({ schema, url, route }) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      const key = `${methods[0]} ${url}`
      if (!schema || schema.hide) return { schema, url }
      const example = examples[key]
      return {
        url,
        schema: {
          ...schema,
          operationId: (schema as { operationId?: string }).operationId ?? OPERATION_IDS[key] ?? deriveOperationId(String(methods[0]), url),
          ...(example !== undefined && schema.body ? { body: { ...(schema.body as object), examples: [example] } } : {}),
        },
      }
    },
    transformObject: (documentObject) => {
      const document = ('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as Record<string, Json>
      const components = (document.components ?? {}) as { [key: string]: Json }
      const schemas: { [key: string]: Json } = { ...((components.schemas ?? {}) as object) }
      for (const [name, schema] of shared) {
        const referenced = referenceShared(schema, byText) as { [key: string]: Json }
        const example = COMPONENT_EXAMPLES[name] as Json | undefined
        schemas[name] = example === undefined ? referenced : { ...referenced, examples: [example] }
      }
      return { ...document, paths: referenceShared(document.paths ?? {}, byText), components: { ...components, schemas } } as never
    },
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { docExpansion: 'list', deepLinking: true } })
}

export const docsPlugin = fastifyPlugin(docs, { name: 'accord-docs', fastify: '5.x' })
