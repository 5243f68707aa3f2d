// Decomposition of a batch: intents that can touch a common venue (through their candidate edges)
// must be solved together; the rest are independent (disjoint venue sets), found by union–find.

/**
 * Groups item indices into connected components of the "shares a venue" relation. Each component
 * lists its members in increasing index; components are ordered by their smallest member.
 * Union–find with path halving and union by size (Tarjan & van Leeuwen, JACM 1984).
 */
export function partitionIntents(venueSets: readonly (readonly string[])[]): number[][] {
  const parent = venueSets.map((_, i) => i)
  const size = venueSets.map(() => 1)
  const find = (i: number): number => {
    let node = i
    while (parent[node] !== node) {
      parent[node] = parent[parent[node] as number] as number
      node = parent[node] as number
    }
    return node
  }
  const union = (a: number, b: number) => {
    let ra = find(a)
    let rb = find(b)
    if (ra === rb) return
    if ((size[ra] as number) < (size[rb] as number)) [ra, rb] = [rb, ra]
    parent[rb] = ra
    size[ra] = (size[ra] as number) + (size[rb] as number)
  }
  const owner = new Map<string, number>()
  venueSets.forEach((venues, i) => {
    for (const venue of venues) {
      const first = owner.get(venue)
      if (first === undefined) owner.set(venue, i)
      else union(first, i)
    }
  })
  const groups = new Map<number, number[]>()
  venueSets.forEach((_, i) => {
    const root = find(i)
    const members = groups.get(root)
    if (members) members.push(i)
    else groups.set(root, [i])
  })
  return [...groups.values()].sort((a, b) => (a[0] as number) - (b[0] as number))
}
