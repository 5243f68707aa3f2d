// The worker-thread runner must give exactly the single-thread answer (components are independent),
// and the job store must report progress and results.
import { describe, expect, it } from 'vitest'
import { solveBatch } from '../../../solver/batch/solveBatch.ts'
import { createHighsBackend } from '../../../solver/lp/backends/highsBackend.ts'
import { createBatchJobStore } from '../../../src/batch/batchJobs.ts'
import { generateBatchIntents } from '../../../src/batch/generateBatchIntents.ts'
import { solveBatchInWorkers } from '../../../src/batch/solveBatchInWorkers.ts'
import { loadMarketFile } from '../../../src/market/loadMarketFile.ts'
import { DEFAULT_MARKET_FILE } from '../../../src/config/defaults.ts'

const serialize = (value: unknown) => JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? `${item}n` : item))

describe('solveBatchInWorkers', () => {
  it('matches solveBatch on one thread, for a seeded batch spanning several components', async () => {
    const market = await loadMarketFile(DEFAULT_MARKET_FILE)
    const inputs = generateBatchIntents(market, { count: 40, seed: 7, setWeights: [6, 3, 1] })
    // The same seed gives the same batch.
    expect(generateBatchIntents(market, { count: 40, seed: 7, setWeights: [6, 3, 1] })).toEqual(inputs)
    const progress: number[] = []
    const threaded = await solveBatchInWorkers(market, inputs, { workers: 2, onProgress: (solved) => progress.push(solved) })
    const single = solveBatch(market, inputs, { backend: await createHighsBackend() })
    expect(serialize(threaded)).toBe(serialize(single))
    expect(threaded.summary.components).toBeGreaterThan(1)
    expect(progress.at(-1)).toBe(inputs.length)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
  }, 120_000)
})

describe('createBatchJobStore', () => {
  it('runs jobs one at a time and reports progress, results and failures', async () => {
    const market = await loadMarketFile(DEFAULT_MARKET_FILE)
    const inputs = generateBatchIntents(market, { count: 3, seed: 1 })
    let calls = 0
    const store = createBatchJobStore({
      solve: async (m, batch, onProgress) => {
        calls++
        if (calls === 2) throw Object.assign(new Error('boom'), { code: 'SOLVER_FAILED' })
        onProgress(1, batch.length)
        return solveBatch(m, batch, { backend: await createHighsBackend(), compareIndependent: false })
      },
    })
    const first = store.submit(market, inputs)
    const second = store.submit(market, inputs)
    expect(first.status).toBe('queued')
    expect(store.get(first.id)?.progress).toEqual({ solved: 0, total: 3 })
    await store.idle()
    expect(store.get(first.id)).toMatchObject({ status: 'done', progress: { solved: 3, total: 3 } })
    expect(store.get(first.id)?.result?.results).toHaveLength(3)
    expect(store.get(second.id)).toMatchObject({ status: 'failed', error: { code: 'SOLVER_FAILED', message: 'boom' } })
    expect(store.get('nope')).toBeUndefined()
  }, 60_000)
})
