// Deploys Multicall3 (mds1/multicall3 src/Multicall3.sol) on a devnet chain so market reads aggregate their calls as
// they do on mainnet. anvil has no Multicall3 at the canonical address, and the canonical keyless deployment
// transaction is not shipped by any package we depend on; the creation code comes from the viem npm package
// (`multicall3Bytecode` in viem's constants/contracts: Multicall3 compiled with solc 0.8.12, the bytecode viem itself
// sends for its deployless multicall). It is the same source and ABI as the canonical deployment at
// 0xcA11bde05977b3631167028862bE2a173976CA11, not byte-identical to it (that one was built with the optimizer).
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { getContractAddress, isHex, type Account, type Address, type Hex } from 'viem'
import { BaseError } from '../../solver/errors.ts'
import { createDevnetPublicClient } from './defineDevnetChain.ts'
import { sendDevnetTransactions, type DevnetChainEndpoint } from './deployUniswapV3.ts'

/** anvil 1.x reports ≈1.2M gas for the deployment; 30 % over it. */
const DEPLOY_GAS = 1_600_000n

/** Multicall3's creation code from viem (not exported from viem's public entry points, so read from its ESM build). */
export async function loadMulticall3Bytecode(): Promise<Hex> {
  const viemRoot = dirname(dirname(createRequire(import.meta.url).resolve('viem')))
  const contracts = (await import(pathToFileURL(join(viemRoot, '_esm', 'constants', 'contracts.js')).href)) as { multicall3Bytecode?: unknown }
  const bytecode = contracts.multicall3Bytecode
  if (typeof bytecode !== 'string' || !isHex(bytecode))
    throw new BaseError('INTERNAL', 'The installed viem package no longer ships multicall3Bytecode in constants/contracts.')
  return bytecode
}

/** Deploys Multicall3 from `deployer` at its next nonce and returns its address (checked to hold code). */
export async function deployMulticall3(chain: DevnetChainEndpoint, deployer: Account): Promise<Address> {
  const client = createDevnetPublicClient(chain)
  const nonce = await client.getTransactionCount({ address: deployer.address, blockTag: 'pending' })
  const address = getContractAddress({ from: deployer.address, nonce: BigInt(nonce) })
  await sendDevnetTransactions(chain, deployer, [{ data: await loadMulticall3Bytecode(), gas: DEPLOY_GAS, label: 'deploy Multicall3' }])
  const code = await client.getCode({ address })
  if (code === undefined || code === '0x') throw new BaseError('INTERNAL', `Multicall3 was not deployed at ${address} on chain ${chain.chainId}.`)
  return address
}
