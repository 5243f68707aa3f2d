// `accord calibrate` on constructed journals: what collectObservations reads from the records, the
// estimators against their closed forms, recovery of known generating parameters from many
// journals, and the command's files and errors.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Bridge } from '../../../solver/market/types.ts'
import type { Plan, Step } from '../../../solver/model/plan.ts'
import { calibrateMarket, fitCongestion } from '../../../solver/risk/calibrateMarket.ts'
import { logNormalFromMedianP95 } from '../../../solver/risk/latencyDistribution.ts'
import { Z_95 } from '../../../solver/risk/parameters.ts'
import { collectObservations } from '../../../src/calibration/collectObservations.ts'
import { main } from '../../../src/cli/main.ts'
import { encodeJournalRecord, type JournalRecord, type JournalRecordInput } from '../../../src/executor/journal.ts'
import { parseMarketJson } from '../../../src/market/parseMarket.ts'
import { makeStep, market, TOKENS } from '../../solver/risk/riskPlans.ts'
import { mulberry32, normalSampler } from '../../solver/risk/simulateOutcome.ts'

const swap = makeStep(0, 'arb-weth-usdc', TOKENS.wethArb, TOKENS.usdcArb, 10n ** 18n, 3_000_000_000n)
const bridge = makeStep(1, 'across-usdc-arb-base', TOKENS.usdcArb, TOKENS.usdcBase, 3_000_000_000n, 2_999_000_000n, [0])
const plan = {
  steps: [swap, bridge],
  schedule: { steps: [swap, bridge].map((step) => ({ stepIndex: step.index, confirmations: 1 })) },
} as unknown as Plan

interface Timings {
  /** Per transaction in order (approve swap, swap, approve deposit, deposit): overhead and wait, seconds. */
  readonly transactions: ReadonlyArray<{ overhead: number; wait: number }>
  readonly swapReverted?: boolean
  /** Fill time after the deposit's receipt, or undefined for a refund. */
  readonly fill: number | undefined
}

/** The records the executor writes for swap → bridge with these timings (times in ms from 1 000 000). */
function journal(timings: Timings, id: number): JournalRecord[] {
  let now = 1_000_000
  const records: JournalRecord[] = []
  const add = (record: JournalRecordInput) => records.push({ ...record, at: now } as JournalRecord)
  add({ type: 'intent', executionId: `ex-${id}`, account: '0x0000000000000000000000000000000000000001', intent: {} as never, options: {} as never })
  now += 40 // the first read and quote: part of the first transaction's overhead
  add({ type: 'plan', legId: 0, source: { asset: TOKENS.wethArb, amountRaw: 1n }, minAmountOutRaw: 1n, plan, quoteMs: 30 })
  const purposes = ['approve', 'swap', 'approve', 'deposit'] as const
  timings.transactions.forEach(({ overhead, wait }, i) => {
    const step: Step = i < 2 ? swap : bridge
    const hash = `0x${String(id * 10 + i).padStart(64, '0')}` as `0x${string}`
    const start = records.at(-1)!.at
    now = start + Math.round(overhead * 1000) - 5
    add({ type: 'step-sending', legId: 0, stepIndex: step.index, purpose: purposes[i]!, chainId: 42161, nonce: i, hash, raw: '0x', to: '0x0000000000000000000000000000000000000002', amountInRaw: step.amountInRaw, minAmountOutRaw: 0n, predictedAmountOutRaw: 0n, deadline: 0 })
    now += 5
    add({ type: 'step-sent', hash })
    now += Math.round(wait * 1000)
    const reverted = purposes[i] === 'swap' && timings.swapReverted === true
    add({ type: 'step-confirmed', hash, legId: 0, stepIndex: step.index, purpose: purposes[i]!, status: reverted ? 'reverted' : 'success', blockNumber: 1n, gasUsed: 1n, effectiveGasPrice: 1n, ...(purposes[i] === 'deposit' ? { depositId: BigInt(id), fillDeadline: 0 } : {}) })
  })
  now += 300
  add({ type: 'bridge-late', legId: 0, stepIndex: 1, elapsedSeconds: 0.3, p95Seconds: 0.1 })
  if (timings.fill === undefined) {
    now += 4000
    add({ type: 'bridge-refunded', legId: 0, stepIndex: 1, transactionHash: '0x00', amountRaw: 1n })
  } else {
    now += Math.round(timings.fill * 1000) - 300
    add({ type: 'bridge-filled', legId: 0, stepIndex: 1, transactionHash: '0x00', amountOutRaw: 1n, blockNumber: 2n })
  }
  return records
}

describe('collectObservations', () => {
  it('reads overhead (previous record → broadcast, the first from the intent), wait, reverts and fills', () => {
    const timings: Timings = {
      transactions: [
        { overhead: 0.2, wait: 0.4 },
        { overhead: 0.05, wait: 0.3 },
        { overhead: 0.12, wait: 0.25 },
        { overhead: 0.07, wait: 0.5 },
      ],
      swapReverted: true,
      fill: 6.5,
    }
    const observations = collectObservations([journal(timings, 1)])
    expect(observations.transactions.map((tx) => tx.purpose)).toEqual(['approve', 'swap', 'approve', 'deposit'])
    // The first transaction's overhead runs from the intent: the 40 ms before the plan record count.
    expect(observations.transactions.map((tx) => tx.overheadSeconds)).toEqual([0.24, 0.05, 0.12, 0.07])
    expect(observations.transactions.map((tx) => tx.waitSeconds)).toEqual([0.4, 0.3, 0.25, 0.5])
    expect(observations.transactions.map((tx) => tx.reverted)).toEqual([false, true, false, false])
    // Per step, the executor's time over its transactions: approve + swap, approve + deposit.
    expect(observations.steps).toHaveLength(2)
    expect(observations.steps[0]!.overheadSeconds).toBeCloseTo(0.24 + 0.05, 12)
    expect(observations.steps[1]!.overheadSeconds).toBeCloseTo(0.12 + 0.07, 12)
    expect(observations.transfers).toEqual([{ bridgeId: 'across-usdc-arb-base', amountInRaw: 3_000_000_000n, filled: true, fillSeconds: 6.5, confirmations: 1 }])
  })
})

describe('calibrateMarket', () => {
  const random = mulberry32(3)
  const normal = normalSampler(random)
  // Generating truth: overhead log-normal (median 0.1 s, σ 0.6), fills log-normal (median 6 s, σ 0.4), 20 % refunds, 10 % swap reverts.
  const journals = Array.from({ length: 600 }, (_, id) =>
    journal(
      {
        transactions: Array.from({ length: 4 }, () => ({ overhead: 0.1 * Math.exp(0.6 * normal()), wait: 0.25 * random() + 0.25 * (random() < 0.5 ? 1 : 0) })),
        swapReverted: random() < 0.1,
        fill: random() < 0.2 ? undefined : 6 * Math.exp(0.4 * normal()),
      },
      id,
    ),
  )
  const observations = collectObservations(journals)
  const { market: calibrated, estimates } = calibrateMarket(market, observations)
  const arbitrum = calibrated.networks.find((network) => network.chainId === 42161)!
  const across = calibrated.venues.find((venue) => venue.id === 'across-usdc-arb-base') as Bridge
  const before = market.venues.find((venue) => venue.id === 'across-usdc-arb-base') as Bridge

  it("the overhead is the log-normal MLE of the steps' overheads", () => {
    const logs = observations.steps.map((step) => Math.log(step.overheadSeconds))
    const mu = logs.reduce((s, x) => s + x, 0) / logs.length
    const sigma = Math.sqrt(logs.reduce((s, x) => s + (x - mu) ** 2, 0) / logs.length)
    expect(arbitrum.executorOverhead!.medianSeconds).toBeCloseTo(Math.exp(mu), 3)
    expect(arbitrum.executorOverhead!.p95Seconds).toBeCloseTo(Math.exp(mu + Z_95 * sigma), 2)
    expect(arbitrum.executorOverhead!.observations).toBe(1200)
    // Each step's overhead is the sum of two draws of median 0.1 s (the first step's also the 40 ms read).
    expect(arbitrum.executorOverhead!.medianSeconds).toBeGreaterThan(0.2)
    expect(arbitrum.executorOverhead!.medianSeconds).toBeLessThan(0.3)
  })

  it('congestion matches the mean wait by the inclusion model (method of moments)', () => {
    // Waits are U(0, 0.25) plus one 0.25 s block half the time: mean 0.25 s on 0.25 s blocks, so (1 − p)/p = 0.5.
    const mean = observations.transactions.reduce((s, tx) => s + tx.waitSeconds, 0) / observations.transactions.length
    const p = 1 / (1 + (mean / 0.25 - 0.5))
    expect(arbitrum.congestion).toBeCloseTo((1 - p) / 0.5, 3)
    expect(arbitrum.congestion).toBeGreaterThan(0.6)
    expect(arbitrum.congestion).toBeLessThan(0.74)
    expect(fitCongestion(1, [{ waitSeconds: 0.3, confirmations: 1 }])).toBe(0)
    expect(fitCongestion(1, [{ waitSeconds: 2.5, confirmations: 3 }])).toBe(0)
  })

  it('the swap revert rate is the Beta posterior mean around the rate the model used (0.1 % + 1 %·congestion)', () => {
    const swaps = observations.transactions.filter((tx) => tx.purpose === 'swap')
    const r0 = 0.001 + 0.01 * market.networks.find((n) => n.chainId === 42161)!.congestion
    expect(arbitrum.swapRevertProbability).toBeCloseTo((swaps.filter((tx) => tx.reverted).length + 20 * r0) / (swaps.length + 20), 4)
    expect(arbitrum.observations?.swapAttempts).toBe(620)
    expect(Math.abs(arbitrum.swapRevertProbability! - 0.1)).toBeLessThan(0.04)
  })

  it("the failure rate is the Beta posterior mean around the market's rate, and the tier the pooled log-normal", () => {
    const refunds = observations.transfers.filter((t) => !t.filled).length
    expect(across.failureProbability).toBeCloseTo((refunds + 20 * before.failureProbability) / (600 + 20), 4)
    expect(across.failureObservations).toBe(620)
    expect(Math.abs(across.failureProbability - 0.2)).toBeLessThan(0.05)
    const tier = before.latencyTiers.find((t) => t.maxAmountRaw === undefined || 3_000_000_000n <= t.maxAmountRaw)!
    const position = before.latencyTiers.indexOf(tier)
    const prior = logNormalFromMedianP95(tier.medianSeconds, tier.p95Seconds)
    const logs = observations.transfers.filter((t) => t.filled).map((t) => Math.log(t.fillSeconds!))
    const mu = (logs.reduce((s, x) => s + x, 0) + 5 * prior.mu) / (logs.length + 5)
    const variance = (logs.reduce((s, x) => s + (x - mu) ** 2, 0) + 5 * (prior.sigma ** 2 + (prior.mu - mu) ** 2)) / (logs.length + 5)
    expect(across.latencyTiers[position]!.medianSeconds).toBeCloseTo(Math.exp(mu), 2)
    expect(across.latencyTiers[position]!.p95Seconds / Math.exp(mu + Z_95 * Math.sqrt(variance))).toBeCloseTo(1, 3)
    // The other tiers saw no fills and keep their values.
    across.latencyTiers.forEach((other, i) => {
      if (i !== position) expect(other).toEqual(before.latencyTiers[i])
    })
    expect(estimates.filter((e) => e.parameter === 'latencyTier')).toHaveLength(1)
  })

  it("counts a transfer's fill from the deposit's inclusion: the confirmations the executor waited for are added back in origin blocks", () => {
    // With no prior weight the tier is the MLE of the fills; a deposit watched after 4 confirmations
    // started its fill clock 3 origin blocks after the inclusion the model's tier measures from.
    const bridgeVenue = market.venues.find((venue) => venue.id === 'across-usdc-arb-base') as Bridge
    const origin = market.networks.find((network) => network.chainId === bridgeVenue.from.chainId)!
    const unweighted = { ...market, venues: market.venues.map((venue) => (venue === bridgeVenue ? { ...bridgeVenue, latencyTiers: bridgeVenue.latencyTiers.map((tier) => ({ ...tier, observations: 0 })) } : venue)) }
    const journalFills = [2, 3, 5, 8]
    const transfers = journalFills.map((fillSeconds) => ({ bridgeId: bridgeVenue.id, amountInRaw: 3_000_000_000n, filled: true, fillSeconds, confirmations: 4 }))
    const { market: calibrated } = calibrateMarket(unweighted, { transactions: [], steps: [], transfers })
    const tier = (calibrated.venues.find((venue) => venue.id === bridgeVenue.id) as Bridge).latencyTiers.find((t) => t.observations === 4)!
    const fromInclusion = journalFills.map((x) => Math.log(x + (3 * origin.blockTimeMs) / 1000))
    expect(tier.medianSeconds).toBeCloseTo(Math.exp(fromInclusion.reduce((a, b) => a + b, 0) / 4), 3)
    expect(origin.blockTimeMs).toBeGreaterThan(0)
  })

  it('a network with too few transactions keeps its values', () => {
    const { market: few } = calibrateMarket(market, collectObservations(journals.slice(0, 1)))
    expect(few.networks.find((n) => n.chainId === 42161)!.executorOverhead).toBeUndefined()
  })
})

describe('accord calibrate', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })
  const io = () => {
    const out: string[] = []
    const err: string[] = []
    return { out, err, io: { stdout: (text: string) => out.push(text), stderr: (text: string) => err.push(text) } }
  }

  it('writes the calibrated market with observation counts, which parses as a market', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'accord-calibrate-'))
    dirs.push(dir)
    for (let id = 0; id < 8; id++)
      await writeFile(
        join(dir, `ex-${id}.jsonl`),
        journal({ transactions: Array.from({ length: 4 }, (_, i) => ({ overhead: 0.1 + 0.01 * i, wait: 0.2 })), fill: id % 4 === 0 ? undefined : 5 + id / 10 }, id)
          .map((record) => `${encodeJournalRecord(record)}\n`)
          .join(''),
      )
    const out = join(dir, 'calibrated.json')
    const { io: cli, out: printed } = io()
    const code = await main(['calibrate', '--journals', dir, '--market', 'fixtures/markets/small.json', '--out', out], cli)
    expect(code).toBe(0)
    const written = parseMarketJson(await readFile(out, 'utf8'))
    const across = written.venues.find((venue) => venue.id === 'across-usdc-arb-base') as Bridge
    expect(across.failureObservations).toBe(28)
    expect(across.failureProbability).toBeCloseTo((2 + 20 * 0.002) / 28, 4)
    expect(written.networks.find((n) => n.chainId === 42161)!.executorOverhead?.observations).toBe(16)
    expect(printed.join('\n')).toMatch(/32 transactions, 8 bridge transfers/)
  })

  it('rejects a missing --journals, an empty directory and a malformed journal (exit 2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'accord-calibrate-'))
    dirs.push(dir)
    const { io: a, err: errA } = io()
    expect(await main(['calibrate', '--market', 'fixtures/markets/small.json'], a)).toBe(2)
    expect(errA.join('')).toMatch(/--journals/)
    const { io: b, err: errB } = io()
    expect(await main(['calibrate', '--journals', dir, '--market', 'fixtures/markets/small.json'], b)).toBe(2)
    expect(errB.join('')).toMatch(/No execution journals/)
    await writeFile(join(dir, 'bad.jsonl'), 'not json\n')
    const { io: c, err: errC } = io()
    expect(await main(['calibrate', '--journals', dir, '--market', 'fixtures/markets/small.json'], c)).toBe(2)
    expect(errC.join('')).toMatch(/INVALID_JSON/)
  })
})
