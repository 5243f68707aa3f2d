// `accord quote`: plan one intent on a market file and print the plan.
import { quoteIntent } from '../../solver/plan/quoteIntent.ts'
import { resolveIntentRequest, type AssetRequest } from '../../solver/plan/resolveIntentRequest.ts'
import { BaseError } from '../../solver/errors.ts'
import { loadMarketFile } from '../market/loadMarketFile.ts'
import { renderPlan } from '../format/renderPlan.ts'
import { serializeQuoteResult } from '../format/serializePlan.ts'
import { INTENT_FLAGS } from './intentFlags.ts'
import { createLpBackend, LP_BACKEND_NAMES } from './lpBackendOption.ts'
import { DEFAULT_MARKET_FILE, EXIT_OK, EXIT_UNMET, parseCommandArgs, reportError, type Command } from './command.ts'

const usage = `Usage: accord quote --from CHAIN:TOKEN --to CHAIN:TOKEN --amount DECIMAL [options]

Plans one intent and prints the plan: steps with exact amounts, schedule, outcome probability.

Options:
  --from CHAIN:TOKEN        what you hold, e.g. base:USDC or 8453:0x8335…
  --to CHAIN:TOKEN          what you want, e.g. arbitrum:WETH
  --amount DECIMAL          amount of --from in token units, e.g. 250000
  --market FILE             market snapshot (default: fixtures/markets/realistic.json)
  --deadline SECONDS        everything delivered within this time
  --min-out DECIMAL         smallest acceptable delivered amount of --to
  --max-slippage-bps BPS    instead of --min-out: minimum = expected × (1 − BPS/10000) (default 50)
  --objective probability|output   maximise the outcome probability (default) or the expected output
  --min-probability P       with --objective output: require at least this probability (0–1)
  --max-steps N             at most N venues on one path (default 4)
  --backend ${LP_BACKEND_NAMES.join('|')}   LP backend (default js-lp-solver)
  --alternatives            also print the cheapest, fastest and safest alternatives
  --json                    print JSON instead of a table
  -h, --help                show this help`

/** `base:USDC` → { chain: 'base', token: 'USDC' }. */
export function parseAssetArgument(value: string, field: string): AssetRequest {
  const separator = value.indexOf(':')
  if (separator <= 0 || separator === value.length - 1)
    throw new BaseError('INVALID_ARGUMENT', `Expected CHAIN:TOKEN (e.g. base:USDC), got "${value}".`, { field })
  return { chain: value.slice(0, separator), token: value.slice(separator + 1) }
}

function parseNumber(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (value.trim() === '' || !Number.isFinite(number)) throw new BaseError('INVALID_ARGUMENT', `Expected a number, got "${value}".`, { field })
  return number
}

export const quoteCommand: Command = {
  name: 'quote',
  summary: 'plan one intent and print the plan',
  usage,
  async run(argv, io) {
    let json = argv.includes('--json')
    try {
      const { values } = parseCommandArgs(argv, {
        ...INTENT_FLAGS,
        market: { type: 'string' },
        objective: { type: 'string' },
        backend: { type: 'string' },
        alternatives: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      })
      json = values.json ?? false
      if (values.help) {
        io.stdout(usage)
        return EXIT_OK
      }
      for (const required of ['from', 'to', 'amount'] as const)
        if (values[required] === undefined) throw new BaseError('INVALID_ARGUMENT', `--${required} is required.`, { field: `--${required}` })
      const market = await loadMarketFile(values.market ?? DEFAULT_MARKET_FILE)
      const objective = values.objective
      if (objective !== undefined && objective !== 'probability' && objective !== 'output')
        throw new BaseError('INVALID_ARGUMENT', `--objective must be probability or output, got "${objective}".`, { field: '--objective' })
      const deadlineSeconds = parseNumber(values.deadline, '--deadline')
      const maxSlippageBps = parseNumber(values['max-slippage-bps'], '--max-slippage-bps')
      const minProbability = parseNumber(values['min-probability'], '--min-probability')
      const maxSteps = parseNumber(values['max-steps'], '--max-steps')
      const intent = resolveIntentRequest(market, {
        from: parseAssetArgument(values.from!, '--from'),
        to: parseAssetArgument(values.to!, '--to'),
        amount: values.amount!,
        ...(deadlineSeconds === undefined ? {} : { deadlineSeconds }),
        ...(values['min-out'] === undefined ? {} : { minAmountOut: values['min-out'] }),
        ...(maxSlippageBps === undefined ? {} : { maxSlippageBps }),
        ...(objective === undefined ? {} : { objective }),
        ...(minProbability === undefined ? {} : { minProbability }),
        ...(maxSteps === undefined ? {} : { maxSteps }),
      })
      const backend = await createLpBackend(values.backend)
      const result = quoteIntent(market, intent, { backend })
      const serialized = serializeQuoteResult(market, result)
      if (json) io.stdout(JSON.stringify(serialized, null, 2))
      else if (serialized.status === 'ok') {
        io.stdout(renderPlan(serialized.plan))
        if (values.alternatives)
          for (const alternative of serialized.alternatives.filter((a) => !a.labels.includes('best'))) {
            io.stdout(`\nalternative: ${alternative.labels.join(', ')}`)
            io.stdout(renderPlan(alternative.plan))
          }
      } else {
        io.stderr(`error [${serialized.code}] ${serialized.reason}`)
        if (serialized.bestPlan) io.stderr(`\nbest plan found:\n${renderPlan(serialized.bestPlan)}`)
      }
      return serialized.status === 'ok' ? EXIT_OK : EXIT_UNMET
    } catch (error) {
      return reportError(error, io, json)
    }
  },
}
