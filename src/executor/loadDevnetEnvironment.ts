// What an executor needs to act on a devnet written by `accord devnet up`: its market, the chains'
// contracts, and the devnet user as signer. Shared by `accord execute` and `accord serve --devnet-dir`.
import { join } from 'node:path'
import type { LocalAccount } from 'viem'
import type { Market } from '../../solver/market/types.ts'
import { devnetAccount } from '../devnet/devnetAccounts.ts'
import { readDevnetFile } from '../devnet/readDevnetFile.ts'
import { loadMarketFile } from '../market/loadMarketFile.ts'
import { devnetExecutionTargets, type ExecutionTargets } from './executionTargets.ts'

export interface DevnetEnvironment {
  readonly market: Market
  readonly targets: ExecutionTargets
  readonly account: LocalAccount
}

/** Reads `devnet.json` (and the market file it names) from `devnetDir`; throws Accord errors for missing or invalid files. */
export async function loadDevnetEnvironment(devnetDir: string): Promise<DevnetEnvironment> {
  const info = await readDevnetFile(join(devnetDir, 'devnet.json'))
  const market = await loadMarketFile(info.marketFile ?? join(devnetDir, 'market.json'))
  return { market, targets: devnetExecutionTargets(info), account: devnetAccount(info.accounts.user.addressIndex) }
}
