// Batch results as JSON (CLI --json/--out and the HTTP API): amounts exact and in token units, plans
// in the same form as single quotes (src/format/serializePlan.ts).
import { formatAmount } from '../../solver/amounts.ts'
import { assetKeyOf } from '../../solver/market/assetKey.ts'
import { getToken, indexMarket } from '../../solver/market/indexMarket.ts'
import type { AssetRef, Market } from '../../solver/market/types.ts'
import type { BatchIntentResult, BatchSummary, SolveBatchReturnType } from '../../solver/batch/types.ts'
import { serializePlan, type SerializedAmount } from '../format/serializePlan.ts'

const round = (value: number, digits: number) => Number(value.toFixed(digits))

function amountOf(market: Market, asset: AssetRef, raw: bigint): SerializedAmount {
  const token = getToken(indexMarket(market), assetKeyOf(asset))
  return { raw: raw.toString(), amount: formatAmount(raw, token.decimals), symbol: token.symbol }
}

export function serializeBatchIntentResult(market: Market, result: BatchIntentResult) {
  if (result.status === 'invalid') return { id: result.id, status: result.status, error: result.error }
  const { intent } = result
  return {
    id: result.id,
    status: result.status,
    ...(result.error ? { error: result.error } : {}),
    component: result.component,
    executionIndex: result.executionIndex ?? null,
    amountIn: amountOf(market, intent.from, intent.amountInRaw),
    amountOut: amountOf(market, intent.to, result.amountOutRaw),
    minAmountOut: amountOf(market, intent.to, result.minAmountOutRaw),
    outcomeProbability: round(result.outcomeProbability, 6),
    netting: result.netting.map((fill) => ({
      counterpartyId: fill.counterpartyId,
      given: amountOf(market, intent.from, fill.givenRaw),
      received: amountOf(market, intent.to, fill.receivedRaw),
      savingUsd: round(fill.savingUsd, 2),
    })),
    plan: result.plan ? serializePlan(market, result.plan) : null,
  }
}

export type SerializedBatchIntentResult = ReturnType<typeof serializeBatchIntentResult>

export function serializeBatchSummary(summary: BatchSummary) {
  return {
    ...summary,
    deliveredUsd: round(summary.deliveredUsd, 2),
    independentDeliveredUsd: round(summary.independentDeliveredUsd, 2),
    independentQuotedUsd: round(summary.independentQuotedUsd, 2),
    nettingSavingUsd: round(summary.nettingSavingUsd, 2),
  }
}

export function serializeBatchResult(market: Market, result: SolveBatchReturnType) {
  return {
    marketVersion: result.marketVersion,
    summary: serializeBatchSummary(result.summary),
    results: result.results.map((item) => serializeBatchIntentResult(market, item)),
  }
}
