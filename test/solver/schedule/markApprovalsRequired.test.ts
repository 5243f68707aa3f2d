// Which steps send an approval: replayed ERC-20 allowance arithmetic on hand-checked cases, and the
// schedule of the marked steps against an independent simulation that sends only those approvals.
import { describe, expect, it } from 'vitest'
import { parseAssetKey } from '../../../solver/market/assetKey.ts'
import type { HolderAllowance } from '../../../solver/model/allowance.ts'
import { markApprovalsRequired, stepSpender } from '../../../solver/schedule/markApprovalsRequired.ts'
import { scheduleSteps } from '../../../solver/schedule/scheduleSteps.ts'
import { deliveredAtQuote, index, minimumAt, swapBridgeSwap, TOKENS, wheatstone } from '../risk/riskPlans.ts'
import { simulateOutcome } from '../risk/simulateOutcome.ts'

const INFINITE = 2n ** 256n - 1n
const usdcEth = parseAssetKey(TOKENS.usdcEth)
const usdcArb = parseAssetKey(TOKENS.usdcArb)

describe('markApprovalsRequired', () => {
  it('without allowances every step approves, as the executor does for a fresh account', () => {
    expect(markApprovalsRequired(swapBridgeSwap).map((step) => step.approvalRequired)).toEqual([true, true, true])
  })

  it('picks the spender the executor hands the input to', () => {
    expect(swapBridgeSwap.map(stepSpender)).toEqual(['swapRouter', 'bridgeSpoke', 'swapRouter'])
  })

  it('a standing allowance covers only its own token, network and spender', () => {
    const allowances: HolderAllowance[] = [
      { chainId: usdcArb.chainId, token: usdcArb.token, spender: 'swapRouter', amountRaw: INFINITE },
      // The bridge spends WETH, not USDC: this one covers nothing.
      { chainId: usdcArb.chainId, token: usdcArb.token, spender: 'bridgeSpoke', amountRaw: INFINITE },
    ]
    expect(markApprovalsRequired(swapBridgeSwap, allowances).map((step) => step.approvalRequired)).toEqual([false, true, true])
  })

  it('a finite allowance is spent down by transferFrom; an infinite one is not', () => {
    // wheatstone: steps 0 (20 000 USDC) and 3 (4 993.6 USDC) both swap USDC through Ethereum's router.
    const spend = wheatstone[0]!.amountInRaw + wheatstone[3]!.amountInRaw
    const mark = (amountRaw: bigint) =>
      markApprovalsRequired(wheatstone, [{ chainId: usdcEth.chainId, token: usdcEth.token, spender: 'swapRouter', amountRaw }]).map((step) => step.approvalRequired)
    expect(mark(spend)).toEqual([false, true, true, false])
    expect(mark(spend - 1n)).toEqual([false, true, true, true])
    expect(mark(wheatstone[0]!.amountInRaw - 1n)).toEqual([true, true, true, true])
    expect(mark(INFINITE)).toEqual([false, true, true, false])
    // Token addresses compare case-insensitively, as on chain.
    expect(
      markApprovalsRequired(wheatstone, [{ chainId: usdcEth.chainId, token: usdcEth.token.toUpperCase().replace('0X', '0x') as `0x${string}`, spender: 'swapRouter', amountRaw: INFINITE }])[0]!.approvalRequired,
    ).toBe(false)
  })

  it('the schedule lists exactly the approvals that are sent, and its times match a simulation that sends only those', () => {
    const steps = markApprovalsRequired(swapBridgeSwap, [{ chainId: usdcArb.chainId, token: usdcArb.token, spender: 'swapRouter', amountRaw: INFINITE }])
    const expectedAmountOutRaw = deliveredAtQuote(steps)
    const minAmountOutRaw = minimumAt(expectedAmountOutRaw, 50)
    const schedule = scheduleSteps({ index, steps, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds: undefined })
    expect(schedule.steps.map((scheduled) => scheduled.transactions!.map((tx) => tx.purpose))).toEqual([['swap'], ['approve', 'deposit'], ['approve', 'swap']])
    const simulated = simulateOutcome({ index, steps, minAmountOutRaw, deadlineSeconds: undefined, samples: 30_000, seed: 29 })
    steps.forEach((_, position) => {
      const times = simulated.stepCompletionTimes[position]!
      const mean = times.reduce((sum, x) => sum + x, 0) / times.length
      expect(Math.abs(schedule.steps[position]!.expectedCompletionSeconds - mean)).toBeLessThan(0.02 * mean + 0.05)
    })
    // Skipping the first approval moves the first completion earlier.
    const unmarked = scheduleSteps({ index, steps: swapBridgeSwap, expectedAmountOutRaw, minAmountOutRaw, deadlineSeconds: undefined })
    expect(unmarked.steps[0]!.expectedCompletionSeconds).toBeGreaterThan(schedule.steps[0]!.expectedCompletionSeconds)
  })
})
