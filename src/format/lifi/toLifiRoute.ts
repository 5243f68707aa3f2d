// An Accord plan in LI.FI's shapes (@lifi/types src/step.ts and src/api.ts, github.com/lifinance/types):
// each Accord step is one LI.FI `Step` (`swap` in a pool, `cross` over a bridge) with its `action`
// (raw amounts, `fromAddress`/`toAddress`, `slippage` as a fraction) and `estimate` (`toAmount`,
// `toAmountMin`, `executionDuration` in seconds, `feeCosts`, `gasCosts`, `approvalAddress`) and, when
// the signer is known, the `transactionRequest` to sign. `GET /quote` answers one `LiFiStep` whose
// `includedSteps` are the plan's steps; `POST /advanced/routes` answers `Route`s whose `steps` are one
// `LiFiStep` per transaction, executed in order. Accord's own figures ride in an `accord` extension field.
import type { Action, Estimate, FeeCost, GasCost, LiFiStep, Order, Route, Step as LifiStepPart } from '@lifi/types'
import { formatAmount } from '../../../solver/amounts.ts'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { getNetwork, getToken, indexMarket, type MarketIndex } from '../../../solver/market/indexMarket.ts'
import type { Market } from '../../../solver/market/types.ts'
import type { BuildStepTransactionsReturnType, StepTransaction, TransactionRequestFields } from '../../transactions/buildStepTransactions.ts'
import type { WethTransaction } from '../../transactions/buildWethTransaction.ts'
import type { SerializedFrontierPoint, SerializedPlan } from '../serializePlan.ts'
import { nativeLifiToken, toLifiToken } from './toLifiToken.ts'

const TOOL_DETAILS = { key: 'accord', name: 'Accord', logoURI: '' }
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'
/** LI.FI's suggested gas limit: estimate + 25 % (@lifi/types `GasCost.limit`). */
const GAS_LIMIT_MARGIN = 1.25

/** Accord's extension of a LI.FI step or route: what LI.FI's types have no field for. */
export interface AccordExtension {
  readonly quoteId: string
  readonly marketVersion: string
  readonly expiresAt: string
  readonly strategy: string
  readonly labels: readonly string[]
  readonly outcomeProbability: SerializedPlan['outcomeProbability']
  readonly expectedDurationSeconds: number
  readonly p95DurationSeconds: number
  /** The plan's own expected and minimum output (Accord's API); `estimate` gives what the transactions deliver. */
  readonly plan: { readonly expectedAmountOut: string; readonly minAmountOut: string }
  readonly schedule: SerializedPlan['schedule']
  readonly frontier?: readonly SerializedFrontierPoint[]
  /** Every transaction to sign, in order: a WETH9 deposit (`wrap`, stepIndex −1), per step its approval then the step, a WETH9 withdrawal (`unwrap`, −1). Absent without `fromAddress` or contracts to call. */
  readonly transactions?: ReadonlyArray<{ readonly stepIndex: number; readonly purpose: 'wrap' | 'approve' | 'swap' | 'deposit' | 'unwrap'; readonly transactionRequest: TransactionRequestFields }>
}

export interface ToLifiParameters {
  readonly market: Market
  readonly plan: SerializedPlan
  /** Present when the signer is known and every step has a contract to call. */
  readonly transactions?: BuildStepTransactionsReturnType
  readonly fromAddress?: string
  readonly toAddress?: string
  readonly slippage: number
  readonly extension: Omit<AccordExtension, 'plan' | 'schedule' | 'strategy' | 'outcomeProbability' | 'expectedDurationSeconds' | 'p95DurationSeconds' | 'transactions'>
}

type PlanStep = SerializedPlan['steps'][number]

const usd = (raw: bigint, decimals: number, priceUsd: number) => (Number(formatAmount(raw, decimals)) * priceUsd).toFixed(2)

function stepParts(index: MarketIndex, parameters: ToLifiParameters, step: PlanStep, tx: StepTransaction | undefined, id: string): LifiStepPart {
  const { fromAddress, toAddress, slippage } = parameters
  const tokenIn = getToken(index, assetKey(step.tokenIn.chainId, step.tokenIn.token))
  const tokenOut = getToken(index, assetKey(step.tokenOut.chainId, step.tokenOut.token))
  const network = getNetwork(index, step.chainId)
  const amountIn = tx?.amountInRaw ?? BigInt(step.amountIn.raw)
  const amountOut = tx?.amountOutRaw ?? BigInt(step.amountOut.raw)
  const scheduled = parameters.plan.schedule.steps.find((candidate) => candidate.stepIndex === step.index)
  const minOut = tx?.minAmountOutRaw ?? BigInt(scheduled?.minAmountOut.raw ?? step.amountOut.raw)
  const action: Action = {
    fromChainId: step.chainId,
    fromAmount: amountIn.toString(),
    fromToken: toLifiToken(tokenIn),
    ...(fromAddress === undefined ? {} : { fromAddress }),
    toChainId: step.tokenOut.chainId,
    toToken: toLifiToken(tokenOut),
    ...(fromAddress === undefined ? {} : { toAddress: tx?.delivers ? (toAddress ?? fromAddress) : fromAddress }),
    slippage: step.action === 'bridge' ? 0 : slippage,
  }
  const feeRaw = BigInt(step.fee.raw)
  const feeCosts: FeeCost[] = [
    {
      name: `${step.venueId} fee`,
      description: step.action === 'bridge' ? 'Bridge fee, taken from the amount sent' : 'Pool fee, taken from the amount swapped',
      percentage: BigInt(step.amountIn.raw) === 0n ? '0' : (Number(feeRaw) / Number(BigInt(step.amountIn.raw))).toFixed(6),
      token: toLifiToken(tokenIn),
      amount: feeRaw.toString(),
      amountUSD: usd(feeRaw, tokenIn.decimals, tokenIn.priceUsd),
      included: true,
    },
  ]
  const gasCosts: GasCost[] = [
    {
      type: 'SEND',
      price: network.gasPriceWei.toString(),
      estimate: String(step.gasUnits),
      limit: String(Math.ceil(step.gasUnits * GAS_LIMIT_MARGIN)),
      amount: step.gasCostWei,
      amountUSD: step.gasCostUsd.toFixed(2),
      token: nativeLifiToken(network),
    },
  ]
  const estimate: Estimate = {
    tool: step.venueId,
    fromAmount: amountIn.toString(),
    fromAmountUSD: usd(amountIn, tokenIn.decimals, tokenIn.priceUsd),
    toAmount: amountOut.toString(),
    toAmountMin: minOut.toString(),
    toAmountUSD: usd(amountOut, tokenOut.decimals, tokenOut.priceUsd),
    approvalAddress: tx?.approval.spender ?? ZERO_ADDRESS,
    feeCosts,
    gasCosts,
    executionDuration: scheduled ? Math.max(0, scheduled.expectedCompletionSeconds - scheduled.earliestStartSeconds) : 0,
  }
  return {
    id,
    type: step.action === 'bridge' ? 'cross' : 'swap',
    tool: step.venueId,
    toolDetails: { key: step.venueId, name: step.venueId, logoURI: '' },
    action,
    estimate,
    ...(tx ? { transactionRequest: tx.transactionRequest } : {}),
  }
}

/** LI.FI tool keys of the native-coin steps; POST /advanced/stepTransaction rebuilds a step by them. */
export const WRAP_TOOL = 'wrap'
export const UNWRAP_TOOL = 'unwrap'

/** A WETH9 deposit or withdrawal as a LI.FI `protocol` step: no fee, no approval, as much out as in. */
function wethPart(index: MarketIndex, parameters: ToLifiParameters, weth: WethTransaction, id: string): LifiStepPart {
  const { fromAddress, toAddress } = parameters
  const wrapped = getToken(index, assetKey(weth.chainId, weth.token))
  const network = getNetwork(index, weth.chainId)
  const native = nativeLifiToken(network)
  const [fromToken, toToken] = weth.kind === 'wrap' ? [native, toLifiToken(wrapped)] : [toLifiToken(wrapped), native]
  const amount = weth.amountRaw.toString()
  const amountUSD = usd(weth.amountRaw, wrapped.decimals, wrapped.priceUsd)
  const gasUnits = 50_000
  return {
    id,
    type: 'protocol',
    tool: weth.kind === 'wrap' ? WRAP_TOOL : UNWRAP_TOOL,
    toolDetails: { key: weth.kind === 'wrap' ? WRAP_TOOL : UNWRAP_TOOL, name: weth.kind === 'wrap' ? `${wrapped.symbol} deposit` : `${wrapped.symbol} withdraw`, logoURI: '' },
    action: {
      fromChainId: weth.chainId,
      fromAmount: amount,
      fromToken,
      toChainId: weth.chainId,
      toToken,
      slippage: 0,
      ...(fromAddress === undefined ? {} : { fromAddress, toAddress: weth.kind === 'unwrap' ? (toAddress ?? fromAddress) : fromAddress }),
    },
    estimate: {
      tool: weth.kind === 'wrap' ? WRAP_TOOL : UNWRAP_TOOL,
      fromAmount: amount,
      fromAmountUSD: amountUSD,
      toAmount: amount,
      toAmountMin: amount,
      toAmountUSD: amountUSD,
      approvalAddress: ZERO_ADDRESS,
      feeCosts: [],
      gasCosts: [
        {
          type: 'SEND',
          price: network.gasPriceWei.toString(),
          estimate: String(gasUnits),
          limit: BigInt(weth.transactionRequest.gasLimit).toString(),
          amount: (network.gasPriceWei * BigInt(gasUnits)).toString(),
          amountUSD: (Number(formatAmount(network.gasPriceWei * BigInt(gasUnits), 18)) * network.nativePriceUsd).toFixed(2),
          token: native,
        },
      ],
      executionDuration: 0,
    },
    transactionRequest: weth.transactionRequest,
  }
}

function totals(index: MarketIndex, parameters: ToLifiParameters) {
  const { plan, transactions } = parameters
  const from = getToken(index, assetKey(plan.from.chainId, plan.from.token))
  const to = getToken(index, assetKey(plan.to.chainId, plan.to.token))
  const fromAmount = BigInt(plan.amountIn.raw)
  const toAmount = transactions?.toAmountRaw ?? BigInt(plan.expectedAmountOut.raw)
  const toAmountMin = transactions?.toAmountMinRaw ?? BigInt(plan.minAmountOut.raw)
  return { from, to, fromAmount, toAmount, toAmountMin }
}

function extensionOf(parameters: ToLifiParameters): AccordExtension {
  const { plan, transactions, extension } = parameters
  return {
    ...extension,
    strategy: plan.strategy,
    outcomeProbability: plan.outcomeProbability,
    expectedDurationSeconds: plan.expectedDurationSeconds,
    p95DurationSeconds: plan.p95DurationSeconds,
    plan: { expectedAmountOut: plan.expectedAmountOut.raw, minAmountOut: plan.minAmountOut.raw },
    schedule: plan.schedule,
    ...(transactions
      ? {
          transactions: [
            ...(transactions.wrap ? [{ stepIndex: -1, purpose: 'wrap' as const, transactionRequest: transactions.wrap.transactionRequest }] : []),
            ...transactions.steps.flatMap((tx) => {
              const step = plan.steps.find((candidate) => candidate.index === tx.stepIndex)!
              return [
                { stepIndex: tx.stepIndex, purpose: 'approve' as const, transactionRequest: tx.approval.transactionRequest },
                { stepIndex: tx.stepIndex, purpose: step.action === 'bridge' ? ('deposit' as const) : ('swap' as const), transactionRequest: tx.transactionRequest },
              ]
            }),
            ...(transactions.unwrap ? [{ stepIndex: -1, purpose: 'unwrap' as const, transactionRequest: transactions.unwrap.transactionRequest }] : []),
          ],
        }
      : {}),
  }
}

/**
 * The plan as the one `LiFiStep` of `GET /quote`: `includedSteps` are its steps, each with its own
 * `transactionRequest`; the step's own `transactionRequest` is set only when the plan is a single
 * transaction (a LI.FI quote is one transaction through its diamond; Accord's are one per step, listed
 * in order with their approvals in `accord.transactions`).
 */
export function toLifiQuoteStep(parameters: ToLifiParameters): LiFiStep & { accord: AccordExtension } {
  const { market, plan, transactions, fromAddress, toAddress, slippage, extension } = parameters
  const index = indexMarket(market)
  const { from, to, fromAmount, toAmount, toAmountMin } = totals(index, parameters)
  const byStep = new Map(transactions?.steps.map((tx) => [tx.stepIndex, tx]))
  const ordered = transactions ? transactions.steps.map((tx) => plan.steps.find((step) => step.index === tx.stepIndex)!) : plan.steps
  const included = [
    ...(transactions?.wrap ? [wethPart(index, parameters, transactions.wrap, `${extension.quoteId}:${WRAP_TOOL}`)] : []),
    ...ordered.map((step) => stepParts(index, parameters, step, byStep.get(step.index), `${extension.quoteId}:${step.index}`)),
    ...(transactions?.unwrap ? [wethPart(index, parameters, transactions.unwrap, `${extension.quoteId}:${UNWRAP_TOOL}`)] : []),
  ]
  const only = transactions?.steps.length === 1 && !transactions.wrap && !transactions.unwrap ? transactions.steps[0] : undefined
  const fromToken = transactions?.wrap ? nativeLifiToken(getNetwork(index, from.chainId)) : toLifiToken(from)
  const toToken = transactions?.unwrap ? nativeLifiToken(getNetwork(index, to.chainId)) : toLifiToken(to)
  return {
    id: extension.quoteId,
    type: 'lifi',
    tool: 'accord',
    toolDetails: TOOL_DETAILS,
    action: {
      fromChainId: from.chainId,
      fromAmount: fromAmount.toString(),
      fromToken,
      ...(fromAddress === undefined ? {} : { fromAddress }),
      toChainId: to.chainId,
      toToken,
      ...(fromAddress === undefined ? {} : { toAddress: toAddress ?? fromAddress }),
      slippage,
    },
    estimate: {
      tool: 'accord',
      fromAmount: fromAmount.toString(),
      fromAmountUSD: usd(fromAmount, from.decimals, from.priceUsd),
      toAmount: toAmount.toString(),
      toAmountMin: toAmountMin.toString(),
      toAmountUSD: usd(toAmount, to.decimals, to.priceUsd),
      approvalAddress: transactions?.steps[0]?.approval.spender ?? ZERO_ADDRESS,
      feeCosts: included.flatMap((part) => part.estimate?.feeCosts ?? []),
      gasCosts: included.flatMap((part) => part.estimate?.gasCosts ?? []),
      executionDuration: plan.expectedDurationSeconds,
    },
    includedSteps: included,
    ...(only ? { transactionRequest: only.transactionRequest } : {}),
    accord: extensionOf(parameters),
  }
}

/** LI.FI's route tags for Accord's alternative labels. */
const ORDER_OF_LABEL: Record<string, Order> = { best: 'RECOMMENDED', cheapest: 'CHEAPEST', fastest: 'FASTEST', safest: 'SAFEST' }

/** A plan as a LI.FI `Route` of `POST /advanced/routes`: one `LiFiStep` per Accord step, in the order to send them. */
export function toLifiRoute(parameters: ToLifiParameters, routeId: string): Route & { accord: AccordExtension } {
  const { market, plan, transactions, fromAddress, toAddress, extension } = parameters
  const index = indexMarket(market)
  const { from, to, fromAmount, toAmount, toAmountMin } = totals(index, parameters)
  const byStep = new Map(transactions?.steps.map((tx) => [tx.stepIndex, tx]))
  const ordered = transactions ? transactions.steps.map((tx) => plan.steps.find((step) => step.index === tx.stepIndex)!) : plan.steps
  const asLifiStep = (part: LifiStepPart) => ({ ...part, type: 'lifi', tool: part.tool, includedSteps: [part] }) as LiFiStep
  const steps: LiFiStep[] = [
    ...(transactions?.wrap ? [asLifiStep(wethPart(index, parameters, transactions.wrap, `${routeId}:${WRAP_TOOL}`))] : []),
    ...ordered.map((step) => asLifiStep(stepParts(index, parameters, step, byStep.get(step.index), `${routeId}:${step.index}`))),
    ...(transactions?.unwrap ? [asLifiStep(wethPart(index, parameters, transactions.unwrap, `${routeId}:${UNWRAP_TOOL}`))] : []),
  ]
  const tags = extension.labels.map((label) => ORDER_OF_LABEL[label]).filter((tag): tag is Order => tag !== undefined)
  return {
    id: routeId,
    insurance: { state: 'NOT_INSURABLE', feeAmountUsd: '0' },
    fromChainId: from.chainId,
    fromAmountUSD: usd(fromAmount, from.decimals, from.priceUsd),
    fromAmount: fromAmount.toString(),
    fromToken: transactions?.wrap ? nativeLifiToken(getNetwork(index, from.chainId)) : toLifiToken(from),
    ...(fromAddress === undefined ? {} : { fromAddress, toAddress: toAddress ?? fromAddress }),
    toChainId: to.chainId,
    toAmountUSD: usd(toAmount, to.decimals, to.priceUsd),
    toAmount: toAmount.toString(),
    toAmountMin: toAmountMin.toString(),
    toToken: transactions?.unwrap ? nativeLifiToken(getNetwork(index, to.chainId)) : toLifiToken(to),
    gasCostUSD: plan.gasCostUsd.toFixed(2),
    // The wallet switches chains when a later step is sent on another network (a bridge's destination).
    containsSwitchChain: new Set(plan.steps.map((step) => step.chainId)).size > 1,
    steps,
    tags,
    accord: extensionOf(parameters),
  }
}
