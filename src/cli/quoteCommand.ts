// `accord quote`: plan one intent on a market file and print the plan.
import { quoteIntent } from '../../solver/plan/quoteIntent.ts'
import { resolveIntentRequest } from '../../solver/plan/resolveIntentRequest.ts'
import { BaseError } from '../../solver/errors.ts'
import { MAX_ALTERNATIVES } from '../../solver/model/intentLimits.ts'
import { MaxAlternativesSchema } from '../market/intentSchema.ts'
import { inactiveVenuesWarning, loadMarketFile } from '../market/loadMarketFile.ts'
import { assertMatchesSchema } from '../market/validateSchema.ts'
import { renderFrontier, renderPlan } from '../format/renderPlan.ts'
import { serializeQuoteResult } from '../format/serializePlan.ts'
import { INTENT_FLAGS, intentRequestFromFlags } from './intentFlags.ts'
import { createLpBackend, DEFAULT_LP_BACKEND, LP_BACKEND_NAMES } from '../config/lpBackend.ts'
import { defineCommand } from './command.ts'
import { DEFAULT_MARKET_FILE } from '../config/defaults.ts'
import { EXIT_OK, EXIT_UNMET } from '../config/exitCodes.ts'

const usage = `Usage: accord quote --from CHAIN:TOKEN --to CHAIN:TOKEN --amount DECIMAL [options]

Plans one intent and prints the plan: steps with exact amounts, schedule, outcome probability.

Options:
  --from CHAIN:TOKEN        what you hold, e.g. base:USDC or 8453:0x8335…
  --to CHAIN:TOKEN          what you want, e.g. arbitrum:WETH
  --amount DECIMAL          amount of --from in token units, e.g. 250000
  --amount-raw INTEGER     instead of --amount: the amount in base units, e.g. 250000000000
  --market FILE             market snapshot (default: fixtures/markets/realistic.json)
  --deadline SECONDS        everything delivered within this time
  --min-out DECIMAL         smallest acceptable delivered amount of --to
  --min-out-raw INTEGER    instead of --min-out: the minimum in base units of --to
  --max-slippage-bps BPS    instead of --min-out: minimum = expected × (1 − BPS/10000) (default 50)
  --objective probability|output   maximise the outcome probability (default) or the expected output
  --min-probability P       with --objective output: require at least this probability (0–1)
  --max-steps N             at most N venues on one path (default 4)
  --allow-bridges A,B       only these bridges (ids or protocols); --deny-bridges A,B to leave them out
  --allow-networks A,B      only these networks (names or chain ids); --deny-networks A,B to leave them out
  --allowances C:T:S:RAW,…  the account's standing allowances (CHAIN:TOKEN:SPENDER:AMOUNT_RAW, SPENDER swapRouter|
                            concentratedLiquidityRouter|bridgeSpoke, AMOUNT_RAW base units or max): covered steps send no approval
  --max-alternatives N      at most N alternatives besides the best (default ${MAX_ALTERNATIVES})
  --backend ${LP_BACKEND_NAMES.join('|')}   LP backend (default ${DEFAULT_LP_BACKEND})
  --alternatives            also print the cheapest, fastest and safest alternatives
  --json                    print JSON: the HTTP API's POST /v1/quote answer (without quoteId and expiry)
  -h, --help                show this help`

/** --max-alternatives, checked against the quote body's own schema. */
function parseMaxAlternatives(value: string | undefined): number {
  if (value === undefined) return MAX_ALTERNATIVES
  const number = value.trim() === '' ? Number.NaN : Number(value)
  try {
    assertMatchesSchema<number>(MaxAlternativesSchema, number, 'INVALID_ARGUMENT', 'option')
  } catch {
    throw new BaseError('INVALID_ARGUMENT', `--max-alternatives must be a whole number from 0 to ${MAX_ALTERNATIVES}, got "${value}".`, { field: '--max-alternatives' })
  }
  return number
}

export const quoteCommand = defineCommand({
  name: 'quote',
  summary: 'plan one intent and print the plan',
  usage,
  options: {
    ...INTENT_FLAGS,
    'max-alternatives': { type: 'string' },
    market: { type: 'string' },
    backend: { type: 'string' },
    alternatives: { type: 'boolean' },
  },
  async run({ values, json, io }) {
    const request = intentRequestFromFlags(values)
    const maxAlternatives = parseMaxAlternatives(values['max-alternatives'])
    const market = await loadMarketFile(values.market ?? DEFAULT_MARKET_FILE)
    const inactive = inactiveVenuesWarning(market)
    if (inactive) io.stderr(inactive)
    const intent = resolveIntentRequest(market, request)
    const backend = await createLpBackend(values.backend)
    const result = quoteIntent(market, intent, { backend })
    const quote = serializeQuoteResult(market, result, { intent, maxAlternatives })
    if (json) io.stdout(JSON.stringify(quote, null, 2))
    else if ('plan' in quote) {
      io.stdout(renderPlan(quote.plan))
      if (quote.frontier.length > 1) io.stdout(`\n${renderFrontier(quote.frontier)}`)
      if (values.alternatives)
        for (const alternative of quote.alternatives) {
          io.stdout(`\nalternative: ${alternative.labels.join(', ')}`)
          io.stdout(renderPlan(alternative.plan))
        }
    } else {
      io.stderr(`error [${quote.code}] ${quote.message}`)
      if (quote.bestPlan) io.stderr(`\nbest plan found:\n${renderPlan(quote.bestPlan)}`)
      if (quote.frontier.length > 0) io.stderr(`\n${renderFrontier(quote.frontier)}`)
    }
    return result.status === 'ok' ? EXIT_OK : EXIT_UNMET
  },
})
