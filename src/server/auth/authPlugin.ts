// Authentication and authorisation for every route: the Host header is checked against an allow-list
// (DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends `Host: evil.example`), the
// API key (`Authorization: Bearer KEY` or `X-API-Key: KEY`) is looked up by its hash, and a route's
// `config.role` must be public or held by the key. Routes declare their role next to their schema:
//   app.post('/v1/market/updates', { config: { role: 'market:write' }, schema }, handler)
// The OpenAPI document gets the security scheme and each guarded route's 401/403 answers.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import fastifyPlugin from 'fastify-plugin'
import { ApiError } from '../errorCatalogue.ts'
import { ErrorResponseSchema } from '../schemas/errorSchema.ts'
import { hashApiKey } from './hashApiKey.ts'
import type { ApiKeyRecord, Role } from './roles.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's key, or null for anonymous requests. */
    apiKey: ApiKeyRecord | null
  }
  interface FastifyContextConfig {
    /** Role a key must hold to call the route, unless the role is public. No role: open to all. */
    role?: Role
  }
}

export interface AuthOptions {
  readonly keys: readonly ApiKeyRecord[]
  /** Roles anonymous requests hold (default: quote). */
  readonly publicRoles?: readonly Role[]
  /** Host names (without port) requests may address; undefined or containing `*`: any. */
  readonly allowedHosts?: readonly string[]
}

export const DEFAULT_PUBLIC_ROLES: readonly Role[] = ['quote']
/** Name of the security scheme in the OpenAPI document. */
export const SECURITY_SCHEME = 'apiKey'

/** The host name of a Host header, lower-case, without port or IPv6 brackets. */
export function hostName(header: string | undefined): string {
  if (!header) return ''
  const host = header.trim().toLowerCase()
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') === -1 ? undefined : host.indexOf(']'))
  const colon = host.indexOf(':')
  return colon === -1 ? host : host.slice(0, colon)
}

/** The key a request presents, or undefined. */
function presentedKey(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
    if (match) return match[1]
  }
  const header = request.headers['x-api-key']
  return typeof header === 'string' && header !== '' ? header : undefined
}

/** Who a request counts against for rate limits and quotas: its key, else its address. */
export function clientIdentity(request: FastifyRequest): string {
  return request.apiKey ? `key:${request.apiKey.id}` : `ip:${request.ip}`
}

const auth: FastifyPluginAsync<AuthOptions> = async (app, options) => {
  const byHash = new Map(options.keys.map((record) => [record.hash, record]))
  const publicRoles = new Set(options.publicRoles ?? DEFAULT_PUBLIC_ROLES)
  const hosts = options.allowedHosts && !options.allowedHosts.includes('*') ? new Set(options.allowedHosts.map((host) => hostName(host))) : undefined

  app.decorateRequest('apiKey', null)
  app.addHook('onRequest', async (request) => {
    if (hosts && !hosts.has(hostName(request.headers.host)))
      throw new ApiError('HOST_NOT_ALLOWED', `Host "${hostName(request.headers.host)}" is not served here; set --allowed-hosts to add it.`, 'headers.host')
    const key = presentedKey(request)
    if (key !== undefined) {
      const record = byHash.get(hashApiKey(key))
      if (!record) throw new ApiError('UNAUTHENTICATED', 'The API key is not valid.', 'headers.authorization')
      request.apiKey = record
    }
    const role = request.routeOptions.config?.role
    if (role === undefined || publicRoles.has(role)) return
    if (!request.apiKey) throw new ApiError('UNAUTHENTICATED', `This route needs an API key with the role "${role}" (Authorization: Bearer KEY).`, 'headers.authorization')
    if (!request.apiKey.roles.includes(role)) throw new ApiError('FORBIDDEN', `The key "${request.apiKey.id}" lacks the role "${role}".`, 'headers.authorization')
  })

  // Document who may call what: every guarded route gets the scheme (optional when its role is public) and 401/403.
  app.addHook('onRoute', (route) => {
    const role = (route.config as { role?: Role } | undefined)?.role
    if (role === undefined || !route.schema) return
    const schema = route.schema as Record<string, unknown> & { response?: Record<string, unknown> }
    schema.security = publicRoles.has(role) ? [{}, { [SECURITY_SCHEME]: [] }] : [{ [SECURITY_SCHEME]: [] }]
    schema.description = `${typeof schema.description === 'string' ? `${schema.description} ` : ''}Role: \`${role}\`${publicRoles.has(role) ? ' (public on this server)' : ''}.`
    schema.response = { ...schema.response, 401: ErrorResponseSchema, 403: ErrorResponseSchema }
  })
}

export const authPlugin = fastifyPlugin(auth, { name: 'accord-auth', fastify: '5.x' })
