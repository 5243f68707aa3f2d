// The batch's figures from its components' results: counts, delivered value, the independent baseline, netting.
import type { PrepareBatchReturnType } from './prepareBatch.ts'
import type { SolveBatchComponentReturnType } from './solveBatchComponent.ts'
import type { BatchIntentInput, BatchIntentResult, SolveBatchReturnType } from './types.ts'

/** Merges prepared and solved parts into results in input order and the batch summary. */
export function summariseBatch(
  marketVersion: string,
  inputs: readonly BatchIntentInput[],
  prepared: PrepareBatchReturnType,
  solved: readonly SolveBatchComponentReturnType[],
): SolveBatchReturnType {
  const byId = new Map<string, BatchIntentResult>()
  for (const result of prepared.early) if (!byId.has(result.id)) byId.set(result.id, result)
  for (const component of solved) for (const result of component.results) byId.set(result.id, result)
  // Duplicate ids: the first occurrence holds the solution, later ones the DUPLICATE error.
  const results: BatchIntentResult[] = []
  const used = new Set<string>()
  inputs.forEach((input) => {
    if (used.has(input.id)) {
      const duplicate = prepared.early.find((result) => result.id === input.id && result.status === 'invalid' && result.error.message.startsWith('Duplicate'))
      if (duplicate) results.push(duplicate)
      return
    }
    used.add(input.id)
    const result = byId.get(input.id)
    if (result) results.push(result)
  })
  const sum = (pick: (component: SolveBatchComponentReturnType) => number) => solved.reduce((total, component) => total + pick(component), 0)
  return {
    marketVersion,
    results,
    summary: {
      intents: inputs.length,
      solved: results.filter((result) => result.status === 'ok').length,
      unmet: results.filter((result) => result.status === 'unmet').length,
      invalid: results.filter((result) => result.status === 'invalid').length,
      components: prepared.components.length,
      largestComponent: Math.max(0, ...prepared.components.map((component) => component.intents.length)),
      deliveredUsd: sum((component) => component.deliveredUsd),
      independentDeliveredUsd: sum((component) => component.independentDeliveredUsd),
      independentQuotedUsd: sum((component) => component.independentQuotedUsd),
      nettedPairs: prepared.nettedPairs,
      nettingSavingUsd: prepared.nettingSavingUsd,
      lpIterations: sum((component) => component.lpIterations),
    },
  }
}
