// The devnet's relayer: watches AccordSpoke `Deposited` events on every chain, fills each deposit on
// its destination from its own inventory after a configurable delay (or, by a seeded failure rate or
// a per-deposit override, never), is repaid the escrow on the origin after a fill, and refunds the
// depositor on the origin once the fill deadline has passed without a fill. In the manner of an
// Across relayer (https://docs.across.to/relayers/running-a-relayer), with the trust shortcut
// described in src/devnet/contracts/AccordSpoke.sol. Runs in-process (tests) or from relayerMain.ts.
// A deposit is filled only once it is under its bridge's `confirmations` on the origin and at or below
// the origin's `safe` block (where the node reports one), and re-read from
// the origin just before the fill; the escrow is claimed only once the fill is under as many blocks
// on the destination: a reorg shallower than that can neither make it pay twice nor pay for nothing.
import { BaseError as ViemBaseError, type Account, type Address, type Hash, type HttpTransport, type Chain, type PublicClient, type WalletClient } from 'viem'
import { accordSpokeAbi, DEPOSIT_STATUS } from './abis.ts'
import { createDevnetPublicClient, createDevnetWalletClient } from './defineDevnetChain.ts'
import { devnetAccount } from './devnetAccounts.ts'

export interface RelayerChain {
  readonly chainId: number
  readonly name: string
  readonly rpcUrl: string
  readonly spoke: Address
}

/** A token route the relayer serves; deposits on no route are never filled (and so refunded). */
export interface RelayerRoute {
  readonly bridgeId: string
  readonly originChainId: number
  readonly inputToken: Address
  readonly destinationChainId: number
  readonly outputToken: Address
  /** Largest `outputAmount` the relayer pays for `inputAmount` (its published quote, raw units). */
  readonly quoteOutput: (inputAmountRaw: bigint) => bigint
  /**
   * Origin blocks a deposit must be under before it is filled (the bridge's `confirmations`), and
   * destination blocks a fill must be under before the escrow is claimed. Default 1.
   */
  readonly confirmations?: number
}

export interface RelayerDeposit {
  readonly originChainId: number
  readonly depositId: bigint
  readonly depositor: Address
  readonly inputToken: Address
  readonly inputAmount: bigint
  readonly destinationChainId: number
  readonly outputToken: Address
  readonly outputAmount: bigint
  readonly recipient: Address
  /** Unix seconds. */
  readonly fillDeadline: number
  readonly blockNumber: bigint
  readonly transactionHash: Hash
}

/** What to do with one deposit: fill it (after `delayMs`, default the relayer's delay) or never. */
export interface RelayerDecision {
  readonly fill: boolean
  readonly delayMs?: number
}

export type RelayerDepositStatus =
  | 'scheduled' // waiting out the delay
  | 'filling' // fill transaction in flight
  | 'filled' // recipient paid on the destination
  | 'repaid' // and the escrow released to the relayer on the origin
  | 'unfilled' // will not be filled; refunded once the deadline passes
  | 'refunding'
  | 'refunded'
  | 'settled' // found already settled on chain when first seen (relayer restarted)

export interface RelayerDepositState {
  readonly deposit: RelayerDeposit
  readonly status: RelayerDepositStatus
  /** Why a deposit is `unfilled`. */
  readonly reason?: string
  readonly fillTransaction?: Hash
  readonly refundTransaction?: Hash
}

export type RelayerEvent =
  | { readonly type: 'deposit'; readonly deposit: RelayerDeposit; readonly decision: RelayerDecision }
  | { readonly type: 'filled'; readonly deposit: RelayerDeposit; readonly transactionHash: Hash }
  | { readonly type: 'unfilled'; readonly deposit: RelayerDeposit; readonly reason: string }
  | { readonly type: 'repaid'; readonly deposit: RelayerDeposit; readonly transactionHash: Hash }
  | { readonly type: 'refunded'; readonly deposit: RelayerDeposit; readonly transactionHash: Hash }
  | { readonly type: 'error'; readonly chainId: number; readonly message: string }

export interface RelayerPolicy {
  /** Wait between seeing a deposit and sending its fill. */
  readonly delayMs: number
  /** Probability that a deposit is never filled, drawn per deposit from `seed` (deterministic). */
  readonly failureRate: number
}

export interface StartRelayerParameters {
  readonly chains: readonly RelayerChain[]
  readonly routes: readonly RelayerRoute[]
  /** Signs fills, repayments and refunds; must be the spoke's `relayer`. Default: the devnet relayer account. */
  readonly account?: Account
  /** Default 1000. */
  readonly delayMs?: number
  /** Default 0. */
  readonly failureRate?: number
  /** Seed of the per-deposit failure draws. Default 1. */
  readonly seed?: number
  /** How often each chain is polled for new deposits and passed deadlines. Default 100. */
  readonly pollIntervalMs?: number
  /** Per-deposit override of the policy; return undefined to use the policy. */
  readonly decide?: (deposit: RelayerDeposit) => RelayerDecision | undefined
  readonly onEvent?: (event: RelayerEvent) => void
}

export interface Relayer {
  readonly address: Address
  readonly policy: RelayerPolicy
  /** Changes delay and failure rate for deposits seen from now on. */
  setPolicy(policy: Partial<RelayerPolicy>): void
  deposits(): readonly RelayerDepositState[]
  /**
   * Resolves with the deposit's state once it reaches one of `statuses`; rejects after `timeoutMs`
   * (default 60 000) or when the relayer stops.
   */
  waitForStatus(originChainId: number, depositId: bigint, statuses: readonly RelayerDepositStatus[], timeoutMs?: number): Promise<RelayerDepositState>
  /** Stops polling and pending fills, waits for transactions in flight; idempotent. */
  stop(): Promise<void>
}

interface ChainState {
  readonly chain: RelayerChain
  readonly publicClient: PublicClient<HttpTransport, Chain>
  readonly walletClient: WalletClient<HttpTransport, Chain, Account>
  lastBlock: bigint
  /** Deposits on this chain are read only once they are under this many blocks (the largest of its routes'). */
  readonly confirmations: number
  /** Timestamp of the latest block seen, unix seconds. */
  latestTimestamp: number
  /** Serialises this account's sends on this chain, so nonces never collide. */
  sendQueue: Promise<unknown>
}

/** Uniform [0, 1) from (seed, deposit): FNV-1a over the key, then one mulberry32 round (public domain, Tommy Ettinger). */
function depositUniform(seed: number, originChainId: number, depositId: bigint): number {
  const key = `${seed}:${originChainId}:${depositId}`
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0
  let t = (h + 0x6d2b79f5) >>> 0
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

function describeError(error: unknown): string {
  if (error instanceof ViemBaseError) return error.shortMessage
  return error instanceof Error ? error.message : String(error)
}

const depositKey = (originChainId: number, depositId: bigint) => `${originChainId}:${depositId}`

/**
 * Starts the relayer and returns its handle; polling begins immediately from block 0 of every chain,
 * so a restarted relayer finds earlier deposits (already settled ones are recognised on chain).
 *
 * @example
 * const relayer = startRelayer({ chains, routes, delayMs: 500, failureRate: 0.1, seed: 7 })
 * await relayer.waitForStatus(900001, 0n, ['filled', 'refunded'])
 * await relayer.stop()
 */
export function startRelayer(parameters: StartRelayerParameters): Relayer {
  const account = parameters.account ?? devnetAccount('relayer')
  const pollIntervalMs = parameters.pollIntervalMs ?? 100
  const seed = parameters.seed ?? 1
  let policy: RelayerPolicy = { delayMs: parameters.delayMs ?? 1000, failureRate: parameters.failureRate ?? 0 }
  const emit = (event: RelayerEvent) => parameters.onEvent?.(event)

  const chains = new Map<number, ChainState>(
    parameters.chains.map((chain) => [
      chain.chainId,
      {
        chain,
        publicClient: createDevnetPublicClient(chain, { pollingIntervalMs: Math.min(pollIntervalMs, 250) }),
        walletClient: createDevnetWalletClient(chain, account, { pollingIntervalMs: Math.min(pollIntervalMs, 250) }),
        lastBlock: -1n,
        confirmations: Math.max(1, ...parameters.routes.filter((route) => route.originChainId === chain.chainId).map((route) => route.confirmations ?? 1)),
        latestTimestamp: 0,
        sendQueue: Promise.resolve(),
      },
    ]),
  )
  const states = new Map<string, RelayerDepositState>()
  const waiters = new Set<{ check: () => boolean; reject: (error: Error) => void }>()
  const timers = new Set<NodeJS.Timeout>()
  const inFlight = new Set<Promise<unknown>>()
  const sleepers = new Set<() => void>()
  let stopped = false

  const setState = (state: RelayerDepositState) => {
    states.set(depositKey(state.deposit.originChainId, state.deposit.depositId), state)
    for (const waiter of waiters) waiter.check()
  }
  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise)
    void promise.finally(() => inFlight.delete(promise)).catch(() => {})
    return promise
  }

  /** Simulates, then sends (serialised per chain), then waits for the receipt; returns the hash or throws. */
  const sendSpokeCall = async (
    chainState: ChainState,
    call: { functionName: 'fill'; args: readonly [bigint, bigint, Address, bigint, Address, number] } | { functionName: 'repay' | 'refund'; args: readonly [bigint] },
    confirmations = 1,
  ): Promise<Hash> => {
    const send = chainState.sendQueue.then(async () => {
      const { request } = await chainState.publicClient.simulateContract({
        account,
        address: chainState.chain.spoke,
        abi: accordSpokeAbi,
        ...call,
      } as Parameters<typeof chainState.publicClient.simulateContract>[0])
      return chainState.walletClient.writeContract(request as Parameters<typeof chainState.walletClient.writeContract>[0])
    })
    chainState.sendQueue = send.catch(() => {})
    const hash = await send
    const receipt = await chainState.publicClient.waitForTransactionReceipt({ hash, timeout: 60_000, confirmations })
    if (receipt.status !== 'success') throw new Error(`${call.functionName} transaction ${hash} reverted`)
    if (confirmations > 1) {
      // viem counts confirmations from the receipt it first saw: make sure that block is still canonical.
      const now = await chainState.publicClient.getTransactionReceipt({ hash }).catch(() => undefined)
      if (now?.blockHash !== receipt.blockHash) throw new Error(`${call.functionName} transaction ${hash} was dropped by a reorg`)
    }
    return hash
  }

  const routeOf = (deposit: RelayerDeposit) =>
    parameters.routes.find(
      (candidate) =>
        candidate.originChainId === deposit.originChainId &&
        candidate.destinationChainId === deposit.destinationChainId &&
        candidate.inputToken.toLowerCase() === deposit.inputToken.toLowerCase() &&
        candidate.outputToken.toLowerCase() === deposit.outputToken.toLowerCase(),
    )

  const markUnfilled = (deposit: RelayerDeposit, reason: string) => {
    setState({ deposit, status: 'unfilled', reason })
    emit({ type: 'unfilled', deposit, reason })
  }

  const repay = async (state: RelayerDepositState) => {
    const origin = chains.get(state.deposit.originChainId)
    if (!origin) return
    try {
      const hash = await sendSpokeCall(origin, { functionName: 'repay', args: [state.deposit.depositId] })
      setState({ ...state, status: 'repaid' })
      emit({ type: 'repaid', deposit: state.deposit, transactionHash: hash })
    } catch (error) {
      emit({ type: 'error', chainId: origin.chain.chainId, message: `repay ${depositKey(state.deposit.originChainId, state.deposit.depositId)}: ${describeError(error)}` })
    }
  }

  /** True when the origin still has this deposit, open, as the relayer saw it (a reorg may have dropped it since). */
  const depositStands = async (deposit: RelayerDeposit): Promise<boolean> => {
    const origin = chains.get(deposit.originChainId) as ChainState
    const onChain = await origin.publicClient.readContract({ address: origin.chain.spoke, abi: accordSpokeAbi, functionName: 'getDeposit', args: [deposit.depositId] })
    return (
      onChain.status === DEPOSIT_STATUS.open &&
      onChain.inputAmount === deposit.inputAmount &&
      onChain.outputAmount === deposit.outputAmount &&
      onChain.recipient.toLowerCase() === deposit.recipient.toLowerCase()
    )
  }

  const fill = async (deposit: RelayerDeposit, attempt = 0): Promise<void> => {
    const destination = chains.get(deposit.destinationChainId)
    if (stopped || !destination) return
    setState({ deposit, status: 'filling' })
    let hash: Hash
    try {
      // Never pay for a deposit the origin no longer has (dropped by a reorg after it was seen).
      if (!(await depositStands(deposit))) {
        states.delete(depositKey(deposit.originChainId, deposit.depositId))
        emit({ type: 'error', chainId: deposit.originChainId, message: `deposit ${depositKey(deposit.originChainId, deposit.depositId)} is gone from the origin (reorg); not filled` })
        return
      }
      hash = await sendSpokeCall(
        destination,
        {
          functionName: 'fill',
          args: [BigInt(deposit.originChainId), deposit.depositId, deposit.outputToken, deposit.outputAmount, deposit.recipient, deposit.fillDeadline],
        },
        routeOf(deposit)?.confirmations ?? 1,
      )
    } catch (error) {
      // A fill dropped by a destination reorg is sent again (the spoke still has it unfilled).
      if (attempt < 2 && /dropped by a reorg/.test(describeError(error))) return fill(deposit, attempt + 1)
      markUnfilled(deposit, `fill failed: ${describeError(error)}`)
      return
    }
    const filled: RelayerDepositState = { deposit, status: 'filled', fillTransaction: hash }
    setState(filled)
    emit({ type: 'filled', deposit, transactionHash: hash })
    await repay(filled)
  }

  const refund = async (state: RelayerDepositState) => {
    const origin = chains.get(state.deposit.originChainId)
    if (!origin) return
    setState({ ...state, status: 'refunding' })
    try {
      const hash = await sendSpokeCall(origin, { functionName: 'refund', args: [state.deposit.depositId] })
      setState({ ...state, status: 'refunded', refundTransaction: hash })
      emit({ type: 'refunded', deposit: state.deposit, transactionHash: hash })
    } catch (error) {
      const onChain = await origin.publicClient
        .readContract({ address: origin.chain.spoke, abi: accordSpokeAbi, functionName: 'getDeposit', args: [state.deposit.depositId] })
        .catch(() => undefined)
      if (onChain && onChain.status !== DEPOSIT_STATUS.open) setState({ ...state, status: 'settled' })
      else {
        setState(state) // back to unfilled; retried on a later tick
        emit({ type: 'error', chainId: origin.chain.chainId, message: `refund ${depositKey(state.deposit.originChainId, state.deposit.depositId)}: ${describeError(error)}` })
      }
    }
  }

  const onDeposit = async (deposit: RelayerDeposit) => {
    const key = depositKey(deposit.originChainId, deposit.depositId)
    if (states.has(key)) return
    const origin = chains.get(deposit.originChainId) as ChainState
    const destination = chains.get(deposit.destinationChainId)
    // A restarted relayer re-reads history: skip what the chains already settled.
    const onChain = await origin.publicClient.readContract({ address: origin.chain.spoke, abi: accordSpokeAbi, functionName: 'getDeposit', args: [deposit.depositId] })
    if (onChain.status !== DEPOSIT_STATUS.open) {
      setState({ deposit, status: 'settled' })
      return
    }
    if (!destination) return markUnfilled(deposit, `destination chain ${deposit.destinationChainId} is not served`)
    const alreadyFilled = await destination.publicClient.readContract({
      address: destination.chain.spoke,
      abi: accordSpokeAbi,
      functionName: 'isFilled',
      args: [BigInt(deposit.originChainId), deposit.depositId],
    })
    if (alreadyFilled) {
      const filled: RelayerDepositState = { deposit, status: 'filled' }
      setState(filled)
      void track(repay(filled))
      return
    }
    const route = routeOf(deposit)
    if (!route) return markUnfilled(deposit, 'no route for this token pair')
    const quoted = route.quoteOutput(deposit.inputAmount)
    if (deposit.outputAmount > quoted) return markUnfilled(deposit, `outputAmount ${deposit.outputAmount} exceeds the quote ${quoted}`)

    const decision = parameters.decide?.(deposit) ?? {
      fill: depositUniform(seed, deposit.originChainId, deposit.depositId) >= policy.failureRate,
      delayMs: policy.delayMs,
    }
    emit({ type: 'deposit', deposit, decision })
    if (!decision.fill) return markUnfilled(deposit, 'failure injected')
    setState({ deposit, status: 'scheduled' })
    const timer = setTimeout(() => {
      timers.delete(timer)
      void track(fill(deposit))
    }, decision.delayMs ?? policy.delayMs)
    timers.add(timer)
  }

  const tick = async (chainState: ChainState) => {
    const { publicClient, chain } = chainState
    const block = await publicClient.getBlock({ blockTag: 'latest' })
    chainState.latestTimestamp = Number(block.timestamp)
    // Only deposits under `confirmations` blocks and at or below the node's `safe` block are read: a shallower reorg cannot take them back.
    const safe = await publicClient.getBlock({ blockTag: 'safe' }).then((tagged) => tagged.number, () => undefined)
    const deep = block.number - BigInt(chainState.confirmations - 1)
    const confirmedBlock = safe !== undefined && safe !== null && safe < deep ? safe : deep
    if (confirmedBlock > chainState.lastBlock) {
      const logs = await publicClient.getContractEvents({
        address: chain.spoke,
        abi: accordSpokeAbi,
        eventName: 'Deposited',
        fromBlock: chainState.lastBlock + 1n,
        toBlock: confirmedBlock,
        strict: true,
      })
      for (const log of logs) {
        if (stopped) return
        await onDeposit({
          originChainId: chain.chainId,
          depositId: log.args.depositId,
          depositor: log.args.depositor,
          inputToken: log.args.inputToken,
          inputAmount: log.args.inputAmount,
          destinationChainId: Number(log.args.destinationChainId),
          outputToken: log.args.outputToken,
          outputAmount: log.args.outputAmount,
          recipient: log.args.recipient,
          fillDeadline: log.args.fillDeadline,
          blockNumber: log.blockNumber,
          transactionHash: log.transactionHash,
        })
      }
      chainState.lastBlock = confirmedBlock
    }
    // AccordSpoke.refund requires block.timestamp > fillDeadline; the next block is at least this late.
    for (const state of states.values())
      if (state.status === 'unfilled' && state.deposit.originChainId === chain.chainId && chainState.latestTimestamp > state.deposit.fillDeadline)
        void track(refund(state))
  }

  const loops = [...chains.values()].map(async (chainState) => {
    while (!stopped) {
      try {
        await tick(chainState)
      } catch (error) {
        if (!stopped) emit({ type: 'error', chainId: chainState.chain.chainId, message: describeError(error) })
      }
      if (stopped) break
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          sleepers.delete(done)
          resolve()
        }
        const timer = setTimeout(done, pollIntervalMs)
        sleepers.add(done)
      })
    }
  })

  return {
    address: account.address,
    get policy() {
      return policy
    },
    setPolicy(update) {
      policy = { ...policy, ...update }
    },
    deposits: () => [...states.values()],
    waitForStatus(originChainId, depositId, statuses, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const waiter = {
          check: () => {
            const state = states.get(depositKey(originChainId, depositId))
            if (!state || !statuses.includes(state.status)) return false
            cleanup()
            resolve(state)
            return true
          },
          reject: (error: Error) => {
            cleanup()
            reject(error)
          },
        }
        const timer = setTimeout(
          () => waiter.reject(new Error(`Deposit ${depositKey(originChainId, depositId)} did not reach ${statuses.join('|')} within ${timeoutMs} ms.`)),
          timeoutMs,
        )
        const cleanup = () => {
          clearTimeout(timer)
          waiters.delete(waiter)
        }
        waiters.add(waiter)
        waiter.check()
      })
    },
    async stop() {
      if (stopped) return
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      for (const wake of [...sleepers]) wake()
      await Promise.allSettled(loops)
      await Promise.allSettled([...inFlight])
      for (const waiter of [...waiters]) waiter.reject(new Error('The relayer stopped.'))
    },
  }
}
