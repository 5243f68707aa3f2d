// How what the chain shows of each token is shared among the legs of an execution that hold it
// (readChainHoldings.ts reads the chain; this decides, purely, what each leg may plan with).
import type { AssetKey } from '../../solver/market/types.ts'
import type { ExecutionState } from './foldJournal.ts'

/**
 * Shares what the chain shows of each asset among the active legs, by leg id, each capped by its
 * own journal figure (funds no plan took, `unassigned`, are not planned and get no share): a shortfall
 * falls on the last holders. Assets without a chain figure keep the journal's. Pure.
 * Returns, per leg id, the leg's holdings as the chain allows them (the target asset is left as the journal has it).
 */
export function allocateChainHoldings(state: Pick<ExecutionState, 'legs'>, chain: ReadonlyMap<AssetKey, bigint>, target: AssetKey): Map<number, Map<AssetKey, bigint>> {
  const left = new Map(chain)
  const result = new Map<number, Map<AssetKey, bigint>>()
  const legs = state.legs.filter((leg) => leg.status === 'active').sort((a, b) => a.legId - b.legId)
  for (const leg of legs) {
    const holdings = new Map<AssetKey, bigint>()
    for (const [asset, counted] of leg.holdings) {
      const available = left.get(asset)
      if (asset === target || available === undefined) {
        holdings.set(asset, counted)
        continue
      }
      const used = counted < available ? counted : available
      const share = used > 0n ? used : 0n
      holdings.set(asset, share)
      left.set(asset, available - share)
    }
    result.set(leg.legId, holdings)
  }
  return result
}
