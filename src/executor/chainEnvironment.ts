// What the executor needs from the world it acts on, as an interface: the market it plans on, per
// chain the node and the contracts a plan's venues are reached through, and the signer. The devnet
// (src/devnet/loadDevnetEnvironment.ts) is one implementation; a deployment supplies its own. The
// executor imports nothing from the devnet.
import type { FinalityTag } from './taggedBlockNumber.ts'
import type { UniswapV3Route } from './uniswapV3SwapCall.ts'
import type { Address, LocalAccount } from 'viem'
import type { Market } from '../../solver/market/types.ts'

export interface ExecutionChain {
  readonly chainId: number
  readonly name: string
  readonly rpcUrl: string
  /** UniswapV2Router02: constant-product venues of this chain are swapped through it. */
  readonly router: Address
  /** AccordSpoke: bridges leaving this chain are deposited here, and fills on this chain are emitted here. */
  readonly spoke: Address
  /**
   * The chain's WETH9 (deposit/withdraw), when it has one: routes from or to the native coin wrap and
   * unwrap through it (src/transactions/buildWethTransaction.ts). The devnet's WETH is a plain ERC-20.
   */
  readonly wrappedNative?: Address
  /** Uniswap V3: concentrated-liquidity venues of this chain are swapped through its SwapRouter (uniswapV3SwapCall). */
  readonly uniswapV3?: UniswapV3Route
  /**
   * Blocks a transaction must be under before its output is spent or counted delivered (reorg
   * safety; 1 = included). Default 1. Also the depth below which journalled receipts are re-checked.
   */
  readonly confirmations?: number
  /**
   * Finality as the node reports it (`safe` or `finalized` block tag, taggedBlockNumber.ts): a swap's
   * or deposit's output is spent, and a fill counted delivered, only once its block is at or below the
   * tagged block as well as under `confirmations`, a refund once it is at or below it; receipts are
   * re-checked until the `finalized` block has reached them. Unset: `confirmations` only.
   */
  readonly finalityTag?: FinalityTag
  /** True for a local development chain: only there may a well-known test key sign. */
  readonly devnet?: boolean
}

export interface ExecutionTargets {
  readonly chains: ReadonlyMap<number, ExecutionChain>
  /** Bridge id → whose destination balance is the bridge's liquidity (readMarketFromChain). */
  readonly bridgeLiquidityHolders: ReadonlyMap<string, Address>
}

/** The executor's environment: an implementation of this is all it needs to act. */
export interface ChainEnvironment {
  /** Base market (venues, tokens, off-chain parameters); its on-chain state is re-read from the nodes. */
  readonly market: Market
  readonly targets: ExecutionTargets
  /** The signer; transactions are signed locally with explicit nonces. */
  readonly account: LocalAccount
}
