// Batch route optimisation (issue 6): joint feasibility vs independent quotes, netting, invalid
// intents, determinism. Exact outputs are checked by replaying the steps with the venues' contract
// math (replaySteps.ts), independently of the batch code; independent quotes come from quoteIntent.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { planEdgeFlows } from '../../../solver/batch/planEdgeFlows.ts'
import { realiseInSequence } from '../../../solver/batch/realiseInSequence.ts'
import { solveBatch } from '../../../solver/batch/solveBatch.ts'
import type { BatchIntentInput, BatchIntentResult } from '../../../solver/batch/types.ts'
import { createHighsBackend } from '../../../solver/lp/backends/highsBackend.ts'
import type { LpBackend } from '../../../solver/lp/types.ts'
import type { Market } from '../../../solver/market/types.ts'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import type { Plan } from '../../../solver/model/plan.ts'
import { parseMarketJson } from '../../../src/market/parseMarket.ts'
import { replayPlansInSequence } from './replaySteps.ts'

const market: Market = parseMarketJson(readFileSync(fileURLToPath(new URL('../../../fixtures/markets/small.json', import.meta.url)), 'utf8'))
let backend: LpBackend

beforeAll(async () => {
  backend = await createHighsBackend()
})

type Solved = Extract<BatchIntentResult, { status: 'ok' | 'unmet' }>
const solvedOf = (results: readonly BatchIntentResult[]) => results.filter((result): result is Solved => result.status !== 'invalid')
/** Plans of a batch in the order they execute (component, then position in it). */
const inExecutionOrder = (results: readonly BatchIntentResult[]) =>
  solvedOf(results)
    .filter((result) => result.plan)
    .sort((a, b) => a.component - b.component || (a.executionIndex ?? 0) - (b.executionIndex ?? 0))

const usdcToWeth = (id: string, amount: string): BatchIntentInput => ({
  id,
  request: { from: { chain: 'base', token: 'USDC' }, to: { chain: 'base', token: 'WETH' }, amount },
})

describe('solveBatch', () => {
  it('two intents competing for the same pools: the joint outputs are what sequential execution delivers, the independent quotes are not', () => {
    const inputs = [usdcToWeth('a', '400000'), usdcToWeth('b', '300000')]
    const independent = inputs.map((input) => {
      const result = quoteIntent(market, resolveIntentRequest(market, input.request), { backend })
      if (result.status !== 'ok') throw new Error(result.reason)
      return result.plan
    })
    const quotedSum = independent.reduce((sum, plan) => sum + plan.expectedAmountOutRaw, 0n)
    // Both quotes priced the same pools untouched: executed one after the other as written, the second
    // gets less from its first hop than its next hop is meant to spend, so it cannot run as quoted.
    const replayedIndependent = replayPlansInSequence(market, independent)
    expect(replayedIndependent[0]?.feasible).toBe(true)
    expect(replayedIndependent[1]?.matchesPlan).toBe(false)
    expect(replayedIndependent[1]?.feasible).toBe(false)
    // Re-split in the same proportions at what it actually holds, the pair delivers less than quoted.
    const adapted = realiseInSequence(
      market,
      independent.map((plan, i) => ({ id: String(i), intent: plan.intent, edgeFlows: planEdgeFlows(plan) })),
    ).realised
    const achievedSum = adapted.reduce((sum, item) => sum + item.deliveredAmountOutRaw, 0n)
    expect(achievedSum).toBeLessThan(quotedSum)

    const { results } = solveBatch(market, inputs, { backend })
    const plans = inExecutionOrder(results).map((result) => result.plan as Plan)
    expect(plans).toHaveLength(2)
    const replayed = replayPlansInSequence(market, plans)
    for (const replay of replayed) {
      expect(replay.feasible).toBe(true)
      expect(replay.matchesPlan).toBe(true)
    }
    for (const [i, result] of inExecutionOrder(results).entries()) expect(result.amountOutRaw).toBe(replayed[i]?.deliveredRaw)
    const jointSum = solvedOf(results).reduce((sum, result) => sum + result.amountOutRaw, 0n)
    // The joint solution is achievable and at least as good as the achievable independent one (within 0.1 %).
    expect(jointSum).toBeLessThan(quotedSum)
    expect(Number(jointSum)).toBeGreaterThan(Number(achievedSum) * 0.999)
  })

  it('two opposite intents on the same pair: netting improves both', () => {
    const inputs: BatchIntentInput[] = [
      usdcToWeth('buy', '150000'),
      { id: 'sell', request: { from: { chain: 'base', token: 'WETH' }, to: { chain: 'base', token: 'USDC' }, amount: '30' } },
    ]
    const alone = inputs.map((input) => {
      const result = quoteIntent(market, resolveIntentRequest(market, input.request), { backend })
      if (result.status !== 'ok') throw new Error(result.reason)
      return result.plan.expectedAmountOutRaw
    })
    const { results, summary } = solveBatch(market, inputs, { backend })
    const [buy, sell] = solvedOf(results)
    expect(buy?.status).toBe('ok')
    expect(sell?.status).toBe('ok')
    expect(buy!.amountOutRaw).toBeGreaterThan(alone[0]!)
    expect(sell!.amountOutRaw).toBeGreaterThan(alone[1]!)
    // What one side gives the other receives, exactly.
    expect(buy!.netting).toHaveLength(1)
    expect(buy!.netting[0]!.givenRaw).toBe(sell!.netting[0]!.receivedRaw)
    expect(sell!.netting[0]!.givenRaw).toBe(buy!.netting[0]!.receivedRaw)
    expect(summary.nettedPairs).toBe(1)
    expect(summary.nettingSavingUsd).toBeGreaterThan(0)
    // Without netting the pair delivers less in total (the second trade recovers part of the first's
    // price impact, but both pay fees and the first pays the impact).
    const plain = solveBatch(market, inputs, { backend, netting: false })
    expect(plain.summary.deliveredUsd).toBeLessThan(solveBatch(market, inputs, { backend }).summary.deliveredUsd)
  })

  it('solves the valid intents of a batch with invalid ones and reports an error for each invalid one', () => {
    const inputs: BatchIntentInput[] = [
      usdcToWeth('good', '1000'),
      { id: 'bad-token', request: { from: { chain: 'base', token: 'NOPE' }, to: { chain: 'base', token: 'WETH' }, amount: '1' } },
      { id: 'bad-amount', request: { from: { chain: 'base', token: 'USDC' }, to: { chain: 'base', token: 'WETH' }, amount: '0' } },
      { id: 'bad-chain', request: { from: { chain: 'mars', token: 'USDC' }, to: { chain: 'base', token: 'WETH' }, amount: '5' } },
      usdcToWeth('good', '2000'),
      { id: 'malformed', request: { from: { chain: 'base', token: 'USDC' }, to: { chain: 'base', token: 'WETH' }, amount: 5 as unknown as string } },
    ]
    const { results, summary } = solveBatch(market, inputs, { backend })
    expect(results.map((result) => [result.id, result.status])).toEqual([
      ['good', 'ok'],
      ['bad-token', 'invalid'],
      ['bad-amount', 'invalid'],
      ['bad-chain', 'invalid'],
      ['good', 'invalid'],
      ['malformed', 'invalid'],
    ])
    const errors = results.flatMap((result) => (result.status === 'invalid' ? [result.error] : []))
    expect(errors.map((error) => error.code)).toEqual(['UNKNOWN_TOKEN', 'INVALID_AMOUNT', 'UNKNOWN_NETWORK', 'INVALID_INTENT', 'INVALID_AMOUNT'])
    expect(errors.map((error) => error.field)).toEqual(['intents[1].from.token', 'intents[2].amount', 'intents[3].from.chain', 'intents[4].id', 'intents[5].amount'])
    expect(summary).toMatchObject({ intents: 6, solved: 1, invalid: 5, unmet: 0 })
  })

  it('is deterministic for a fixed input', () => {
    const file = JSON.parse(readFileSync(fileURLToPath(new URL('../../../fixtures/intents/small-market.json', import.meta.url)), 'utf8')) as {
      intents: Array<{ id: string; description?: string } & Record<string, unknown>>
    }
    const inputs = file.intents.map(({ id, description: _description, ...request }) => ({ id, request }) as unknown as BatchIntentInput)
    const serialize = (value: unknown) => JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? `${item}n` : item))
    const first = solveBatch(market, inputs, { backend })
    const second = solveBatch(market, inputs, { backend })
    expect(serialize(second)).toBe(serialize(first))
    // And every plan in it is exactly executable in its order.
    for (const replay of replayPlansInSequence(market, inExecutionOrder(first.results).map((result) => result.plan as Plan))) {
      expect(replay.matchesPlan).toBe(true)
      expect(replay.feasible).toBe(true)
    }
  })
})
