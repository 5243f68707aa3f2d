// Test helper: turns a devnet token (DevnetToken.sol) into canonical WETH9 in place, keeping every balance
// and allowance. Both contracts keep `balanceOf` in slot 3 and `allowance` in slot 4 (name, symbol in
// slots 0 and 1); WETH9 reads `decimals` from slot 2, where DevnetToken keeps `totalSupply`, and backs
// every WETH with the ETH it holds (`totalSupply()` is its balance). So: WETH9's runtime code from
// @uniswap/v2-periphery build/WETH9.json, slot 2 = 18, and as much ETH as the supply was.
import { createRequire } from 'node:module'
import { pad, toHex, type Address, type Hex } from 'viem'
import { rpc } from '../../../src/devnet/testing/executorDevnet.ts'

const weth9 = createRequire(import.meta.url)('@uniswap/v2-periphery/build/WETH9.json') as { evm: { deployedBytecode: { object: string } } }

export async function installWeth9(rpcUrl: string, address: Address): Promise<void> {
  const supply = BigInt((await rpc(rpcUrl, 'eth_getStorageAt', [address, '0x2', 'latest'])) as Hex)
  await rpc(rpcUrl, 'anvil_setCode', [address, `0x${weth9.evm.deployedBytecode.object}`])
  await rpc(rpcUrl, 'anvil_setStorageAt', [address, pad('0x2'), pad(toHex(18))])
  await rpc(rpcUrl, 'anvil_setBalance', [address, toHex(supply)])
}
