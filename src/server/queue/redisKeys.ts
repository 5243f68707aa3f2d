// Names of everything Accord keeps in Redis, in one place (all under one prefix, default `accord`).
export interface RedisKeys {
  readonly marketCurrent: string
  readonly marketChannel: string
  market(version: string): string
  quote(digest: string): string
  batchIntents(id: string): string
  batchResults(id: string): string
  batchSummary(id: string): string
  owner(owner: string): string
  idempotency(owner: string, key: string): string
  readonly batchQueue: string
  /** An execution's journal records, mirrored by the worker running it (without signed transactions). */
  executionRecords(id: string): string
  /** Where an execution is journalled: `HOST:DIR` of the worker that took it first (who may take it over). */
  executionJournal(id: string): string
  /** Each new record of an execution is published here as `INDEX RECORD`; `end` when it failed. */
  executionChannel(id: string): string
  /** BullMQ queue of one signing account: global concurrency 1, the account's nonce lane. */
  executionLane(account: string): string
}

export function redisKeys(prefix = 'accord'): RedisKeys {
  return {
    marketCurrent: `${prefix}:market:current`,
    marketChannel: `${prefix}:market:updates`,
    market: (version) => `${prefix}:market:v:${version}`,
    quote: (digest) => `${prefix}:quote:${digest}`,
    batchIntents: (id) => `${prefix}:batch:${id}:intents`,
    batchResults: (id) => `${prefix}:batch:${id}:results`,
    batchSummary: (id) => `${prefix}:batch:${id}:summary`,
    owner: (owner) => `${prefix}:owner:${owner}`,
    idempotency: (owner, key) => `${prefix}:idem:${owner}:${key}`,
    // BullMQ queue name (BullMQ adds its own `bull:` prefix).
    batchQueue: `${prefix}-batches`,
    executionRecords: (id) => `${prefix}:execution:${id}:records`,
    executionJournal: (id) => `${prefix}:execution:${id}:journal`,
    executionChannel: (id) => `${prefix}:execution:${id}`,
    executionLane: (account) => `${prefix}-executions-${account.toLowerCase()}`,
  }
}
