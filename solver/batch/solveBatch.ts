// Batch route optimisation in one thread: prepare (resolve, net, partition) → solve each component
// jointly → summarise. src/batch runs the same stages with components in worker threads.
import type { Market } from '../market/types.ts'
import { prepareBatch, type PrepareBatchOptions } from './prepareBatch.ts'
import { solveBatchComponent, type SolveBatchComponentOptions } from './solveBatchComponent.ts'
import { summariseBatch } from './summariseBatch.ts'
import type { BatchIntentInput, SolveBatchReturnType } from './types.ts'

export type SolveBatchOptions = PrepareBatchOptions &
  SolveBatchComponentOptions & {
    /** Called after each component with the number of intents solved so far (invalid ones count at once). */
    readonly onProgress?: (solved: number, total: number) => void
  }

/**
 * Solves a batch of intents jointly on `market`. Deterministic for a given input, market and backend.
 * Invalid intents get `invalid` results; the others `ok` or `unmet` with a reason. See MODEL.md.
 *
 * @example
 * const { results, summary } = solveBatch(market, [{ id: 'a', request: { from: { chain: 'base', token: 'USDC' }, to: { chain: 'base', token: 'WETH' }, amount: '1000' } }])
 */
export function solveBatch(market: Market, inputs: readonly BatchIntentInput[], options: SolveBatchOptions = {}): SolveBatchReturnType {
  const prepared = prepareBatch(market, inputs, options)
  let done = prepared.early.length
  options.onProgress?.(done, inputs.length)
  const solved = prepared.components.map((component) => {
    const result = solveBatchComponent(market, component, options)
    done += component.intents.length
    options.onProgress?.(done, inputs.length)
    return result
  })
  return summariseBatch(market.version, inputs, prepared, solved)
}
