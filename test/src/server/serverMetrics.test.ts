// The Prometheus exposition text, read back with a small independent parser of the text format
// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format) and compared
// with counts made directly from the observations.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createServerMetrics } from '../../../src/server/serverMetrics.ts'
import { parsePrometheusText, sampleValue } from './prometheusText.ts'

describe('createServerMetrics', () => {
  it('renders counters and cumulative histograms that match the observations', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            route: fc.constantFrom('/v1/quote', '/health', 'odd "route"\\\n'),
            status: fc.constantFrom(200, 400, 422),
            seconds: fc.double({ min: 0, max: 10, noNaN: true }),
          }),
          { maxLength: 60 },
        ),
        fc.array(fc.boolean(), { maxLength: 30 }),
        (requests, lookups) => {
          const metrics = createServerMetrics()
          for (const request of requests) metrics.observeRequest('POST', request.route, request.status, request.seconds)
          for (const hit of lookups) metrics.observeCacheLookup(hit)
          const samples = parsePrometheusText(metrics.render({ cacheEntries: 7, marketVersion: 'abc' }))

          for (const route of new Set(requests.map((request) => request.route))) {
            const mine = requests.filter((request) => request.route === route)
            for (const status of new Set(mine.map((request) => request.status)))
              expect(sampleValue(samples, 'accord_http_requests_total', { route, status: String(status) })).toBe(
                mine.filter((request) => request.status === status).length,
              )
            const buckets = samples.filter((s) => s.name === 'accord_http_request_duration_seconds_bucket' && s.labels.route === route)
            for (const bucket of buckets) {
              const bound = bucket.labels.le === '+Inf' ? Infinity : Number(bucket.labels.le)
              expect(bucket.value).toBe(mine.filter((request) => request.seconds <= bound).length)
            }
            expect(buckets.at(-1)?.labels.le).toBe('+Inf')
            expect(sampleValue(samples, 'accord_http_request_duration_seconds_count', { route })).toBe(mine.length)
            const sum = sampleValue(samples, 'accord_http_request_duration_seconds_sum', { route })!
            expect(sum).toBeCloseTo(mine.reduce((total, request) => total + request.seconds, 0), 9)
          }
          const hits = lookups.filter(Boolean).length
          expect(sampleValue(samples, 'accord_quote_cache_lookups_total', { result: 'hit' }) ?? 0).toBe(hits)
          expect(sampleValue(samples, 'accord_quote_cache_lookups_total', { result: 'miss' }) ?? 0).toBe(lookups.length - hits)
          expect(sampleValue(samples, 'accord_quote_cache_entries')).toBe(7)
          expect(sampleValue(samples, 'accord_market_info', { version: 'abc' })).toBe(1)
        },
      ),
      { numRuns: 100 },
    )
  })
})
