// `accord batch FILE`: solve an intent-set file as one batch (joint routing, netting) with a progress
// bar on stderr; print a table or JSON, optionally write the JSON results to --out.
import { writeFile } from 'node:fs/promises'
import { packageFile } from '../config/packagePaths.ts'
import { BaseError } from '../../solver/errors.ts'
import { readBatchFile } from '../batch/readBatchFile.ts'
import { serializeBatchResult } from '../batch/serializeBatchResult.ts'
import { solveBatchInWorkers } from '../batch/solveBatchInWorkers.ts'
import { loadMarketFile } from '../market/loadMarketFile.ts'
import { formatUsd } from '../format/formatUsd.ts'
import { DEFAULT_BATCH_LP_BACKEND, LP_BACKEND_NAMES, parseLpBackendName } from '../config/lpBackend.ts'
import { defineCommand, parseNumberFlag } from './command.ts'
import { DEFAULT_MARKET_FILE } from '../config/defaults.ts'
import { EXIT_OK, EXIT_UNMET } from '../config/exitCodes.ts'

const usage = `Usage: accord batch FILE [options]

Solves the intents of FILE (an intent-set file like fixtures/intents/realistic-small.json) together:
venues shared by several intents are priced on their combined flow, opposite intents are netted,
and exact amounts are realised in file order. Invalid intents are reported and the rest solved.

Options:
  --market FILE       market snapshot (default: the file's "market" in fixtures/markets/, else realistic.json)
  --out FILE          write the JSON results to FILE
  --workers N         worker threads (default 2)
  --backend ${LP_BACKEND_NAMES.join('|')}   LP backend (default ${DEFAULT_BATCH_LP_BACKEND})
  --no-netting        do not match opposite intents against each other
  --json              print JSON instead of a table
  -h, --help          show this help

Exit codes: 0 every intent solved, 1 some intent unmet or invalid, 2 bad usage or file.`

const BAR_WIDTH = 30

function progressBar(solved: number, total: number): string {
  const share = total === 0 ? 1 : solved / total
  const filled = Math.round(share * BAR_WIDTH)
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${solved}/${total}`
}


export const batchCommand = defineCommand({
  name: 'batch',
  summary: 'solve many intents together (joint routing and netting)',
  usage,
  positionals: true,
  options: {
    market: { type: 'string' },
    out: { type: 'string' },
    workers: { type: 'string' },
    backend: { type: 'string' },
    'no-netting': { type: 'boolean' },
  },
  async run({ values, positionals, json, io }) {
    const [path, ...extra] = positionals
    if (path === undefined || extra.length > 0) throw new BaseError('INVALID_ARGUMENT', 'Give exactly one batch FILE.', { field: 'FILE' })
    const backend = parseLpBackendName(values.backend, '--backend', DEFAULT_BATCH_LP_BACKEND)
    const workers = parseNumberFlag(values.workers, '--workers', { min: 1, max: 16, integer: true })

    const batch = await readBatchFile(path)
    const marketFile =
      values.market ?? (batch.market ? packageFile(`fixtures/markets/${batch.market}`) : DEFAULT_MARKET_FILE)
    const market = await loadMarketFile(marketFile)
    const started = Date.now()
    const result = await solveBatchInWorkers(market, batch.inputs, {
      backend,
      ...(workers === undefined ? {} : { workers }),
      ...(values['no-netting'] ? { netting: false } : {}),
      onProgress: (solved, total) => io.stderr(`batch ${progressBar(solved, total)}`),
    })
    const serialized = serializeBatchResult(market, result)
    if (values.out) await writeFile(values.out, `${JSON.stringify(serialized, null, 2)}\n`)
    if (json) io.stdout(JSON.stringify(serialized, null, 2))
    else {
      const { summary } = result
      io.stdout(
        [
          `batch ${batch.name ?? path}: ${summary.intents} intents, ${summary.solved} solved, ${summary.unmet} unmet, ${summary.invalid} invalid (${((Date.now() - started) / 1000).toFixed(1)} s)`,
          `components ${summary.components} (largest ${summary.largestComponent}), LP solves ${summary.lpIterations}`,
          `delivered ${formatUsd(summary.deliveredUsd)} jointly vs ${formatUsd(summary.independentDeliveredUsd)} for one-by-one quotes realised in sequence (they promised ${formatUsd(summary.independentQuotedUsd)})`,
          `netting: ${summary.nettedPairs} pairs, saved ${formatUsd(summary.nettingSavingUsd)}`,
          '',
          ...serialized.results.map((item) =>
            item.status === 'invalid'
              ? `${item.id}  invalid  [${item.error.code}] ${item.error.message}`
              : `${item.id}  ${item.status}  ${item.amountIn?.amount} ${item.amountIn?.symbol} → ${item.amountOut?.amount} ${item.amountOut?.symbol}  p=${item.outcomeProbability}${
                  item.netting && item.netting.length > 0 ? `  netted ×${item.netting.length}` : ''
                }${item.error ? `  [${item.error.code}] ${item.error.message}` : ''}`,
          ),
        ].join('\n'),
      )
    }
    return summaryExit(result.summary)
  },
})

function summaryExit(summary: { unmet: number; invalid: number }): number {
  return summary.unmet > 0 || summary.invalid > 0 ? EXIT_UNMET : EXIT_OK
}
