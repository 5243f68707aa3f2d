// Small helpers for the devnet tests: clients, a user's deposit and swap, waiting for a condition.
import { maxUint256, parseEventLogs, type Account, type Address, type Hash } from 'viem'
import { accordSpokeAbi, devnetTokenAbi, uniswapV2RouterAbi } from '../../../src/devnet/abis.ts'
import { createDevnetPublicClient, createDevnetWalletClient } from '../../../src/devnet/defineDevnetChain.ts'
import type { DevnetChainInfo, DevnetInfo } from '../../../src/devnet/types.ts'

export function chainOf(info: Pick<DevnetInfo, 'chains'>, chainId: number): DevnetChainInfo {
  const chain = info.chains.find((candidate) => candidate.chainId === chainId)
  if (!chain) throw new Error(`no chain ${chainId}`)
  return chain
}

export function clientsFor(chain: DevnetChainInfo, account: Account) {
  return { publicClient: createDevnetPublicClient(chain), walletClient: createDevnetWalletClient(chain, account) }
}

export async function balanceOf(chain: DevnetChainInfo, token: Address, owner: Address, blockNumber?: bigint): Promise<bigint> {
  return createDevnetPublicClient(chain).readContract({
    address: token,
    abi: devnetTokenAbi,
    functionName: 'balanceOf',
    args: [owner],
    ...(blockNumber === undefined ? {} : { blockNumber }),
  })
}

/** Sends a transaction through simulate + write and waits for a successful receipt. */
async function execute(chain: DevnetChainInfo, account: Account, call: Parameters<ReturnType<typeof clientsFor>['publicClient']['simulateContract']>[0]) {
  const { publicClient, walletClient } = clientsFor(chain, account)
  const { request } = await publicClient.simulateContract({ ...call, account } as typeof call)
  const hash: Hash = await walletClient.writeContract(request as Parameters<typeof walletClient.writeContract>[0])
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
  return receipt
}

export async function approve(chain: DevnetChainInfo, account: Account, token: Address, spender: Address) {
  return execute(chain, account, { address: token, abi: devnetTokenAbi, functionName: 'approve', args: [spender, maxUint256] })
}

export async function transfer(chain: DevnetChainInfo, account: Account, token: Address, to: Address, amount: bigint) {
  return execute(chain, account, { address: token, abi: devnetTokenAbi, functionName: 'transfer', args: [to, amount] })
}

export async function swapExactIn(chain: DevnetChainInfo, account: Account, path: readonly Address[], amountIn: bigint, amountOutMin: bigint) {
  const deadline = BigInt(Math.floor(Date.now() / 1000) + 120)
  return execute(chain, account, {
    address: chain.contracts.router,
    abi: uniswapV2RouterAbi,
    functionName: 'swapExactTokensForTokens',
    args: [amountIn, amountOutMin, [...path], account.address, deadline],
  })
}

export interface DepositRequest {
  origin: DevnetChainInfo
  destination: DevnetChainInfo
  symbol: string
  inputAmount: bigint
  outputAmount: bigint
  recipient: Address
  fillDeadline: number
}

/** Deposits on the origin spoke (approving it first) and returns the deposit id and receipt. */
export async function deposit(account: Account, request: DepositRequest) {
  const { origin, destination, symbol } = request
  const inputToken = origin.contracts.tokens[symbol] as Address
  const allowance = await createDevnetPublicClient(origin).readContract({
    address: inputToken,
    abi: devnetTokenAbi,
    functionName: 'allowance',
    args: [account.address, origin.contracts.spoke],
  })
  if (allowance < request.inputAmount) await approve(origin, account, inputToken, origin.contracts.spoke)
  const receipt = await execute(origin, account, {
    address: origin.contracts.spoke,
    abi: accordSpokeAbi,
    functionName: 'deposit',
    args: [
      inputToken,
      request.inputAmount,
      BigInt(destination.chainId),
      destination.contracts.tokens[symbol] as Address,
      request.outputAmount,
      request.recipient,
      request.fillDeadline,
    ],
  })
  const [event] = parseEventLogs({ abi: accordSpokeAbi, eventName: 'Deposited', logs: receipt.logs })
  if (!event) throw new Error('no Deposited event')
  return { depositId: event.args.depositId, receipt }
}

/** Latest block timestamp of a chain, unix seconds. */
export async function chainTime(chain: DevnetChainInfo): Promise<number> {
  const block = await createDevnetPublicClient(chain).getBlock({ blockTag: 'latest' })
  return Number(block.timestamp)
}

/** Polls `check` every 100 ms until it returns true; throws after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
}
