// The service's production settings from flags (strings as typed) and environment variables, flags
// first, with defaults that keep `npm start` working on a fresh clone: no keys (quotes public, writes
// refused until a key is configured), loopback Host names only when listening on loopback, proxies
// not trusted, two quote workers.
import { availableParallelism } from 'node:os'
import { BaseError } from '../../solver/errors.ts'
import type { AuthOptions } from './auth/authPlugin.ts'
import { DEFAULT_PUBLIC_ROLES } from './auth/authPlugin.ts'
import { loadApiKeys } from './auth/loadApiKeys.ts'
import { isRole, ROLES, type Role } from './auth/roles.ts'
import { DEFAULT_SHUTDOWN_GRACE_MS } from './lifecycle/shutdownServer.ts'

export interface ServiceSettingsInput {
  readonly keysFile?: string
  readonly publicRoles?: string
  readonly allowedHosts?: string
  readonly trustProxy?: string
  readonly quoteWorkers?: string | number
  readonly quoteQueue?: string | number
  readonly quoteDeadlineMs?: string | number
  readonly plannerMsPerMinute?: string | number
  readonly requestTimeoutMs?: string | number
  readonly shutdownGraceMs?: string | number
  /** Redis URL: batch jobs on BullMQ, market and quote cache shared (default: $REDIS_URL, else none). */
  readonly redis?: string
  readonly batchRetainMs?: string | number
  /** Port serving GET /metrics without a key (default: $ACCORD_METRICS_PORT, else none). */
  readonly metricsPort?: string | number
  /** Address of that port (default: $ACCORD_METRICS_HOST, else 127.0.0.1). */
  readonly metricsHost?: string
}

export interface ServiceSettings {
  readonly auth: AuthOptions & { readonly publicRoles: readonly Role[] }
  readonly trustProxy: boolean | number | string[]
  readonly quoteWorkers: number
  readonly quoteQueue?: number
  readonly quoteDeadlineMs?: number
  readonly plannerMsPerMinute?: number
  readonly requestTimeoutMs?: number
  readonly shutdownGraceMs: number
  readonly redisUrl?: string
  readonly batchRetainMs?: number
  /** GET /metrics, open, on a listener of its own (serveMetrics). */
  readonly metrics?: { readonly host: string; readonly port: number }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

function wholeNumber(value: string | number | undefined, field: string, minimum = 0): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (String(value).trim() === '' || !Number.isInteger(parsed) || parsed < minimum)
    throw new BaseError('INVALID_ARGUMENT', `Expected a whole number ≥ ${minimum}, got "${value}".`, { field })
  return parsed
}

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')

/** `true`/`false`, a number of proxy hops, or a comma list of trusted addresses/CIDRs (fastify's trustProxy). */
export function parseTrustProxy(value: string, field: string): boolean | number | string[] {
  const text = value.trim().toLowerCase()
  if (text === 'true') return true
  if (text === 'false' || text === '') return false
  if (/^[0-9]+$/.test(text)) return Number(text)
  const addresses = list(value)
  if (addresses.some((address) => !/^[0-9a-fA-F:.]+(\/[0-9]{1,3})?$/.test(address)))
    throw new BaseError('INVALID_ARGUMENT', 'trust-proxy must be true, false, a hop count or a comma list of addresses/CIDRs.', { field })
  return addresses
}

function metricsListener(input: ServiceSettingsInput & { readonly env: NodeJS.ProcessEnv }): { host: string; port: number } | undefined {
  const port = wholeNumber(input.metricsPort ?? input.env.ACCORD_METRICS_PORT, '--metrics-port')
  if (port !== undefined && port > 65_535) throw new BaseError('INVALID_ARGUMENT', `Port must be at most 65535, got ${port}.`, { field: '--metrics-port' })
  return port === undefined ? undefined : { host: input.metricsHost ?? input.env.ACCORD_METRICS_HOST ?? '127.0.0.1', port }
}

export async function resolveServiceSettings(input: ServiceSettingsInput & { readonly host: string; readonly env: NodeJS.ProcessEnv }): Promise<ServiceSettings> {
  const { env } = input
  const keys = await loadApiKeys({ ...(input.keysFile === undefined ? {} : { file: input.keysFile }), env })
  const publicRolesText = input.publicRoles ?? env.ACCORD_PUBLIC_ROLES
  const publicRoles = publicRolesText === undefined ? [...DEFAULT_PUBLIC_ROLES] : publicRolesText.trim() === 'none' ? [] : list(publicRolesText)
  const unknown = publicRoles.find((role) => !isRole(role))
  if (unknown !== undefined) throw new BaseError('INVALID_ARGUMENT', `Unknown role "${unknown}"; roles are ${ROLES.join(', ')}.`, { field: '--public-roles' })
  const hostsText = input.allowedHosts ?? env.ACCORD_ALLOWED_HOSTS
  // On loopback only loopback names can be meant; anything else is a rebinding attempt. On other
  // addresses the operator names the hosts (default any, e.g. behind a proxy that checks them).
  const allowedHosts = hostsText !== undefined ? list(hostsText) : LOOPBACK.has(input.host) ? [...LOOPBACK] : ['*']
  const trustProxyText = input.trustProxy ?? env.ACCORD_TRUST_PROXY
  const quoteWorkers = wholeNumber(input.quoteWorkers ?? env.ACCORD_QUOTE_WORKERS, '--quote-workers') ?? Math.min(2, availableParallelism())
  const metrics = metricsListener(input)
  const optional = (value: number | undefined, name: string) => (value === undefined ? {} : { [name]: value })
  return {
    auth: { keys, publicRoles: publicRoles as Role[], allowedHosts },
    trustProxy: trustProxyText === undefined ? false : parseTrustProxy(trustProxyText, '--trust-proxy'),
    quoteWorkers,
    ...optional(wholeNumber(input.quoteQueue ?? env.ACCORD_QUOTE_QUEUE, '--quote-queue', 1), 'quoteQueue'),
    ...optional(wholeNumber(input.quoteDeadlineMs ?? env.ACCORD_QUOTE_DEADLINE_MS, '--quote-deadline-ms', 1), 'quoteDeadlineMs'),
    ...optional(wholeNumber(input.plannerMsPerMinute ?? env.ACCORD_PLANNER_MS_PER_MINUTE, '--planner-ms-per-minute'), 'plannerMsPerMinute'),
    ...optional(wholeNumber(input.requestTimeoutMs ?? env.ACCORD_REQUEST_TIMEOUT_MS, '--request-timeout-ms', 1), 'requestTimeoutMs'),
    ...((input.redis ?? env.REDIS_URL) ? { redisUrl: (input.redis ?? env.REDIS_URL) as string } : {}),
    ...optional(wholeNumber(input.batchRetainMs ?? env.ACCORD_BATCH_RETAIN_MS, 'ACCORD_BATCH_RETAIN_MS', 1000), 'batchRetainMs'),
    ...(metrics ? { metrics } : {}),
    shutdownGraceMs: wholeNumber(input.shutdownGraceMs ?? env.ACCORD_SHUTDOWN_GRACE_MS, '--shutdown-grace-ms') ?? DEFAULT_SHUTDOWN_GRACE_MS,
  }
}
