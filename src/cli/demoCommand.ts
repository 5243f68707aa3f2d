// `accord demo --devnet`: the whole loop on a throwaway devnet — start three anvil chains with
// Uniswap V2 and the AccordSpoke bridge, quote an intent whose best route is swap → bridge → swap,
// execute it with the devnet user's account, print the outcome, stop the devnet.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { BaseError } from '../../solver/errors.ts'
import { quoteIntent } from '../../solver/plan/quoteIntent.ts'
import { resolveIntentRequest } from '../../solver/plan/resolveIntentRequest.ts'
import { DEMO_BRIDGE_FEES } from '../devnet/devnetDefaults.ts'
import { startDevnet } from '../devnet/startDevnet.ts'
import { executeIntent } from '../executor/executeIntent.ts'
import { devnetExecutionTargets } from '../devnet/loadDevnetEnvironment.ts'
import { describeRecord, renderOutcome } from '../executor/renderOutcome.ts'
import { renderPlan } from '../format/renderPlan.ts'
import { serializePlan } from '../format/serializePlan.ts'
import { defineCommand } from './command.ts'
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_UNMET } from '../config/exitCodes.ts'

const usage = `Usage: accord demo --devnet [options]

Starts a local devnet in this process (three anvil chains, Uniswap V2 pools, the AccordSpoke bridge
and its relayer), quotes USDT on devnet-a → WETH on devnet-c — a route that needs a swap, a bridge and
a swap — executes it step by step with the devnet's user account, prints the outcome and stops the devnet.

Options:
  --devnet                  run on a fresh local devnet (the only mode)
  --amount DECIMAL          USDT to spend (default 2000)
  --deadline SECONDS        deadline of the intent (default 300)
  --journal-dir DIR         keep the journal here (default: a temporary directory, removed afterwards)
  --json                    print {plan, outcome} as JSON (no progress lines)
  -h, --help                show this help`

export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'start a devnet, quote and execute a swap → bridge → swap intent, print the outcome',
  usage,
  options: {
    devnet: { type: 'boolean' },
    amount: { type: 'string' },
    deadline: { type: 'string' },
    'journal-dir': { type: 'string' },
  },
  async run({ values, json, io }) {
    if (!values.devnet) {
      io.stderr(`error [INVALID_ARGUMENT] accord demo needs --devnet (the only mode).\n\n${usage}`)
      return EXIT_BAD_INPUT
    }
    const deadlineSeconds = Number(values.deadline ?? 300)
    if (!Number.isFinite(deadlineSeconds) || deadlineSeconds <= 0)
      throw new BaseError('INVALID_ARGUMENT', `--deadline must be a positive number, got "${values.deadline}".`, { field: '--deadline' })

    const journalDir = values['journal-dir'] ? resolve(values['journal-dir']) : await mkdtemp(join(tmpdir(), 'accord-demo-'))
    const progress = (line: string) => {
      if (!json) io.stderr(line)
    }
    progress('Starting the devnet (3 anvil chains, Uniswap V2, AccordSpoke, relayer)…')
    const devnet = await startDevnet({ bridgeFees: DEMO_BRIDGE_FEES, relayer: { delayMs: 1000 } })
    try {
      const market = devnet.market
      const intent = resolveIntentRequest(market, {
        from: { chain: 'devnet-a', token: 'USDT' },
        to: { chain: 'devnet-c', token: 'WETH' },
        amount: values.amount ?? '2000',
        deadlineSeconds,
      })
      const quote = quoteIntent(market, intent)
      if (quote.status !== 'ok') throw new BaseError(quote.code, quote.reason)
      progress(renderPlan(serializePlan(market, quote.plan)))
      const { outcome, journalPath } = await executeIntent({
        intent,
        plan: quote.plan,
        market,
        targets: devnetExecutionTargets(devnet.info),
        account: devnet.accounts.user,
        journalDir,
        ...(json
          ? {}
          : {
              onRecord: (record, state) => {
                const line = describeRecord(record, state, market)
                if (line) progress(line)
              },
            }),
      })
      if (json) io.stdout(JSON.stringify({ plan: serializePlan(market, quote.plan), outcome, journal: values['journal-dir'] ? journalPath : undefined }, null, 2))
      else io.stdout(`${renderOutcome(outcome)}${values['journal-dir'] ? `\n  journal    ${journalPath}` : ''}`)
      return outcome.reached ? EXIT_OK : EXIT_UNMET
    } finally {
      await devnet.stop()
      if (!values['journal-dir']) await rm(journalDir, { recursive: true, force: true })
    }
  },
})
