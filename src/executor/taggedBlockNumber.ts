// Finality from the node itself: the number of the block it reports under the `safe` or `finalized`
// tag (execution-apis, eth_getBlockByNumber block tags; answered by post-Merge Ethereum clients and by
// anvil, whose `safe` is `--slots-in-an-epoch` blocks behind the head and `finalized` twice that).
import type { Chain, HttpTransport, PublicClient } from 'viem'
import { withRetry, type RetryOptions } from './withRetry.ts'

export type FinalityTag = 'safe' | 'finalized'

/** The block number under `tag`, or undefined when the node does not know the tag (a chain without it, or too young a chain). */
export async function taggedBlockNumber(client: PublicClient<HttpTransport, Chain>, tag: FinalityTag, retry?: RetryOptions): Promise<bigint | undefined> {
  try {
    const block = await withRetry(() => client.getBlock({ blockTag: tag }), retry)
    return block.number ?? undefined
  } catch (error) {
    if ((error as Error).name === 'BlockNotFoundError' || /unknown block|not supported|invalid block tag/i.test((error as Error).message)) return undefined
    throw error
  }
}
