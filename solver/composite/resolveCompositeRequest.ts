// Turns a composite intent in its human form (networks and tokens by name, decimal amounts, the
// health factor as a number) into a CompositeIntent in raw units, with field paths on every error.
import { parseAmount } from '../amounts.ts'
import { InvalidIntentError } from '../errors.ts'
import { indexMarket, resolveNetwork, resolveToken } from '../market/indexMarket.ts'
import type { Address, AssetRef, Market } from '../market/types.ts'
import type { CompositeGoal, CompositeIntent } from './types.ts'

export interface CompositeAssetRequest {
  readonly chain: string | number
  readonly token: string
}

export type CompositeGoalRequest =
  | { readonly id: string; readonly kind: 'holding'; readonly chain: string | number; readonly token: string; readonly amount: string }
  | { readonly id: string; readonly kind: 'supply'; readonly market: string; readonly token: string; readonly amount: string }
  | {
      readonly id: string
      readonly kind: 'borrow'
      readonly market: string
      readonly token: string
      readonly amount: string
      readonly minHealthFactor: number
      readonly deliverTo?: CompositeAssetRequest
    }
  | { readonly id: string; readonly kind: 'vaultDeposit'; readonly vault: string; readonly amount: string }

export interface CompositeIntentRequest {
  readonly sources: ReadonlyArray<CompositeAssetRequest & { readonly amount: string }>
  readonly goals: readonly CompositeGoalRequest[]
  readonly deadlineSeconds: number
  readonly minProbability?: number
  readonly spend?: 'needed' | 'all'
  readonly slippageBufferBps?: number
}

/** `a, b` of the ids a market lists, or a hint when it lists none (a devnet started without --lending). */
function listed(entries: readonly { readonly id: string }[] | undefined): string {
  return entries && entries.length > 0 ? entries.map((entry) => entry.id).join(', ') : 'none (on the devnet: `accord devnet up --lending`)'
}

export function resolveCompositeRequest(market: Market, request: CompositeIntentRequest, root = ''): CompositeIntent {
  const at = (field: string) => (root ? `${root}.${field}` : field)
  const index = indexMarket(market)
  const asset = (value: CompositeAssetRequest, field: string): { ref: AssetRef; decimals: number } => {
    const network = resolveNetwork(index, value.chain, at(`${field}.chain`))
    const token = resolveToken(index, network, value.token, at(`${field}.token`))
    return { ref: { chainId: network.chainId, token: token.address }, decimals: token.decimals }
  }
  const lendingOf = (id: string, field: string) => {
    const lending = market.lendingMarkets?.find((candidate) => candidate.id === id)
    if (!lending)
      throw new InvalidIntentError(`Unknown lending market "${id}"; the market lists ${listed(market.lendingMarkets)}.`, { field: at(field) })
    return lending
  }
  const sources = request.sources.map((source, i) => {
    const { ref, decimals } = asset(source, `sources[${i}]`)
    return { asset: ref, maxAmountRaw: parseAmount(source.amount, decimals, { field: at(`sources[${i}].amount`) }) }
  })
  const goals = request.goals.map((goal, i): CompositeGoal => {
    const field = `goals[${i}]`
    switch (goal.kind) {
      case 'holding': {
        const { ref, decimals } = asset(goal, field)
        return { kind: 'holding', id: goal.id, asset: ref, minAmountRaw: parseAmount(goal.amount, decimals, { field: at(`${field}.amount`) }) }
      }
      case 'supply': {
        const lending = lendingOf(goal.market, `${field}.market`)
        const { ref, decimals } = asset({ chain: lending.chainId, token: goal.token }, field)
        return { kind: 'supply', id: goal.id, marketId: lending.id, token: ref.token, minAmountRaw: parseAmount(goal.amount, decimals, { field: at(`${field}.amount`) }) }
      }
      case 'borrow': {
        const lending = lendingOf(goal.market, `${field}.market`)
        const { ref, decimals } = asset({ chain: lending.chainId, token: goal.token }, field)
        if (typeof goal.minHealthFactor !== 'number' || !(goal.minHealthFactor >= 1) || !Number.isFinite(goal.minHealthFactor))
          throw new InvalidIntentError('minHealthFactor must be a number ≥ 1.', { field: at(`${field}.minHealthFactor`) })
        return {
          kind: 'borrow',
          id: goal.id,
          marketId: lending.id,
          token: ref.token,
          amountRaw: parseAmount(goal.amount, decimals, { field: at(`${field}.amount`) }),
          minHealthFactorWad: parseAmount(goal.minHealthFactor.toFixed(6), 18, { field: at(`${field}.minHealthFactor`) }),
          ...(goal.deliverTo ? { deliverTo: asset(goal.deliverTo, `${field}.deliverTo`).ref } : {}),
        }
      }
      case 'vaultDeposit': {
        const vault = market.vaults?.find((candidate) => candidate.id === goal.vault)
        if (!vault) throw new InvalidIntentError(`Unknown vault "${goal.vault}"; the market lists ${listed(market.vaults)}.`, { field: at(`${field}.vault`) })
        const { decimals } = asset({ chain: vault.chainId, token: vault.asset as Address }, field)
        return { kind: 'vaultDeposit', id: goal.id, vaultId: vault.id, minAssetsRaw: parseAmount(goal.amount, decimals, { field: at(`${field}.amount`) }) }
      }
      default:
        throw new InvalidIntentError(`Unknown goal kind "${(goal as { kind: string }).kind}".`, { field: at(`${field}.kind`) })
    }
  })
  return {
    sources,
    goals,
    deadlineSeconds: request.deadlineSeconds,
    ...(request.minProbability === undefined ? {} : { minProbability: request.minProbability }),
    ...(request.spend === undefined ? {} : { spend: request.spend }),
    ...(request.slippageBufferBps === undefined ? {} : { slippageBufferBps: request.slippageBufferBps }),
  }
}
