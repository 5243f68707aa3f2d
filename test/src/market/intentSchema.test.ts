// One intent contract (issue 10): an intent-set entry, a batch entry and the quote body reject what the
// solver rejects, at the same bounds — an intent file with maxSteps 12 no longer passes its schema only
// to fail in the planner.
import { describe, expect, it } from 'vitest'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { BatchIntentSchema, IntentEntrySchema, QuoteRequestSchema } from '../../../src/market/intentSchema.ts'
import { assertMatchesSchema } from '../../../src/market/validateSchema.ts'
import { loadMarketFixture } from '../../helpers/loadFixtures.ts'

const market = loadMarketFixture('small')
const base = { from: { chain: 'base', token: 'USDC' }, to: { chain: 'arbitrum', token: 'WETH' }, amount: '1000' }

/** The solver's verdict on the field: accepted, or the code and field of its error. */
function solverVerdict(overrides: object): string {
  try {
    quoteIntent(market, resolveIntentRequest(market, { ...base, ...overrides }))
    return 'accepted'
  } catch (error) {
    return `${(error as { code: string }).code} ${(error as { field: string }).field}`
  }
}

function schemaVerdict(schema: Parameters<typeof assertMatchesSchema>[0], value: object): string {
  try {
    assertMatchesSchema(schema, value, 'INVALID_INTENT', 'intent')
    return 'accepted'
  } catch (error) {
    return `${(error as { code: string }).code} ${(error as { field: string }).field}`
  }
}

describe('the intent contract', () => {
  it.each([
    ['maxSteps', 8, 9],
    ['maxSlippageBps', 9999, 10_000],
    ['deadlineSeconds', 30 * 24 * 3600, 30 * 24 * 3600 + 1],
    ['minProbability', 0, 1.01],
  ])('%s: the schemas and the solver accept %d and reject %d', (field, inside, outside) => {
    const withinLimits = { [field]: inside }
    const beyond = { [field]: outside }
    for (const [schema, value] of [
      [IntentEntrySchema, { id: 'x', ...base }],
      [BatchIntentSchema, { id: 'x', ...base }],
      [QuoteRequestSchema, base],
    ] as const) {
      expect(schemaVerdict(schema, { ...value, ...withinLimits })).toBe('accepted')
      expect(schemaVerdict(schema, { ...value, ...beyond })).toBe(`INVALID_INTENT ${field}`)
    }
    expect(solverVerdict(beyond)).toBe(`INVALID_INTENT ${field}`)
    expect(solverVerdict(withinLimits)).not.toMatch(/INVALID_INTENT/)
  })
})
