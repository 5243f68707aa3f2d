// What a composite execution still lacks after its funding legs, and what it may still spend: the
// accounting behind re-planning the remaining goals when a leg delivers less than planned. Pure.
//
// need(a)     = the plan's supply and vault-deposit amounts paid in asset a (the lending and vault steps);
// brought(a)  = what sources already at a provide directly + what every funding leg that ended
//               delivered to a (the plan's legs and the top-up legs of earlier re-plans);
// spendable(a)= the sources' allowance the plan left unused at a − what top-up legs took from a
//               + what finished legs left stranded at a (a refunded deposit back in the wallet, an
//               intermediate token a leg stopped holding).
// A shortfall is need − brought where positive; the re-plan may spend `spendable`, nothing more, so
// the composite never spends funds the intent did not name.
import { assetKeyOf } from '../../../solver/market/assetKey.ts'
import type { CompositePlan } from '../../../solver/composite/types.ts'
import type { AssetKey } from '../../../solver/market/types.ts'

/** A funding leg as the composite journal records it (the plan's and the re-plans'). */
export interface FundingLegRecord {
  readonly legId: string
  readonly from: AssetKey
  readonly to: AssetKey
  readonly amountInRaw: bigint
  /** Whether the leg is one of the plan's own (its input is already counted in the plan's spend). */
  readonly planned: boolean
  /** Set once the leg finished. */
  readonly finished?: { readonly deliveredRaw: bigint; readonly stranded: ReadonlyArray<{ readonly asset: AssetKey; readonly raw: bigint }> }
}

export interface CompositeShortfall {
  readonly shortfalls: ReadonlyArray<{ readonly asset: AssetKey; readonly raw: bigint }>
  readonly spendable: ReadonlyArray<{ readonly asset: AssetKey; readonly raw: bigint }>
}

export function compositeShortfall(plan: CompositePlan, legs: readonly FundingLegRecord[]): CompositeShortfall {
  const add = (map: Map<AssetKey, bigint>, key: AssetKey, raw: bigint) => map.set(key, (map.get(key) ?? 0n) + raw)
  const need = new Map<AssetKey, bigint>()
  for (const step of plan.steps)
    if (!step.legId && (step.action === 'supply' || step.action === 'deposit') && step.tokenIn) add(need, step.tokenIn, step.amountInRaw)

  const brought = new Map<AssetKey, bigint>()
  const spendable = new Map<AssetKey, bigint>()
  plan.sources.forEach((source, i) => {
    const key = assetKeyOf(source.asset)
    const spent = plan.sourcesSpentRaw[i] ?? 0n
    const byPlanLegs = plan.legs.filter((leg) => leg.purpose === 'fund' && assetKeyOf(leg.from) === key).reduce((sum, leg) => sum + leg.plan.amountInRaw, 0n)
    // Spent but not by a leg: the source was already where a goal needed it.
    if (spent > byPlanLegs) add(brought, key, spent - byPlanLegs)
    add(spendable, key, source.maxAmountRaw - spent)
  })
  for (const leg of legs) {
    if (!leg.planned) add(spendable, leg.from, -leg.amountInRaw)
    if (!leg.finished) continue
    add(brought, leg.to, leg.finished.deliveredRaw)
    for (const holding of leg.finished.stranded) add(spendable, holding.asset, holding.raw)
  }
  const shortfalls = [...need].flatMap(([asset, raw]) => (raw > (brought.get(asset) ?? 0n) ? [{ asset, raw: raw - (brought.get(asset) ?? 0n) }] : []))
  return { shortfalls, spendable: [...spendable].flatMap(([asset, raw]) => (raw > 0n ? [{ asset, raw }] : [])) }
}
