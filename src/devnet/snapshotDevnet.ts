// Saves and restores the state of every devnet chain (anvil's evm_snapshot / evm_revert), so tests
// and benchmarks can run many executions from one identical starting state.
import { RpcUnavailableError } from '../errors/operationalErrors.ts'

export interface DevnetSnapshot {
  /**
   * Restores every chain to the saved state, sets each chain's clock back to the wall clock
   * (`evm_setTime`, then `evm_mine` so the latest block carries it; a revert also rewinds block
   * time), and saves again so it can be called repeatedly.
   * Stop anything sending transactions (the relayer) first; its view of the chains is stale afterwards.
   */
  revert(): Promise<void>
}

async function rpc(rpcUrl: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new RpcUnavailableError(`${method} on ${rpcUrl} failed: ${body.error.message}`)
  return body.result
}

/** Snapshots every chain (anvil only: evm_snapshot is an anvil/hardhat method). */
export async function snapshotDevnet(chains: ReadonlyArray<{ readonly rpcUrl: string }>): Promise<DevnetSnapshot> {
  const take = () => Promise.all(chains.map((chain) => rpc(chain.rpcUrl, 'evm_snapshot') as Promise<string>))
  let ids = await take()
  return {
    async revert() {
      await Promise.all(
        chains.map(async (chain, i) => {
          if ((await rpc(chain.rpcUrl, 'evm_revert', [ids[i]])) !== true)
            throw new RpcUnavailableError(`evm_revert to snapshot ${ids[i]} on ${chain.rpcUrl} failed.`)
          await rpc(chain.rpcUrl, 'evm_setTime', [Math.floor(Date.now() / 1000)])
          // Mine one block now, so that the latest block's timestamp (what clients read as chain time) is current.
          await rpc(chain.rpcUrl, 'evm_mine')
        }),
      )
      ids = await take()
    },
  }
}
