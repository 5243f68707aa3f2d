// The candidate ways the sources can fund the goals' needs, for the joint search of planCompositeIntent:
// a source already holding the needed asset funds in place first (no leg, no fee, no risk); the rest
// of each need is cut into `units` equal parts dealt among the sources that can route there (every
// composition of the parts, each source's share within what it can deliver), and the combinations
// across needs are the candidates. Two fills are candidates too — each need from the sources that can
// bring the most first (the greedy split composite planning used before the joint search), and from
// the sources that keep the most value first — so the search never does worse than either.
import type { CompositeSource } from './types.ts'
import type { FundingAllocation, FundingDemand } from './realiseFunding.ts'
import { sameAsset } from './describeComposite.ts'

export interface EnumerateFundingAllocationsParameters {
  readonly sources: readonly CompositeSource[]
  readonly demands: readonly FundingDemand[]
  /** `[demand][source]`: the most the source can deliver to the demand's asset (0 without a route). */
  readonly capacityRaw: readonly (readonly bigint[])[]
  /** `[demand][source]`: USD out per USD in when the source is spent whole towards the demand (0 without a route). */
  readonly efficiency: readonly (readonly number[])[]
  /** Parts each need is cut into (default 8), lowered until there are at most `maxCandidates` (default 400). */
  readonly units?: number
  readonly maxCandidates?: number
}

/** Every way of writing `units` as an ordered sum of `parts` non-negative integers. */
function compositions(units: number, parts: number): number[][] {
  if (parts === 0) return units === 0 ? [[]] : []
  if (parts === 1) return [[units]]
  const out: number[][] = []
  for (let first = units; first >= 0; first--) for (const rest of compositions(units - first, parts - 1)) out.push([first, ...rest])
  return out
}

export function enumerateFundingAllocations(parameters: EnumerateFundingAllocationsParameters): FundingAllocation[] {
  const { sources, demands, capacityRaw, maxCandidates = 400 } = parameters
  // In place first: a source holding the demand's asset, in source order, shared across demands in turn.
  const directLeft = sources.map((source) => source.maxAmountRaw)
  const direct: bigint[][] = []
  const rest: bigint[] = []
  for (const demand of demands) {
    const row = sources.map(() => 0n)
    let need = demand.amountRaw
    sources.forEach((source, s) => {
      if (need <= 0n || !sameAsset(source.asset, demand.asset)) return
      const take = directLeft[s]! < need ? directLeft[s]! : need
      row[s] = take
      directLeft[s]! -= take
      need -= take
    })
    direct.push(row)
    rest.push(need)
  }
  const routed = demands.map((demand, d) => sources.map((_, s) => s).filter((s) => !sameAsset(sources[s]!.asset, demand.asset) && capacityRaw[d]![s]! > 0n))

  const splitsOf = (units: number) =>
    demands.map((_, d) => {
      const need = rest[d]!
      const candidates = routed[d]!
      if (need <= 0n) return [direct[d]!.slice()]
      const splits: bigint[][] = []
      for (const parts of compositions(units, candidates.length)) {
        const row = direct[d]!.slice()
        let cumulative = 0
        let feasible = true
        parts.forEach((count, j) => {
          const s = candidates[j]!
          const share = (need * BigInt(cumulative + count)) / BigInt(units) - (need * BigInt(cumulative)) / BigInt(units)
          cumulative += count
          if (share > capacityRaw[d]![s]!) feasible = false
          row[s] = share
        })
        if (feasible) splits.push(row)
      }
      return splits
    })
  let units = parameters.units ?? 8
  let splits = splitsOf(units)
  const count = () => splits.reduce((product, options) => product * Math.max(1, options.length), 1)
  while (units > 1 && count() > maxCandidates) {
    units = Math.max(1, Math.floor(units / 2))
    splits = splitsOf(units)
  }
  const allocations: bigint[][][] = [[]]
  for (const options of splits) {
    const next: bigint[][][] = []
    for (const partial of allocations) for (const row of options) next.push([...partial, row])
    allocations.length = 0
    allocations.push(...next)
  }

  // Fills: each need from the sources in `order`, each up to its capacity, a source spent whole by one need skipped after.
  const fillBy = (order: (d: number, a: number, b: number) => number): FundingAllocation => {
    const used = sources.map(() => false)
    return demands.map((_, d) => {
      const row = direct[d]!.slice()
      let need = rest[d]!
      for (const s of [...routed[d]!].sort((a, b) => order(d, a, b) || a - b)) {
        if (need <= 0n || used[s]) continue
        const take = need < capacityRaw[d]![s]! ? need : capacityRaw[d]![s]!
        row[s] = take
        need -= take
        if (take === capacityRaw[d]![s]!) used[s] = true
      }
      return row
    })
  }
  const largestFirst = fillBy((d, a, b) => (capacityRaw[d]![b]! > capacityRaw[d]![a]! ? 1 : capacityRaw[d]![b]! < capacityRaw[d]![a]! ? -1 : 0))
  const cheapestFirst = fillBy((d, a, b) => parameters.efficiency[d]![b]! - parameters.efficiency[d]![a]!)
  const key = (allocation: FundingAllocation) => allocation.map((row) => row.join(',')).join(';')
  for (const fill of [largestFirst, cheapestFirst]) if (!allocations.some((allocation) => key(allocation) === key(fill))) allocations.push(fill.map((row) => [...row]))
  return allocations
}
