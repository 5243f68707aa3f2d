// `accord plan FILE`: plan a composite intent (sources → goals: holdings, lending collateral, borrows,
// vault deposits) from a JSON file; print the DAG, goals and probability, or JSON; optionally execute it on the devnet.
import { packageFile } from '../config/packagePaths.ts'
import { readFile } from 'node:fs/promises'
import { planCompositeIntent } from '../../solver/composite/planCompositeIntent.ts'
import { resolveCompositeRequest, type CompositeIntentRequest } from '../../solver/composite/resolveCompositeRequest.ts'
import { BaseError, InvalidIntentError } from '../../solver/errors.ts'
import { renderCompositePlan, serializeCompositeResult } from '../format/serializeCompositePlan.ts'
import { CompositeIntentSchema, type CompositeIntentFile } from '../market/compositeIntentSchema.ts'
import { loadMarketFile } from '../market/loadMarketFile.ts'
import { assertMatchesSchema } from '../market/validateSchema.ts'
import { DEFAULT_MARKET_FILE } from '../config/defaults.ts'
import { EXIT_OK, EXIT_UNMET } from '../config/exitCodes.ts'
import { defineCommand } from './command.ts'

const usage = `Usage: accord plan FILE [options]

Plans a composite intent (fixtures/intents/composite-example.json): sources (holdings, each usable up
to an amount) and goals (holding, supply, borrow with a health factor, vault deposit) reached
together by a deadline, as one DAG of swaps, bridges, approvals, supplies, borrows and deposits.

Options:
  --market FILE       market snapshot (default: the file's "market" in fixtures/markets/, else
                      .accord/devnet/market.json with --devnet-dir, else realistic.json)
  --execute           execute the plan on the devnet (needs --devnet-dir)
  --devnet-dir DIR    the devnet's directory (devnet.json, market.json)
  --json              print JSON instead of a table
  -h, --help          show this help

Exit codes: 0 planned (and executed), 1 a goal cannot be met, 2 bad input.`

export async function readCompositeIntentFile(path: string): Promise<CompositeIntentFile> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new InvalidIntentError(`Cannot read the intent file ${path}: ${(error as Error).message}`, { field: 'FILE' })
  }
  assertMatchesSchema<CompositeIntentFile>(CompositeIntentSchema, json, 'INVALID_INTENT', 'intent')
  return json
}

export const planCommand = defineCommand({
  name: 'plan',
  summary: 'plan a composite intent: several sources, several goals (lending, vaults, holdings)',
  usage,
  positionals: true,
  options: { market: { type: 'string' }, execute: { type: 'boolean' }, 'devnet-dir': { type: 'string' } },
  async run({ values, positionals, json, io }) {
    const [path, ...extra] = positionals
    if (path === undefined || extra.length > 0) throw new BaseError('INVALID_ARGUMENT', 'Give exactly one intent FILE.', { field: 'FILE' })
    if (values.execute && !values['devnet-dir']) throw new BaseError('INVALID_ARGUMENT', '--execute needs --devnet-dir DIR.', { field: '--devnet-dir' })
    const file = await readCompositeIntentFile(path)
    const marketFile =
      values.market ??
      (values['devnet-dir'] ? `${values['devnet-dir']}/market.json` : file.market ? packageFile(`fixtures/markets/${file.market}`) : DEFAULT_MARKET_FILE)
    const market = await loadMarketFile(marketFile)
    const result = planCompositeIntent(market, resolveCompositeRequest(market, file as unknown as CompositeIntentRequest))
    const serialized = serializeCompositeResult(market, result)
    if (values.execute && result.status === 'ok') {
      const { executeCompositePlanOnDevnet } = await import('../devnet/executeCompositePlanOnDevnet.ts')
      const outcome = await executeCompositePlanOnDevnet({ devnetDir: values['devnet-dir']!, market, plan: result.plan, onEvent: json ? undefined : (line: string) => io.stderr(line) })
      if (json) io.stdout(JSON.stringify({ ...serialized, execution: outcome }, null, 2))
      else io.stdout(`${serialized.status === 'ok' ? renderCompositePlan(serialized.plan) : ''}\n\nexecution: ${outcome.verdict}\n${outcome.lines.join('\n')}`)
      return outcome.verdict === 'reached' ? EXIT_OK : EXIT_UNMET
    }
    if (json) io.stdout(JSON.stringify(serialized, null, 2))
    else if (serialized.status === 'ok') io.stdout(renderCompositePlan(serialized.plan))
    else io.stderr(`error [${serialized.code}] ${serialized.reason}`)
    return result.status === 'ok' ? EXIT_OK : EXIT_UNMET
  },
})
