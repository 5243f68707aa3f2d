// The journal without chains: bigints survive the file format exactly, a torn last line (a write
// killed midway) is dropped and the next append starts clean, the lease keeps a second live process
// out, is taken over from a dead one with a higher fencing token, and fences off a stale owner, and folding records gives the holdings worked out by hand.
import { spawnSync } from 'node:child_process'
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Address, Hash, Hex } from 'viem'
import type { AssetKey } from '../../../solver/market/types.ts'
import type { Intent } from '../../../solver/model/intent.ts'
import type { Plan, Step } from '../../../solver/model/plan.ts'
import { foldJournal } from '../../../src/executor/foldJournal.ts'
import { createJournal, decodeJournalRecord, encodeJournalRecord, openJournal, parseJournal, readJournal, type JournalRecord } from '../../../src/executor/journal.ts'
import { allocateStepInput, stepGuardRaw } from '../../../src/executor/stepAmounts.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-journal-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const A = '1:0x00000000000000000000000000000000000000aa' as AssetKey
const B = '1:0x00000000000000000000000000000000000000bb' as AssetKey
const C = '2:0x00000000000000000000000000000000000000bb' as AssetKey
const account = '0x00000000000000000000000000000000000000ee' as Address
const intent: Intent = { from: { chainId: 1, token: '0x00000000000000000000000000000000000000aa' }, to: { chainId: 2, token: '0x00000000000000000000000000000000000000bb' }, amountInRaw: 1_000_000n, deadlineSeconds: 600 }
const options = { resolve: true, minProbability: 0.9, maxResolves: 3, refundGraceSeconds: 30 }

function step(index: number, tokenIn: AssetKey, tokenOut: AssetKey, amountInRaw: bigint, amountOutRaw: bigint, dependsOn: number[], action: 'swap' | 'bridge' = 'swap'): Step {
  return { index, venueId: `v${index}`, venueKind: action === 'swap' ? 'constantProduct' : 'bridge', action, chainId: Number(tokenIn.split(':')[0]), tokenIn, tokenOut, amountInRaw, amountOutRaw, feeRaw: 0n, gasUnits: 0, gasCostWei: 0n, gasCostUsd: 0, dependsOn }
}

/** A → B by two swaps splitting 60/40, then B → C by bridge: minimum 1 800 000 of C. */
function splitPlan(): Plan {
  const steps = [step(0, A, B, 600_000n, 1_200_000n, []), step(1, A, B, 400_000n, 790_000n, []), step(2, B, C, 1_990_000n, 1_980_000n, [0, 1], 'bridge')]
  const scheduled = (stepIndex: number, minAmountOutRaw: bigint) => ({ stepIndex, dependsOn: steps[stepIndex]!.dependsOn, earliestStartSeconds: 0, expectedCompletionSeconds: 1, p95CompletionSeconds: 2, minAmountOutRaw, deadlineSeconds: 60, confirmations: 1, successProbability: 1 })
  return {
    marketVersion: 'test',
    intent,
    steps,
    routes: [],
    schedule: { steps: [scheduled(0, 1_194_000n), scheduled(1, 786_050n), scheduled(2, 1_800_000n)], expectedDurationSeconds: 1, p95DurationSeconds: 2 },
    amountInRaw: 1_000_000n,
    expectedAmountOutRaw: 1_980_000n,
    minAmountOutRaw: 1_800_000n,
    outcomeProbability: { total: 0.99, allStepsSucceed: 0.99, withinDeadline: 1, aboveMinimum: 1 },
    expectedDurationSeconds: 1,
    p95DurationSeconds: 2,
    gasCostUsd: 0,
    strategy: 'test',
  }
}

const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hash
const tx = (n: number, stepIndex: number, purpose: 'approve' | 'swap' | 'deposit', amountInRaw: bigint) =>
  ({ type: 'step-sending', at: n, legId: 0, stepIndex, purpose, chainId: 1, nonce: n, hash: hash(n), raw: '0x01' as Hex, to: account, amountInRaw, minAmountOutRaw: 0n, predictedAmountOutRaw: 0n, deadline: 0 }) as const

describe('journal file', () => {
  it('round-trips bigints beyond 2^53 exactly and keeps strings that look like numbers as strings', () => {
    const record = { type: 'step-failed', at: 1, legId: 0, stepIndex: 3, reason: '12345678901234567890', hash: hash(1) } as JournalRecord
    const withBig = { type: 'bridge-refunded', at: 2, legId: 0, stepIndex: 1, transactionHash: hash(2), amountRaw: 2n ** 200n + 7n } as JournalRecord
    expect(decodeJournalRecord(encodeJournalRecord(record))).toEqual(record)
    expect(decodeJournalRecord(encodeJournalRecord(withBig))).toEqual(withBig)
    expect(encodeJournalRecord(withBig)).toContain(`{"$bigint":"${(2n ** 200n + 7n).toString()}"}`)
  })

  it('fsyncs appends, ignores a torn last line and drops it before appending again', async () => {
    const journal = await createJournal({ dir, id: 'ex-1' })
    await journal.append({ type: 'intent', executionId: 'ex-1', account, intent, options })
    await journal.append({ type: 'stopped', reason: 'test' })
    await journal.close()
    await appendFile(journal.path, '{"type":"step-sent","hash":"0x12') // a write killed midway
    expect((await readJournal(journal.path)).map((r) => r.type)).toEqual(['intent', 'stopped'])

    const reopened = await openJournal({ dir, id: 'ex-1' })
    expect(reopened.records.map((r) => r.type)).toEqual(['intent', 'stopped'])
    await reopened.append({ type: 'stopped', reason: 'again' })
    await reopened.close()
    const lines = (await readFile(journal.path, 'utf8')).split('\n')
    expect(lines).toHaveLength(4) // three records and the final newline
    expect(parseJournal(lines.join('\n')).map((r) => r.type)).toEqual(['intent', 'stopped', 'stopped'])
  })

  it('refuses a second creator, and a second opener while the owner lives; takes over the lease of a dead process with a higher token', async () => {
    const journal = await createJournal({ dir, id: 'ex-2' })
    await journal.append({ type: 'intent', executionId: 'ex-2', account, intent, options })
    await expect(createJournal({ dir, id: 'ex-2' })).rejects.toThrow(/already running|already exists/)
    // The same process may not open it twice either (two resumes in one server).
    await expect(openJournal({ dir, id: 'ex-2' })).rejects.toThrow(`Execution ex-2: already running in process ${process.pid}`)
    await journal.close()
    await expect(createJournal({ dir, id: 'ex-2' })).rejects.toThrow(/already exists/)
    expect((await readJournal(journal.path)).map((record) => record.token)).toEqual([1])

    // A live process (our parent) holds a lease.
    await writeFile(join(dir, 'ex-2.lease.5'), JSON.stringify({ pid: process.ppid }))
    await expect(openJournal({ dir, id: 'ex-2' })).rejects.toThrow(`already running in process ${process.ppid}`)
    expect((await readdir(dir)).filter((name) => name.includes('.lease.'))).toEqual(['ex-2.lease.5'])
    // A process that has exited held it: taken over, with a token above every earlier one.
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid as number
    await writeFile(join(dir, 'ex-2.lease.5'), JSON.stringify({ pid: dead }))
    const taken = await openJournal({ dir, id: 'ex-2' })
    expect(taken.token).toBe(6)
    expect((await readdir(dir)).filter((name) => name.includes('.lease.'))).toEqual(['ex-2.lease.6'])
    expect(JSON.parse(await readFile(join(dir, 'ex-2.lease.6'), 'utf8')).pid).toBe(process.pid)
    await taken.append({ type: 'stopped', reason: 'taken over' })
    await taken.close()
    expect((await readJournal(journal.path)).map((record) => record.token)).toEqual([1, 6])
    // The next owner's token is above the journal's, even with no lease file left.
    const next = await openJournal({ dir, id: 'ex-2' })
    expect(next.token).toBe(7)
    await next.close()
  })

  it('fences off a stale owner: once another writer appended, it can neither append nor send', async () => {
    const journal = await createJournal({ dir, id: 'ex-3' })
    await journal.append({ type: 'intent', executionId: 'ex-3', account, intent, options })
    await journal.assertOwner()
    // Someone who wrongly believed the owner dead wrote a record (as a newer owner would).
    await appendFile(journal.path, `${encodeJournalRecord({ type: 'stopped', at: 1, token: 9, reason: 'usurper' })}\n`)
    await expect(journal.assertOwner()).rejects.toThrow(/Execution ex-3: lost its lease: another process wrote/)
    await expect(journal.append({ type: 'stopped', reason: 'stale' })).rejects.toThrow(/lost its lease/)
    await journal.close()
    expect((await readJournal(journal.path)).map((record) => record.type)).toEqual(['intent', 'stopped'])
    // A removed lease file fences too.
    const reopened = await openJournal({ dir, id: 'ex-3' })
    expect(reopened.token).toBe(10)
    await rm(join(dir, 'ex-3.lease.10'))
    await expect(reopened.assertOwner()).rejects.toThrow(/lease file .* is gone/)
    await reopened.close()
  })
})

describe('foldJournal', () => {
  it('tracks holdings through swaps, a deposit, a refund and a re-solve, as worked out by hand', () => {
    const plan = splitPlan()
    const records: JournalRecord[] = [
      { type: 'intent', at: 0, executionId: 'ex', account, intent, options },
      { type: 'plan', at: 1, legId: 0, source: { asset: A, amountRaw: 1_000_000n }, minAmountOutRaw: 1_800_000n, plan, quoteMs: 1 },
      tx(2, 0, 'swap', 600_000n),
      { type: 'step-sent', at: 3, hash: hash(2) },
      { type: 'step-confirmed', at: 4, hash: hash(2), legId: 0, stepIndex: 0, purpose: 'swap', status: 'success', blockNumber: 5n, gasUsed: 100n, effectiveGasPrice: 2n, amountOutRaw: 1_190_000n },
      tx(5, 1, 'swap', 400_000n),
      { type: 'step-confirmed', at: 6, hash: hash(5), legId: 0, stepIndex: 1, purpose: 'swap', status: 'success', blockNumber: 6n, gasUsed: 100n, effectiveGasPrice: 2n, amountOutRaw: 795_000n },
      tx(7, 2, 'deposit', 1_985_000n),
      { type: 'step-confirmed', at: 8, hash: hash(7), legId: 0, stepIndex: 2, purpose: 'deposit', status: 'success', blockNumber: 7n, gasUsed: 100n, effectiveGasPrice: 2n, depositId: 4n, fillDeadline: 99 },
    ]
    const mid = foldJournal(records)
    const leg = mid.legs[0]!
    // A: 1 000 000 − 600 000 − 400 000 = 0; B: 1 190 000 + 795 000 − 1 985 000 (deposited) = 0.
    expect([...leg.holdings]).toEqual([])
    expect(leg.steps.map((s) => s.status)).toEqual(['confirmed', 'confirmed', 'deposited'])
    // Confirmed without a step-sent record in between (a resume that found the receipt): settled all the same.
    expect(mid.transactions.get(hash(5))!.status).toBe('success')
    expect(mid.minAmountOutRaw).toBe(1_800_000n)

    records.push({ type: 'bridge-refunded', at: 9, legId: 0, stepIndex: 2, transactionHash: hash(9), amountRaw: 1_985_000n })
    const refunded = foldJournal(records)
    expect([...refunded.legs[0]!.holdings]).toEqual([[B, 1_985_000n]])

    const newPlan = { ...plan, steps: [step(0, B, C, 1_985_000n, 1_975_000n, [], 'bridge')] }
    records.push({
      type: 'resolve',
      at: 10,
      trigger: { kind: 'bridge-refunded', detail: 'refunded', legId: 0, stepIndex: 2 },
      adopted: true,
      supersededLegId: 0,
      plans: [{ legId: 1, source: { asset: B, amountRaw: 1_985_000n }, minAmountOutRaw: 1_800_000n, plan: newPlan }],
      unplanned: [],
      quoteMs: 1,
      latencyMs: 2,
    })
    const resolved = foldJournal(records)
    expect(resolved.legs.map((l) => l.status)).toEqual(['superseded', 'active'])
    expect([...resolved.legs[0]!.holdings]).toEqual([])
    expect([...resolved.legs[1]!.holdings]).toEqual([[B, 1_985_000n]])
    expect([...resolved.unassigned]).toEqual([])
    expect(resolved.resolves).toHaveLength(1)
  })

  it('puts an abandoned transaction back to pending and a reverted one to failed', () => {
    const plan = splitPlan()
    const base: JournalRecord[] = [
      { type: 'intent', at: 0, executionId: 'ex', account, intent, options },
      { type: 'plan', at: 1, legId: 0, source: { asset: A, amountRaw: 1_000_000n }, minAmountOutRaw: 1_800_000n, plan, quoteMs: 1 },
      tx(2, 0, 'swap', 600_000n),
    ]
    const abandoned = foldJournal([...base, { type: 'step-abandoned', at: 3, hash: hash(2), reason: 'would revert' }])
    expect(abandoned.legs[0]!.steps[0]!.status).toBe('pending')
    expect(abandoned.transactions.get(hash(2))!.status).toBe('abandoned')
    const reverted = foldJournal([
      ...base,
      { type: 'step-confirmed', at: 3, hash: hash(2), legId: 0, stepIndex: 0, purpose: 'swap', status: 'reverted', blockNumber: 5n, gasUsed: 1n, effectiveGasPrice: 1n },
    ])
    expect(reverted.legs[0]!.steps[0]!.status).toBe('failed')
    expect([...reverted.legs[0]!.holdings]).toEqual([[A, 1_000_000n]])
  })
})

describe('stepAmounts', () => {
  it('splits what is held by the planned shares among the steps not started, the last taking the rest', () => {
    const plan = splitPlan()
    // Held 999 999 of A instead of 1 000 000: step 0 gets ⌊999 999·600 000/1 000 000⌋ = 599 999.
    expect(allocateStepInput(plan, 0, 999_999n, new Set([0, 1]))).toBe(599_999n)
    // Then step 1 is the only one left and takes everything that remains.
    expect(allocateStepInput(plan, 1, 400_000n, new Set([1]))).toBe(400_000n)
    expect(allocateStepInput(plan, 2, 1_985_000n, new Set([2]))).toBe(1_985_000n)
  })

  it('scales a guard with the input, except on the step that delivers the target', () => {
    const plan = splitPlan()
    // 1 194 000 · 300 000 / 600 000 = 597 000.
    expect(stepGuardRaw(plan, 0, 300_000n, C)).toBe(597_000n)
    expect(stepGuardRaw(plan, 2, 1_000n, C)).toBe(1_800_000n)
  })
})
