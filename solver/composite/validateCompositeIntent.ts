// Checks a composite intent against the market before planning: every source and goal names a
// listed token, lending market, reserve or vault; goal ids are unique; a borrow has collateral to
// draw against. Input errors throw InvalidIntentError with the field path.
import { InvalidIntentError } from '../errors.ts'
import type { AssetRef, Erc4626Vault, LendingMarket, Market } from '../market/types.ts'
import { WAD } from '../venues/wadRayMath.ts'
import type { CompositeIntent } from './types.ts'

export interface ValidatedCompositeIntent {
  readonly lendingMarkets: ReadonlyMap<string, LendingMarket>
  readonly vaults: ReadonlyMap<string, Erc4626Vault>
}

export function validateCompositeIntent(market: Market, intent: CompositeIntent): ValidatedCompositeIntent {
  const lendingMarkets = new Map((market.lendingMarkets ?? []).map((lending) => [lending.id, lending]))
  const vaults = new Map((market.vaults ?? []).map((vault) => [vault.id, vault]))
  const requireAsset = (asset: AssetRef, field: string) => {
    if (!market.networks.some((network) => network.chainId === asset.chainId)) throw new InvalidIntentError(`Unknown network ${asset.chainId}.`, { field: `${field}.chain` })
    if (!market.tokens.some((token) => token.chainId === asset.chainId && token.address === asset.token.toLowerCase()))
      throw new InvalidIntentError(`Token ${asset.token} is not listed on network ${asset.chainId}.`, { field: `${field}.token` })
  }
  if (!(intent.deadlineSeconds > 0)) throw new InvalidIntentError('The deadline must be a positive number of seconds.', { field: 'deadlineSeconds' })
  if (intent.minProbability !== undefined && !(intent.minProbability >= 0 && intent.minProbability <= 1))
    throw new InvalidIntentError('minProbability must be between 0 and 1.', { field: 'minProbability' })
  if (intent.sources.length === 0) throw new InvalidIntentError('A composite intent needs at least one source.', { field: 'sources' })
  intent.sources.forEach((source, i) => {
    requireAsset(source.asset, `sources[${i}]`)
    if (source.maxAmountRaw <= 0n) throw new InvalidIntentError('A source amount must be positive.', { field: `sources[${i}].amount` })
  })
  if (intent.goals.length === 0) throw new InvalidIntentError('A composite intent needs at least one goal.', { field: 'goals' })
  const ids = new Set<string>()
  intent.goals.forEach((goal, i) => {
    const at = `goals[${i}]`
    if (ids.has(goal.id)) throw new InvalidIntentError(`Goal id "${goal.id}" is used twice.`, { field: `${at}.id` })
    ids.add(goal.id)
    if (goal.kind === 'holding') {
      requireAsset(goal.asset, `${at}`)
      if (goal.minAmountRaw <= 0n) throw new InvalidIntentError('A holding goal amount must be positive.', { field: `${at}.amount` })
      return
    }
    if (goal.kind === 'vaultDeposit') {
      if (!vaults.has(goal.vaultId)) throw new InvalidIntentError(`Unknown vault "${goal.vaultId}".`, { field: `${at}.vault` })
      if (goal.minAssetsRaw <= 0n) throw new InvalidIntentError('A vault deposit amount must be positive.', { field: `${at}.amount` })
      return
    }
    const lending = lendingMarkets.get(goal.marketId)
    if (!lending) throw new InvalidIntentError(`Unknown lending market "${goal.marketId}".`, { field: `${at}.market` })
    if (!lending.reserves.some((reserve) => reserve.token === goal.token.toLowerCase()))
      throw new InvalidIntentError(`Lending market ${goal.marketId} has no reserve for token ${goal.token}.`, { field: `${at}.token` })
    if (goal.kind === 'supply') {
      if (goal.minAmountRaw <= 0n) throw new InvalidIntentError('A supply goal amount must be positive.', { field: `${at}.amount` })
      return
    }
    if (goal.amountRaw <= 0n) throw new InvalidIntentError('A borrow amount must be positive.', { field: `${at}.amount` })
    if (goal.minHealthFactorWad < WAD) throw new InvalidIntentError('The minimum health factor must be at least 1.', { field: `${at}.minHealthFactor` })
    if (!intent.goals.some((other) => other.kind === 'supply' && other.marketId === goal.marketId))
      throw new InvalidIntentError(`Borrow goal ${goal.id} needs a supply goal in ${goal.marketId} to borrow against.`, { field: `${at}.market` })
    if (goal.deliverTo) requireAsset(goal.deliverTo, `${at}.deliverTo`)
  })
  return { lendingMarkets, vaults }
}
