// Is the outcome probability honest on real chains? Starts the devnet (fast blocks), runs executions
// of varied intents (sizes, pairs, deadlines from 6 s) with `executeIntent` under several relayer
// regimes, and compares what the planner predicted with what happened: reliability diagram, expected
// calibration error, Brier score, share of runs past the predicted p50 and p95 duration. The planner's
// market describes each relayer as an operator would know it — latency and refund share measured by
// probe deposits — never by its settings. Each regime is probed just before its runs, in as many
// lanes as the runs use, each lane waiting for its deposit's fill before the next, so the relayer and
// the machine are as loaded during the probes as during the runs (a burst of probes measured fills
// several times slower than the runs saw). Per regime, the second half of the runs is planned on the
// market `accord calibrate` learns from the first half's journals, and scored under both markets.
// The operator also knows its own executor on this machine: before any scored run, a few unscored
// executions (--warm-up) set each network's executor overhead and inclusion with `accord calibrate`'s
// estimators, as the devnet default (DEFAULT_TRANSACTION_OVERHEAD) was measured at another load.
//   npm run bench:calibration [-- --runs 200 --concurrency 3 --probes 80 --seed 12 --warm-up 12 --out DIR --regimes a,b --keep-journals DIR]
import { fork, type ChildProcess } from 'node:child_process'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Address, HDAccount } from 'viem'
import { getToken, indexMarket } from '../solver/market/indexMarket.ts'
import type { Market } from '../solver/market/types.ts'
import type { Intent } from '../solver/model/intent.ts'
import type { Plan } from '../solver/model/plan.ts'
import { withMarketVersion } from '../solver/market/computeMarketVersion.ts'
import { createRandom } from '../solver/random.ts'
import { calibrateMarket } from '../solver/risk/calibrateMarket.ts'
import { completionTimeDistribution } from '../solver/risk/completionTime.ts'
import { estimateOutcomeProbability } from '../solver/risk/estimateOutcomeProbability.ts'
import { preparePlanTiming } from '../solver/risk/planTiming.ts'
import { quantileOf } from '../solver/risk/timeGrid.ts'
import { collectObservations } from '../src/calibration/collectObservations.ts'
import { readJournalDirectory } from '../src/calibration/readJournalDirectory.ts'
import { devnetTokenAbi } from '../src/devnet/abis.ts'
import { createDevnetPublicClient, createDevnetWalletClient } from '../src/devnet/defineDevnetChain.ts'
import { devnetAccount } from '../src/devnet/devnetAccounts.ts'
import { DEMO_BRIDGE_FEES, DEVNET_CHAINS } from '../src/devnet/devnetDefaults.ts'
import { startDevnet } from '../src/devnet/startDevnet.ts'
import { executeIntent } from '../src/executor/executeIntent.ts'
import { devnetExecutionTargets } from '../src/devnet/loadDevnetEnvironment.ts'
import { serializeMarket } from '../src/market/parseMarket.ts'
import { scoreForecasts, type ScoredRun } from './calibration/scoreForecasts.ts'
import { probeRelayer, withMeasuredRelayer, type RelayerMeasurement } from './calibration/probeRelayer.ts'
import { RELAYER_REGIMES, type RelayerRegime } from './calibration/relayerRegimes.ts'
import { reliabilityDiagram } from './calibration/reliabilityDiagram.ts'
import { renderCalibrationReport } from './calibration/renderCalibrationReport.ts'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '3' },
    probes: { type: 'string', default: '80' },
    seed: { type: 'string', default: '12' },
    out: { type: 'string' },
    regimes: { type: 'string' },
    'keep-journals': { type: 'string' },
    'warm-up': { type: 'string', default: '12' },
  },
})
const totalRuns = Number(values.runs)
const concurrency = Math.max(1, Math.min(5, Number(values.concurrency)))
const probes = Number(values.probes)
const seed = Number(values.seed)
const warmUpRuns = Math.max(0, Number(values['warm-up']))
const date = new Date().toISOString().slice(0, 10)
const outDir = values.out ?? fileURLToPath(new URL(`./results/${date}/`, import.meta.url))

/** Short blocks so that hundreds of executions fit in minutes; distinct so inclusion differs per chain. */
const CHAINS = DEVNET_CHAINS.map((chain, i) => ({ ...chain, blockTimeMs: [400, 800, 250][i] ?? 400 }))
/** anvil funds the first ten mnemonic accounts (0–2 are deployer, relayer, user); the lanes' are funded here. */
const LANE_ACCOUNTS = [10, 11, 12, 13, 14].map((i) => devnetAccount(i))
const PROBE_ACCOUNTS = [15, 16, 17, 18, 19].map((i) => devnetAccount(i))
/** A probe lane moves on after this long without a fill (a refunded deposit takes its whole 30 s window). */
const PROBE_WAIT_CAP_SECONDS = 12
const DEADLINES = [6, 8, 10, 12, 15, 20, 30, 45, 60, 90]
const SLIPPAGES = [30, 50, 100]

const started = Date.now()
const log = (text: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`)
const dir = await mkdtemp(join(tmpdir(), 'accord-calibration-'))
const devnet = await startDevnet({
  chains: CHAINS,
  bridgeFees: DEMO_BRIDGE_FEES,
  relayer: { run: 'none', pollIntervalMs: 100 },
  marketFile: join(dir, 'market.json'),
  devnetFile: join(dir, 'devnet.json'),
})
// The relayer runs in its own process (relayerProcess.ts), told over IPC which regime each depositor gets.
const relayer: ChildProcess = fork(fileURLToPath(new URL('./calibration/relayerProcess.ts', import.meta.url)), ['--devnet', join(dir, 'devnet.json'), '--seed', String(seed)], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
})
const relayerMessage = (predicate: (message: Record<string, unknown>) => boolean) =>
  new Promise<void>((resolve) => {
    const listener = (message: Record<string, unknown>) => {
      if (!predicate(message)) return
      relayer.off('message', listener)
      resolve()
    }
    relayer.on('message', listener)
  })
const assign = async (entries: ReadonlyArray<readonly [HDAccount, RelayerRegime]>) => {
  const acknowledged = relayerMessage((message) => message.assigned === true)
  relayer.send({ assign: Object.fromEntries(entries.map(([account, regime]) => [account.address.toLowerCase(), regime.name])) })
  await acknowledged
}
await relayerMessage((message) => message.ready === true)
try {
  log(`devnet up: ${devnet.chains.map((chain) => `${chain.name} ${chain.blockTimeMs} ms`).join(', ')}`)
  await fund(devnet.chains, [...LANE_ACCOUNTS, ...PROBE_ACCOUNTS])
  const targets = devnetExecutionTargets(devnet.info)

  const selected = values.regimes === undefined ? RELAYER_REGIMES : RELAYER_REGIMES.filter((regime) => values.regimes!.split(',').includes(regime.name))
  const measurements = new Map<string, RelayerMeasurement>()
  /** Per regime: the fill times the runs' own journals show (deposit receipt → fill seen), to compare with the probes'. */
  const runFills = new Map<string, number[]>()

  // 0. What the operator knows of its own executor: unscored executions (long deadlines, so every
  // step is sent), whose journals give each network's overhead and inclusion; bridges are left as they are.
  let base: Market = devnet.market
  const warmUp: string[] = []
  if (warmUpRuns > 0) {
    await assign(LANE_ACCOUNTS.map((account) => [account, selected[0]!] as const))
    const warmRandom = createRandom(seed * 31 + 7)
    const warmDir = join(dir, 'warm-up')
    const warmIntents = Array.from({ length: warmUpRuns }, () => ({ ...drawIntent(devnet.market, warmRandom), deadlineSeconds: 120 }))
    await runAll(warmIntents, async (intent, account) => {
      await executeIntent({ intent, market: devnet.market, targets, account, journalDir: warmDir }).catch((error: Error) => log(`warm-up: executor error: ${error.message.split('\n')[0]}`))
    })
    const { market: measuredNetworks, estimates } = calibrateMarket(devnet.market, collectObservations(await readJournalDirectory(warmDir)))
    const { version: _version, ...rest } = devnet.market
    base = withMarketVersion({ ...rest, networks: measuredNetworks.networks })
    for (const estimate of estimates.filter((e) => e.subject.startsWith('network:') && e.parameter !== 'swapRevertProbability')) warmUp.push(`${estimate.subject} ${estimate.parameter} ${estimate.value} (n=${estimate.observations})`)
    for (const line of warmUp) log(`warm-up (${warmUpRuns} executions): ${line}`)
  }

  // 2. The runs, regime by regime; per regime the first half on the probed market, the second on the calibrated one.
  const random = createRandom(seed)
  const runs: ScoredRun[] = []
  const perRegime = Math.ceil(totalRuns / selected.length)
  const calibrations: Array<{ regime: string; estimates: number; transactions: number; transfers: number }> = []
  for (const regime of selected) {
    // 1. What the operator knows: the regime probed right before its runs, in the runs' lanes.
    const probeAccounts = PROBE_ACCOUNTS.slice(0, concurrency)
    await assign([...LANE_ACCOUNTS, ...probeAccounts].map((account) => [account, regime] as const))
    const measured = await probeRelayer({ devnet, market: devnet.market, accounts: probeAccounts, count: probes, windowSeconds: 30, waitCapSeconds: PROBE_WAIT_CAP_SECONDS })
    measurements.set(regime.name, measured)
    log(`probe ${regime.name}: ${measured.probes} deposits in ${probeAccounts.length} lanes, ${measured.refunded} refunded, fill median ${measured.medianSeconds.toFixed(2)} s, p95 ${measured.p95Seconds.toFixed(2)} s`)
    const operator = withMeasuredRelayer(base, measured)
    const firstHalf = Math.floor(perRegime / 2)
    const intents = Array.from({ length: perRegime }, () => drawIntent(operator, random))
    const firstDir = join(dir, regime.name, 'first')
    await runAll(intents.slice(0, firstHalf), async (intent, account) => runOne(regime, 'first', intent, account, operator, undefined, firstDir))
    const observations = collectObservations(await readJournalDirectory(firstDir))
    runFills.set(regime.name, fillsFromInclusion(observations))
    const { market: calibrated, estimates } = calibrateMarket(operator, observations)
    calibrations.push({ regime: regime.name, estimates: estimates.length, transactions: observations.transactions.length, transfers: observations.transfers.length })
    await writeFile(join(dir, `${regime.name}-calibrated.json`), JSON.stringify(serializeMarket(calibrated), null, 2))
    log(`${regime.name}: calibrated on ${observations.transactions.length} transactions, ${observations.transfers.length} transfers`)
    for (const estimate of estimates.filter((e) => e.subject.startsWith('network:'))) log(`  ${estimate.subject} ${estimate.parameter} ${estimate.value} (n=${estimate.observations})`)
    const secondDir = join(dir, regime.name, 'second')
    await runAll(intents.slice(firstHalf), async (intent, account) => runOne(regime, 'second', intent, account, calibrated, operator, secondDir))
    const second = collectObservations(await readJournalDirectory(secondDir))
    runFills.get(regime.name)!.push(...fillsFromInclusion(second))
  }

  // 3. Scores and files.
  const score = scoreForecasts(runs)
  await mkdir(outDir, { recursive: true })
  const command = `npm run bench:calibration -- --runs ${totalRuns} --concurrency ${concurrency} --probes ${probes} --seed ${seed} --warm-up ${warmUpRuns}`
  await writeFile(join(outDir, 'calibration-reliability.svg'), reliabilityDiagram(runs, score))
  const probed = selected.map((regime) => ({ regime, measured: measurements.get(regime.name)!, runFillSeconds: [...(runFills.get(regime.name) ?? [])].sort((a, b) => a - b) }))
  await writeFile(
    join(outDir, 'calibration.json'),
    `${JSON.stringify({ command, date, warmUp, measurements: probed.map(({ regime, measured, runFillSeconds }) => ({ regime, measured: { ...measured, fillSeconds: undefined }, runFillSeconds })), calibrations, score, runs }, null, 2)}\n`,
  )
  const report = renderCalibrationReport({ command, date, seconds: (Date.now() - started) / 1000, warmUp, probed, score, runs })
  await writeFile(join(outDir, 'calibration.md'), report)
  console.log(`\n${report}`)
  log(`wrote ${outDir}`)

  /** The runs' fill times from the deposit's inclusion, as the probes measure them (the journal's start after the deposit's confirmations). */
  function fillsFromInclusion(observations: ReturnType<typeof collectObservations>): number[] {
    const blockSeconds = (bridgeId: string) => {
      const bridge = devnet.market.venues.find((venue) => venue.id === bridgeId)
      return (devnet.market.networks.find((network) => bridge?.kind === 'bridge' && network.chainId === bridge.from.chainId)?.blockTimeMs ?? 0) / 1000
    }
    return observations.transfers.flatMap((transfer) =>
      transfer.fillSeconds === undefined ? [] : [transfer.fillSeconds + Math.max(0, (transfer.confirmations ?? 1) - 1) * blockSeconds(transfer.bridgeId)],
    )
  }

  async function runAll(intents: readonly Intent[], run: (intent: Intent, account: HDAccount) => Promise<void>): Promise<void> {
    let next = 0
    await Promise.all(
      LANE_ACCOUNTS.slice(0, concurrency).map(async (account) => {
        while (next < intents.length) await run(intents[next++]!, account)
      }),
    )
  }

  async function runOne(regime: RelayerRegime, half: 'first' | 'second', intent: Intent, account: HDAccount, market: Market, before: Market | undefined, journalDir: string): Promise<void> {
    let plan: Plan | undefined
    const loadPerCore = loadavg()[0]! / availableParallelism()
    let outcome: Awaited<ReturnType<typeof executeIntent>>['outcome']
    try {
      outcome = (
        await executeIntent({
          intent,
          market,
          targets,
          account,
          journalDir,
          onRecord: (record) => {
            if (record.type === 'plan' && plan === undefined) plan = record.plan
          },
        })
      ).outcome
    } catch (error) {
      // An executor error (e.g. a transaction that can no longer be sent) ends the run without the outcome.
      log(`${regime.name} ${half}: executor error: ${(error as Error).message.split('\n')[0]}`)
      if (plan) runs.push({ ...scored(regime, half, intent, plan, market, before), loadPerCore, reached: false, recovered: true, durationSeconds: intent.deadlineSeconds as number, completed: false })
      return
    }
    if (!plan) {
      log(`${regime.name} ${half}: no plan (${outcome.stoppedReason ?? outcome.verdict})`)
      return
    }
    const run: ScoredRun = {
      ...scored(regime, half, intent, plan, market, before),
      loadPerCore,
      reached: outcome.reached,
      recovered: outcome.resolves.length > 0,
      durationSeconds: outcome.deliveredAfterSeconds ?? outcome.durationSeconds,
      completed: outcome.deliveredAfterSeconds !== undefined && outcome.fundsNow.length === 0,
    }
    runs.push(run)
    log(
      `${String(runs.length).padStart(3)} ${regime.name.padEnd(10)} ${half} ${run.steps.padEnd(5)} deadline ${String(run.deadlineSeconds).padStart(2)} s  P ${run.predicted.toFixed(3)}  ${run.reached ? 'reached' : `NOT (${outcome.verdict})`}  ${run.durationSeconds.toFixed(1)} s (p50 ${run.p50Seconds.toFixed(1)}, p95 ${run.p95Seconds.toFixed(1)})${run.recovered ? ' recovered' : ''}  load ${loadPerCore.toFixed(1)}/core`,
    )
  }
} finally {
  relayer.send({ stop: true })
  await new Promise((resolve) => relayer.once('exit', resolve))
  await devnet.stop()
  if (values['keep-journals'] !== undefined) await cp(dir, values['keep-journals'], { recursive: true })
  await rm(dir, { recursive: true, force: true })
}

/** The prediction part of a scored run: on the market the plan was made on and, in the second half, on the market before calibration. */
function scored(regime: RelayerRegime, half: 'first' | 'second', intent: Intent, plan: Plan, market: Market, before: Market | undefined) {
  const predicted = predict(market, plan, intent)
  const previous = before ? predict(before, plan, intent) : undefined
  return {
    regime: regime.name,
    half,
    deadlineSeconds: intent.deadlineSeconds as number,
    steps: plan.steps.map((step) => step.action[0]).join(''),
    predicted: predicted.probability,
    p50Seconds: predicted.p50,
    p95Seconds: predicted.p95,
    ...(previous ? { before: { predicted: previous.probability, p50Seconds: previous.p50, p95Seconds: previous.p95 } } : {}),
  }
}

/** The plan's outcome probability and completion-time median and p95 on `market` (its timing and failure parameters). */
function predict(market: Market, plan: Plan, intent: Intent): { probability: number; p50: number; p95: number } {
  const index = indexMarket(market)
  const { probability, p95DurationSeconds } = estimateOutcomeProbability({
    index,
    steps: plan.steps,
    expectedAmountOutRaw: plan.expectedAmountOutRaw,
    minAmountOutRaw: plan.minAmountOutRaw,
    deadlineSeconds: intent.deadlineSeconds,
  })
  const timing = preparePlanTiming(index, plan.steps)
  const sinks = plan.steps.map((_, position) => position).filter((position) => timing.dag.dependents[position]!.length === 0)
  const completion = completionTimeDistribution({ grid: timing.grid, dag: timing.dag, durations: timing.durations, targets: sinks })
  return { probability: probability.total, p50: quantileOf(timing.grid, completion.distribution, 0.5), p95: p95DurationSeconds }
}

/** A random intent: mostly across chains, 20–3 000 USD (log-uniform), a deadline from 6 to 90 s. */
function drawIntent(market: Market, random: () => number): Intent {
  const tokens = market.tokens
  for (;;) {
    const from = tokens[Math.floor(random() * tokens.length)]!
    const to = tokens[Math.floor(random() * tokens.length)]!
    if (from.chainId === to.chainId && (from.symbol === to.symbol || random() < 0.7)) continue
    if (from.chainId !== to.chainId && from.symbol === to.symbol && random() < 0.5) continue
    const usd = 20 * Math.exp(random() * Math.log(150))
    const index = indexMarket(market)
    const token = getToken(index, `${from.chainId}:${from.address}` as Parameters<typeof getToken>[1])
    const units = usd / token.priceUsd
    const amountInRaw = BigInt(Math.round(units * 10 ** Math.min(token.decimals, 12))) * 10n ** BigInt(Math.max(0, token.decimals - 12))
    return {
      from: { chainId: from.chainId, token: from.address },
      to: { chainId: to.chainId, token: to.address },
      amountInRaw,
      deadlineSeconds: DEADLINES[Math.floor(random() * DEADLINES.length)]!,
      maxSlippageBps: SLIPPAGES[Math.floor(random() * SLIPPAGES.length)]!,
    }
  }
}

/** Sends each account 100 ETH for gas and mints it 1 M of every stablecoin and 300 WETH on every chain (the deployer is the tokens' minter). */
async function fund(chains: typeof devnet.chains, accounts: readonly HDAccount[]): Promise<void> {
  const deployer = devnetAccount('deployer')
  await Promise.all(
    chains.map(async (chain) => {
      const wallet = createDevnetWalletClient(chain, deployer)
      const client = createDevnetPublicClient(chain)
      let last: `0x${string}` | undefined
      for (const account of accounts) last = await wallet.sendTransaction({ to: account.address, value: 100n * 10n ** 18n })
      for (const account of accounts)
        for (const [symbol, amount] of [['USDC', 1_000_000n * 10n ** 6n], ['USDT', 1_000_000n * 10n ** 6n], ['WETH', 300n * 10n ** 18n]] as const)
          last = await wallet.writeContract({ address: chain.contracts.tokens[symbol] as Address, abi: devnetTokenAbi, functionName: 'mint', args: [account.address, amount] })
      if (last) await client.waitForTransactionReceipt({ hash: last })
    }),
  )
}
