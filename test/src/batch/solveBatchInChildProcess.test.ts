// Issue 15: the service solves a batch in a child process that exits afterwards, keeping only the
// results' JSON. Its answer must be the single-thread solver's, serialised the same way.
import { describe, expect, it } from 'vitest'
import { solveBatch } from '../../../solver/batch/solveBatch.ts'
import { createHighsBackend } from '../../../solver/lp/backends/highsBackend.ts'
import { DEFAULT_MARKET_FILE } from '../../../src/config/defaults.ts'
import { generateBatchIntents } from '../../../src/batch/generateBatchIntents.ts'
import { serializeBatchIntentResult, serializeBatchSummary } from '../../../src/batch/serializeBatchResult.ts'
import { solveBatchInChildProcess } from '../../../src/batch/solveBatchInChildProcess.ts'
import { loadMarketFile } from '../../../src/market/loadMarketFile.ts'

describe('solveBatchInChildProcess', () => {
  it('gives solveBatch’s results and summary as JSON, and the child exits', async () => {
    const market = await loadMarketFile(DEFAULT_MARKET_FILE)
    const inputs = [...generateBatchIntents(market, { count: 30, seed: 11, setWeights: [6, 3, 1] }), { id: 'bad', request: { from: { chain: 'base', token: 'NOPE' }, to: { chain: 'base', token: 'WETH' }, amount: '1' } }]
    const progress: number[] = []
    let pid = 0
    const solved = await solveBatchInChildProcess(market, inputs, { onProgress: (done) => progress.push(done), onStart: (child) => (pid = child) })
    const single = solveBatch(market, inputs, { backend: await createHighsBackend() })
    expect(solved.results).toEqual(single.results.map((result) => JSON.stringify(serializeBatchIntentResult(market, result))))
    expect(solved.summary).toEqual(serializeBatchSummary(single.summary))
    expect(progress.at(-1)).toBe(inputs.length)
    // The child is gone once its result is in (kill with signal 0 only checks existence).
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(() => process.kill(pid, 0)).toThrow()
  }, 180_000)
})
