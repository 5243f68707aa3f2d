// `accord execute`: runs one intent on a devnet started by `accord devnet up` (or resumes an
// interrupted execution from its journal) and prints the outcome.
import { resolve } from 'node:path'
import { parseAmount } from '../../solver/amounts.ts'
import { BaseError } from '../../solver/errors.ts'
import { resolveIntentRequest } from '../../solver/plan/resolveIntentRequest.ts'
import { DEFAULT_DEVNET_DIR } from '../config/defaults.ts'
import { executeIntent, type ExecuteIntentOptions } from '../executor/executeIntent.ts'
import { loadDevnetEnvironment } from '../devnet/loadDevnetEnvironment.ts'
import type { ExecutorListeners } from '../executor/executorRuntime.ts'
import { DEFAULT_JOURNAL_DIR, type JournalRecord } from '../executor/journal.ts'
import type { ExecutionOutcome } from '../executor/outcome.ts'
import { loadOperatorAccount } from '../executor/loadOperatorAccount.ts'
import { describeRecord, renderOutcome } from '../executor/renderOutcome.ts'
import { resumeExecution } from '../executor/resumeExecution.ts'
import { defineCommand, parseNumberFlag } from './command.ts'
import { EXIT_OK, EXIT_UNMET } from '../config/exitCodes.ts'
import type { CommandIO } from '../config/io.ts'
import { INTENT_FLAGS, intentRequestFromFlags } from './intentFlags.ts'
import { createLpBackend, DEFAULT_LP_BACKEND, LP_BACKEND_NAMES } from '../config/lpBackend.ts'

const usage = `Usage: accord execute --from CHAIN:TOKEN --to CHAIN:TOKEN --amount DECIMAL [options]
       accord execute --resume ID [options]

Plans one intent on a running devnet (\`accord devnet up\`), executes it step by step with the
operator's key (ACCORD_EXECUTOR_KEY, or --keystore with ACCORD_KEYSTORE_PASSWORD; default on a
devnet: the devnet's user account), re-solving from the current holdings when a pool moves, a bridge is late or
refunds, or a step fails, and prints the outcome. Every step is journalled before and after each
transaction in <journal-dir>/<id>.jsonl; a killed execution continues with --resume ID and never
sends a transaction twice.

Options:
  --devnet-dir DIR          where \`accord devnet up\` wrote devnet.json and market.json (default ${DEFAULT_DEVNET_DIR})
  --from CHAIN:TOKEN        what you hold, e.g. devnet-a:USDT
  --to CHAIN:TOKEN          what you want, e.g. devnet-c:WETH
  --amount DECIMAL          amount of --from in token units
  --amount-raw INTEGER     instead of --amount: the amount in base units, e.g. 250000000000
  --deadline SECONDS        everything delivered within this time
  --min-out DECIMAL         smallest acceptable delivered amount of --to
  --min-out-raw INTEGER    instead of --min-out: the minimum in base units of --to
  --max-slippage-bps BPS    instead of --min-out: minimum = expected × (1 − BPS/10000) (default 50)
  --max-steps N             at most N venues on one path
  --objective, --allow-bridges, --deny-bridges, --allow-networks, --deny-networks   as for \`accord quote\`
  --min-probability P       re-solve when the remaining plan's outcome probability falls below P (default 0.9)
  --max-resolves N          adopt at most N re-solved plans (default 3)
  --no-resolve              never re-solve: stop where a re-solve would be needed (the baseline)
  --fill-window SECONDS     cap on a bridge deposit's fill window (default: the schedule's)
  --refund-grace SECONDS    wait this long past a fill deadline for the refund (default 30)
  --keystore FILE           sign with this encrypted (Web3 Secret Storage v3) key; password in ACCORD_KEYSTORE_PASSWORD
  --spend-limit DECIMAL     most of --from the execution may spend (default --amount), checked before every send
  --journal-dir DIR         journal directory (default ${DEFAULT_JOURNAL_DIR})
  --id ID                   id of a new execution (default: generated)
  --resume ID               continue execution ID from its journal
  --backend ${LP_BACKEND_NAMES.join('|')}   LP backend (default ${DEFAULT_LP_BACKEND})
  --json                    print the outcome as JSON (no progress lines)
  -h, --help                show this help

Only one process runs an execution at a time (a lease with a fencing token); a second --resume
exits 2 saying it is already running. Every error names the execution and its resume command.

Exit status: 0 intended state reached, 1 not reached (or an RPC failure; resumable), 2 bad input
or already running.`

/**
 * Fault injection for the crash tests: ACCORD_EXECUTOR_PAUSE_AFTER=`type[/purpose][#n]` makes the
 * process sleep (for a test to SIGKILL it) right after the n-th (default first) journal record of
 * that type — and, for transaction records, that purpose — is on disk.
 */
export function pauseAfterFromEnv(value: string | undefined, onPause: (record: JournalRecord) => void = () => {}): ExecutorListeners['afterRecord'] {
  if (!value) return undefined
  const match = /^([a-z-]+)(?:\/([a-z]+))?(?:#(\d+))?$/.exec(value.trim())
  if (!match) throw new BaseError('INVALID_ARGUMENT', `ACCORD_EXECUTOR_PAUSE_AFTER must be type[/purpose][#n], got "${value}".`)
  const [, type, purpose, nth] = match
  let seen = 0
  return async (record) => {
    if (record.type !== type) return
    if (purpose !== undefined && (!('purpose' in record) || record.purpose !== purpose)) return
    if (++seen !== Number(nth ?? 1)) return
    onPause(record)
    await new Promise((resolve) => setTimeout(resolve, 600_000))
  }
}

function print(outcome: ExecutionOutcome, json: boolean, io: CommandIO): number {
  io.stdout(json ? JSON.stringify(outcome, null, 2) : renderOutcome(outcome))
  return outcome.reached ? EXIT_OK : EXIT_UNMET
}

export const executeCommand = defineCommand({
  name: 'execute',
  summary: 'execute an intent on the devnet (or --resume an interrupted one) and print the outcome',
  usage,
  options: {
    'devnet-dir': { type: 'string' },
    ...INTENT_FLAGS,
    'max-resolves': { type: 'string' },
    'no-resolve': { type: 'boolean' },
    'fill-window': { type: 'string' },
    'refund-grace': { type: 'string' },
    'journal-dir': { type: 'string' },
    keystore: { type: 'string' },
    'spend-limit': { type: 'string' },
    id: { type: 'string' },
    resume: { type: 'string' },
    backend: { type: 'string' },
  },
  async run({ values, json, io }) {
    const devnetDir = resolve(values['devnet-dir'] ?? DEFAULT_DEVNET_DIR)
    const environment = await loadDevnetEnvironment(devnetDir)
    const { market, targets } = environment
    const account = (await loadOperatorAccount(values.keystore === undefined ? {} : { keystorePath: resolve(values.keystore) })) ?? environment.account
    const backend = await createLpBackend(values.backend)
    const journalDir = resolve(values['journal-dir'] ?? DEFAULT_JOURNAL_DIR)
    const listeners: ExecutorListeners = {
      ...(json ? {} : { onRecord: (record, state) => {
        const line = describeRecord(record, state, market)
        if (line) io.stderr(line)
      } }),
      ...(process.env.ACCORD_EXECUTOR_PAUSE_AFTER
        ? { afterRecord: pauseAfterFromEnv(process.env.ACCORD_EXECUTOR_PAUSE_AFTER, (record) => io.stderr(`paused after ${record.type} (ACCORD_EXECUTOR_PAUSE_AFTER)`)) }
        : {}),
    }

    if (values.resume !== undefined) {
      for (const flag of ['from', 'to', 'amount', 'deadline', 'min-out', 'max-slippage-bps', 'max-steps', 'min-probability', 'max-resolves', 'no-resolve', 'fill-window', 'refund-grace', 'spend-limit', 'id'] as const)
        if (values[flag] !== undefined)
          throw new BaseError('INVALID_ARGUMENT', `--${flag} cannot be combined with --resume: the execution's settings come from its journal.`, { field: `--${flag}` })
      const { outcome } = await resumeExecution({ id: values.resume, market, targets, account, backend, journalDir, ...listeners })
      return print(outcome, json, io)
    }

    // --min-probability is the executor's re-solve threshold here, not the intent's constraint.
    const intent = resolveIntentRequest(market, intentRequestFromFlags({ ...values, 'min-probability': undefined }))
    const minProbability = parseNumberFlag(values['min-probability'], '--min-probability', { min: 0, max: 1 })
    const maxResolves = parseNumberFlag(values['max-resolves'], '--max-resolves', { min: 0, max: 100 })
    const fillDeadlineCapSeconds = parseNumberFlag(values['fill-window'], '--fill-window', { min: 2 })
    const refundGraceSeconds = parseNumberFlag(values['refund-grace'], '--refund-grace', { min: 0 })
    const sourceToken = market.tokens.find((token) => token.chainId === intent.from.chainId && token.address.toLowerCase() === intent.from.token.toLowerCase())
    const spendLimitRaw = values['spend-limit'] === undefined || !sourceToken ? undefined : parseAmount(values['spend-limit'], sourceToken.decimals)
    const options: ExecuteIntentOptions = {
      resolve: !(values['no-resolve'] ?? false),
      ...(minProbability === undefined ? {} : { minProbability }),
      ...(maxResolves === undefined ? {} : { maxResolves }),
      ...(fillDeadlineCapSeconds === undefined ? {} : { fillDeadlineCapSeconds }),
      ...(refundGraceSeconds === undefined ? {} : { refundGraceSeconds }),
      ...(spendLimitRaw === undefined ? {} : { spendLimitRaw }),
    }
    const { outcome } = await executeIntent({
      intent,
      market,
      targets,
      account,
      backend,
      journalDir,
      options,
      ...(values.id === undefined ? {} : { id: values.id }),
      ...listeners,
    })
    return print(outcome, json, io)
  },
})
