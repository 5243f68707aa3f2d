// `accord calibrate`: learns timing and failure parameters from the executor's journals and writes
// the market with them (solver/risk/calibrateMarket.ts, solver/risk/MODEL.md §8).
import { writeFile } from 'node:fs/promises'
import { BaseError } from '../../solver/errors.ts'
import { calibrateMarket } from '../../solver/risk/calibrateMarket.ts'
import { collectObservations } from '../calibration/collectObservations.ts'
import { readJournalDirectory } from '../calibration/readJournalDirectory.ts'
import { DEFAULT_MARKET_FILE } from '../config/defaults.ts'
import { EXIT_OK } from '../config/exitCodes.ts'
import { loadMarketFile } from '../market/loadMarketFile.ts'
import { serializeMarket } from '../market/parseMarket.ts'
import { defineCommand } from './command.ts'

const usage = `Usage: accord calibrate --journals DIR [options]

Fits, from the execution journals under DIR: per network the executor's overhead per step
(log-normal), the inclusion wait (as congestion) and the swap revert rate; per bridge its fill-latency
tiers and failure rate. Writes the market with these estimates and how many observations each rests on.

Options:
  --journals DIR   directory of execution journals (*.jsonl, searched recursively)
  --market FILE    market to update (default: fixtures/markets/realistic.json)
  --out FILE       where to write the updated market (default: stdout)
  --json           print the estimates as JSON
  -h, --help       show this help`

export const calibrateCommand = defineCommand({
  name: 'calibrate',
  summary: "learn timing and failure parameters from the executor's journals",
  usage,
  options: {
    journals: { type: 'string' },
    market: { type: 'string' },
    out: { type: 'string' },
  },
  async run({ values, json, io }) {
    if (values.journals === undefined) throw new BaseError('INVALID_ARGUMENT', 'Give the journal directory with --journals DIR.', { field: '--journals' })
    const market = await loadMarketFile(values.market ?? DEFAULT_MARKET_FILE)
    const observations = collectObservations(await readJournalDirectory(values.journals))
    const { market: calibrated, estimates } = calibrateMarket(market, observations)
    const description = `${market.name} calibrated on ${observations.steps.length} steps, ${observations.transactions.length} transactions and ${observations.transfers.length} transfers`
    const text = `${JSON.stringify(serializeMarket(calibrated, description), null, 2)}\n`
    if (values.out !== undefined) await writeFile(values.out, text)
    else io.stdout(text)
    const report = json
      ? JSON.stringify({ steps: observations.steps.length, transactions: observations.transactions.length, transfers: observations.transfers.length, estimates }, null, 2)
      : [
          `${observations.transactions.length} transactions, ${observations.transfers.length} bridge transfers`,
          ...estimates.map((estimate) => `  ${estimate.subject.padEnd(44)} ${estimate.parameter.padEnd(22)} ${estimate.value.padEnd(30)} n=${estimate.observations}`),
        ].join('\n')
    if (values.out !== undefined) io.stdout(report)
    else io.stderr(report)
    return EXIT_OK
  },
})
