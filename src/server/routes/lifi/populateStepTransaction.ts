// LI.FI's POST /advanced/stepTransaction (li.quest API reference; @lifi/sdk src/actions/getStepTransaction.ts,
// which its executor calls for every route step that arrives without a `transactionRequest`, after
// setting the step's `fromAmount` to what the step before it delivered): the step re-quoted on the
// current market for its `action` (venue = `tool`, `fromAmount`, `slippage`, `fromAddress`/`toAddress`)
// and returned with its `transactionRequest` and `estimate.approvalAddress`. The SDK compares the new
// `toAmountMin` with the old one and stops when it fell by more than the step's slippage.
import type { LiFiStep, Step as LifiStepPart } from '@lifi/types'
import { getAddress, isAddress, type Address } from 'viem'
import { BaseError } from '../../../../solver/errors.ts'
import { formatAmount } from '../../../../solver/amounts.ts'
import { assetKey } from '../../../../solver/market/assetKey.ts'
import { getNetwork, getToken, indexMarket } from '../../../../solver/market/indexMarket.ts'
import type { Market } from '../../../../solver/market/types.ts'
import { quoteVenue } from '../../../../solver/venues/quoteVenue.ts'
import { venueGasUnits } from '../../../../solver/venues/venueGasUnits.ts'
import type { ExecutionTargets } from '../../../executor/chainEnvironment.ts'
import { UNWRAP_TOOL, WRAP_TOOL } from '../../../format/lifi/toLifiRoute.ts'
import { MIN_TRANSACTION_WINDOW_SECONDS, type TransactionRequestFields } from '../../../transactions/buildStepTransactions.ts'
import { buildWethTransaction } from '../../../transactions/buildWethTransaction.ts'
import { encodeStepCall } from '../../../transactions/encodeStepCall.ts'
import { ApiError } from '../../errorCatalogue.ts'

export interface PopulateStepTransactionParameters {
  readonly market: Market
  readonly targets: ExecutionTargets
  readonly step: LiFiStep
  readonly nowSeconds: number
}

/** LI.FI's suggested gas limit: estimate + 25 % (@lifi/types `GasCost.limit`). */
const GAS_LIMIT_MARGIN = 1.25
const SLIPPAGE_SCALE = 1_000_000n
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'
const toHex = (value: bigint) => `0x${value.toString(16)}` as const

function signer(value: string | undefined, field: string): Address {
  if (value === undefined) throw new ApiError('INVALID_REQUEST', 'action.fromAddress is required: it is the account that signs the transaction.', field)
  if (!isAddress(value, { strict: false })) throw new ApiError('INVALID_REQUEST', `${field.split('.').pop()} must be a 20-byte hex address, got "${value}".`, field)
  return getAddress(value)
}

/**
 * The step with its transaction. One step = one transaction: a step bundling several (the `GET /quote`
 * answer of a multi-step plan) is refused, pointing at /advanced/routes. Throws ApiError
 * `INVALID_REQUEST` for an incoherent step, BaseError `UNKNOWN_VENUE` for a tool the market lacks or
 * whose transaction cannot be built (encodeStepCall).
 */
export function populateStepTransaction(parameters: PopulateStepTransactionParameters): LiFiStep {
  const { market, targets, step, nowSeconds } = parameters
  const parts = step.includedSteps?.length ? step.includedSteps : [step as unknown as LifiStepPart]
  if (parts.length !== 1)
    throw new ApiError(
      'INVALID_REQUEST',
      `This step bundles ${parts.length} transactions (a GET /quote of a multi-step plan): send its accord.transactions, or ask POST /advanced/routes, whose steps are one transaction each.`,
      'body.includedSteps',
    )
  const part = parts[0]!
  const action = step.action
  const fromAddress = signer(action.fromAddress, 'body.action.fromAddress')
  const toAddress = action.toAddress === undefined ? fromAddress : signer(action.toAddress, 'body.action.toAddress')
  if (!/^[0-9]{1,78}$/.test(action.fromAmount)) throw new ApiError('INVALID_REQUEST', `action.fromAmount must be raw units (digits), got "${action.fromAmount}".`, 'body.action.fromAmount')
  const amountInRaw = BigInt(action.fromAmount)
  const slippage = action.slippage ?? 0
  if (!(slippage >= 0 && slippage < 1)) throw new ApiError('INVALID_REQUEST', `action.slippage must be a fraction in [0, 1), got ${slippage}.`, 'body.action.slippage')
  const index = indexMarket(market)
  const chainId = action.fromChainId
  const network = getNetwork(index, chainId, 'body.action.fromChainId')
  const tokenIn = assetKey(chainId, action.fromToken.address)
  const tokenOut = assetKey(action.toChainId, action.toToken.address)

  let amountOutRaw: bigint
  let minAmountOutRaw: bigint
  let approvalAddress: string
  let gasUnits: number
  let transactionRequest: TransactionRequestFields
  if (part.tool === WRAP_TOOL || part.tool === UNWRAP_TOOL) {
    const kind = part.tool === WRAP_TOOL ? 'wrap' : 'unwrap'
    const wrapped = getToken(index, kind === 'wrap' ? tokenOut : tokenIn, kind === 'wrap' ? 'body.action.toToken.address' : 'body.action.fromToken.address')
    if (wrapped.symbol.toUpperCase() !== `W${network.nativeSymbol}`.toUpperCase() || action.toChainId !== chainId)
      throw new ApiError('INVALID_REQUEST', `A ${kind} step turns ${network.nativeSymbol} into W${network.nativeSymbol} on one chain (or back), not ${action.fromToken.symbol} into ${action.toToken.symbol}.`, 'body.action')
    if (targets.chains.get(chainId)?.wrappedNative?.toLowerCase() !== wrapped.address.toLowerCase())
      throw new ApiError('INVALID_REQUEST', `${wrapped.symbol} (${wrapped.address}) is not a WETH9 this service knows on chain ${chainId}: it cannot ${kind} it.`, 'body.action')
    if (kind === 'unwrap' && toAddress !== fromAddress) throw new ApiError('INVALID_REQUEST', 'WETH9.withdraw pays the signer: toAddress must be fromAddress.', 'body.action.toAddress')
    const weth = buildWethTransaction({ kind, chainId, token: wrapped.address, amountRaw: amountInRaw, from: fromAddress })
    amountOutRaw = amountInRaw
    minAmountOutRaw = amountInRaw
    approvalAddress = ZERO_ADDRESS
    gasUnits = 50_000
    transactionRequest = weth.transactionRequest
  } else {
    const venue = index.venues.get(part.tool)
    if (!venue) throw new BaseError('UNKNOWN_VENUE', `No venue "${part.tool}" in the market (version ${market.version}): ask for a new route.`, { field: 'body.tool' })
    const venueChain = venue.kind === 'bridge' ? venue.from.chainId : venue.chainId
    if (venueChain !== chainId) throw new ApiError('INVALID_REQUEST', `Venue "${venue.id}" is on chain ${venueChain}, not ${chainId}.`, 'body.action.fromChainId')
    const quote = quoteVenue(index, venue, tokenIn, tokenOut, amountInRaw)
    if (quote.exceedsCapacity) throw new BaseError('NO_ROUTE', `Venue "${venue.id}" cannot deliver for ${amountInRaw} now (liquidity): ask for a new route.`, { field: 'body.action.fromAmount' })
    amountOutRaw = quote.amountOutRaw
    const keep = SLIPPAGE_SCALE - BigInt(Math.round(slippage * Number(SLIPPAGE_SCALE)))
    minAmountOutRaw = venue.kind === 'bridge' ? amountOutRaw : (amountOutRaw * keep) / SLIPPAGE_SCALE
    const call = encodeStepCall({
      targets,
      step: { index: 0, venueId: venue.id, chainId, tokenIn: { token: getAddress(action.fromToken.address) }, tokenOut: { chainId: action.toChainId, token: getAddress(action.toToken.address) } },
      venue,
      amountInRaw,
      minAmountOutRaw,
      recipient: toAddress,
      deadline: nowSeconds + MIN_TRANSACTION_WINDOW_SECONDS,
      field: 'body',
    })
    approvalAddress = call.to
    gasUnits = venueGasUnits(venue, quote)
    transactionRequest = { chainId, from: fromAddress, to: call.to, data: call.data, value: '0x0', gasLimit: toHex(BigInt(Math.ceil(gasUnits * GAS_LIMIT_MARGIN))) }
  }

  const tokenOutInfo = index.tokens.get(tokenOut)
  const tokenInInfo = index.tokens.get(tokenIn)
  const usd = (raw: bigint, token: typeof tokenInInfo) => (token ? (Number(formatAmount(raw, token.decimals)) * token.priceUsd).toFixed(2) : '0')
  const estimate = {
    ...step.estimate,
    fromAmount: amountInRaw.toString(),
    fromAmountUSD: usd(amountInRaw, tokenInInfo ?? (tokenOutInfo && part.tool === WRAP_TOOL ? tokenOutInfo : undefined)),
    toAmount: amountOutRaw.toString(),
    toAmountMin: minAmountOutRaw.toString(),
    toAmountUSD: usd(amountOutRaw, tokenOutInfo ?? (tokenInInfo && part.tool === UNWRAP_TOOL ? tokenInInfo : undefined)),
    approvalAddress,
    gasCosts: (step.estimate.gasCosts ?? []).map((cost) => ({ ...cost, estimate: String(gasUnits), limit: BigInt(transactionRequest.gasLimit).toString(), amount: (network.gasPriceWei * BigInt(gasUnits)).toString() })),
  }
  const populatedPart = { ...part, action: { ...part.action, fromAmount: action.fromAmount }, estimate: { ...part.estimate, ...estimate, tool: part.tool }, transactionRequest } as LifiStepPart
  return { ...step, estimate, includedSteps: [populatedPart], transactionRequest }
}
