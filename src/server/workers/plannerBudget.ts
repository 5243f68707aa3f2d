// Cost-aware rate limiting: each client (API key, else address) has a budget of planner milliseconds
// per minute, refilled continuously (a token bucket whose tokens are CPU ms). An uncached quote is
// charged what it took to plan, so one client sending expensive intents cannot take every worker
// while staying inside a request-count limit. Cached answers cost nothing.
import { OverloadedError } from './overloadedError.ts'

export interface PlannerBudget {
  /** Throws RATE_LIMITED (429, Retry-After) when the client's budget is spent. */
  check(client: string, perMinuteMs?: number): void
  /** Deducts the planner time a client's quote took. */
  charge(client: string, plannerMs: number, perMinuteMs?: number): void
}

/** Default: 60 s of planner time per minute per client (one core's worth). */
export const DEFAULT_PLANNER_MS_PER_MINUTE = 60_000

export function createPlannerBudget(defaultPerMinuteMs = DEFAULT_PLANNER_MS_PER_MINUTE, now: () => number = Date.now): PlannerBudget {
  const buckets = new Map<string, { balance: number; at: number }>()
  const refill = (client: string, capacity: number) => {
    const t = now()
    const bucket = buckets.get(client) ?? { balance: capacity, at: t }
    bucket.balance = Math.min(capacity, bucket.balance + ((t - bucket.at) * capacity) / 60_000)
    bucket.at = t
    buckets.set(client, bucket)
    // Full buckets carry no information; dropping them bounds the map by the active clients.
    if (buckets.size > 10_000) for (const [key, other] of buckets) if (other.balance >= capacity) buckets.delete(key)
    return bucket
  }
  return {
    check(client, perMinuteMs = defaultPerMinuteMs) {
      if (perMinuteMs <= 0) return
      const bucket = refill(client, perMinuteMs)
      if (bucket.balance <= 0) {
        const waitMs = ((1 - bucket.balance) * 60_000) / perMinuteMs
        throw new OverloadedError('RATE_LIMITED', `Planner time limit reached (${perMinuteMs} ms of planning per minute); retry in ${Math.ceil(waitMs / 1000)} s.`, waitMs / 1000)
      }
    },
    charge(client, plannerMs, perMinuteMs = defaultPerMinuteMs) {
      if (perMinuteMs <= 0) return
      refill(client, perMinuteMs).balance -= plannerMs
    },
  }
}
