// Wrapping and unwrapping a network's native coin: WETH9's `deposit()` (payable, mints as much WETH as
// the ETH sent) and `withdraw(wad)` (burns WETH, sends the ETH to the caller), as canonical WETH9 has
// them (github.com/gnosis/canonical-weth contracts/WETH9.sol; the same source ships in
// @uniswap/v2-periphery build/WETH9.json). Accord quotes the native coin as its wrapped token, so a route
// from ETH starts with a deposit and a route to ETH ends with a withdrawal.
import { encodeFunctionData, getAddress, parseAbi, type Address, type Hex } from 'viem'
import type { TransactionRequestFields } from './transactionRequestFields.ts'

export const weth9Abi = parseAbi(['function deposit() payable', 'function withdraw(uint256 wad)', 'function balanceOf(address) view returns (uint256)'])

/**
 * WETH9.deposit writes the caller's balance (a cold SSTORE, ≤ 22 100 + 2 100 for the cold slot read,
 * EIP-2929) and emits one event on top of 21 000; withdraw does the same plus a 2 300-stipend call to
 * the caller. Both stay under 50 000; 60 000 is the limit suggested, as for an approval.
 */
export const WETH_GAS_LIMIT = 60_000n

export interface WethTransaction {
  readonly kind: 'wrap' | 'unwrap'
  readonly chainId: number
  /** The wrapped token (WETH9). */
  readonly token: Address
  /** Native coin in (wrap) or WETH burnt (unwrap); the other side receives exactly as much. */
  readonly amountRaw: bigint
  readonly transactionRequest: TransactionRequestFields
}

export interface BuildWethTransactionParameters {
  readonly kind: 'wrap' | 'unwrap'
  readonly chainId: number
  readonly token: Address
  readonly amountRaw: bigint
  /** The signer: it pays the ETH (wrap) or holds the WETH and receives the ETH (unwrap). */
  readonly from: Address
}

const toHex = (value: bigint): Hex => `0x${value.toString(16)}`

export function buildWethTransaction(parameters: BuildWethTransactionParameters): WethTransaction {
  const { kind, chainId, amountRaw, from } = parameters
  const token = getAddress(parameters.token)
  const data = kind === 'wrap' ? encodeFunctionData({ abi: weth9Abi, functionName: 'deposit' }) : encodeFunctionData({ abi: weth9Abi, functionName: 'withdraw', args: [amountRaw] })
  return { kind, chainId, token, amountRaw, transactionRequest: { chainId, from, to: token, data, value: kind === 'wrap' ? toHex(amountRaw) : '0x0', gasLimit: toHex(WETH_GAS_LIMIT) } }
}
