// Counters and histograms of the service, rendered in the Prometheus text exposition format
// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format).
// Hand-written rather than prom-client: five metric families do not need a dependency, and each
// server instance (tests build many) gets its own registry instead of prom-client's global default.

/** Request-latency buckets, seconds: cached answers take ~1 ms, uncached ones tens of ms. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
/** Planner-time buckets, seconds. */
const SOLVER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

type Labels = Readonly<Record<string, string>>

interface HistogramSeries {
  readonly labels: Labels
  readonly counts: number[]
  sum: number
  count: number
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`)
  return parts.length === 0 ? '' : `{${parts.join(',')}}`
}

function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return Number.isNaN(value) ? 'NaN' : String(value)
}

class Counter {
  private readonly series = new Map<string, { labels: Labels; value: number }>()
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = formatLabels(labels)
    const entry = this.series.get(key)
    if (entry) entry.value += by
    else this.series.set(key, { labels, value: by })
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`]
    for (const { labels, value } of this.series.values()) lines.push(`${this.name}${formatLabels(labels)} ${formatNumber(value)}`)
    return lines
  }
}

class Histogram {
  private readonly series = new Map<string, HistogramSeries>()
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}
  observe(labels: Labels, value: number): void {
    const key = formatLabels(labels)
    let entry = this.series.get(key)
    if (!entry) {
      entry = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }
      this.series.set(key, entry)
    }
    // Non-cumulative counts per bucket here; render() accumulates them as the format requires.
    const bucket = this.buckets.findIndex((bound) => value <= bound)
    if (bucket >= 0) entry.counts[bucket]! += 1
    entry.sum += value
    entry.count += 1
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`]
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0
      this.buckets.forEach((bound, i) => {
        cumulative += counts[i]!
        lines.push(`${this.name}_bucket${formatLabels({ ...labels, le: formatNumber(bound) })} ${cumulative}`)
      })
      lines.push(`${this.name}_bucket${formatLabels({ ...labels, le: '+Inf' })} ${count}`)
      lines.push(`${this.name}_sum${formatLabels(labels)} ${formatNumber(sum)}`)
      lines.push(`${this.name}_count${formatLabels(labels)} ${count}`)
    }
    return lines
  }
}

export interface ServerMetricsGauges {
  readonly cacheEntries: number
  readonly marketVersion: string
}

export interface ServerMetrics {
  /** One finished HTTP request; `route` is the route pattern (`/v1/quote`), never the raw URL. */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void
  observeCacheLookup(hit: boolean): void
  /** One planner run; `status` is `ok`, `noRoute`, `infeasible` or `error`. */
  observeSolver(status: string, seconds: number): void
  observeMarketUpdate(changed: boolean): void
  /** The exposition text. */
  render(gauges: ServerMetricsGauges): string
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

export function createServerMetrics(): ServerMetrics {
  const requests = new Counter('accord_http_requests_total', 'HTTP requests by method, route and status code.')
  const requestDuration = new Histogram('accord_http_request_duration_seconds', 'HTTP request latency.', REQUEST_BUCKETS)
  const cacheLookups = new Counter('accord_quote_cache_lookups_total', 'Quote cache lookups by result (hit or miss).')
  const solverDuration = new Histogram('accord_solver_duration_seconds', 'Time spent in the planner per uncached quote, by outcome.', SOLVER_BUCKETS)
  const marketUpdates = new Counter('accord_market_updates_total', 'Market update requests applied, by whether they changed the version.')
  return {
    observeRequest(method, route, statusCode, seconds) {
      requests.inc({ method, route, status: String(statusCode) })
      requestDuration.observe({ method, route }, seconds)
    },
    observeCacheLookup(hit) {
      cacheLookups.inc({ result: hit ? 'hit' : 'miss' })
    },
    observeSolver(status, seconds) {
      solverDuration.observe({ status }, seconds)
    },
    observeMarketUpdate(changed) {
      marketUpdates.inc({ changed: String(changed) })
    },
    render({ cacheEntries, marketVersion }) {
      const lines = [
        ...requests.render(),
        ...requestDuration.render(),
        ...cacheLookups.render(),
        '# HELP accord_quote_cache_entries Quotes currently cached.',
        '# TYPE accord_quote_cache_entries gauge',
        `accord_quote_cache_entries ${cacheEntries}`,
        ...solverDuration.render(),
        ...marketUpdates.render(),
        '# HELP accord_market_info The market version being quoted on (value always 1).',
        '# TYPE accord_market_info gauge',
        `accord_market_info${formatLabels({ version: marketVersion })} 1`,
      ]
      return `${lines.join('\n')}\n`
    },
  }
}
