// The roles an API key can hold, one per kind of state-changing or sensitive route.
export const ROLES = ['quote', 'market:write', 'execute', 'batch', 'metrics'] as const
export type Role = (typeof ROLES)[number]

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Limits of one key (or of anonymous clients, per address). Omitted fields take the service defaults. */
export interface KeyQuota {
  /** Requests per minute. */
  readonly requestsPerMinute?: number
  /** Planner CPU milliseconds per minute (uncached quotes cost what they took to plan). */
  readonly plannerMsPerMinute?: number
  /** Batch jobs queued or running at once. */
  readonly maxQueuedJobs?: number
  /** Intents in queued or running batch jobs at once. */
  readonly maxQueuedIntents?: number
}

/** A key as the service holds it: its hash only, never the key itself. */
export interface ApiKeyRecord {
  /** Name for logs and quotas, e.g. `wallet-backend`. */
  readonly id: string
  /** `sha256:` + hex digest of the key. */
  readonly hash: string
  readonly roles: readonly Role[]
  readonly quota?: KeyQuota
}
