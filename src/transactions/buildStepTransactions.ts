// The transactions a wallet signs to carry out a plan itself, step by step: per step an ERC-20 approval
// and the call (UniswapV2Router02.swapExactTokensForTokens, SwapRouter.exactInputSingle for a V3 pool,
// or AccordSpoke.deposit for a bridge; a WETH9 deposit first or withdrawal last when the signer pays or
// wants the native coin), encoded with viem from the ABIs the executor uses
// (src/executor/venueAbis.ts, uniswapV3SwapCall.ts). Built all at once, before anything is sent, so
// every step spends only what the steps before it are guaranteed to deliver (their guards), not what
// they are expected to deliver: a pre-signed sequence never runs short of funds.
import { encodeFunctionData, type Address, type Hex } from 'viem'
import { BaseError } from '../../solver/errors.ts'
import { assetKey } from '../../solver/market/assetKey.ts'
import { indexMarket } from '../../solver/market/indexMarket.ts'
import type { AssetKey, Market, Venue } from '../../solver/market/types.ts'
import { applyVenueTrade } from '../../solver/venues/applyVenueTrade.ts'
import { quoteVenue } from '../../solver/venues/quoteVenue.ts'
import type { ExecutionTargets } from '../executor/chainEnvironment.ts'
import { erc20Abi } from '../executor/venueAbis.ts'
import { encodeStepCall } from './encodeStepCall.ts'
import { buildWethTransaction, type WethTransaction } from './buildWethTransaction.ts'
import type { TransactionRequestFields } from './transactionRequestFields.ts'

export type { TransactionRequestFields }

export interface StepApproval {
  readonly token: Address
  readonly spender: Address
  readonly amountRaw: bigint
  readonly transactionRequest: TransactionRequestFields
}

export interface StepTransaction {
  readonly stepIndex: number
  readonly chainId: number
  readonly amountInRaw: bigint
  /** Predicted output for amountInRaw on the market quoted (after the plan's earlier trades in the same venues). */
  readonly amountOutRaw: bigint
  /** The transaction's guard: swap `amountOutMin`; bridge deposit `outputAmount` (exact). */
  readonly minAmountOutRaw: bigint
  /** Whether the step's output is the intent's output (sent to `toAddress`). */
  readonly delivers: boolean
  /** ERC-20 approval of exactly amountInRaw to the contract the step calls, sent (and included) first. */
  readonly approval: StepApproval
  readonly transactionRequest: TransactionRequestFields
}

interface RawAmount {
  readonly raw: string
}
interface PlanAsset {
  readonly chainId: number
  readonly token: string
}

/** The parts of a plan as the API serialises it (src/format/serializePlan.ts `SerializedPlan`) the transactions are built from. */
export interface TransactionPlan {
  readonly from: PlanAsset
  readonly to: PlanAsset
  readonly amountIn: RawAmount
  readonly steps: ReadonlyArray<{
    readonly index: number
    readonly action: 'swap' | 'bridge'
    readonly venueId: string
    readonly chainId: number
    readonly tokenIn: PlanAsset
    readonly tokenOut: PlanAsset
    readonly amountIn: RawAmount
    readonly gasUnits: number
    readonly dependsOn: readonly number[]
  }>
  readonly schedule: { readonly steps: ReadonlyArray<{ readonly stepIndex: number; readonly deadlineSeconds: number }> }
}

export interface BuildStepTransactionsParameters {
  /** The market the plan was made on (venues are re-quoted for the guaranteed inputs). */
  readonly market: Market
  readonly plan: TransactionPlan
  readonly targets: ExecutionTargets
  readonly fromAddress: Address
  /** Receives the intent's output; default fromAddress. Intermediate outputs go to fromAddress. */
  readonly toAddress?: Address
  /** Largest fraction a swap may deliver below its predicted output (LI.FI's `slippage`, 0.005 = 0.5 %). */
  readonly slippage: number
  /** Unix seconds now; deadlines are counted from it. */
  readonly nowSeconds: number
  /** The signer pays the native coin: a WETH9 deposit of the whole input comes first. */
  readonly wrapInput?: boolean
  /** The signer wants the native coin: the output is delivered to fromAddress, which withdraws Σ guards from WETH9 last. */
  readonly unwrapOutput?: boolean
}

export interface BuildStepTransactionsReturnType {
  /** In the order they may be sent: every step after the steps it depends on. */
  readonly steps: readonly StepTransaction[]
  /** Σ predicted outputs of the delivering steps. */
  readonly toAmountRaw: bigint
  /** Σ guards of the delivering steps: what the transactions guarantee when every one of them succeeds. */
  readonly toAmountMinRaw: bigint
  /** Sent before every step (wrapInput). */
  readonly wrap?: WethTransaction
  /** Sent after every step (unwrapOutput): withdraws toAmountMinRaw; any output above it stays WETH. */
  readonly unwrap?: WethTransaction
}

/**
 * Shortest validity of a swap `deadline` or a deposit's `fillDeadline`: the signer needs time to send a
 * sequence by hand. The schedule's own deadline for the step is used when longer.
 */
export const MIN_TRANSACTION_WINDOW_SECONDS = 600

/** LI.FI's suggested gas limit is its estimate + 25 % (@lifi/types `GasCost.limit`); the plan's gasUnits are the estimate. */
const GAS_LIMIT_MARGIN = 1.25

/**
 * An ERC-20 approve writes one storage slot: 21 000 base + ≤ 22 100 for a fresh slot (EIP-2929 cold
 * SSTORE) + calldata and the event, about 46 000; 60 000 leaves room for tokens that do a little more.
 */
const APPROVE_GAS_LIMIT = 60_000n

const toHex = (value: bigint): Hex => `0x${value.toString(16)}`
const SLIPPAGE_SCALE = 1_000_000n

/**
 * Builds every step's approval and transaction. Each step spends ⌊guaranteed · planned / Σ planned⌋ of
 * what is guaranteed to be held of its input token (the last of them everything left), as the executor
 * allocates (src/executor/stepAmounts.ts); a bridge asks for its exact output (AccordSpoke fills
 * `outputAmount` as Across does), a swap for ⌊predicted · (1 − slippage)⌋. Throws BaseError
 * `UNKNOWN_VENUE` for a step whose chain or venue kind has no contract to call in `targets`.
 */
export function buildStepTransactions(parameters: BuildStepTransactionsParameters): BuildStepTransactionsReturnType {
  const { market, plan, targets, fromAddress, nowSeconds } = parameters
  if (parameters.unwrapOutput && parameters.toAddress !== undefined && parameters.toAddress.toLowerCase() !== fromAddress.toLowerCase())
    throw new BaseError('INVALID_ARGUMENT', 'WETH9.withdraw sends the native coin to the signer: toAddress must be fromAddress when the output is the native coin (or ask for the wrapped token).', { field: 'toAddress' })
  const toAddress = parameters.toAddress ?? fromAddress
  if (!(parameters.slippage >= 0 && parameters.slippage < 1)) throw new BaseError('INVALID_ARGUMENT', `Slippage must be a fraction in [0, 1), got ${parameters.slippage}.`, { field: 'slippage' })
  const keep = SLIPPAGE_SCALE - BigInt(Math.round(parameters.slippage * Number(SLIPPAGE_SCALE)))
  const index = indexMarket(market)
  const keyOf = (asset: { chainId: number; token: string }): AssetKey => assetKey(asset.chainId, asset.token)
  const target = keyOf(plan.to)

  const held = new Map<AssetKey, bigint>([[keyOf(plan.from), BigInt(plan.amountIn.raw)]])
  const plannedLeft = new Map<AssetKey, bigint>()
  for (const step of plan.steps) plannedLeft.set(keyOf(step.tokenIn), (plannedLeft.get(keyOf(step.tokenIn)) ?? 0n) + BigInt(step.amountIn.raw))
  const venues = new Map<string, Venue>()
  const built: StepTransaction[] = []
  let toAmountRaw = 0n
  let toAmountMinRaw = 0n

  for (const step of topologicalOrder(plan.steps)) {
    const tokenIn = keyOf(step.tokenIn)
    const tokenOut = keyOf(step.tokenOut)
    const planned = BigInt(step.amountIn.raw)
    const available = held.get(tokenIn) ?? 0n
    const left = plannedLeft.get(tokenIn) ?? 0n
    const amountInRaw = left <= planned ? available : left === 0n ? 0n : (available * planned) / left
    held.set(tokenIn, available - amountInRaw)
    plannedLeft.set(tokenIn, left - planned)

    const venue = venues.get(step.venueId) ?? index.venues.get(step.venueId)
    if (!venue) throw new BaseError('UNKNOWN_VENUE', `Venue "${step.venueId}" of step ${step.index} is not in the market.`, { field: `plan.steps[${step.index}].venueId` })
    const quote = quoteVenue(index, venue, tokenIn, tokenOut, amountInRaw)
    venues.set(step.venueId, applyVenueTrade(venue, tokenIn, tokenOut, amountInRaw, quote.amountOutRaw))
    const minAmountOutRaw = step.action === 'bridge' ? quote.amountOutRaw : (quote.amountOutRaw * keep) / SLIPPAGE_SCALE
    held.set(tokenOut, (held.get(tokenOut) ?? 0n) + minAmountOutRaw)
    const delivers = tokenOut === target && !plan.steps.some((other) => other.dependsOn.includes(step.index) && keyOf(other.tokenIn) === tokenOut)
    if (delivers) {
      toAmountRaw += quote.amountOutRaw
      toAmountMinRaw += minAmountOutRaw
    }

    const scheduled = plan.schedule.steps.find((candidate) => candidate.stepIndex === step.index)
    const deadline = nowSeconds + Math.max(MIN_TRANSACTION_WINDOW_SECONDS, Math.ceil(scheduled?.deadlineSeconds ?? 0))
    const recipient = delivers ? toAddress : fromAddress
    const call = encodeStepCall({ targets, step, venue, amountInRaw, minAmountOutRaw, recipient, deadline, field: `plan.steps[${step.index}]` })
    const gasLimit = BigInt(Math.ceil(step.gasUnits * GAS_LIMIT_MARGIN))
    const request = (to: Address, data: Hex, gas: bigint): TransactionRequestFields => ({ chainId: step.chainId, from: fromAddress, to, data, value: '0x0', gasLimit: toHex(gas) })
    const tokenAddress = step.tokenIn.token as Address
    built.push({
      stepIndex: step.index,
      chainId: step.chainId,
      amountInRaw,
      amountOutRaw: quote.amountOutRaw,
      minAmountOutRaw,
      delivers,
      approval: {
        token: tokenAddress,
        spender: call.to,
        amountRaw: amountInRaw,
        transactionRequest: request(tokenAddress, encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [call.to, amountInRaw] }), APPROVE_GAS_LIMIT),
      },
      transactionRequest: request(call.to, call.data, gasLimit),
    })
  }
  const weth = (kind: 'wrap' | 'unwrap', asset: PlanAsset, amountRaw: bigint) => buildWethTransaction({ kind, chainId: asset.chainId, token: asset.token as Address, amountRaw, from: fromAddress })
  return {
    steps: built,
    toAmountRaw,
    toAmountMinRaw,
    ...(parameters.wrapInput ? { wrap: weth('wrap', plan.from, BigInt(plan.amountIn.raw)) } : {}),
    ...(parameters.unwrapOutput ? { unwrap: weth('unwrap', plan.to, toAmountMinRaw) } : {}),
  }
}

type SerializedStep = TransactionPlan['steps'][number]

/** The steps with each after every step it depends on (the plan's indices already are, as buildSteps numbers them; this checks it). */
function topologicalOrder(steps: readonly SerializedStep[]): SerializedStep[] {
  const done = new Set<number>()
  const ordered: SerializedStep[] = []
  let pending = [...steps].sort((a, b) => a.index - b.index)
  while (pending.length > 0) {
    const ready = pending.filter((step) => step.dependsOn.every((d) => done.has(d)))
    if (ready.length === 0) throw new BaseError('INTERNAL', 'The plan\'s step dependencies form a cycle.')
    for (const step of ready) {
      ordered.push(step)
      done.add(step.index)
    }
    pending = pending.filter((step) => !done.has(step.index))
  }
  return ordered
}
