// Issue 15: a finished job's result 404'd after 100 newer submissions although results are documented
// to stay an hour. Results now live exactly `retainMs` (clock injected), whatever comes after them.
import { describe, expect, it } from 'vitest'
import { createEmbeddedBatchQueue } from '../../../../src/server/queue/createEmbeddedBatchQueue.ts'
import { loadSmallMarket } from '../helpers.ts'

const market = loadSmallMarket()
const solved = (count: number) =>
  ({ results: [], summary: { intents: count, solved: 0 } })

describe('createEmbeddedBatchQueue', () => {
  it('keeps a finished job for retainMs regardless of newer jobs, then forgets it', async () => {
    let clock = 1_000_000
    const queue = createEmbeddedBatchQueue({ solve: async (_m, inputs) => solved(inputs.length), retainMs: 3_600_000, maxJobs: 500, now: () => clock })
    const limits = { maxQueuedJobs: 1_000, maxQueuedIntents: 1_000_000 }
    const submit = (owner: string) => queue.submit({ market, intents: [{ id: 'a', request: { from: { chain: 'base', token: 'USDC' }, to: { chain: 'base', token: 'WETH' }, amount: '1' } }], owner, limits, fingerprint: 'f' })
    const { view } = await submit('alice')
    await queue.idle()
    for (let i = 0; i < 150; i++) await submit(`client-${i}`)
    await queue.idle()
    clock += 3_599_999
    expect((await queue.view(view.id, 'alice'))?.status).toBe('done')
    expect(await queue.view(view.id, 'mallory')).toBeUndefined()
    clock += 1
    expect(await queue.view(view.id, 'alice')).toBeUndefined()
    await queue.close()
  })
})
